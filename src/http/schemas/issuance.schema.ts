/** TypeBox schemas of the issuance API: issue body, credential views, search, revocation, bulk upload, jobs. */
import { Type, type Static } from '@sinclair/typebox';
import { StrictObject } from './common.ts';

const DateOrDateTime = Type.String({ maxLength: 40, description: 'A date (2026-12-04) or a date-time with a timezone (2026-12-04T10:00:00Z).' });
const AnyObject = Type.Object({}, { additionalProperties: true });

export const IssueCredentialBody = StrictObject({
  achievementId: Type.String({ minLength: 1, maxLength: 100, description: 'The micro-credential to award.' }),
  recipient: StrictObject({
    email: Type.String({ minLength: 3, maxLength: 254, description: 'The learner\'s email (hashed with a salt in the credential).' }),
    name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  }),
  validFrom: Type.Optional(DateOrDateTime),
  activityStartDate: Type.Optional(DateOrDateTime),
  activityEndDate: Type.Optional(DateOrDateTime),
  creditsEarned: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000 })),
  results: Type.Optional(Type.Array(AnyObject, { maxItems: 100, description: 'OB 3.0 Result objects; resultDescription must name one of the achievement\'s.' })),
  evidence: Type.Optional(Type.Array(AnyObject, { maxItems: 50, description: 'OB 3.0 Evidence objects.' })),
  endorsements: Type.Optional(Type.Array(AnyObject, { maxItems: 20, description: 'Signed EndorsementCredentials to embed.' })),
}, { description: 'Award a micro-credential to a recipient by email.' });
export type IssueCredentialBodyT = Static<typeof IssueCredentialBody>;

const CredentialViewProps = {
  id: Type.String({ format: 'uuid' }),
  credentialId: Type.String({ description: 'urn:uuid:<id>, the id inside the signed document.' }),
  achievementId: Type.String(),
  achievementVersion: Type.Integer(),
  achievementName: Type.Union([Type.String(), Type.Null()]),
  learnerId: Type.String(),
  recipient: Type.Object({ email: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }),
  verificationCode: Type.String({ description: 'Human-typable code, e.g. 7KQ2-M9XD-4RTV-HC8N-P3.' }),
  verifyUrl: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('revoked'), Type.Literal('suspended'), Type.Literal('expired')]),
  source: Type.String(),
  issuedAt: Type.String(),
  validFrom: Type.String(),
  validUntil: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  revocationReason: Type.Union([Type.String(), Type.Null()]),
  suspendedAt: Type.Union([Type.String(), Type.Null()]),
  suspensionReason: Type.Union([Type.String(), Type.Null()]),
  credits: Type.Union([Type.Number(), Type.Null()]),
  statusList: Type.Object({ url: Type.String(), index: Type.Integer(), suspensionUrl: Type.String() }),
};

export const CredentialSummaryOut = Type.Object(CredentialViewProps, { description: 'An issued credential (without the document).' });
export const CredentialOut = Type.Object({
  ...CredentialViewProps,
  document: Type.Record(Type.String(), Type.Unknown(), { description: 'The signed OB 3.0 credential, exactly as issued.' }),
}, { description: 'An issued credential with its signed document.' });

export const CredentialPageOut = Type.Object({
  items: Type.Array(CredentialSummaryOut),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as cursor for the next page.' }),
});

export const CredentialQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Email, name or verification code.' })),
  achievementId: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('revoked'), Type.Literal('suspended'), Type.Literal('expired')])),
  issuedFrom: Type.Optional(Type.String({ maxLength: 40 })),
  issuedTo: Type.Optional(Type.String({ maxLength: 40 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 300 })),
});

export const CredentialIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const ReasonBody = StrictObject({ reason: Type.String({ maxLength: 500, description: 'Why; recorded and shown to verifiers.' }) });
export const OptionalReasonBody = Type.Union([StrictObject({ reason: Type.Optional(Type.String({ maxLength: 500 })) }), Type.Null()]);

export const BulkQuery = Type.Object({
  dryRun: Type.Optional(Type.Boolean({ description: 'Validate only; queue nothing.' })),
  notify: Type.Optional(Type.Boolean({ description: 'Send award emails (default true).' })),
});

export const BulkUploadOut = Type.Object({
  jobId: Type.Union([Type.String(), Type.Null()]),
  jobUrl: Type.Union([Type.String(), Type.Null()]),
  total: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  errors: Type.Array(Type.Object({ row: Type.Integer(), field: Type.String(), message: Type.String() })),
  dryRun: Type.Boolean(),
});

export const JobOut = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  status: Type.String({ description: 'queued | running | done | failed' }),
  progress: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
  result: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
