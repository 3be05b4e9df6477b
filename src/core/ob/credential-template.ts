/**
 * Refilling a built AchievementCredential with another recipient's generated values. Issuance builds thousands of
 * credentials of one micro-credential that differ only in values the issuer generates: id, dates, status entry,
 * salted identity hash, credits. The first is built (and schema-checked) by `buildAchievementCredential`; the next
 * ones copy its structure and swap those values, each checked by the same checks the builder applies to it. The
 * result is the builder's output for the same input, member for member and in the same order (tested), so it passes
 * the schema the template passed. Only templates with nothing caller-supplied and free-form qualify (`isTemplate`).
 */
import { fail, notAfter, optNonNegative, reqDateTime, reqUri } from './check.ts';
import { checkCredentialStatus } from './credential-parts.ts';
import { checkIdentity } from './subject.ts';
import type { AchievementCredential, AchievementSubject, CredentialStatus, IdentityObject } from './types.ts';

/** The per-credential values of a refill. */
export interface RefillValues {
  id: string;
  validFrom: Date | string;
  /** Given exactly when the template has `validUntil`. */
  validUntil?: Date | string;
  /** The recipient's identity: the subject's only identifier. */
  identity: IdentityObject;
  credentialStatus: CredentialStatus;
  /** Given exactly when the template's subject has `creditsEarned`. */
  creditsEarned?: number;
}

/** Subject members a template may hold: the rest (results, activity dates, narrative, …) are per-credential input. */
const TEMPLATE_SUBJECT = new Set(['type', 'achievement', 'identifier', 'creditsEarned']);
/** Credential members filled per credential, or fixed by the micro-credential and issuer. */
const TEMPLATE_CREDENTIAL = new Set([
  '@context', 'id', 'type', 'issuer', 'validFrom', 'validUntil', 'name', 'description', 'image', 'credentialStatus',
  'credentialSchema', 'credentialSubject',
]);

/**
 * True when `credential` can serve as a template: one identifier, a status entry, and nothing but fixed or generated
 * members (no results, evidence, endorsements, activity dates, subject id).
 */
export function isTemplate(credential: AchievementCredential): boolean {
  const subject = credential.credentialSubject;
  return Object.keys(credential).every((k) => TEMPLATE_CREDENTIAL.has(k))
    && Object.keys(subject).every((k) => TEMPLATE_SUBJECT.has(k))
    && subject.identifier?.length === 1 && credential.credentialStatus !== undefined;
}

/**
 * A new credential with the template's structure and fixed members, and `values` in place of its generated ones.
 * Throws AppError(validation_failed) naming the field at fault, as the builder would; throws a plain Error when the
 * template or the values do not fit (a caller's mistake, never input's).
 */
export function refillAchievementCredential(template: AchievementCredential, values: RefillValues): AchievementCredential {
  if (!isTemplate(template)) throw new Error('refillAchievementCredential: not a template (see isTemplate)');
  const subject = template.credentialSubject;
  if (('validUntil' in template) !== (values.validUntil !== undefined) || ('creditsEarned' in subject) !== (values.creditsEarned !== undefined)) {
    throw new Error('refillAchievementCredential: validUntil and creditsEarned must be given exactly when the template has them');
  }
  const id = reqUri(values.id, 'id');
  const validFrom = reqDateTime(values.validFrom, 'validFrom');
  const out: AchievementCredential = { ...template, id, validFrom };
  if (values.validUntil !== undefined) {
    const validUntil = reqDateTime(values.validUntil, 'validUntil');
    if (!notAfter(validFrom, validUntil)) fail('validUntil', 'validUntil is before validFrom.');
    out.validUntil = validUntil;
  }
  out.credentialStatus = checkCredentialStatus(values.credentialStatus);
  const filled: AchievementSubject = { ...subject, identifier: [checkIdentity(values.identity, 'credentialSubject.identifier[0]')] };
  if (values.creditsEarned !== undefined) filled.creditsEarned = optNonNegative(values.creditsEarned, 'credentialSubject.creditsEarned')!;
  out.credentialSubject = filled;
  return out;
}
