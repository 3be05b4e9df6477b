/** TypeBox schemas of the employer-side API: endorsements, outreach partners, analytics. */
import { Type } from '@sinclair/typebox';
import { StrictObject, Uuid } from './common.ts';

export const IdParams = StrictObject({ id: Uuid });

export const EndorseBody = StrictObject({
  achievement: Type.Optional(Type.String({ maxLength: 2000, description: 'The micro-credential id or its public address (…/achievements/<id>).' })),
  pathwayId: Type.Optional(Type.String({ maxLength: 100, description: 'A pathway id: its target micro-credential is endorsed.' })),
  comment: Type.String({ maxLength: 4000, description: 'The endorsement comment (markdown), shown publicly.' }),
});

export const DecisionBody = StrictObject({
  decision: Type.Union([Type.Literal('accepted'), Type.Literal('declined')]),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
});

export const EndorsementOut = Type.Object({
  id: Type.String(), organizationId: Type.String(), endorserOrganizationId: Type.String(), endorserName: Type.String(),
  achievementId: Type.String(), pathwayId: Type.Union([Type.String(), Type.Null()]), targetId: Type.String(), comment: Type.String(),
  status: Type.String(), createdAt: Type.String(), decidedAt: Type.Union([Type.String(), Type.Null()]),
  credential: Type.Record(Type.String(), Type.Unknown(), { description: 'The signed EndorsementCredential.' }),
});

export const StatusQuery = Type.Object({ status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('declined')])) });

const Contact = Type.Object({ name: Type.String({ maxLength: 200 }), email: Type.Optional(Type.Union([Type.String({ maxLength: 320 }), Type.Null()])), role: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])) });

export const PartnerBody = StrictObject({
  name: Type.String({ maxLength: 200 }),
  website: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  stage: Type.Optional(Type.Union(['prospect', 'contacted', 'engaged', 'endorsing', 'hiring'].map((s) => Type.Literal(s)))),
  notes: Type.Optional(Type.Union([Type.String({ maxLength: 8000 }), Type.Null()])),
  ownerUserId: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  nextStep: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
  nextStepDate: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
  contacts: Type.Optional(Type.Array(Contact, { maxItems: 50 })),
  achievementIds: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 200 })),
  pathwayIds: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 200 })),
});

export const PartnerOut = Type.Object({
  id: Type.String(), name: Type.String(), website: Type.Union([Type.String(), Type.Null()]), stage: Type.String(),
  notes: Type.Union([Type.String(), Type.Null()]), ownerUserId: Type.Union([Type.String(), Type.Null()]),
  nextStep: Type.Union([Type.String(), Type.Null()]), nextStepDate: Type.Union([Type.String(), Type.Null()]),
  employerOrganizationId: Type.Union([Type.String(), Type.Null()]), contacts: Type.Array(Contact),
  interests: Type.Object({ achievementIds: Type.Array(Type.String()), pathwayIds: Type.Array(Type.String()) }),
  createdAt: Type.String(), updatedAt: Type.String(),
});

export const PartnerEventOut = Type.Object({ id: Type.String(), kind: Type.String(), summary: Type.String(), actorUserId: Type.Union([Type.String(), Type.Null()]), refId: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String() });

export const WeeksQuery = Type.Object({ weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 104 })) });

const Counts = Type.Object({ issued: Type.Array(Type.Integer()), claimed: Type.Array(Type.Integer()), shared: Type.Array(Type.Integer()), verified: Type.Array(Type.Integer()) });
export const AnalyticsOut = Type.Object({
  weeks: Type.Array(Type.String({ description: 'Monday of each week (UTC), oldest first.' })),
  totals: Counts,
  achievements: Type.Array(Type.Object({ achievementId: Type.String(), name: Type.String(), counts: Counts, totals: Type.Object({ issued: Type.Integer(), claimed: Type.Integer(), shared: Type.Integer(), verified: Type.Integer() }) })),
  byEmployer: Type.Array(Type.Object({ organizationId: Type.String(), name: Type.String(), count: Type.Integer() })),
  endorsements: Type.Array(Type.Object({ achievementId: Type.String(), name: Type.String(), pending: Type.Integer(), accepted: Type.Integer(), declined: Type.Integer() })),
});
