/** Builders for Achievement and the classes it holds (Criteria, Image, Alignment, ResultDescription, …). */
import {
  ACHIEVEMENT_TYPES, ALIGNMENT_TARGET_TYPES, RESULT_TYPES,
  type Achievement, type AchievementType, type Alignment, type AlignmentTargetType, type Criteria,
  type EndorsementCredential, type Related,
  type ResultDescription, type ResultType, type RubricCriterionLevel,
} from './types.ts';
import {
  fail, isRecord, mapMany, optNonNegative, optString, optStringArray, optUri, reqString, reqUri, reqUrl, typeSet,
} from './check.ts';
import { buildProfile, type ProfileInput } from './profile.ts';
import { buildIdentifierEntry, buildImage, checkEndorsements, checkEnum, type IdentifierEntryInput, type ImageInput } from './parts.ts';

export type AlignmentInput = Omit<Alignment, 'type'> & { type?: string | string[] };
export type RubricCriterionLevelInput = Omit<RubricCriterionLevel, 'type' | 'alignment'> & {
  type?: string | string[];
  alignment?: AlignmentInput[];
};
export type ResultDescriptionInput = Omit<ResultDescription, 'type' | 'alignment' | 'rubricCriterionLevel'> & {
  type?: string | string[];
  alignment?: AlignmentInput[];
  rubricCriterionLevel?: RubricCriterionLevelInput[];
};
export type RelatedInput = Omit<Related, 'type'> & { type?: string | string[] };

export interface AchievementInput {
  id: string;
  type?: string | string[];
  name: string;
  description: string;
  /** Criteria page URL and/or Markdown narrative; at least one is required. */
  criteria: Criteria;
  achievementType?: AchievementType;
  alignment?: AlignmentInput[];
  creator?: ProfileInput;
  creditsAvailable?: number;
  endorsement?: EndorsementCredential[];
  endorsementJwt?: string[];
  fieldOfStudy?: string;
  humanCode?: string;
  image?: ImageInput;
  inLanguage?: string;
  otherIdentifier?: IdentifierEntryInput[];
  related?: RelatedInput[];
  resultDescription?: ResultDescriptionInput[];
  specialization?: string;
  tag?: string[];
  version?: string;
}

const LANG_RE = /^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$/;



/** Builds an Alignment to an external framework node (targetName and targetUrl required). */
export function buildAlignment(input: AlignmentInput, field = 'alignment'): Alignment {
  if (!isRecord(input)) fail(field, `${field} must be an object.`);
  const out: Alignment = {
    type: typeSet('Alignment', input.type, `${field}.type`),
    targetName: reqString(input.targetName, `${field}.targetName`),
    targetUrl: reqUrl(input.targetUrl, `${field}.targetUrl`),
  };
  const code = optString(input.targetCode, `${field}.targetCode`);
  if (code) out.targetCode = code;
  const desc = optString(input.targetDescription, `${field}.targetDescription`);
  if (desc) out.targetDescription = desc;
  const fw = optString(input.targetFramework, `${field}.targetFramework`);
  if (fw) out.targetFramework = fw;
  if (input.targetType !== undefined) {
    out.targetType = checkEnum<AlignmentTargetType>(input.targetType, ALIGNMENT_TARGET_TYPES, `${field}.targetType`);
  }
  return out;
}

/** Builds a RubricCriterionLevel (id and name required). */
export function buildRubricCriterionLevel(input: RubricCriterionLevelInput, field = 'rubricCriterionLevel'): RubricCriterionLevel {
  if (!isRecord(input)) fail(field, `${field} must be an object.`);
  const out: RubricCriterionLevel = {
    id: reqUri(input.id, `${field}.id`),
    type: typeSet('RubricCriterionLevel', input.type, `${field}.type`),
    name: reqString(input.name, `${field}.name`),
  };
  const description = optString(input.description, `${field}.description`);
  if (description) out.description = description;
  const level = optString(input.level, `${field}.level`);
  if (level) out.level = level;
  if (input.points !== undefined && input.points !== null) out.points = String(input.points);
  const alignment = mapMany(input.alignment, `${field}.alignment`, buildAlignment);
  if (alignment) out.alignment = alignment;
  return out;
}

/** Builds a ResultDescription; `requiredLevel` must name one of its rubric levels. */
export function buildResultDescription(input: ResultDescriptionInput, field = 'resultDescription'): ResultDescription {
  if (!isRecord(input)) fail(field, `${field} must be an object.`);
  const out: ResultDescription = {
    id: reqUri(input.id, `${field}.id`),
    type: typeSet('ResultDescription', input.type, `${field}.type`),
    name: reqString(input.name, `${field}.name`),
    resultType: checkEnum<ResultType>(input.resultType, RESULT_TYPES, `${field}.resultType`),
  };
  const allowed = optStringArray(input.allowedValue, `${field}.allowedValue`);
  if (allowed?.length) out.allowedValue = allowed;
  const levels = mapMany(input.rubricCriterionLevel, `${field}.rubricCriterionLevel`, buildRubricCriterionLevel);
  if (levels) {
    const ids = new Set<string>();
    levels.forEach((l, i) => {
      if (ids.has(l.id)) fail(`${field}.rubricCriterionLevel[${i}].id`, `Rubric level id ${l.id} is used twice.`);
      ids.add(l.id);
    });
    out.rubricCriterionLevel = levels;
  }
  if (input.requiredLevel !== undefined) {
    const req = reqUri(input.requiredLevel, `${field}.requiredLevel`);
    if (!levels?.some((l) => l.id === req)) {
      fail(`${field}.requiredLevel`, `${field}.requiredLevel ${req} is not one of this result description's rubric levels.`);
    }
    out.requiredLevel = req;
  }
  const requiredValue = optString(input.requiredValue, `${field}.requiredValue`);
  if (requiredValue !== undefined) {
    if (allowed && !allowed.includes(requiredValue)) fail(`${field}.requiredValue`, `${field}.requiredValue must be one of allowedValue.`);
    out.requiredValue = requiredValue;
  }
  for (const k of ['valueMin', 'valueMax'] as const) {
    if (input[k] !== undefined && input[k] !== null) {
      const v = String(input[k]);
      if (v.trim() === '') fail(`${field}.${k}`, `${field}.${k} must not be empty.`);
      out[k] = v;
    }
  }
  if (out.valueMin !== undefined && out.valueMax !== undefined) {
    const lo = Number(out.valueMin), hi = Number(out.valueMax);
    if (Number.isFinite(lo) && Number.isFinite(hi) && lo > hi) fail(`${field}.valueMin`, `${field}.valueMin must not exceed valueMax.`);
  }
  const alignment = mapMany(input.alignment, `${field}.alignment`, buildAlignment);
  if (alignment) out.alignment = alignment;
  return out;
}


