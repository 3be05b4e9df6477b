/**
 * Turning what an author types (form or JSON) into a validated {@link Question}. Choice options are
 * given as `{ text, correct }`; their ids are generated (opaque) so an id never hints at the answer.
 */
import { AppError, type FieldIssue } from '../errors.ts';
import { parseLocaleNumber } from './normalize.ts';
import { assertValidQuestion, QUESTION_TYPES, type ChoiceOption, type Question, type QuestionType } from './questions.ts';

export interface QuestionOptionInput {
  text: string;
  correct?: boolean;
  /** Keep an existing option id when editing. */
  id?: string;
}

/** The authoring shape of a question; only the fields of its type are used. */
export interface QuestionInput {
  type: QuestionType;
  prompt: string;
  points?: number | string;
  competencies?: string[] | string;
  explanation?: string;
  options?: QuestionOptionInput[];
  scoring?: 'all_or_nothing' | 'partial';
  correct?: boolean | string;
  answer?: number | string;
  tolerance?: number | string;
  unit?: string;
  acceptedAnswers?: string[] | string;
  caseSensitive?: boolean | string;
  foldDiacritics?: boolean | string;
}

const flag = (v: unknown) => v === true || v === 'true' || v === 'on' || v === '1';
const lines = (v: unknown): string[] =>
  (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/\r?\n/) : []).map((s) => String(s).trim()).filter((s) => s !== '');

function num(issues: FieldIssue[], field: string, v: unknown, def?: number): number {
  if ((v === undefined || v === '') && def !== undefined) return def;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const p = parseLocaleNumber(v, { decimalSeparator: '.' });
    if (p.ok) return p.value;
  }
  issues.push({ field, message: `${field} must be a number.` });
  return Number.NaN;
}

/**
 * Build a question from author input with id `id`; `newId()` names new options. Throws `question_invalid`
 * (or `validation_failed` for unparseable numbers) naming each field at fault.
 * @example questionFromInput({ type: 'true_false', prompt: 'Water boils at 100 °C at sea level.', correct: true }, 'q1', uuid)
 */
export function questionFromInput(raw: QuestionInput, id: string, newId: () => string): Question {
  const issues: FieldIssue[] = [];
  if (!QUESTION_TYPES.includes(raw?.type)) {
    throw new AppError('question_invalid', `Choose a question type: ${QUESTION_TYPES.join(', ')}.`, { field: 'type' });
  }
  const base = {
    id,
    prompt: typeof raw.prompt === 'string' ? raw.prompt.trim() : '',
    points: num(issues, 'points', raw.points, 1),
    competencies: lines(raw.competencies).flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean),
    ...(typeof raw.explanation === 'string' && raw.explanation.trim() ? { explanation: raw.explanation.trim() } : {}),
  };
  let q: Question;
  switch (raw.type) {
    case 'single_choice':
    case 'multiple_choice': {
      const given = (Array.isArray(raw.options) ? raw.options : []).filter((o) => typeof o?.text === 'string' && o.text.trim() !== '');
      const options: ChoiceOption[] = given.map((o) => ({ id: typeof o.id === 'string' && o.id ? o.id : newId(), text: o.text.trim() }));
      const correctIds = options.filter((_, i) => flag(given[i]!.correct)).map((o) => o.id);
      if (raw.type === 'single_choice') {
        if (correctIds.length !== 1) issues.push({ field: 'options', message: 'Mark exactly one option as correct.' });
        q = { ...base, type: 'single_choice', options, correctOptionId: correctIds[0] ?? '' };
      } else {
        q = { ...base, type: 'multiple_choice', options, correctOptionIds: correctIds, scoring: raw.scoring === 'all_or_nothing' ? 'all_or_nothing' : 'partial' };
      }
      break;
    }
    case 'true_false':
      if (raw.correct === undefined || raw.correct === '') issues.push({ field: 'correct', message: 'Say whether the statement is true or false.' });
      q = { ...base, type: 'true_false', correct: flag(raw.correct) };
      break;
    case 'numeric': {
      q = { ...base, type: 'numeric', answer: num(issues, 'answer', raw.answer), tolerance: num(issues, 'tolerance', raw.tolerance, 0) };
      if (typeof raw.unit === 'string' && raw.unit.trim()) q.unit = raw.unit.trim();
      break;
    }
    case 'short_text':
      q = {
        ...base,
        type: 'short_text',
        acceptedAnswers: lines(raw.acceptedAnswers),
        ...(flag(raw.caseSensitive) ? { caseSensitive: true } : {}),
        ...(flag(raw.foldDiacritics) ? { foldDiacritics: true } : {}),
      };
      break;
  }
  if (issues.length) throw new AppError('question_invalid', issues[0]!.message, { issues });
  return assertValidQuestion(q, 'question');
}
