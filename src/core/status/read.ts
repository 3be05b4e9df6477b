/**
 * Status readers for the verifier: given a credential's `credentialStatus` and the fetched (and separately
 * proof-checked) list document, answer revoked / suspended / not. They never throw; problems come back as a
 * code from the Bitstring Status List spec (§3.2 validation algorithm) or our own for malformed input.
 */
import { decodeList, getStatusValue, MIN_STATUS_LIST_LENGTH } from './bitstring.ts';

export type StatusErrorCode =
  | 'STATUS_LIST_LENGTH_ERROR'
  | 'RANGE_ERROR'
  | 'STATUS_VERIFICATION_ERROR'
  | 'MALFORMED_VALUE_ERROR'
  | 'PURPOSE_MISMATCH'
  | 'UNSUPPORTED_STATUS_TYPE';

export type StatusReading =
  | {
      ok: true;
      /** `revoked` / `suspended` when the purpose's bit is set; `valid` when 0; `flagged` for other purposes. */
      status: 'valid' | 'revoked' | 'suspended' | 'flagged';
      purpose: string;
      /** Raw status value (0/1 for statusSize 1). */
      value: number;
      /** statusMessage text for the value, or the revocation reason of a 1EdTech list. */
      message?: string;
      /** Lenient readings we accepted (e.g. a numeric statusListIndex). */
      notes?: string[];
    }
  | { ok: false; code: StatusErrorCode; message: string };

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const err = (code: StatusErrorCode, message: string): StatusReading => ({ ok: false, code, message });

function parseIndex(raw: unknown, notes: string[]): number | undefined {
  if (typeof raw === 'string' && /^(0|[1-9]\d*)$/.test(raw)) return Number(raw);
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) {
    notes.push('statusListIndex is a number; the spec wants a base-10 string.');
    return raw;
  }
  return undefined;
}

function statusFor(purpose: string, value: number): 'valid' | 'revoked' | 'suspended' | 'flagged' {
  if (value === 0) return 'valid';
  return purpose === 'revocation' ? 'revoked' : purpose === 'suspension' ? 'suspended' : 'flagged';
}

function readBitList(entry: Rec, list: unknown, kind: 'bitstring' | 'statuslist2021', now?: Date): StatusReading {
  const notes: string[] = [];
  const listType = kind === 'bitstring' ? 'BitstringStatusListCredential' : 'StatusList2021Credential';
  const subjectType = kind === 'bitstring' ? 'BitstringStatusList' : 'StatusList2021';
  if (!isRec(list) || !asArray(list.type).includes(listType)) {
    return err('STATUS_VERIFICATION_ERROR', `The status list is not a ${listType}.`);
  }
  if (typeof entry.statusListCredential === 'string' && typeof list.id === 'string' && list.id !== entry.statusListCredential) {
    return err('STATUS_VERIFICATION_ERROR', `The fetched list has id ${list.id}, not ${entry.statusListCredential}.`);
  }
  const until = list.validUntil ?? list.expirationDate;
  if (now && typeof until === 'string' && Date.parse(until) < now.getTime()) {
    return err('STATUS_VERIFICATION_ERROR', `The status list expired on ${until}.`);
  }
  const subject = asArray(list.credentialSubject)[0];
  if (!isRec(subject) || !asArray(subject.type).includes(subjectType)) {
    return err('STATUS_VERIFICATION_ERROR', `The status list's credentialSubject is not a ${subjectType}.`);
  }
  const purpose = entry.statusPurpose;
  if (typeof purpose !== 'string') return err('MALFORMED_VALUE_ERROR', 'credentialStatus.statusPurpose is missing.');
  if (!asArray(subject.statusPurpose).includes(purpose)) {
    return err('PURPOSE_MISMATCH', `The credential asks for "${purpose}" but the list is for "${asArray(subject.statusPurpose).join(', ')}".`);
  }
  const index = parseIndex(entry.statusListIndex, notes);
  if (index === undefined) return err('MALFORMED_VALUE_ERROR', 'credentialStatus.statusListIndex must be a non-negative integer (as a string).');
  const statusSize = entry.statusSize === undefined ? 1 : entry.statusSize;
  if (typeof statusSize !== 'number' || !Number.isInteger(statusSize) || statusSize < 1 || statusSize > 8) {
    return err('MALFORMED_VALUE_ERROR', 'credentialStatus.statusSize must be an integer 1…8.');
  }
  if (typeof subject.encodedList !== 'string') return err('MALFORMED_VALUE_ERROR', 'The status list has no encodedList.');
  let bits: Uint8Array;
  try {
    bits = decodeList(subject.encodedList);
  } catch (e) {
    return err('MALFORMED_VALUE_ERROR', (e as Error).message);
  }
  const entries = Math.floor((bits.length * 8) / statusSize);
  if (entries < MIN_STATUS_LIST_LENGTH) {
    return err('STATUS_LIST_LENGTH_ERROR', `The status list has ${entries} entries; at least ${MIN_STATUS_LIST_LENGTH} are required.`);
  }
  if (index >= entries) return err('RANGE_ERROR', `statusListIndex ${index} is outside the list (${entries} entries).`);
  const value = getStatusValue(bits, index, statusSize);
  const reading: StatusReading = { ok: true, status: statusFor(purpose, value), purpose, value };
  if (Array.isArray(entry.statusMessage)) {
    const hex = `0x${value.toString(16)}`;
    const m = entry.statusMessage.find((x) => isRec(x) && typeof x.status === 'string' && x.status.toLowerCase() === hex);
    if (isRec(m) && typeof m.message === 'string') reading.message = m.message;
  }
  if (notes.length) reading.notes = notes;
  return reading;
}

