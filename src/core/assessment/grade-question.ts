/**
 * Grading of one response to one question. Never throws on learner input: a malformed or tampered
 * response is graded as `invalid` with 0 points and a reason.
 */
import { normalizeText, parseLocaleNumber } from './normalize.ts';
import type { Question } from './questions.ts';

/**
 * A learner's response as it arrives from a form or JSON: an option id (single choice), a list of
 * option ids (multiple choice), a boolean or "true"/"false" (true/false), or the typed text (numeric, short text).
 */
export type ResponseValue = string | readonly string[] | boolean | number | null | undefined;

export type QuestionOutcome = 'correct' | 'partial' | 'incorrect' | 'unanswered' | 'invalid';

/** The grade of one question. */
export interface QuestionResult {
  questionId: string;
  outcome: QuestionOutcome;
  pointsAwarded: number;
  pointsPossible: number;
  /** Why a response was invalid (e.g. "not a number"), for the learner. */
  message?: string;
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

const isBlank = (r: ResponseValue) =>
  r === undefined || r === null || (typeof r === 'string' && r.trim() === '') || (Array.isArray(r) && r.length === 0);

function result(q: Question, outcome: QuestionOutcome, fraction: number, message?: string): QuestionResult {
  const r: QuestionResult = {
    questionId: q.id,
    outcome,
    pointsAwarded: round4(q.points * fraction),
    pointsPossible: q.points,
  };
  if (message !== undefined) r.message = message;
  return r;
}

/** Grade one response against one question (server side only). */
export function gradeQuestion(q: Question, response: ResponseValue): QuestionResult {
  if (isBlank(response)) return result(q, 'unanswered', 0);
  switch (q.type) {
    case 'single_choice': {
      if (typeof response !== 'string') return result(q, 'invalid', 0, 'Choose one option.');
      if (!q.options.some((o) => o.id === response)) return result(q, 'invalid', 0, 'The chosen option is not part of this question.');
      return response === q.correctOptionId ? result(q, 'correct', 1) : result(q, 'incorrect', 0);
    }
    case 'multiple_choice': {
      const chosen = typeof response === 'string' ? [response] : response;
      if (!Array.isArray(chosen) || !chosen.every((c) => typeof c === 'string')) {
        return result(q, 'invalid', 0, 'Choose options from the list.');
      }
      const unique = new Set<string>(chosen);
      if (![...unique].every((id) => q.options.some((o) => o.id === id))) {
        return result(q, 'invalid', 0, 'A chosen option is not part of this question.');
      }
      const correct = new Set(q.correctOptionIds);
      const right = [...unique].filter((id) => correct.has(id)).length;
      const wrong = unique.size - right;
      if (right === correct.size && wrong === 0) return result(q, 'correct', 1);
      if (q.scoring === 'all_or_nothing') return result(q, 'incorrect', 0);
      const fraction = Math.max(0, (right - wrong) / correct.size);
      return fraction > 0 ? result(q, 'partial', fraction) : result(q, 'incorrect', 0);
    }
    case 'true_false': {
      let value: boolean | undefined;
      if (typeof response === 'boolean') value = response;
      else if (typeof response === 'string') {
        const t = response.trim().toLowerCase();
        value = t === 'true' ? true : t === 'false' ? false : undefined;
      }
      if (value === undefined) return result(q, 'invalid', 0, 'Answer true or false.');
      return value === q.correct ? result(q, 'correct', 1) : result(q, 'incorrect', 0);
    }
    case 'numeric': {
      let value: number;
      if (typeof response === 'number') {
        if (!Number.isFinite(response)) return result(q, 'invalid', 0, 'The answer must be a finite number.');
        value = response;
      } else if (typeof response === 'string') {
        const parsed = parseLocaleNumber(response);
        if (!parsed.ok) return result(q, 'invalid', 0, parsed.reason);
        value = parsed.value;
      } else {
        return result(q, 'invalid', 0, 'Type a number.');
      }
      // A relative epsilon absorbs binary rounding (|3.15 − 3.14| is 0.01000000000000023 in floating point).
      const epsilon = 1e-9 * Math.max(1, Math.abs(q.answer), Math.abs(value));
      return Math.abs(value - q.answer) <= q.tolerance + epsilon ? result(q, 'correct', 1) : result(q, 'incorrect', 0);
    }
    case 'short_text': {
      if (typeof response !== 'string') return result(q, 'invalid', 0, 'Type an answer.');
      const opts = { caseSensitive: q.caseSensitive ?? false, foldDiacritics: q.foldDiacritics ?? false };
      const given = normalizeText(response, opts);
      return q.acceptedAnswers.some((a) => normalizeText(a, opts) === given)
        ? result(q, 'correct', 1)
        : result(q, 'incorrect', 0);
    }
  }
}

/** The correct answer in a form fit to show on review (only when the review policy allows it). */
export function describeCorrectAnswer(q: Question): string {
  switch (q.type) {
    case 'single_choice':
      return q.options.find((o) => o.id === q.correctOptionId)?.text ?? '';
    case 'multiple_choice':
      return q.options.filter((o) => q.correctOptionIds.includes(o.id)).map((o) => o.text).join('; ');
    case 'true_false':
      return q.correct ? 'True' : 'False';
    case 'numeric':
      return `${q.answer}${q.tolerance > 0 ? ` (± ${q.tolerance})` : ''}${q.unit ? ` ${q.unit}` : ''}`;
    case 'short_text':
      return q.acceptedAnswers[0] ?? '';
  }
}
