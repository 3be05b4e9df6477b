/** Builders for AchievementSubject and what it holds (Result, Evidence). */
import {
  RESULT_STATUSES,
  type Achievement, type AchievementSubject, type Evidence, type IdentityObject, type Result, type ResultStatus,
} from './types.ts';
import {
  fail, isRecord, mapMany, notAfter, optDateTime, optNonNegative, optString, optUri, reqString, typeSet,
} from './check.ts';
import { buildAchievement, buildAlignment, type AchievementInput, type AlignmentInput } from './achievement.ts';
import { buildImage, checkEnum, type ImageInput } from './parts.ts';
import { buildProfile, type ProfileInput } from './profile.ts';
import { IDENTIFIER_TYPES } from './types.ts';
import type { SchemaPassMemo } from './schema-memo.ts';

export type ResultInput = Omit<Result, 'type' | 'alignment' | 'value'> & {
  type?: string | string[];
  value?: string | number;
  alignment?: AlignmentInput[];
};
export type EvidenceInput = Omit<Evidence, 'type'> & { type?: string | string[] };

export interface AchievementSubjectInput {
  /** The learner's URI (e.g. a DID). Either `id` or `identifier` is required. */
  id?: string;
  type?: string | string[];
  /** IdentityObjects, e.g. from `buildEmailIdentity(email, salt)`. */
  identifier?: IdentityObject[];
  achievement: AchievementInput;
  activityStartDate?: Date | string;
  activityEndDate?: Date | string;
  creditsEarned?: number;
  image?: ImageInput;
  licenseNumber?: string;
  narrative?: string;
  result?: ResultInput[];
  role?: string;
  source?: ProfileInput;
  term?: string;
}

/** Builds an Evidence entry (`id` may be a URL or data: URI). */
export function buildEvidence(input: EvidenceInput, field = 'evidence'): Evidence {
  if (!isRecord(input)) fail(field, `${field} must be an object.`);
  const out: Evidence = { type: typeSet('Evidence', input.type, `${field}.type`) };
  const id = optUri(input.id, `${field}.id`);
  if (id) out.id = id;
  for (const k of ['narrative', 'name', 'description', 'genre', 'audience'] as const) {
    const v = optString(input[k], `${field}.${k}`);
    if (v) out[k] = v;
  }
  if (!out.id && !out.narrative && !out.name) fail(field, `${field} needs at least an id (link), a name or a narrative.`);
  return out;
}

/** Checks an IdentityObject and returns it in serialization order (a copy). */
export function checkIdentity(input: IdentityObject, field: string): IdentityObject {
  if (!isRecord(input) || input.type !== 'IdentityObject') fail(field, `${field} must be an IdentityObject (type "IdentityObject").`);
  if (typeof input.hashed !== 'boolean') fail(`${field}.hashed`, `${field}.hashed must be true or false.`);
  const hash = reqString(input.identityHash, `${field}.identityHash`);
  if (input.hashed && !/^(sha256\$[0-9a-f]{64}|md5\$[0-9a-f]{32})$/.test(hash)) {
    fail(`${field}.identityHash`, `${field}.identityHash must be sha256$<64 hex> when hashed is true.`);
  }
  const out: IdentityObject = {
    type: 'IdentityObject',
    hashed: input.hashed,
    identityHash: hash,
    identityType: checkEnum(input.identityType, IDENTIFIER_TYPES, `${field}.identityType`),
  };
  const salt = optString(input.salt, `${field}.salt`);
  if (salt !== undefined) out.salt = salt;
  return out;
}