/** Reads a BitstringStatusListEntry against a fetched BitstringStatusListCredential. */
export function readBitstringStatus(entry: unknown, listCredential: unknown, now?: Date): StatusReading {
  if (!isRec(entry) || entry.type !== 'BitstringStatusListEntry') return err('UNSUPPORTED_STATUS_TYPE', 'Not a BitstringStatusListEntry.');
  return readBitList(entry, listCredential, 'bitstring', now);
}

/** Reads a legacy StatusList2021Entry against a fetched StatusList2021Credential. */
export function readStatusList2021(entry: unknown, listCredential: unknown, now?: Date): StatusReading {
  if (!isRec(entry) || entry.type !== 'StatusList2021Entry') return err('UNSUPPORTED_STATUS_TYPE', 'Not a StatusList2021Entry.');
  return readBitList(entry, listCredential, 'statuslist2021', now);
}

/**
 * Reads a `1EdTechRevocationList`: the credential is revoked when its id is listed in `revokedCredential`
 * (with `revoked` true or absent).
 */
export function readOneEdTechRevocationList(credentialId: string, listDocument: unknown): StatusReading {
  if (!isRec(listDocument)) return err('STATUS_VERIFICATION_ERROR', 'The revocation list is not a JSON object.');
  const revoked = listDocument.revokedCredential;
  if (revoked !== undefined && !Array.isArray(revoked)) return err('MALFORMED_VALUE_ERROR', 'revokedCredential must be an array.');
  const hit = (revoked ?? []).find((r) => isRec(r) && typeof r.id === 'string' && r.id.trim() === credentialId.trim());
  if (isRec(hit) && hit.revoked !== false) {
    const out: StatusReading = { ok: true, status: 'revoked', purpose: 'revocation', value: 1 };
    if (typeof hit.revocationReason === 'string') out.message = hit.revocationReason;
    return out;
  }
  return { ok: true, status: 'valid', purpose: 'revocation', value: 0 };
}

/** Which list a `credentialStatus` entry points at (what to fetch), or undefined for an unknown type. */
export function statusListUrlOf(entry: unknown): string | undefined {
  if (!isRec(entry)) return undefined;
  if (entry.type === '1EdTechRevocationList') return typeof entry.id === 'string' ? entry.id : undefined;
  if (entry.type === 'BitstringStatusListEntry' || entry.type === 'StatusList2021Entry') {
    return typeof entry.statusListCredential === 'string' ? entry.statusListCredential : undefined;
  }
  return undefined;
}

/**
 * Reads any supported `credentialStatus` entry against its fetched list document.
 * @example readCredentialStatus(vc.credentialStatus, vc.id, await fetcher(statusListUrlOf(vc.credentialStatus)), now)
 */
export function readCredentialStatus(entry: unknown, credentialId: string, listDocument: unknown, now?: Date): StatusReading {
  if (!isRec(entry)) return err('MALFORMED_VALUE_ERROR', 'credentialStatus must be an object.');
  switch (entry.type) {
    case 'BitstringStatusListEntry':
      return readBitstringStatus(entry, listDocument, now);
    case 'StatusList2021Entry':
      return readStatusList2021(entry, listDocument, now);
    case '1EdTechRevocationList':
      return readOneEdTechRevocationList(credentialId, listDocument);
    default:
      return err('UNSUPPORTED_STATUS_TYPE', `The status type ${JSON.stringify(entry.type)} is not supported.`);
  }
}
