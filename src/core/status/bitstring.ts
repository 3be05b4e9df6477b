/**
 * W3C Bitstring Status List v1.0 bitstrings: index 0 is the left-most bit (most significant bit of byte 0),
 * at least 131,072 entries, GZIP then multibase base64url (`u`, no padding).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { AppError } from '../errors.ts';

/** Smallest list the spec allows (16 KiB of bits), which keeps any one index hidden among many. */
export const MIN_STATUS_LIST_LENGTH = 131072;
/** Refuse to inflate lists beyond this (a gzip bomb guard): 16 MiB = 134 million entries. */
export const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;

/**
 * A zeroed bitstring of `size` entries (≥ 131,072 and a multiple of 8).
 * @example const bits = createBitstring(131072); setBit(bits, 94567); encodeList(bits)
 */
export function createBitstring(size: number = MIN_STATUS_LIST_LENGTH): Uint8Array {
  if (!Number.isInteger(size) || size < MIN_STATUS_LIST_LENGTH || size % 8 !== 0) {
    throw new AppError('validation_failed', `A status list needs at least ${MIN_STATUS_LIST_LENGTH} entries, a multiple of 8 (got ${size}).`, { field: 'size' });
  }
  return new Uint8Array(size / 8);
}

function checkIndex(bits: Uint8Array, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new AppError('validation_failed', `Status index ${index} is outside the list (0…${bits.length * 8 - 1}).`, { field: 'statusListIndex' });
  }
}

/** Reads bit `index` (MSB-first). */
export function getBit(bits: Uint8Array, index: number): boolean {
  checkIndex(bits, index);
  return ((bits[index >> 3]! >> (7 - (index & 7))) & 1) === 1;
}

/** Sets bit `index` to 1 in place. */
export function setBit(bits: Uint8Array, index: number): void {
  checkIndex(bits, index);
  bits[index >> 3]! |= 0x80 >> (index & 7);
}

/** Clears bit `index` to 0 in place. */
export function clearBit(bits: Uint8Array, index: number): void {
  checkIndex(bits, index);
  bits[index >> 3]! &= ~(0x80 >> (index & 7)) & 0xff;
}

/** Reads a `statusSize`-bit status value starting at `index × statusSize` (MSB-first). */
export function getStatusValue(bits: Uint8Array, index: number, statusSize = 1): number {
  let value = 0;
  const start = index * statusSize;
  for (let i = 0; i < statusSize; i++) value = (value << 1) | (getBit(bits, start + i) ? 1 : 0);
  return value;
}

/** Writes a `statusSize`-bit status value starting at `index × statusSize`. */
export function setStatusValue(bits: Uint8Array, index: number, value: number, statusSize = 1): void {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** statusSize) {
    throw new AppError('validation_failed', `Status value ${value} does not fit in ${statusSize} bit(s).`, { field: 'value' });
  }
  const start = index * statusSize;
  for (let i = 0; i < statusSize; i++) {
    if ((value >> (statusSize - 1 - i)) & 1) setBit(bits, start + i);
    else clearBit(bits, start + i);
  }
}

/** GZIP + multibase base64url (`u` prefix, no padding), as `encodedList` wants. */
export function encodeList(bits: Uint8Array): string {
  // mtime 0 and a fixed OS byte keep the output deterministic for the same bits.
  const gz = gzipSync(bits, { level: 9 });
  return 'u' + Buffer.from(gz.buffer, gz.byteOffset, gz.byteLength).toString('base64url');
}

/**
 * Decodes an `encodedList` (multibase `u` base64url; the legacy StatusList2021 form without prefix is accepted too)
 * and inflates it. Throws AppError(validation_failed, field `encodedList`) on anything malformed.
 */
export function decodeList(encoded: string, maxBytes = MAX_STATUS_LIST_BYTES): Uint8Array {
  if (typeof encoded !== 'string' || encoded.length < 2) {
    throw new AppError('validation_failed', 'encodedList must be a non-empty string.', { field: 'encodedList' });
  }
  // GZIP starts 1f 8b 08, which is "H4sI" in base64: that tells the multibase prefix from data.
  const body = encoded.startsWith('u') && encoded.slice(1, 4) === 'H4s' ? encoded.slice(1) : encoded;
  if (!/^[A-Za-z0-9_\-+/]+={0,2}$/.test(body)) {
    throw new AppError('validation_failed', 'encodedList is not base64url (multibase "u").', { field: 'encodedList' });
  }
  const gz = Buffer.from(body.replace(/\+/g, '-').replace(/\//g, '_'), 'base64url');
  try {
    const raw = gunzipSync(gz, { maxOutputLength: maxBytes });
    return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  } catch (e) {
    const tooBig = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || /too large|maxOutputLength/i.test(String(e));
    throw new AppError('validation_failed', tooBig ? `encodedList inflates beyond ${maxBytes} bytes.` : 'encodedList is not GZIP data.', {
      field: 'encodedList',
      cause: e,
    });
  }
}
