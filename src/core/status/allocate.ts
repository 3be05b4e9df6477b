/** Random status-list index allocation (the spec asks issuers to assign indexes randomly, not in sequence). */
import { AppError } from '../errors.ts';

/** Injected randomness: `n` cryptographically random bytes. */
export type RandomBytes = (n: number) => Uint8Array;

/** Uniform random integer in [0, bound) by rejection sampling over 32-bit draws. */
export function randomInt(bound: number, random: RandomBytes): number {
  if (!Number.isInteger(bound) || bound <= 0 || bound > 2 ** 32) throw new RangeError(`bound must be an integer in 1…2^32 (got ${bound})`);
  const limit = Math.floor(2 ** 32 / bound) * bound;
  for (;;) {
    const b = random(4);
    if (b.length < 4) throw new RangeError('random() returned fewer bytes than asked');
    const v = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    if (v < limit) return v % bound;
  }
}

/**
 * Picks an unused index in [0, size) uniformly at random. `used` is a Set or a predicate (e.g. a bitmap of allocated
 * indexes). After a few random misses on a nearly full list it scans from a random start, so it always terminates;
 * it throws AppError(status_list_full) when every index is taken.
 * @example pickRandomFreeIndex(new Set([3, 9]), 131072, (n) => crypto.getRandomValues(new Uint8Array(n)))
 */
export function pickRandomFreeIndex(used: ReadonlySet<number> | ((index: number) => boolean), size: number, random: RandomBytes): number {
  const isUsed = typeof used === 'function' ? used : (i: number) => used.has(i);
  if (typeof used !== 'function' && used.size >= size) throw full(size);
  for (let attempt = 0; attempt < 64; attempt++) {
    const i = randomInt(size, random);
    if (!isUsed(i)) return i;
  }
  const start = randomInt(size, random);
  for (let k = 0; k < size; k++) {
    const i = (start + k) % size;
    if (!isUsed(i)) return i;
  }
  throw full(size);
}

function full(size: number): AppError {
  return new AppError('status_list_full', `The status list is full (${size} entries); start a new list.`, { field: 'statusListIndex' });
}
