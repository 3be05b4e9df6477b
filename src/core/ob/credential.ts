/** Builders for AchievementCredential (OpenBadgeCredential) and EndorsementCredential. */
import type { AchievementCredential, EndorsementCredential, EndorsementSubject } from './types.ts';
import { fail, isRecord, optString, optStringArray, reqUri, typeSet } from './check.ts';
import { checkEndorsements } from './parts.ts';
import { buildAchievementSubject, type AchievementSubjectInput } from './subject.ts';
import { buildCommon, type CredentialCommonInput } from './credential-parts.ts';
import { validateEndorsementCredential, validateOb3Credential } from '../schema/index.ts';
import { assertSchema } from './schema-guard.ts';
import type { SchemaPassMemo } from './schema-memo.ts';
import { OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, OB_ENDORSEMENT_CREDENTIAL_SCHEMA, obContextFor } from './contexts.ts';

export interface AchievementCredentialInput extends CredentialCommonInput {
  /** `OpenBadgeCredential` (default, what 1EdTech examples use) or its alias `AchievementCredential`. */
  credentialType?: 'OpenBadgeCredential' | 'AchievementCredential';
  credentialSubject: AchievementSubjectInput;
  /** Signed EndorsementCredentials to embed (Data Integrity). */
  endorsement?: EndorsementCredential[];
  /**
   * VC-JWT endorsements. Not defined by the published OB 3.0.3 context: do not use in credentials signed with
   * Data Integrity (JSON-LD safe mode rejects the term).
   */
  endorsementJwt?: string[];
}

/**
 * Builds an unsigned OB 3.0 OpenBadgeCredential: contexts in spec order, embedded issuer Profile, arrays for
 * multi-valued fields, no nulls. Throws AppError(validation_failed) naming the field at fault. With `opts.memo`, the
 * full JSON Schema run is skipped for a credential whose shape already passed it, and the issuer and achievement
 * input objects are built once (see SchemaPassMemo: the caller must not mutate them afterwards; they are frozen).
 * @example buildAchievementCredential({ id: 'urn:uuid:…', issuer, validFrom: now, credentialSubject: { identifier: [buildEmailIdentity(email, salt)], achievement } })
 */
export function buildAchievementCredential(input: AchievementCredentialInput, opts: { memo?: SchemaPassMemo } = {}): AchievementCredential {
  if (!isRecord(input)) fail('credential', 'The credential input must be an object.');
  const credentialSubject = buildAchievementSubject(input.credentialSubject, 'credentialSubject', opts.memo);
  const kind = input.credentialType ?? 'OpenBadgeCredential';
  if (kind !== 'OpenBadgeCredential' && kind !== 'AchievementCredential') {
    fail('credentialType', 'credentialType must be OpenBadgeCredential or AchievementCredential.');
  }
  const { id, ...rest } = buildCommon(input, OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, { defaultName: credentialSubject.achievement.name, memo: opts.memo });
  const body: Omit<AchievementCredential, '@context'> = {
    id,
    type: ['VerifiableCredential', kind],
    ...rest,
    credentialSubject,
  };
  if (input.endorsement?.length) body.endorsement = checkEndorsements(input.endorsement, 'endorsement');
  const jwts = optStringArray(input.endorsementJwt, 'endorsementJwt');
  if (jwts?.length) body.endorsementJwt = jwts;
  const credential: AchievementCredential = { '@context': obContextFor(body), ...body };
  const key = opts.memo?.keyOf(credential as unknown as Record<string, unknown>);
  if (key !== undefined && opts.memo!.has(key)) return credential;
  assertSchema(validateOb3Credential(credential), 'credential');
  if (key !== undefined) opts.memo!.add(key);
  return credential;
}

export interface EndorsementCredentialInput extends CredentialCommonInput {
  name: string;
  credentialSubject: {
    /** The IRI of what is endorsed: a Profile, an Achievement or a credential. */
    id: string;
    /** Markdown comment from the endorser. */
    endorsementComment?: string;
    type?: string | string[];
  };
}

/**
 * Builds an unsigned OB 3.0 EndorsementCredential (the endorser is the issuer).
 * @example buildEndorsementCredential({ id, name: 'Acme endorses Data Basics', issuer: acme, validFrom: now, credentialSubject: { id: achievement.id, endorsementComment: '…' } })
 */
export function buildEndorsementCredential(input: EndorsementCredentialInput): EndorsementCredential {
  if (!isRecord(input)) fail('credential', 'The credential input must be an object.');
  const subjectIn = input.credentialSubject;
  if (!isRecord(subjectIn)) fail('credentialSubject', 'credentialSubject is required: give the id of what is endorsed.');
  const credentialSubject: EndorsementSubject = {
    id: reqUri(subjectIn.id, 'credentialSubject.id'),
    type: typeSet('EndorsementSubject', subjectIn.type, 'credentialSubject.type'),
  };
  const comment = optString(subjectIn.endorsementComment, 'credentialSubject.endorsementComment');
  if (comment) credentialSubject.endorsementComment = comment;
  const { id, ...rest } = buildCommon(input, OB_ENDORSEMENT_CREDENTIAL_SCHEMA, { nameRequired: true });
  const body: Omit<EndorsementCredential, '@context'> = {
    id,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    ...rest,
    name: rest.name as string,
    credentialSubject,
  };
  const credential: EndorsementCredential = { '@context': obContextFor(body), ...body };
  assertSchema(validateEndorsementCredential(credential), 'endorsement');
  return credential;
}
