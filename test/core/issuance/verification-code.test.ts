import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CROCKFORD_ALPHABET, generateVerificationCode, normalizeVerificationCode, parseVerificationCode,
} from '../../../src/core/issuance/verification-code.ts';

const fixed = (byte: number) => (n: number) => new Uint8Array(n).fill(byte);

describe('verification codes', () => {
  it('are 18 Crockford symbols grouped 4-4-4-4-2 and deterministic for fixed randomness', () => {
    const code = generateVerificationCode(fixed(0xa5));
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/);
    expect(generateVerificationCode(fixed(0xa5))).toBe(code);
    expect(generateVerificationCode(fixed(0x00))).toBe('0000-0000-0000-0000-00');
    expect(generateVerificationCode(fixed(0x5a))).not.toBe(code);
  });

  it('use 85 bits: every random symbol depends on the input bytes', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(generateVerificationCode((n) => randomBytes(n)));
    expect(seen.size).toBe(2000);
    // each of the first 17 positions takes many values over random input
    const codes = [...seen].map((c) => c.replace(/-/g, ''));
    for (let pos = 0; pos < 17; pos++) expect(new Set(codes.map((c) => c[pos])).size).toBeGreaterThan(20);
  });

  it('normalise case, I/L, O, spaces and hyphens', () => {
    const code = generateVerificationCode((n) => randomBytes(n));
    const bare = code.replace(/-/g, '');
    expect(normalizeVerificationCode(bare.toLowerCase())).toBe(code);
    expect(normalizeVerificationCode(` ${bare.slice(0, 5)} ${bare.slice(5)} `)).toBe(code);
    const withZeroOne = generateVerificationCode(fixed(0x00)); // all zeros
    expect(normalizeVerificationCode(withZeroOne.replace(/0/g, 'o'))).toBe(withZeroOne);
    expect(normalizeVerificationCode('0000-0000-0000-0000-00'.replace(/0/g, 'O'))).toBe('0000-0000-0000-0000-00');
    const ones = '1111-1111-1111-1111-1';
    // compute a valid all-ones-ish code: find the check symbol for seventeen 1s
    const candidates = [...CROCKFORD_ALPHABET].map((c) => `${ones}${c}`).filter((c) => normalizeVerificationCode(c));
    expect(candidates).toHaveLength(1);
    const valid = normalizeVerificationCode(candidates[0] as string) as string;
    expect(normalizeVerificationCode(valid.replace(/1/g, 'l'))).toBe(valid);
    expect(normalizeVerificationCode(valid.replace(/1/g, 'I'))).toBe(valid);
  });

  it('catch every single-symbol typo', () => {
    for (let k = 0; k < 20; k++) {
      const bare = generateVerificationCode((n) => randomBytes(n)).replace(/-/g, '');
      for (let pos = 0; pos < bare.length; pos++) {
        for (const c of CROCKFORD_ALPHABET) {
          if (c === bare[pos]) continue;
          const typo = bare.slice(0, pos) + c + bare.slice(pos + 1);
          expect(parseVerificationCode(typo)).toEqual({ ok: false, problem: 'checksum' });
        }
      }
    }
  });

  it('catch most swaps of neighbouring symbols', () => {
    let swaps = 0, caught = 0;
    for (let k = 0; k < 200; k++) {
      const bare = generateVerificationCode((n) => randomBytes(n)).replace(/-/g, '');
      for (let pos = 0; pos < bare.length - 1; pos++) {
        if (bare[pos] === bare[pos + 1]) continue;
        swaps++;
        const swapped = bare.slice(0, pos) + bare[pos + 1] + bare[pos] + bare.slice(pos + 2);
        if (!normalizeVerificationCode(swapped)) caught++;
      }
    }
    expect(caught / swaps).toBeGreaterThan(0.95);
  });

  it('report what is wrong with bad input', () => {
    expect(parseVerificationCode('')).toEqual({ ok: false, problem: 'empty' });
    expect(parseVerificationCode(' - ')).toEqual({ ok: false, problem: 'empty' });
    expect(parseVerificationCode('7KQ2-M9XD')).toEqual({ ok: false, problem: 'length' });
    expect(parseVerificationCode('7KQ2-M9XD-4RTV-HC8N-PU')).toEqual({ ok: false, problem: 'character' });
    expect(parseVerificationCode('7KQ2-M9XD-4RTV-HC8N-P3#')).toEqual({ ok: false, problem: 'character' });
    expect(normalizeVerificationCode(undefined as unknown as string)).toBeNull();
  });
});