function buildRelated(input: RelatedInput, field: string): Related {
  if (!isRecord(input)) fail(field, `${field} must be an object.`);
  const out: Related = { id: reqUri(input.id, `${field}.id`), type: typeSet('Related', input.type, `${field}.type`) };
  const lang = optString(input.inLanguage, `${field}.inLanguage`);
  if (lang) {
    if (!LANG_RE.test(lang)) fail(`${field}.inLanguage`, `${field}.inLanguage must be a BCP 47 tag such as en or en-GB.`);
    out.inLanguage = lang;
  }
  const version = optString(input.version, `${field}.version`);
  if (version) out.version = version;
  return out;
}

/**
 * Builds an OB 3.0 Achievement (the micro-credential definition) with arrays and types filled in.
 * @example buildAchievement({ id: 'https://x.edu/achievements/1', name: 'Data Basics', description: '…', criteria: { narrative: 'Pass the quiz' } })
 */
export function buildAchievement(input: AchievementInput, field = 'achievement'): Achievement {
  if (!isRecord(input)) fail(field, `${field} must be an object.`);
  const criteriaIn = input.criteria as unknown;
  if (!isRecord(criteriaIn)) fail(`${field}.criteria`, `${field}.criteria is required: give a criteria page URL (id) or a narrative.`);
  const criteria: Criteria = {};
  const cid = optUri(criteriaIn.id, `${field}.criteria.id`);
  if (cid) criteria.id = cid;
  const narrative = optString(criteriaIn.narrative, `${field}.criteria.narrative`);
  if (narrative) criteria.narrative = narrative;
  if (!criteria.id && !criteria.narrative) fail(`${field}.criteria`, `${field}.criteria needs an id (criteria page URL) or a narrative.`);

  const out: Achievement = {
    id: reqUri(input.id, `${field}.id`),
    type: typeSet('Achievement', input.type, `${field}.type`),
    name: reqString(input.name, `${field}.name`),
    description: reqString(input.description, `${field}.description`),
    criteria,
  };
  if (input.achievementType !== undefined) {
    out.achievementType = checkEnum<AchievementType>(input.achievementType, ACHIEVEMENT_TYPES, `${field}.achievementType`);
  }
  const alignment = mapMany(input.alignment, `${field}.alignment`, buildAlignment);
  if (alignment) out.alignment = alignment;
  if (input.creator !== undefined) out.creator = buildProfile(input.creator, `${field}.creator`);
  const credits = optNonNegative(input.creditsAvailable, `${field}.creditsAvailable`);
  if (credits !== undefined) out.creditsAvailable = credits;
  if (input.endorsement?.length) out.endorsement = checkEndorsements(input.endorsement, `${field}.endorsement`);
  const jwts = optStringArray(input.endorsementJwt, `${field}.endorsementJwt`);
  if (jwts?.length) out.endorsementJwt = jwts;
  for (const k of ['fieldOfStudy', 'humanCode', 'specialization', 'version'] as const) {
    const v = optString(input[k], `${field}.${k}`);
    if (v) out[k] = v;
  }
  if (input.image !== undefined) out.image = buildImage(input.image, `${field}.image`);
  const lang = optString(input.inLanguage, `${field}.inLanguage`);
  if (lang) {
    if (!LANG_RE.test(lang)) fail(`${field}.inLanguage`, `${field}.inLanguage must be a BCP 47 tag such as en or en-GB.`);
    out.inLanguage = lang;
  }
  const other = mapMany(input.otherIdentifier, `${field}.otherIdentifier`, buildIdentifierEntry);
  if (other) out.otherIdentifier = other;
  const related = mapMany(input.related, `${field}.related`, buildRelated);
  if (related) out.related = related;
  const rds = mapMany(input.resultDescription, `${field}.resultDescription`, buildResultDescription);
  if (rds) {
    const ids = new Set<string>();
    rds.forEach((rd, i) => {
      if (ids.has(rd.id)) fail(`${field}.resultDescription[${i}].id`, `Result description id ${rd.id} is used twice.`);
      ids.add(rd.id);
    });
    out.resultDescription = rds;
  }
  const tags = optStringArray(input.tag, `${field}.tag`);
  if (tags?.length) out.tag = tags;
  return out;
}

