/**
 * Validation of micro-credential definitions (everything but the image), collecting every field at fault.
 * Result descriptions and rubric levels get `urn:uuid:` ids from the injected `newId` when they have none.
 */
import { AppError, type FieldIssue } from '../errors.ts';
import { buildResultDescription, type ResultDescriptionInput } from '../ob/achievement.ts';
import { checkEnum } from '../ob/parts.ts';
import { ACHIEVEMENT_TYPES, type AchievementType, type ResultDescription } from '../ob/types.ts';
import { checkText, LIMITS, validationError } from './competency-input.ts';
import type { AchievementDefinition } from './types.ts';

export const ACHIEVEMENT_LIMITS = { narrative: 20_000, tags: 30, tag: 60, resultDescriptions: 50, competencies: 200, validityMonths: 1200 } as const;

/** A result description as an editor or another service gives it: ids optional, requiredLevel by id or level name. */
export type ResultDescriptionFields = Omit<ResultDescriptionInput, 'id' | 'rubricCriterionLevel'> & {
  id?: string;
  rubricCriterionLevel?: (Omit<NonNullable<ResultDescriptionInput['rubricCriterionLevel']>[number], 'id'> & { id?: string })[];
};

/** Raw definition fields; `undefined` keeps the base value on edit. */
export interface AchievementFieldsInput {
  name?: unknown;
  description?: unknown;
  criteriaNarrative?: unknown;
  achievementType?: unknown;
  creditsAvailable?: unknown;
  level?: unknown;
  tags?: unknown;
  fieldOfStudy?: unknown;
  competencyIds?: unknown;
  resultDescriptions?: unknown;
  validityMonths?: unknown;
}

export type DefinitionWithoutImage = Omit<AchievementDefinition, 'image'>;

function optNumber(issues: FieldIssue[], field: string, value: unknown, opts: { integer?: boolean; min: number; max: number }): number | null {
  if (value === null || value === '') return null;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || n < opts.min || n > opts.max) {
    issues.push({ field, message: `${field} must be ${opts.integer ? 'a whole number' : 'a number'} from ${opts.min} to ${opts.max} (got ${JSON.stringify(value)}).` });
    return null;
  }
  return n;
}

/**
 * Validates result descriptions, giving ids to those without; throws validation_failed naming the field.
 * @example normalizeResultDescriptions([{ name: 'Quiz', resultType: 'Percent' }], () => 'b1c…')[0].id // 'urn:uuid:b1c…'
 */
