/**
 * UUID version 7 (RFC 9562 §5.7): a 48-bit Unix millisecond timestamp, then 74 random bits. Rows keyed by them are
 * inserted at the end of their primary-key index instead of at a random page, so a transaction that stores many
 * credentials dirties (and writes to the journal) a few index pages, not one per row. Used for ids whose creation
 * time is no secret: a credential's `urn:uuid:` id (its `validFrom` and proof already carry that time), learner
 * records, audit entries.
 */

/**
 * A version 7 UUID for `ms` (Unix milliseconds) from 10 injected random bytes.
 * @example uuidv7(Date.now(), (n) => crypto.getRandomValues(new Uint8Array(n))) // '019391f4-3e1a-7c2d-9f4b-…'
 */
export function uuidv7(ms: number, random: (n: number) => Uint8Array): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms >= 2 ** 48) throw new RangeError('uuidv7 needs a Unix millisecond time within 48 bits');
  const r = random(10);
  if (r.length < 10) throw new RangeError('uuidv7 needs 10 random bytes');
  const b = new Uint8Array(16);
  let t = ms;
  for (let i = 5; i >= 0; i--) {
    b[i] = t % 256;
    t = Math.floor(t / 256);
  }
  b.set(r.subarray(0, 10), 6);
  b[6] = 0x70 | (b[6]! & 0x0f); // version 7
  b[8] = 0x80 | (b[8]! & 0x3f); // variant 10
  const h = Buffer.from(b.buffer, b.byteOffset, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
