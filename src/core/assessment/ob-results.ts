/**
 * Open Badges 3.0 expression of assessment results: the achievement's `resultDescription`s (one Percent per
 * quiz, one RubricCriterionLevel per rubric criterion, ...) and the credential's matching `result` entries.
 * Both sides derive their ids from the same functions, so every `result.resultDescription` points to a
 * description in the asserted achievement and every `achievedLevel` to one of its rubric levels.
 */
import type { Result, ResultDescription, RubricCriterionLevel } from '../ob/types.ts';
import type { AwardEvaluation, AwardRule } from './award-rule.ts';
import type { Rubric } from './rubric.ts';

/** Names and settings of the things an award rule refers to. */
export interface ResultDescriptionCatalog {
  quizzes: Readonly<Record<string, { name: string; passMark: number }>>;
  projects: Readonly<Record<string, { name: string; rubric: Rubric }>>;
  competencies: Readonly<Record<string, { name: string }>>;
  modules: Readonly<Record<string, { name: string }>>;
}

const seg = (s: string) => encodeURIComponent(s);

/** Id of the ResultDescription for a quiz's score. */
export function quizResultDescriptionId(achievementId: string, quizId: string): string {
  return `${achievementId}#quiz-${seg(quizId)}`;
}
/** Id of the ResultDescription for one rubric criterion of a project. */
export function criterionResultDescriptionId(achievementId: string, projectId: string, criterionId: string): string {
  return `${achievementId}#project-${seg(projectId)}-criterion-${seg(criterionId)}`;
}
/** Id of one RubricCriterionLevel inside a criterion's ResultDescription. */
export function criterionLevelId(achievementId: string, projectId: string, criterionId: string, levelId: string): string {
  return `${criterionResultDescriptionId(achievementId, projectId, criterionId)}-level-${seg(levelId)}`;
}
/** Id of the ResultDescription for mastery of a competency. */
export function masteryResultDescriptionId(achievementId: string, competencyId: string): string {
  return `${achievementId}#mastery-${seg(competencyId)}`;
}
/** Id of the ResultDescription for completion of a module. */
export function moduleResultDescriptionId(achievementId: string, moduleId: string): string {
  return `${achievementId}#module-${seg(moduleId)}`;
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/**
 * The ResultDescriptions an achievement carries for its award rule: a Percent per quiz (requiredValue is
 * the rule's minimum or the quiz's pass mark), a RubricCriterionLevel description per rubric criterion (levels
 * low → high, requiredLevel set), a Percent per mastery requirement, and per module a Percent (with a minimum)
 * or a Status. Throws nothing: ids missing from the catalog fall back to the id as the name.
 */
export function buildResultDescriptions(
  achievementId: string,
  rule: AwardRule,
  catalog: ResultDescriptionCatalog,
): ResultDescription[] {
  const out = new Map<string, ResultDescription>();
  const percent = (id: string, name: string, required?: number): ResultDescription => {
    const rd: ResultDescription = { id, type: ['ResultDescription'], name, resultType: 'Percent', valueMin: '0', valueMax: '100' };
    if (required !== undefined) rd.requiredValue = fmt(required);
    return rd;
  };
  for (const r of rule.requirements) {
    if (r.kind === 'quiz') {
      const quiz = catalog.quizzes[r.quizId];
      const id = quizResultDescriptionId(achievementId, r.quizId);
      if (!out.has(id)) out.set(id, percent(id, `${quiz?.name ?? r.quizId}: score`, r.minPercent ?? quiz?.passMark));
    } else if (r.kind === 'project') {
      const project = catalog.projects[r.projectId];
      for (const c of project?.rubric.criteria ?? []) {
        const id = criterionResultDescriptionId(achievementId, r.projectId, c.id);
        if (out.has(id)) continue;
        const levels: RubricCriterionLevel[] = c.levels.map((l, i) => {
          const level: RubricCriterionLevel = {
            id: criterionLevelId(achievementId, r.projectId, c.id, l.id),
            type: ['RubricCriterionLevel'],
            name: l.name,
            level: String(i + 1),
            points: fmt(l.points),
          };
          if (l.description) level.description = l.description;
          return level;
        });
        out.set(id, {
          id,
          type: ['ResultDescription'],
          name: `${project!.name}: ${c.name}`,
          resultType: 'RubricCriterionLevel',
          allowedValue: c.levels.map((l) => l.name),
          requiredLevel: criterionLevelId(achievementId, r.projectId, c.id, c.requiredLevelId),
          rubricCriterionLevel: levels,
        });
      }
    } else if (r.kind === 'mastery') {
      const id = masteryResultDescriptionId(achievementId, r.competencyId);
      const name = catalog.competencies[r.competencyId]?.name ?? r.competencyId;
      if (!out.has(id)) out.set(id, percent(id, `Mastery of ${name}`, r.minPercent));
    } else {
      const id = moduleResultDescriptionId(achievementId, r.moduleId);
      const name = catalog.modules[r.moduleId]?.name ?? r.moduleId;
      if (out.has(id)) continue;
      out.set(
        id,
        r.minPercent === undefined
          ? { id, type: ['ResultDescription'], name: `${name}: completion`, resultType: 'Status', requiredValue: 'Completed' }
          : percent(id, `${name}: score`, r.minPercent),
      );
    }
  }
  return [...out.values()];
}

/**
 * The credential subject's `result` entries for a satisfied award evaluation: the quiz score as a Percent
 * value, the achieved level of every rubric criterion, mastery percents and module completions — each linked
 * to the ResultDescription built by {@link buildResultDescriptions} for the same rule.
 */
export function buildAssessmentResults(achievementId: string, evaluation: AwardEvaluation): Result[] {
  const out: Result[] = [];
  const seen = new Set<string>();
  const push = (r: Result) => {
    const key = `${r.resultDescription}|${r.achievedLevel ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(r);
  };
  for (const e of evaluation.requirements) {
    const r = e.requirement;
    if (r.kind === 'quiz' && e.quiz) {
      push({ type: ['Result'], resultDescription: quizResultDescriptionId(achievementId, r.quizId), value: fmt(e.quiz.percent) });
    } else if (r.kind === 'project' && e.project?.rubricScore) {
      for (const c of e.project.rubricScore.criteria) {
        push({
          type: ['Result'],
          resultDescription: criterionResultDescriptionId(achievementId, r.projectId, c.criterionId),
          achievedLevel: criterionLevelId(achievementId, r.projectId, c.criterionId, c.levelId),
        });
      }
    } else if (r.kind === 'mastery' && e.mastery) {
      push({
        type: ['Result'],
        resultDescription: masteryResultDescriptionId(achievementId, r.competencyId),
        value: fmt(e.mastery.percent),
      });
    } else if (r.kind === 'module' && e.module) {
      const resultDescription = moduleResultDescriptionId(achievementId, r.moduleId);
      push(
        r.minPercent === undefined
          ? { type: ['Result'], resultDescription, status: 'Completed' }
          : { type: ['Result'], resultDescription, value: fmt(e.module.percent ?? 0) },
      );
    }
  }
  return out;
}
