/**
 * Per-attempt random selection of questions from a bank and shuffling of questions and options.
 * Randomness is injected (`random(n)` returns n random bytes) so tests are reproducible.
 */
import { AppError } from '../errors.ts';
import type { Question } from './questions.ts';

/** Source of randomness: returns `n` uniformly random bytes (e.g. `crypto.randomBytes`). */
export type RandomBytes = (n: number) => Uint8Array;

/** How an attempt is drawn from the bank. */
export interface SelectionPolicy {
  /** How many questions each attempt draws (default: the whole bank). */
  count?: number;
  /** Present the drawn questions in random order (default true); otherwise in bank order. */
  shuffleQuestions?: boolean;
  /** Shuffle the options of choice questions (default true). */
  shuffleOptions?: boolean;
}

/** A uniform integer in [0, bound) from injected bytes, by rejection sampling (no modulo bias). */
export function randomInt(random: RandomBytes, bound: number): number {
  if (!Number.isInteger(bound) || bound <= 0 || bound > 2 ** 32) throw new RangeError('bound must be in 1..2^32');
  if (bound === 1) return 0;
  const limit = Math.floor(2 ** 32 / bound) * bound;
  for (;;) {
    const b = random(4);
    if (b.length < 4) throw new RangeError('random(4) returned fewer than 4 bytes');
    const n = ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
    if (n < limit) return n % bound;
  }
}

/** A shuffled copy (Fisher–Yates) using injected randomness. */
export function shuffle<T>(items: readonly T[], random: RandomBytes): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Draw the questions for one attempt: `count` distinct questions chosen uniformly from the bank, in random
 * order (or bank order), with choice options shuffled. Returns full questions (answers included) to be
 * stored server-side with the attempt; send only `toPublicQuestion` of each to the browser.
 * @example selectQuestions(bank, { count: 10 }, (n) => crypto.randomBytes(n))
 */
export function selectQuestions(bank: readonly Question[], policy: SelectionPolicy, random: RandomBytes): Question[] {
  const count = policy.count ?? bank.length;
  if (!Number.isInteger(count) || count < 1) {
    throw new AppError('validation_failed', 'The number of questions per attempt must be a whole number of at least 1.', {
      field: 'count',
    });
  }
  if (count > bank.length) {
    throw new AppError(
      'question_bank_too_small',
      `The quiz draws ${count} questions but its bank has only ${bank.length}.`,
      { field: 'count' },
    );
  }
  // Partial Fisher–Yates: the first `count` positions become a uniform random ordered sample of the bank.
  const order = bank.map((_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + randomInt(random, order.length - i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  order.length = count;
  if (policy.shuffleQuestions === false) order.sort((a, b) => a - b);
  const shuffleOptions = policy.shuffleOptions !== false;
  return order.map((i) => {
    const q = bank[i]!;
    if (shuffleOptions && (q.type === 'single_choice' || q.type === 'multiple_choice')) {
      return { ...q, options: shuffle(q.options, random) };
    }
    return { ...q };
  });
}
