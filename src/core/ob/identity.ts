import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { IdentifierType, IdentityObject } from './types.ts';

/**
 * Salted identity hash as OB 3.0 defines it: `sha256$` + hex(sha256(utf8(identifier + salt))).
 * @example hashIdentity('a@example.com', 'Kosher') // 'sha256$b5809d8a…ef399'
 */
export function hashIdentity(identifier: string, salt: string): string {
  return 'sha256$' + createHash('sha256').update(identifier + salt, 'utf8').digest('hex');
}

/** Normalises an email address for hashing: trimmed and lower-cased, so the same person hashes the same way. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Builds a hashed `emailAddress` IdentityObject for a learner (email normalised, salt injected by the caller).
 * @example buildEmailIdentity('Ada@Example.com', salt) // { type:'IdentityObject', hashed:true, identityHash:'sha256$…', identityType:'emailAddress', salt }
 */
export function buildEmailIdentity(email: string, salt: string): IdentityObject {
  const normalised = normalizeEmail(email);
  if (!EMAIL_RE.test(normalised)) {
    throw new AppError('validation_failed', `"${email}" is not a valid email address.`, { field: 'recipient.email' });
  }
  if (!salt) throw new AppError('validation_failed', 'A salt is required to hash the email.', { field: 'recipient.salt' });
  return { type: 'IdentityObject', hashed: true, identityHash: hashIdentity(normalised, salt), identityType: 'emailAddress', salt };
}

/** True when `candidate` (e.g. an email the learner proves they own) matches the IdentityObject. */
export function identityMatches(identity: IdentityObject, candidate: string, identityType?: IdentifierType): boolean {
  if (identityType && identity.identityType !== identityType) return false;
  if (!identity.hashed) return identity.identityHash === candidate;
  const [alg] = identity.identityHash.split('$');
  if (alg !== 'sha256') return false;
  const salt = identity.salt ?? '';
  const value = identity.identityType === 'emailAddress' ? normalizeEmail(candidate) : candidate;
  return hashIdentity(value, salt) === identity.identityHash || hashIdentity(candidate, salt) === identity.identityHash;
}
