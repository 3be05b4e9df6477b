/** Bitstring Status List credentials and entries (unsigned; the caller signs with the proofs module). */
import { AppError } from '../errors.ts';
import type { BitstringStatusListEntry, Profile } from '../ob/types.ts';
import { VC_V2_CONTEXT } from '../ob/contexts.ts';

export type StatusPurpose = 'revocation' | 'suspension' | 'refresh' | 'message';
const PURPOSES: readonly string[] = ['revocation', 'suspension', 'refresh', 'message'];

export interface BitstringStatusListCredential {
  '@context': string[];
  id: string;
  type: string[];
  issuer: string | Profile;
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    id: string;
    type: 'BitstringStatusList';
    statusPurpose: StatusPurpose;
    encodedList: string;
    ttl?: number;
  };
  proof?: unknown;
}

export interface StatusListCredentialInput {
  /** The list URL (served at this address; also `statusListCredential` in entries). */
  id: string;
  /** Issuer id or embedded Profile; its key signs the list. */
  issuer: string | Profile;
  purpose: StatusPurpose;
  /** From `encodeList(bits)`. */
  encodedList: string;
  validFrom: Date | string;
  validUntil?: Date | string;
  /** Milliseconds a verifier may cache the list. */
  ttl?: number;
}

function iso(d: Date | string, field: string): string {
  const s = d instanceof Date ? d.toISOString().replace('.000Z', 'Z') : d;
  if (typeof s !== 'string' || Number.isNaN(Date.parse(s)) || !/(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    throw new AppError('validation_failed', `${field} must be a date-time with a timezone.`, { field });
  }
  return s;
}

function checkPurpose(purpose: unknown): StatusPurpose {
  if (typeof purpose !== 'string' || !PURPOSES.includes(purpose)) {
    throw new AppError('validation_failed', `statusPurpose must be one of ${PURPOSES.join(', ')}.`, { field: 'statusPurpose' });
  }
  return purpose as StatusPurpose;
}

function checkUrl(url: unknown, field: string): string {
  if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url) || url.includes('#')) {
    throw new AppError('validation_failed', `${field} must be an http(s) URL without a fragment.`, { field });
  }
  return url;
}

/**
 * Builds an unsigned BitstringStatusListCredential (VC 2.0 context only: the status terms are in it).
 * @example buildStatusListCredential({ id: listUrl, issuer: issuerId, purpose: 'revocation', encodedList: encodeList(bits), validFrom: now })
 */
export function buildStatusListCredential(input: StatusListCredentialInput): BitstringStatusListCredential {
  const id = checkUrl(input.id, 'id');
  const purpose = checkPurpose(input.purpose);
  if (typeof input.encodedList !== 'string' || !input.encodedList.startsWith('u')) {
    throw new AppError('validation_failed', 'encodedList must be multibase base64url (start with "u"); use encodeList().', { field: 'encodedList' });
  }
  const issuerId = typeof input.issuer === 'string' ? input.issuer : input.issuer?.id;
  if (typeof issuerId !== 'string' || !/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(issuerId)) {
    throw new AppError('validation_failed', 'issuer must be a URI or a Profile with an id.', { field: 'issuer' });
  }
  const out: BitstringStatusListCredential = {
    '@context': [VC_V2_CONTEXT],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: iso(input.validFrom, 'validFrom'),
    credentialSubject: { id: `${id}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList: input.encodedList },
  };
  if (input.validUntil !== undefined) out.validUntil = iso(input.validUntil, 'validUntil');
  if (input.ttl !== undefined) {
    if (!Number.isInteger(input.ttl) || input.ttl < 0) throw new AppError('validation_failed', 'ttl must be a whole number of milliseconds.', { field: 'ttl' });
    out.credentialSubject.ttl = input.ttl;
  }
  return out;
}

/**
 * The `credentialStatus` entry for a credential at `index` of the list at `listUrl`:
 * `id` is `<list>#<index>` (never the list URL itself) and the index is a base-10 string.
 * @example buildStatusEntry('https://x.example/status/1', 94567, 'revocation')
 */
export function buildStatusEntry(listUrl: string, index: number, purpose: StatusPurpose = 'revocation'): BitstringStatusListEntry {
  checkUrl(listUrl, 'statusListCredential');
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new AppError('validation_failed', 'statusListIndex must be a non-negative integer.', { field: 'statusListIndex' });
  }
  return {
    id: `${listUrl}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: checkPurpose(purpose),
    statusListIndex: String(index),
    statusListCredential: listUrl,
  };
}