export function normalizeResultDescriptions(value: unknown, newId: () => string, field = 'resultDescriptions'): ResultDescription[] {
  if (!Array.isArray(value)) throw new AppError('validation_failed', `${field} must be a list.`, { field });
  if (value.length > ACHIEVEMENT_LIMITS.resultDescriptions) {
    throw new AppError('validation_failed', `${field} has ${value.length} entries; the limit is ${ACHIEVEMENT_LIMITS.resultDescriptions}.`, { field });
  }
  const out = value.map((raw, i) => {
    const f = `${field}[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new AppError('validation_failed', `${f} must be an object.`, { field: f });
    const rd = { ...(raw as ResultDescriptionFields) };
    const levels = Array.isArray(rd.rubricCriterionLevel)
      ? rd.rubricCriterionLevel.map((l) => (typeof l === 'object' && l !== null ? { ...l, id: l.id || `urn:uuid:${newId()}` } : l))
      : rd.rubricCriterionLevel;
    // The editor names the required level; the standard wants its id.
    let requiredLevel = rd.requiredLevel || undefined;
    if (requiredLevel && Array.isArray(levels) && !levels.some((l) => l?.id === requiredLevel)) {
      requiredLevel = levels.find((l) => l?.name === requiredLevel)?.id ?? requiredLevel;
    }
    const input = { ...rd, id: rd.id || `urn:uuid:${newId()}`, rubricCriterionLevel: levels, requiredLevel } as ResultDescriptionInput;
    return buildResultDescription(input, f);
  });
  const ids = new Set<string>();
  out.forEach((rd, i) => {
    if (ids.has(rd.id)) throw new AppError('validation_failed', `${field}[${i}].id ${rd.id} is used twice.`, { field: `${field}[${i}].id` });
    ids.add(rd.id);
  });
  return out;
}

/**
 * Validates definition fields over a base (the current definition on edit); throws validation_failed
 * listing every field at fault.
 */
export function validateAchievementFields(input: AchievementFieldsInput, base: DefinitionWithoutImage | null, newId: () => string): DefinitionWithoutImage {
  const issues: FieldIssue[] = [];
  const pick = <K extends keyof AchievementFieldsInput>(k: K) => input[k] !== undefined;
  const req = (k: 'name' | 'description' | 'criteriaNarrative', max: number) =>
    pick(k) || !base ? checkText(issues, k, input[k], max, true) : base[k];
  const name = req('name', LIMITS.name);
  const description = req('description', LIMITS.description);
  const criteriaNarrative = req('criteriaNarrative', ACHIEVEMENT_LIMITS.narrative);

  let achievementType: AchievementType = base?.achievementType ?? 'MicroCredential';
  if (pick('achievementType') && input.achievementType !== null && input.achievementType !== '') {
    try {
      achievementType = checkEnum<AchievementType>(input.achievementType, ACHIEVEMENT_TYPES, 'achievementType');
    } catch (e) {
      issues.push({ field: 'achievementType', message: (e as Error).message });
    }
  }
  const creditsAvailable = pick('creditsAvailable') ? optNumber(issues, 'creditsAvailable', input.creditsAvailable, { min: 0, max: 10_000 }) : base?.creditsAvailable ?? null;
  const validityMonths = pick('validityMonths')
    ? optNumber(issues, 'validityMonths', input.validityMonths, { integer: true, min: 1, max: ACHIEVEMENT_LIMITS.validityMonths })
    : base?.validityMonths ?? null;
  const level = pick('level') ? checkText(issues, 'level', input.level, 100, false) : base?.level ?? null;
  const fieldOfStudy = pick('fieldOfStudy') ? checkText(issues, 'fieldOfStudy', input.fieldOfStudy, LIMITS.name, false) : base?.fieldOfStudy ?? null;

  let tags = base?.tags ?? [];
  if (pick('tags')) {
    const raw = input.tags === null ? [] : typeof input.tags === 'string' ? input.tags.split(',') : input.tags;
    if (!Array.isArray(raw) || raw.some((t) => typeof t !== 'string')) {
      issues.push({ field: 'tags', message: 'tags must be a list of words (or comma-separated text).' });
    } else {
      tags = [...new Set((raw as string[]).map((t) => t.trim()).filter(Boolean))];
      if (tags.length > ACHIEVEMENT_LIMITS.tags) issues.push({ field: 'tags', message: `There are ${tags.length} tags; the limit is ${ACHIEVEMENT_LIMITS.tags}.` });
      const long = tags.find((t) => t.length > ACHIEVEMENT_LIMITS.tag);
      if (long) issues.push({ field: 'tags', message: `The tag "${long.slice(0, 20)}…" is longer than ${ACHIEVEMENT_LIMITS.tag} characters.` });
    }
  }
  let competencyIds = base?.competencyIds ?? [];
  if (pick('competencyIds')) {
    const raw = input.competencyIds ?? [];
    if (!Array.isArray(raw) || raw.some((t) => typeof t !== 'string' || t.length > 100)) {
      issues.push({ field: 'competencyIds', message: 'competencyIds must be a list of competency ids.' });
    } else {
      competencyIds = [...new Set(raw as string[])];
      if (competencyIds.length > ACHIEVEMENT_LIMITS.competencies) issues.push({ field: 'competencyIds', message: `At most ${ACHIEVEMENT_LIMITS.competencies} competencies can be aligned.` });
    }
  }
  let resultDescriptions = base?.resultDescriptions ?? [];
  if (pick('resultDescriptions')) {
    try {
      resultDescriptions = normalizeResultDescriptions(input.resultDescriptions ?? [], newId);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      issues.push(...(e.issues.length ? e.issues : [{ field: e.field ?? 'resultDescriptions', message: e.message }]));
    }
  }
  if (issues.length) throw validationError(issues);
  return {
    name: name!, description: description!, criteriaNarrative: criteriaNarrative!, achievementType, creditsAvailable, level,
    tags, fieldOfStudy, competencyIds, resultDescriptions, validityMonths,
  };
}

/**
 * The moment a credential awarded at `awardedAt` expires (calendar months, clamped to the month's last day).
 * @example validUntilFor(new Date('2026-01-31T10:00:00Z'), 1) // 2026-02-28T10:00:00.000Z
 */
export function validUntilFor(awardedAt: Date, validityMonths: number | null): Date | null {
  if (validityMonths === null) return null;
  const y = awardedAt.getUTCFullYear(), m = awardedAt.getUTCMonth() + validityMonths;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = new Date(awardedAt.getTime());
  d.setUTCDate(1);
  d.setUTCFullYear(y, m, Math.min(awardedAt.getUTCDate(), lastDay));
  return d;
}
