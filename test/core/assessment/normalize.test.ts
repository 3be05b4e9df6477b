import { describe, expect, it } from 'vitest';
import { normalizeText, parseLocaleNumber } from '../../../src/core/assessment/normalize.ts';

describe('normalizeText', () => {
  it.each([
    ['  Hello   World  ', {}, 'hello world'],
    ['Hello\t\nWorld', {}, 'hello world'],
    ['ＡＢＣ', {}, 'abc'], // full-width letters fold by NFKC
    ['ﬁsh', {}, 'fish'], // ligature
    ['STRASSE', {}, 'strasse'],
    ['Straße', {}, 'strasse'], // full case fold: ß → ss
    ['Café', {}, 'café'],
    ['Café', { foldDiacritics: true }, 'cafe'],
    ['Cafe\u0301', { foldDiacritics: true }, 'cafe'], // decomposed accent
    ['Cafe\u0301', {}, 'café'], // NFKC composes
    ['Łódź', { foldDiacritics: true }, 'lodz'],
    ['Øresund', { foldDiacritics: true }, 'oresund'],
    ['Paris', { caseSensitive: true }, 'Paris'],
    ['\u00a0Paris\u2003', {}, 'paris'], // no-break and em spaces
  ])('%j with %j → %j', (input, opts, expected) => {
    expect(normalizeText(input, opts)).toBe(expected);
  });
});

describe('parseLocaleNumber', () => {
  it.each([
    ['3.14', 3.14],
    ['3,14', 3.14],
    ['  42 ', 42],
    ['-0.5', -0.5],
    ['+2', 2],
    ['−7', -7], // Unicode minus
    ['.5', 0.5],
    ['5.', 5],
    ['1 234,5', 1234.5],
    ['1\u202f234,5', 1234.5], // narrow no-break space
    ["1'234.5", 1234.5],
    ['1,234.5', 1234.5],
    ['1.234,5', 1234.5],
    ['1.234.567', 1234567],
    ['1,234,567', 1234567],
    ['1,234', 1.234], // ambiguous single separator: decimal by default
    ['1e3', 1000],
    ['2.5E-2', 0.025],
    ['１２３', 123], // full-width digits
    ['-0', 0],
    ['12 345 678', 12345678],
    ['1_000', 1000],
  ])('%j → %d', (input, expected) => {
    expect(parseLocaleNumber(input)).toEqual({ ok: true, value: expected });
  });

  it('uses the decimal separator hint for an ambiguous single separator', () => {
    expect(parseLocaleNumber('1,234', { decimalSeparator: '.' })).toEqual({ ok: true, value: 1234 });
    expect(parseLocaleNumber('1.234', { decimalSeparator: ',' })).toEqual({ ok: true, value: 1234 });
    expect(parseLocaleNumber('1.5', { decimalSeparator: ',' }).ok).toBe(false);
  });

  it.each(['', '   ', 'NaN', 'Infinity', '-Infinity', 'abc', '0x10', '1e400', '1,2,3', '12,34,567', '1.5,3', '--1', '1-', ',', '.', '1 2', '3,14.15,9', '1e', '∞', '1 23', '12 3456', '1 234.5 6', '- 5'])(
    'rejects %j',
    (input) => {
      const r = parseLocaleNumber(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/\w/);
    },
  );
});
