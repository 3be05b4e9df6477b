/** TypeBox schemas of the competency and micro-credential API, and the mapping of domain objects to them. */
import { Type, type Static } from '@sinclair/typebox';
import { achievementImageUrl, achievementUrl, competencyUrl } from '../../core/catalog/ob-achievement.ts';
import type { Competency, CompetencyFramework, MicroCredential } from '../../core/catalog/types.ts';
import { StrictObject } from './common.ts';

const Nullable = <T extends ReturnType<typeof Type.String | typeof Type.Number | typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
export const VersionParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), version: Type.Integer({ minimum: 1 }) });

export const AlignmentBody = StrictObject({
  targetUrl: Text(2000, 'URL of the external framework node (ESCO, O*NET, CASE …).'),
  targetName: Type.Optional(Text(200, 'Name of the node; defaults to the competency name.')),
  targetCode: Type.Optional(Nullable(Text(64))),
  targetFramework: Type.Optional(Nullable(Text(200, 'Framework name, e.g. ESCO, O*NET, CASE.'))),
  targetType: Type.Optional(Nullable(Text(100, 'ceasn:Competency, CFItem, … or ext:…'))),
});

export const Alignment = Type.Object({
  targetName: Type.String(), targetUrl: Type.String(), targetCode: Nullable(Type.String()),
  targetFramework: Nullable(Type.String()), targetType: Nullable(Type.String()),
});

export const FrameworkBody = StrictObject({ name: Text(200), description: Type.Optional(Nullable(Text(4000))) });
export const Framework = Type.Object({
  id: Type.String(), name: Type.String(), description: Nullable(Type.String()), competencyCount: Type.Integer(), createdAt: Type.String(),
});

