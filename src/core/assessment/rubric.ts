/**
 * Project rubrics: criteria × levels, a required level per criterion, and scoring an assessor's choice.
 */
import { AppError, type FieldIssue } from '../errors.ts';

/** One performance level of a criterion. Levels are listed from lowest to highest. */
export interface RubricLevel {
  id: string;
  name: string;
  description?: string;
  points: number;
}

export interface RubricCriterion {
  id: string;
  name: string;
  description?: string;
  /** Ordered low → high. */
  levels: RubricLevel[];
  /** The lowest level that meets the standard for this criterion. */
  requiredLevelId: string;
  /** Competency ids this criterion gives evidence for. */
  competencies?: string[];
}

export interface Rubric {
  criteria: RubricCriterion[];
}

/** The assessor's choice: criterion id → level id. */
export type RubricChoice = Readonly<Record<string, string>>;

export interface CriterionScore {
  criterionId: string;
  criterionName: string;
  levelId: string;
  levelName: string;
  points: number;
  maxPoints: number;
  requiredLevelId: string;
  meetsRequired: boolean;
}

export interface RubricScore {
  totalPoints: number;
  maxPoints: number;
  /** 0–100, rounded to two decimals. */
  percent: number;
  /** True when every criterion reached at least its required level. */
  allCriteriaMet: boolean;
  criteria: CriterionScore[];
}

const isNonEmpty = (s: unknown): s is string => typeof s === 'string' && s.trim() !== '';

/** Every problem with a rubric definition, each naming its field (empty when valid). */
export function rubricIssues(rubric: Rubric, path = 'rubric'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, message: string) => issues.push({ field: `${path}.${field}`, message });
  if (!Array.isArray(rubric?.criteria) || rubric.criteria.length === 0) {
    add('criteria', 'A rubric needs at least one criterion.');
    return issues;
  }
  const criterionIds = new Set<string>();
  rubric.criteria.forEach((c, i) => {
    const at = `criteria.${i}`;
    if (!isNonEmpty(c?.id)) add(`${at}.id`, 'Each criterion needs an id.');
    else if (criterionIds.has(c.id)) add(`${at}.id`, `Criterion id "${c.id}" is used twice.`);
    else criterionIds.add(c.id);
    if (!isNonEmpty(c?.name)) add(`${at}.name`, 'Each criterion needs a name.');
    if (!Array.isArray(c?.levels) || c.levels.length < 2) {
      add(`${at}.levels`, 'Each criterion needs at least two levels.');
      return;
    }
    const levelIds = new Set<string>();
    c.levels.forEach((l, j) => {
      if (!isNonEmpty(l?.id)) add(`${at}.levels.${j}.id`, 'Each level needs an id.');
      else if (levelIds.has(l.id)) add(`${at}.levels.${j}.id`, `Level id "${l.id}" is used twice in this criterion.`);
      else levelIds.add(l.id);
      if (!isNonEmpty(l?.name)) add(`${at}.levels.${j}.name`, 'Each level needs a name.');
      if (typeof l?.points !== 'number' || !Number.isFinite(l.points) || l.points < 0) {
        add(`${at}.levels.${j}.points`, 'Points must be a number of at least 0.');
      }
    });
    for (let j = 1; j < c.levels.length; j++) {
      if ((c.levels[j]?.points ?? 0) < (c.levels[j - 1]?.points ?? 0)) {
        add(`${at}.levels.${j}.points`, 'Levels go from lowest to highest: points may not decrease.');
        break;
      }
    }
    if (!levelIds.has(c.requiredLevelId)) add(`${at}.requiredLevelId`, 'The required level must be one of the levels.');
  });
  return issues;
}

/** Throw `rubric_invalid` naming every faulty field, or return the rubric unchanged. */
export function assertValidRubric(rubric: Rubric, path = 'rubric'): Rubric {
  const issues = rubricIssues(rubric, path);
  if (issues.length > 0) throw new AppError('rubric_invalid', issues[0]!.message, { issues });
  return rubric;
}

/**
 * Score an assessor's choice of one level per criterion: total points, percent and whether each criterion
 * meets its required level (a level at or above the required one in the criterion's low → high order).
 * Throws `rubric_score_invalid` naming each criterion left out or given an unknown level.
 * @example scoreRubric(rubric, { clarity: 'good', accuracy: 'excellent' })
 */
export function scoreRubric(rubric: Rubric, chosenLevels: RubricChoice): RubricScore {
  const issues: FieldIssue[] = [];
  const criteria: CriterionScore[] = [];
  for (const c of rubric.criteria) {
    const levelId = chosenLevels[c.id];
    const index = c.levels.findIndex((l) => l.id === levelId);
    if (levelId === undefined || index === -1) {
      issues.push({
        field: `levels.${c.id}`,
        message:
          levelId === undefined
            ? `Choose a level for "${c.name}".`
            : `"${levelId}" is not a level of "${c.name}".`,
      });
      continue;
    }
    const level = c.levels[index]!;
    const requiredIndex = c.levels.findIndex((l) => l.id === c.requiredLevelId);
    criteria.push({
      criterionId: c.id,
      criterionName: c.name,
      levelId: level.id,
      levelName: level.name,
      points: level.points,
      maxPoints: Math.max(...c.levels.map((l) => l.points)),
      requiredLevelId: c.requiredLevelId,
      meetsRequired: index >= requiredIndex,
    });
  }
  const known = new Set(rubric.criteria.map((c) => c.id));
  for (const id of Object.keys(chosenLevels)) {
    if (!known.has(id)) issues.push({ field: `levels.${id}`, message: `"${id}" is not a criterion of this rubric.` });
  }
  if (issues.length > 0) throw new AppError('rubric_score_invalid', issues[0]!.message, { issues });
  const totalPoints = criteria.reduce((s, c) => s + c.points, 0);
  const maxPoints = criteria.reduce((s, c) => s + c.maxPoints, 0);
  return {
    totalPoints,
    maxPoints,
    percent: maxPoints === 0 ? 0 : Math.round((totalPoints / maxPoints) * 10_000) / 100,
    allCriteriaMet: criteria.every((c) => c.meetsRequired),
    criteria,
  };
}
