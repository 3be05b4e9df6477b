import { describe, expect, it } from 'vitest';
import { toPublicQuestion, type Question } from '../../../src/core/assessment/questions.ts';
import { randomInt, selectQuestions, shuffle } from '../../../src/core/assessment/selection.ts';
import { AppError } from '../../../src/core/errors.ts';
import { bank, seededRandom } from './fixtures.ts';

/** Every string and number anywhere inside a value, with the keys on the way. */
function walk(value: unknown, visit: (key: string, leaf: unknown) => void, key = ''): void {
  if (Array.isArray(value)) value.forEach((v) => walk(v, visit, key));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) { visit(k, v); walk(v, visit, k); }
  else visit(key, value);
}

const ANSWER_KEYS = ['correct', 'correctOptionId', 'correctOptionIds', 'answer', 'tolerance', 'acceptedAnswers', 'explanation', 'scoring', 'caseSensitive', 'foldDiacritics', 'competencies'];

describe('public view of questions (what the browser gets)', () => {
  it.each(bank.map((q) => [q.type, q.id, q] as const))('%s %s carries no answer anywhere', (_t, _id, q: Question) => {
    const view = toPublicQuestion(q);
    const keys: string[] = [];
    walk(view, (k) => keys.push(k));
    for (const k of ANSWER_KEYS) expect(keys).not.toContain(k);

    const json = JSON.stringify(view);
    if (q.type === 'short_text') for (const a of q.acceptedAnswers) expect(json).not.toContain(a);
    if (q.type === 'numeric') {
      expect(json).not.toContain(String(q.answer));
      expect(json).not.toContain(String(q.tolerance));
    }
    if (q.type === 'true_false') {
      const leaves: unknown[] = [];
      walk(view, (_k, v) => leaves.push(v));
      expect(leaves.filter((v) => typeof v === 'boolean')).toEqual([]);
    }
    if (q.explanation) expect(json).not.toContain(q.explanation);
    // Choice options carry exactly id and text: no flag marks the right one.
    for (const o of view.options ?? []) expect(Object.keys(o).sort()).toEqual(['id', 'text']);
  });

  it('does not copy unknown fields added to a question later', () => {
    const q = { ...bank[0], secretHint: 'it is Paris', rationale: { answer: 'o2' } } as unknown as Question;
    const json = JSON.stringify(toPublicQuestion(q));
    expect(json).not.toContain('secretHint');
    expect(json).not.toContain('it is Paris');
    expect(json).not.toContain('rationale');
  });

  it('keeps what the learner needs: prompt, options in attempt order, unit, multiple flag', () => {
    const [q] = selectQuestions([bank[1]!], {}, seededRandom(3));
    const view = toPublicQuestion(q!);
    expect(view.multiple).toBe(true);
    expect(view.options!.map((o) => o.id)).toEqual(q!.type === 'multiple_choice' ? q!.options.map((o) => o.id) : []);
    expect(toPublicQuestion(bank[4]!).unit).toBe('rad');
  });
});

describe('randomInt and shuffle', () => {
  it('stays in range and is roughly uniform', () => {
    const random = seededRandom(42);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 6000; i++) counts[randomInt(random, 6)]!++;
    for (const c of counts) {
      expect(c).toBeGreaterThan(850);
      expect(c).toBeLessThan(1150);
    }
  });

  it('rejects a bad bound and short randomness', () => {
    expect(() => randomInt(seededRandom(1), 0)).toThrow(RangeError);
    expect(() => randomInt(() => new Uint8Array(2), 5)).toThrow(RangeError);
  });

  it('shuffle is a permutation and does not mutate its input', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = shuffle(input, seededRandom(9));
    expect(out.slice().sort()).toEqual(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('selectQuestions', () => {
  it('draws count distinct questions and is reproducible for the same randomness', () => {
    const a = selectQuestions(bank, { count: 4 }, seededRandom(7));
    const b = selectQuestions(bank, { count: 4 }, seededRandom(7));
    expect(a.map((q) => q.id)).toEqual(b.map((q) => q.id));
    expect(new Set(a.map((q) => q.id)).size).toBe(4);
    for (const q of a) expect(bank.map((x) => x.id)).toContain(q.id);
  });

  it('different randomness gives different draws and option orders', () => {
    const draws = new Set<string>();
    const orders = new Set<string>();
    for (let seed = 1; seed <= 30; seed++) {
      const qs = selectQuestions(bank, { count: 3 }, seededRandom(seed));
      draws.add(qs.map((q) => q.id).join(','));
      const s = selectQuestions([bank[0]!], {}, seededRandom(seed))[0]!;
      if (s.type === 'single_choice') orders.add(s.options.map((o) => o.id).join(','));
    }
    expect(draws.size).toBeGreaterThan(10);
    expect(orders.size).toBe(6); // all 3! orders of three options appear
  });

  it('every question is equally likely to be drawn, in every position', () => {
    const random = seededRandom(1234);
    const first = new Map<string, number>();
    const second = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const [a, b] = selectQuestions(bank, { count: 2, shuffleOptions: false }, random);
      first.set(a!.id, (first.get(a!.id) ?? 0) + 1);
      second.set(b!.id, (second.get(b!.id) ?? 0) + 1);
    }
    for (const counts of [first, second]) {
      expect(counts.size).toBe(6);
      for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(150);
    }
  });

  it('keeps bank order and option order when shuffling is off', () => {
    const qs = selectQuestions(bank, { shuffleQuestions: false, shuffleOptions: false }, seededRandom(5));
    expect(qs.map((q) => q.id)).toEqual(bank.map((q) => q.id));
    expect(qs[0]).toEqual(bank[0]);
  });

  it('does not mutate the bank', () => {
    const before = JSON.stringify(bank);
    selectQuestions(bank, { count: 6 }, seededRandom(11));
    expect(JSON.stringify(bank)).toBe(before);
  });

  it('refuses to draw more than the bank holds, or zero', () => {
    expect(() => selectQuestions(bank, { count: 7 }, seededRandom(1))).toThrowError(AppError);
    try {
      selectQuestions(bank, { count: 7 }, seededRandom(1));
    } catch (e) {
      expect((e as AppError).code).toBe('question_bank_too_small');
      expect((e as AppError).field).toBe('count');
    }
    expect(() => selectQuestions(bank, { count: 0 }, seededRandom(1))).toThrowError(/at least 1/);
    expect(() => selectQuestions([], {}, seededRandom(1))).toThrowError(AppError);
  });
});
