/** Adapter from the status module's readers to the verifier's status step. */
import { readCredentialStatus } from '../status/index.ts';
import { isObject } from './check-helpers.ts';

/** What a status entry is for: revocation, suspension, another purpose, or undefined for an unknown method. */
export function statusEntryPurpose(entry: unknown): 'revocation' | 'suspension' | 'other' | undefined {
  if (!isObject(entry)) return undefined;
  if (entry.type === '1EdTechRevocationList') return 'revocation';
  if (entry.type === 'BitstringStatusListEntry' || entry.type === 'StatusList2021Entry') {
    const p = entry.statusPurpose;
    return p === 'revocation' || p === 'suspension' ? p : 'other';
  }
  return undefined;
}

/** The reading of one entry: its bit is set, clear, or it could not be read (fatal = the credential's fault). */
export type EntryReading =
  | { status: 'set' | 'clear'; message?: string; details?: Record<string, unknown> }
  | { status: 'error'; fatal: boolean; message: string; details?: Record<string, unknown> };

/** Reads a status entry against its fetched list document. */
export function readEntryStatus(entry: Record<string, unknown>, list: Record<string, unknown>, credentialId: string | undefined, _issuer: string | undefined): EntryReading {
  if (entry.type === '1EdTechRevocationList' && credentialId === undefined) {
    return { status: 'error', fatal: true, message: 'The credential has no id to look up in its revocation list.' };
  }
  // Bitstring Status List v1.0 §2.2: the list credential's id only MAY equal statusListCredential (the 1EdTech
  // test list does not); what binds it is that it was fetched from that URL and its proof verified.
  const notes: string[] = [];
  let doc = list;
  if (typeof entry.statusListCredential === 'string' && typeof list.id === 'string' && list.id !== entry.statusListCredential) {
    notes.push(`The list credential's id (${list.id}) differs from the address it was fetched from.`);
    doc = { ...list, id: entry.statusListCredential };
  }
  const r = readCredentialStatus(entry, credentialId ?? '', doc);
  if (!r.ok) {
    // A bad index or entry is the credential's own defect; a bad or mismatched list means we could not check.
    const fatal = r.code === 'RANGE_ERROR' || (r.code === 'MALFORMED_VALUE_ERROR' && r.message.startsWith('credentialStatus'));
    return { status: 'error', fatal, message: r.message, details: { code: r.code } };
  }
  notes.push(...(r.notes ?? []));
  const details: Record<string, unknown> = { value: r.value, ...(notes.length ? { notes } : {}) };
  if (r.status === 'valid') return { status: 'clear', details };
  return { status: 'set', ...(r.message ? { message: r.message } : {}), details };
}
