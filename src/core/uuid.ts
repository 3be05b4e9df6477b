/**
 * UUID version 7 (RFC 9562 §5.7): a 48-bit Unix millisecond timestamp, then 74 random bits. Rows keyed by them are
 * inserted at the end of their primary-key index instead of at a random page, so a transaction that stores many
 * credentials dirties (and writes to the journal) a few index pages, not one per row. Used for ids whose creation
 * time is no secret: a credential's `urn:uuid:` id (its `validFrom` and proof already carry that time), learner
 * records, audit entries.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A version 7 UUID for `ms` (Unix milliseconds) from 10 injected random bytes.
 * @example uuidv7(Date.now(), (n) => crypto.getRandomValues(new Uint8Array(n))) // '019391f4-3e1a-7c2d-9f4b-…'
 */
export function uuidv7(ms: number, random: (n: number) => Uint8Array): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms >= 2 ** 48) throw new RangeError('uuidv7 needs a Unix millisecond time within 48 bits');
  const r = random(10);
  if (r.length < 10) throw new RangeError('uuidv7 needs 10 random bytes');
  // 48-bit big-endian milliseconds, then the random bytes with the version (7) and variant (10) bits set.
  const time: string[] = new Array(6);
  let t = ms;
  for (let i = 5; i >= 0; i--) {
    time[i] = HEX[t % 256]!;
    t = Math.floor(t / 256);
  }
  const h = (i: number) => HEX[r[i]!]!;
  return `${time[0]}${time[1]}${time[2]}${time[3]}-${time[4]}${time[5]}-${HEX[0x70 | (r[0]! & 0x0f)]}${h(1)}-`
    + `${HEX[0x80 | (r[2]! & 0x3f)]}${h(3)}-${h(4)}${h(5)}${h(6)}${h(7)}${h(8)}${h(9)}`;
}
