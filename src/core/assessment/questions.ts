/**
 * Question model: the five question types, their validation and the public (answer-free) view.
 * Correct answers live only in these server-side objects; the browser only ever gets {@link PublicQuestion}.
 */
import { AppError, type FieldIssue } from '../errors.ts';

/** One choice of a single- or multiple-choice question. Ids are opaque (generated), never meaningful. */
export interface ChoiceOption {
  id: string;
  text: string;
}

interface QuestionBase {
  id: string;
  /** The question as shown to the learner (plain text or markdown). */
  prompt: string;
  /** Points for a fully correct answer (> 0). */
  points: number;
  /** Ids of the competencies this question gives evidence for. */
  competencies: string[];
  /** Shown to the learner on review, when the review policy allows it. */
  explanation?: string;
}

export interface SingleChoiceQuestion extends QuestionBase {
  type: 'single_choice';
  options: ChoiceOption[];
  correctOptionId: string;
}

/**
 * Multiple choice. `partial` scoring: credit = max(0, (correct chosen − wrong chosen) / number of correct options).
 * `all_or_nothing`: full points only when the chosen set equals the correct set.
 */
export interface MultipleChoiceQuestion extends QuestionBase {
  type: 'multiple_choice';
  options: ChoiceOption[];
  correctOptionIds: string[];
  scoring: 'all_or_nothing' | 'partial';
}

export interface TrueFalseQuestion extends QuestionBase {
  type: 'true_false';
  correct: boolean;
}

/** Numeric answer within an absolute tolerance: |given − answer| ≤ tolerance. */
export interface NumericQuestion extends QuestionBase {
  type: 'numeric';
  answer: number;
  tolerance: number;
  /** Unit shown next to the input, e.g. "kg". */
  unit?: string;
}

/** Short free text, correct when its normalised form equals one accepted answer's normalised form. */
export interface ShortTextQuestion extends QuestionBase {
  type: 'short_text';
  acceptedAnswers: string[];
  caseSensitive?: boolean;
  foldDiacritics?: boolean;
}

export type Question =
  | SingleChoiceQuestion
  | MultipleChoiceQuestion
  | TrueFalseQuestion
  | NumericQuestion
  | ShortTextQuestion;

export type QuestionType = Question['type'];

export const QUESTION_TYPES: readonly QuestionType[] = [
  'single_choice',
  'multiple_choice',
  'true_false',
  'numeric',
  'short_text',
];

/** What the browser receives: no correct option, accepted answer, tolerance or explanation. */
export interface PublicQuestion {
  id: string;
  type: QuestionType;
  prompt: string;
  points: number;
  /** Present for single and multiple choice, in the attempt's (shuffled) order. */
  options?: ChoiceOption[];
  /** Multiple choice only: "choose all that apply". */
  multiple?: boolean;
  /** Numeric only. */
  unit?: string;
}

/**
 * The answer-free view of a question sent to the browser. Built field by field from a whitelist,
 * never by copying the question, so a new answer field can never leak by accident.
 */
export function toPublicQuestion(q: Question): PublicQuestion {
  const view: PublicQuestion = { id: q.id, type: q.type, prompt: q.prompt, points: q.points };
  if (q.type === 'single_choice' || q.type === 'multiple_choice') {
    view.options = q.options.map((o) => ({ id: o.id, text: o.text }));
  }
  if (q.type === 'multiple_choice') view.multiple = true;
  if (q.type === 'numeric' && q.unit !== undefined) view.unit = q.unit;
  return view;
}

const isNonEmpty = (s: unknown): s is string => typeof s === 'string' && s.trim() !== '';

/** Every problem with a question definition, each naming its field (empty when valid). */
export function questionIssues(q: Question, path = 'question'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, message: string) => issues.push({ field: `${path}.${field}`, message });
  if (!isNonEmpty(q.id)) add('id', 'The question needs an id.');
  if (!QUESTION_TYPES.includes(q.type)) {
    add('type', `Unknown question type "${String((q as { type: unknown }).type)}"; use one of ${QUESTION_TYPES.join(', ')}.`);
    return issues;
  }
  if (!isNonEmpty(q.prompt)) add('prompt', 'The question needs a prompt.');
  if (typeof q.points !== 'number' || !Number.isFinite(q.points) || q.points <= 0) {
    add('points', 'Points must be a number greater than 0.');
  }
  if (!Array.isArray(q.competencies) || !q.competencies.every(isNonEmpty)) {
    add('competencies', 'Competencies must be a list of competency ids.');
  }
  if (q.type === 'single_choice' || q.type === 'multiple_choice') {
    const ids = Array.isArray(q.options) ? q.options.map((o) => o?.id) : [];
    if (ids.length < 2) add('options', 'A choice question needs at least two options.');
    if (new Set(ids).size !== ids.length) add('options', 'Option ids must be unique.');
    (q.options ?? []).forEach((o, i) => {
      if (!isNonEmpty(o?.id)) add(`options.${i}.id`, 'Each option needs an id.');
      if (!isNonEmpty(o?.text)) add(`options.${i}.text`, 'Each option needs a text.');
    });
    if (q.type === 'single_choice' && !ids.includes(q.correctOptionId)) {
      add('correctOptionId', 'The correct option must be one of the options.');
    }
    if (q.type === 'multiple_choice') {
      const correct = Array.isArray(q.correctOptionIds) ? q.correctOptionIds : [];
      if (correct.length === 0) add('correctOptionIds', 'Mark at least one option as correct.');
      if (!correct.every((id) => ids.includes(id))) add('correctOptionIds', 'Every correct option must be one of the options.');
      if (new Set(correct).size !== correct.length) add('correctOptionIds', 'A correct option is listed twice.');
      if (q.scoring !== 'all_or_nothing' && q.scoring !== 'partial') {
        add('scoring', 'Scoring must be "all_or_nothing" or "partial".');
      }
    }
  }
  if (q.type === 'true_false' && typeof q.correct !== 'boolean') add('correct', 'The correct answer must be true or false.');
  if (q.type === 'numeric') {
    if (typeof q.answer !== 'number' || !Number.isFinite(q.answer)) add('answer', 'The answer must be a finite number.');
    if (typeof q.tolerance !== 'number' || !Number.isFinite(q.tolerance) || q.tolerance < 0) {
      add('tolerance', 'The tolerance must be a number of at least 0.');
    }
  }
  if (q.type === 'short_text') {
    const accepted = Array.isArray(q.acceptedAnswers) ? q.acceptedAnswers : [];
    if (accepted.length === 0 || !accepted.every(isNonEmpty)) {
      add('acceptedAnswers', 'List at least one accepted answer, none of them empty.');
    }
  }
  return issues;
}

/** Throw `question_invalid` naming every faulty field, or return the question unchanged. */
export function assertValidQuestion(q: Question, path = 'question'): Question {
  const issues = questionIssues(q, path);
  if (issues.length > 0) throw new AppError('question_invalid', issues[0]!.message, { issues });
  return q;
}

/** Validate a whole bank: every question valid and ids unique. */
export function assertValidBank(bank: readonly Question[]): void {
  const issues = bank.flatMap((q, i) => questionIssues(q, `questions.${i}`));
  const seen = new Set<string>();
  bank.forEach((q, i) => {
    if (seen.has(q.id)) issues.push({ field: `questions.${i}.id`, message: `Question id "${q.id}" is used twice.` });
    seen.add(q.id);
  });
  if (issues.length > 0) throw new AppError('question_invalid', issues[0]!.message, { issues });
}
