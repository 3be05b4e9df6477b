/**
 * Normalisation of learner input: free-text answers and typed numbers.
 * Both are compared server-side only, after the same normalisation is applied to the accepted answers.
 */

/** Options for {@link normalizeText}. */
export interface TextNormalization {
  /** Keep upper/lower case distinct (default false: answers are case-folded). */
  caseSensitive?: boolean;
  /** Fold diacritics so that "café" matches "cafe" (default false). */
  foldDiacritics?: boolean;
}

// Letters that carry a stroke rather than a combining mark, so NFD does not split them.
const STROKE_LETTERS: Record<string, string> = {
  ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ħ: 'h', Ħ: 'H', ı: 'i', ŧ: 't', Ŧ: 'T',
};

/**
 * Normalise a free-text answer: Unicode NFKC, trim, collapse runs of white space to one space,
 * full case folding (so "STRASSE" equals "straße"), and optionally diacritics folding.
 * @example normalizeText('  Ｃafé   au  LAIT ', { foldDiacritics: true }) // 'cafe au lait'
 */
export function normalizeText(input: string, opts: TextNormalization = {}): string {
  let s = input.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  if (opts.foldDiacritics) {
    s = s
      .normalize('NFD')
      .replace(/\p{Mn}+/gu, '')
      .replace(/[øØłŁđĐħĦıŧŦ]/gu, (c) => STROKE_LETTERS[c] ?? c)
      .normalize('NFC');
  }
  // toUpperCase().toLowerCase() is a locale-independent full case fold (ß → SS → ss, ﬀ handled by NFKC).
  if (!opts.caseSensitive) s = s.toUpperCase().toLowerCase();
  return s;
}

/** Result of {@link parseLocaleNumber}: a finite number, or the reason the text is not one. */
export type ParsedNumber = { ok: true; value: number } | { ok: false; reason: string };

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Parse a number typed by a person in any common locale: "3.14", "3,14", "1 234,5", "1,234.5",
 * "1.234.567", "−2" (Unicode minus), full-width digits. Rejects NaN, Infinity, hex and anything else.
 *
 * Ambiguity rule: when only one kind of separator appears exactly once ("1,234" or "1.234") it is the
 * decimal separator unless `decimalSeparator` says otherwise; when both appear, the last one is the decimal
 * separator; a separator that appears more than once is a thousands separator and must group by three.
 * @example parseLocaleNumber('1 234,5') // { ok: true, value: 1234.5 }
 */
export function parseLocaleNumber(input: string, opts: { decimalSeparator?: '.' | ',' } = {}): ParsedNumber {
  let s = input.normalize('NFKC').trim().replace(/[\u2212\u2012\u2013\uFE63\uFF0D]/gu, '-');
  if (s === '') return { ok: false, reason: 'No number was given.' };
  // A space (including no-break and thin spaces), apostrophe or underscore between digits groups thousands: mark it G.
  s = s.replace(/(?<=\d)[\s'\u2019_](?=\d)/gu, 'G');
  if (!/^[+-]?[\d.,G]+(e[+-]?\d+)?$/i.test(s)) return { ok: false, reason: `"${input.trim()}" is not a number.` };

  const mantissaEnd = s.search(/e/i);
  const mantissa = mantissaEnd === -1 ? s : s.slice(0, mantissaEnd);
  const exponent = mantissaEnd === -1 ? '' : s.slice(mantissaEnd);
  const dots = (mantissa.match(/\./g) ?? []).length;
  const commas = (mantissa.match(/,/g) ?? []).length;

  let decimal: '.' | ',' | null = null;
  if (dots > 0 && commas > 0) {
    decimal = mantissa.lastIndexOf('.') > mantissa.lastIndexOf(',') ? '.' : ',';
  } else if (dots === 1 || commas === 1) {
    decimal = opts.decimalSeparator ?? (dots === 1 ? '.' : ',');
    if ((dots === 1 ? '.' : ',') !== decimal) decimal = null; // the single separator groups thousands
  }
  const thousands = decimal === '.' ? ',' : decimal === ',' ? '.' : dots > 0 ? '.' : ',';
  if (decimal !== null && mantissa.split(decimal).length > 2) {
    return { ok: false, reason: `"${input.trim()}" has more than one decimal separator.` };
  }

  const [intPart = '', fracPart] = decimal === null ? [mantissa] : mantissa.split(decimal);
  if (intPart.includes(thousands) || intPart.includes('G')) {
    const groups = intPart.replace(/^[+-]/, '').split(thousands === '.' ? /[.G]/ : /[,G]/);
    const validGroups = groups[0] !== '' && groups[0]!.length <= 3 && groups.slice(1).every((g) => /^\d{3}$/.test(g));
    if (!validGroups) return { ok: false, reason: `"${input.trim()}" has misplaced digit-group separators.` };
  }
  if (fracPart !== undefined && /[.,G]/.test(fracPart)) {
    return { ok: false, reason: `"${input.trim()}" has a group separator after the decimal separator.` };
  }
  const plain = intPart.replace(/[.,G]/g, '') + (fracPart === undefined ? '' : `.${fracPart}`) + exponent;
  if (!PLAIN_NUMBER.test(plain)) return { ok: false, reason: `"${input.trim()}" is not a number.` };
  const value = Number(plain);
  if (!Number.isFinite(value)) return { ok: false, reason: `"${input.trim()}" is too large.` };
  return { ok: true, value: Object.is(value, -0) ? 0 : value };
}
