/** TypeBox schemas of the pathway API. Rules are checked by the rule validator (errors point into the rule). */
import { Type } from '@sinclair/typebox';
import { StrictObject, Uuid } from './common.ts';

export const RuleSchema = Type.Unknown({ description: 'A stacking rule: a JSON tree of allOf / anyOf / nOf / minCredits groups over credential and pathway leaves (see src/core/stacking/README.md).' });
export const Policy = Type.Union([Type.Literal('suspend'), Type.Literal('revoke'), Type.Literal('keep')], { description: 'What happens to the stacked credential when a part stops counting.' });

export const PathwayBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Null()])),
  targetAchievementId: Type.String({ minLength: 1, maxLength: 100 }),
  rule: RuleSchema,
  revocationPolicy: Type.Optional(Policy),
});

export const PathwayUpdateBody = StrictObject({
  version: Type.Integer({ minimum: 1, description: 'The version you edited; a concurrent edit is refused with 409.' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Null()])),
  rule: RuleSchema,
  revocationPolicy: Type.Optional(Policy),
});

export const PathwayOut = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  targetAchievementId: Type.String(),
  rule: RuleSchema,
  revocationPolicy: Policy,
  version: Type.Integer(),
  status: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  versions: Type.Optional(Type.Array(Type.Object({ version: Type.Integer(), createdAt: Type.String() }))),
});

export const SavedPathway = Type.Object({ pathway: PathwayOut, backfillJobId: Uuid });

const Progress = Type.Object({ earned: Type.Number(), required: Type.Number(), fraction: Type.Number(), unit: Type.String() });

export const TraceNodeSchema = Type.Recursive((Self) => Type.Object({
  path: Type.String(), type: Type.String(), label: Type.String(), satisfied: Type.Boolean(), message: Type.String(),
  progress: Progress, credentialIds: Type.Array(Type.String()), children: Type.Array(Self),
}), { $id: 'PathwayTraceNode' });

export const EvaluationOut = Type.Object({
  satisfied: Type.Boolean(),
  progress: Progress,
  trace: TraceNodeSchema,
  usedCredentialIds: Type.Array(Type.String()),
  creditsEarned: Type.Number(),
});

export const AwardOut = Type.Union([Type.Null(), Type.Object({
  status: Type.String(), credentialId: Type.Union([Type.String(), Type.Null()]), round: Type.Integer(), lapsedAt: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String(),
})]);

export const ProgressOut = Type.Object({
  pathway: Type.Object({ id: Uuid, name: Type.String(), description: Type.Union([Type.String(), Type.Null()]), organizationId: Type.String(), targetAchievementId: Type.String() }),
  learnerId: Type.String(),
  evaluation: EvaluationOut,
  award: AwardOut,
});

export const PreviewBody = StrictObject({
  rule: RuleSchema,
  targetAchievementId: Type.Optional(Type.String({ maxLength: 100 })),
  pathwayId: Type.Optional(Type.String({ maxLength: 100 })),
  learnerEmail: Type.Optional(Type.String({ maxLength: 254 })),
});

export const PreviewOut = Type.Object({
  issues: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
  evaluation: Type.Union([EvaluationOut, Type.Null()]),
});

export const DryRunQuery = StrictObject({
  learnerId: Type.Optional(Type.String({ maxLength: 100 })),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

export const DryRunOut = Type.Object({
  learner: Type.Optional(Type.Object({ learnerId: Type.String(), evaluation: EvaluationOut, award: AwardOut })),
  everyone: Type.Optional(Type.Object({
    learners: Type.Integer(), qualifying: Type.Integer(), alreadyAwarded: Type.Integer(),
    wouldAward: Type.Array(Type.Object({
      learnerId: Type.String(), email: Type.String(), name: Type.Union([Type.String(), Type.Null()]), fraction: Type.Number(),
      message: Type.String(), components: Type.Array(Type.String()),
    })),
    inProgress: Type.Array(Type.Object({ learnerId: Type.String(), email: Type.String(), fraction: Type.Number() })),
  })),
});

export const FunnelOut = Type.Object({
  pathwayId: Type.String(), enrolled: Type.Integer(), qualifying: Type.Integer(),
  steps: Type.Array(Type.Object({ label: Type.String(), completed: Type.Integer() })),
  byStepsCompleted: Type.Array(Type.Integer()),
  awards: Type.Record(Type.String(), Type.Integer()),
});

export const PathwayEventOut = Type.Object({
  id: Type.String(), pathwayId: Type.String(), learnerId: Type.Union([Type.String(), Type.Null()]), kind: Type.String(),
  message: Type.String(), credentialId: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(),
});

export const PathwayIdParams = StrictObject({ id: Type.String({ maxLength: 100 }) });
export const PathwayLearnerParams = StrictObject({ id: Type.String({ maxLength: 100 }), learnerId: Type.String({ maxLength: 100 }) });
export const LearnerParams = StrictObject({ learnerId: Type.String({ maxLength: 100 }) });