export const CompetencyBody = StrictObject({
  code: Text(64), name: Text(200), description: Type.Optional(Nullable(Text(4000))),
  alignments: Type.Optional(Type.Array(AlignmentBody, { maxItems: 50 })),
});
export const CreateCompetencyBody = StrictObject({ frameworkId: Text(100), ...CompetencyBody.properties });
export const CompetencyOut = Type.Object({
  id: Type.String(), frameworkId: Type.String(), frameworkName: Type.String(), code: Type.String(), name: Type.String(),
  description: Nullable(Type.String()), alignments: Type.Array(Alignment), url: Type.String({ description: 'Public page and JSON-LD.' }),
  createdAt: Type.String(),
});
export const CompetencyQuery = Type.Object({
  frameworkId: Type.Optional(Text(100)), q: Type.Optional(Text(200)), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export const ImportResult = Type.Object({
  created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), frameworksCreated: Type.Integer(), rows: Type.Integer(),
});

const RubricLevelBody = StrictObject({
  id: Type.Optional(Text(300)), name: Text(200), description: Type.Optional(Text(2000)), level: Type.Optional(Text(100)),
  points: Type.Optional(Type.Union([Text(20), Type.Number()])),
});
export const ResultDescriptionBody = StrictObject({
  id: Type.Optional(Text(300, 'A URI; a urn:uuid: id is assigned when absent. Keep it stable: results point to it.')),
  name: Text(200),
  resultType: Text(100, 'GradePointAverage, LetterGrade, Percent, PerformanceLevel, PredictedScore, RawScore, Result, RubricCriterion, RubricCriterionLevel, RubricScore, ScaledScore, Status or ext:…'),
  allowedValue: Type.Optional(Type.Array(Text(200), { maxItems: 100 })),
  requiredValue: Type.Optional(Text(200)),
  requiredLevel: Type.Optional(Text(300, 'The id (or name) of one of the rubric levels.')),
  valueMin: Type.Optional(Text(50)), valueMax: Type.Optional(Text(50)),
  rubricCriterionLevel: Type.Optional(Type.Array(RubricLevelBody, { maxItems: 20 })),
});
export const ResultDescriptionsBody = Type.Array(ResultDescriptionBody, { maxItems: 50 });

export const ImageBody = StrictObject({
  data: Type.String({ maxLength: 700_000, description: 'Base64 of a PNG or SVG file (at most 512 KB).' }),
  filename: Type.Optional(Text(200)),
  mediaType: Type.Optional(Type.Union([Type.Literal('image/png'), Type.Literal('image/svg+xml')])),
  caption: Type.Optional(Nullable(Text(200))),
});

const achievementFields = {
  name: Text(200), description: Text(4000), criteriaNarrative: Text(20_000, 'Markdown: what a learner must do.'),
  achievementType: Type.Optional(Text(100, 'OB achievementType (default MicroCredential) or ext:…')),
  creditsAvailable: Type.Optional(Type.Unsafe<number | null>({ ...Type.Number({ minimum: 0, maximum: 10_000 }), nullable: true })),
  level: Type.Optional(Nullable(Text(100))),
  tags: Type.Optional(Type.Array(Text(60), { maxItems: 30 })),
  fieldOfStudy: Type.Optional(Nullable(Text(200))),
  competencyIds: Type.Optional(Type.Array(Text(100), { maxItems: 200 })),
  resultDescriptions: Type.Optional(ResultDescriptionsBody),
  // `nullable` rather than a union with null: with type coercion on, a union would turn 0 into null (never expires).
  validityMonths: Type.Optional(Type.Unsafe<number | null>({ ...Type.Integer({ minimum: 1, maximum: 1200 }), nullable: true, description: 'Credentials expire this many months after award; null: never.' })),
  image: Type.Optional(Type.Union([ImageBody, Type.Null()])),
};
export const CreateAchievementBody = StrictObject(achievementFields);
export const UpdateAchievementBody = StrictObject({
  ...achievementFields,
  name: Type.Optional(achievementFields.name), description: Type.Optional(achievementFields.description),
  criteriaNarrative: Type.Optional(achievementFields.criteriaNarrative),
});
export type AchievementBody = Static<typeof UpdateAchievementBody>;

export const AchievementOut = Type.Object({
  id: Type.String(), url: Type.String({ description: 'The OB Achievement id and public page.' }), status: Type.String(),
  currentVersion: Type.Integer(), createdAt: Type.String(), updatedAt: Type.String(),
  name: Type.String(), description: Type.String(), criteriaNarrative: Type.String(), achievementType: Type.String(),
  creditsAvailable: Nullable(Type.Number()), level: Nullable(Type.String()), tags: Type.Array(Type.String()),
  fieldOfStudy: Nullable(Type.String()), competencyIds: Type.Array(Type.String()),
  resultDescriptions: Type.Array(Type.Record(Type.String(), Type.Unknown())), validityMonths: Nullable(Type.Integer()),
  image: Type.Object({ url: Type.String(), mediaType: Type.String(), generated: Type.Boolean(), caption: Nullable(Type.String()) }),
});
export const AchievementSummaryOut = Type.Object({
  id: Type.String(), name: Type.String(), achievementType: Type.String(), status: Type.String(), currentVersion: Type.Integer(),
  updatedAt: Type.String(), issuedCount: Type.Integer(), url: Type.String(),
});
export const VersionOut = Type.Object({ version: Type.Integer(), createdAt: Type.String(), issuedCount: Type.Integer() });

/** A framework as the API returns it. */
export function frameworkOut(f: CompetencyFramework): Static<typeof Framework> {
  return { id: f.id, name: f.name, description: f.description, competencyCount: f.competencyCount, createdAt: f.createdAt };
}

/** A competency as the API returns it. */
export function competencyOut(c: Competency, publicUrl: string): Static<typeof CompetencyOut> {
  return {
    id: c.id, frameworkId: c.frameworkId, frameworkName: c.frameworkName, code: c.code, name: c.name, description: c.description,
    alignments: c.alignments, url: competencyUrl(publicUrl, c.id), createdAt: c.createdAt,
  };
}

/** A micro-credential as the API returns it (the image as a URL, not its bytes). */
export function achievementOut(m: MicroCredential, publicUrl: string): Static<typeof AchievementOut> {
  const d = m.definition;
  return {
    id: m.id, url: achievementUrl(publicUrl, m.id), status: m.status, currentVersion: m.currentVersion, createdAt: m.createdAt, updatedAt: m.updatedAt,
    name: d.name, description: d.description, criteriaNarrative: d.criteriaNarrative, achievementType: d.achievementType,
    creditsAvailable: d.creditsAvailable, level: d.level, tags: d.tags, fieldOfStudy: d.fieldOfStudy, competencyIds: d.competencyIds,
    resultDescriptions: d.resultDescriptions as unknown as Record<string, unknown>[], validityMonths: d.validityMonths,
    image: { url: achievementImageUrl(publicUrl, m.id, m.currentVersion), mediaType: d.image.mediaType, generated: d.image.generated, caption: d.image.caption },
  };
}