/** Builds a Result, checking it against the achievement's ResultDescriptions it refers to. */
export function buildResult(input: ResultInput, achievement: Achievement, field = 'result'): Result {
  if (!isRecord(input)) fail(field, `${field} must be an object.`);
  const out: Result = { type: typeSet('Result', input.type, `${field}.type`) };
  const rdId = optUri(input.resultDescription, `${field}.resultDescription`);
  const rd = rdId ? achievement.resultDescription?.find((d) => d.id === rdId) : undefined;
  if (rdId && !rd) {
    fail(`${field}.resultDescription`, `${field}.resultDescription ${rdId} is not a resultDescription id of the achievement.`);
  }
  if (rdId) out.resultDescription = rdId;
  if (input.value !== undefined && input.value !== null) {
    const value = String(input.value);
    if (rd?.allowedValue && !rd.allowedValue.includes(value)) {
      fail(`${field}.value`, `${field}.value "${value}" is not one of the allowed values: ${rd.allowedValue.join(', ')}.`);
    }
    if (rd && (rd.valueMin !== undefined || rd.valueMax !== undefined)) {
      const n = Number(value);
      const lo = rd.valueMin === undefined ? -Infinity : Number(rd.valueMin);
      const hi = rd.valueMax === undefined ? Infinity : Number(rd.valueMax);
      if (value.trim() === '' || !Number.isFinite(n)) fail(`${field}.value`, `${field}.value must be a number for ${rd.name}.`);
      if (n < lo || n > hi) fail(`${field}.value`, `${field}.value ${value} is outside ${rd.valueMin ?? '-∞'}…${rd.valueMax ?? '∞'}.`);
    }
    out.value = value;
  }
  const level = optUri(input.achievedLevel, `${field}.achievedLevel`);
  if (level) {
    if (rd && !rd.rubricCriterionLevel?.some((l) => l.id === level)) {
      fail(`${field}.achievedLevel`, `${field}.achievedLevel ${level} is not a rubric level of ${rd.name}.`);
    }
    out.achievedLevel = level;
  }
  if (input.status !== undefined) out.status = checkStatus(input.status, `${field}.status`);
  if (rd?.resultType === 'Status' && !out.status) fail(`${field}.status`, `${field}.status is required for a Status result.`);
  const alignment = mapMany(input.alignment, `${field}.alignment`, buildAlignment);
  if (alignment) out.alignment = alignment;
  return out;
}

function checkStatus(v: unknown, field: string): ResultStatus {
  if (typeof v !== 'string' || !(RESULT_STATUSES as readonly string[]).includes(v)) {
    fail(field, `${field} must be one of ${RESULT_STATUSES.join(', ')}.`);
  }
  return v as ResultStatus;
}

/**
 * Builds an AchievementSubject: learner `id` and/or hashed identifiers, the achievement, results and credits. With
 * `memo`, an achievement input object already built is not built again (see SchemaPassMemo for the contract).
 */
export function buildAchievementSubject(input: AchievementSubjectInput, field = 'credentialSubject', memo?: SchemaPassMemo): AchievementSubject {
  if (!isRecord(input)) fail(field, `${field} must be an object.`);
  const achievementIn = input.achievement;
  const build = (a: AchievementInput): Achievement => buildAchievement(a, `${field}.achievement`);
  const achievement = memo && isRecord(achievementIn) ? memo.part('achievement', achievementIn, build) : build(achievementIn);
  const out: AchievementSubject = { type: typeSet('AchievementSubject', input.type, `${field}.type`), achievement };
  const id = optUri(input.id, `${field}.id`);
  const identifier = mapMany(input.identifier, `${field}.identifier`, checkIdentity);
  if (!id && !identifier) fail(`${field}.id`, `${field} needs the learner's id (e.g. a DID) or at least one identifier (e.g. a hashed email).`);
  if (id) out.id = id;
  if (identifier) out.identifier = identifier;
  const start = optDateTime(input.activityStartDate, `${field}.activityStartDate`);
  const end = optDateTime(input.activityEndDate, `${field}.activityEndDate`);
  if (start && end && !notAfter(start, end)) fail(`${field}.activityEndDate`, `${field}.activityEndDate is before activityStartDate.`);
  if (start) out.activityStartDate = start;
  if (end) out.activityEndDate = end;
  const credits = optNonNegative(input.creditsEarned, `${field}.creditsEarned`);
  if (credits !== undefined) out.creditsEarned = credits;
  if (input.image !== undefined) out.image = buildImage(input.image, `${field}.image`);
  for (const k of ['licenseNumber', 'narrative', 'role', 'term'] as const) {
    const v = optString(input[k], `${field}.${k}`);
    if (v) out[k] = v;
  }
  const results = mapMany(input.result, `${field}.result`, (r, f) => buildResult(r, achievement, f));
  if (results) out.result = results;
  if (input.source !== undefined) out.source = buildProfile(input.source, `${field}.source`);
  return out;
}



