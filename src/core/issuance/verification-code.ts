/**
 * Human-typable verification codes: 17 random Crockford base32 symbols (85 bits) plus one Luhn mod 32 check
 * symbol, printed in groups of four: `7KQ2-M9XD-4RTV-HC8N-P3`. Input is normalised the Crockford way (case,
 * I/L → 1, O → 0, hyphens and spaces ignored) and the check symbol catches every single-symbol typo and most
 * swaps of neighbouring symbols before any database lookup.
 */

/** Crockford's base32 alphabet (no I, L, O, U). */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random symbols in a code (85 bits of randomness ≥ the 80 the platform promises). */
export const CODE_RANDOM_SYMBOLS = 17;
/** Total symbols in a code: random symbols plus the check symbol. */
export const CODE_LENGTH = CODE_RANDOM_SYMBOLS + 1;

const VALUE_OF = new Map<string, number>([...CROCKFORD_ALPHABET].map((c, i) => [c, i]));

/** Luhn mod N check symbol value (N = 32) over symbol values, rightmost symbol doubled first. */
function luhnCheck(values: readonly number[]): number {
  const n = 32;
  let factor = 2;
  let sum = 0;
  for (let i = values.length - 1; i >= 0; i--) {
    let addend = factor * (values[i] as number);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return (n - (sum % n)) % n;
}

/** Groups a bare code in fours with hyphens: `7KQ2M9XD…` → `7KQ2-M9XD-…`. */
function group(bare: string): string {
  const groups: string[] = [];
  for (let i = 0; i < bare.length; i += 4) groups.push(bare.slice(i, i + 4));
  return groups.join('-');
}

/**
 * Makes a new verification code from injected randomness.
 * @example generateVerificationCode((n) => crypto.randomBytes(n)) // '7KQ2-M9XD-4RTV-HC8N-P3'
 */
export function generateVerificationCode(random: (n: number) => Uint8Array): string {
  const bytes = random(11); // 88 bits, 85 used
  if (bytes.length < 11) throw new Error('random source returned too few bytes');
  // Symbol i is bits 5i…5i+4 of the bytes read as one big-endian 88-bit number (least significant symbol first).
  const values: number[] = [];
  for (let i = 0; i < CODE_RANDOM_SYMBOLS; i++) {
    const at = 10 - ((5 * i) >> 3);
    const shift = (5 * i) & 7;
    values.push((((bytes[at] as number) >> shift) | (at > 0 ? (bytes[at - 1] as number) << (8 - shift) : 0)) & 31);
  }
  values.push(luhnCheck(values));
  return group(values.map((v) => CROCKFORD_ALPHABET[v]).join(''));
}

/** Crockford normalisation of user input: upper case, I/L → 1, O → 0, hyphens and whitespace dropped. */
function canonicalSymbols(input: string): string {
  return input.toUpperCase().replace(/[\s\-_.]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

export type CodeProblem = 'empty' | 'length' | 'character' | 'checksum';

/**
 * Checks and normalises a code someone typed; returns the canonical grouped code or the problem found.
 * @example parseVerificationCode('7kq2 m9xd 4rtv hc8n p3') // { ok: true, code: '7KQ2-M9XD-4RTV-HC8N-P3' }
 */
export function parseVerificationCode(input: string): { ok: true; code: string } | { ok: false; problem: CodeProblem } {
  const bare = canonicalSymbols(typeof input === 'string' ? input : '');
  if (bare.length === 0) return { ok: false, problem: 'empty' };
  const values: number[] = [];
  for (const c of bare) {
    const v = VALUE_OF.get(c);
    if (v === undefined) return { ok: false, problem: 'character' };
    values.push(v);
  }
  if (values.length !== CODE_LENGTH) return { ok: false, problem: 'length' };
  const check = values.pop() as number;
  if (luhnCheck(values) !== check) return { ok: false, problem: 'checksum' };
  return { ok: true, code: group(bare) };
}

/**
 * The canonical grouped form of a typed code, or null when it is not a well-formed code (wrong length,
 * unknown symbol, failed check symbol). Use it before looking a code up.
 * @example normalizeVerificationCode('7kq2-m9xd-4rtv-hc8n-p3') // '7KQ2-M9XD-4RTV-HC8N-P3'
 */
export function normalizeVerificationCode(input: string): string | null {
  const parsed = parseVerificationCode(input);
  return parsed.ok ? parsed.code : null;
}
