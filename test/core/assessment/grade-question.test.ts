import { describe, expect, it } from 'vitest';
import { describeCorrectAnswer, gradeQuestion, type ResponseValue } from '../../../src/core/assessment/grade-question.ts';
import { assertValidBank, assertValidQuestion, type Question } from '../../../src/core/assessment/questions.ts';
import { AppError } from '../../../src/core/errors.ts';
import { multiPartial, multiStrict, numeric, shortText, single, trueFalse } from './fixtures.ts';

type Row = [string, Question, ResponseValue, string, number];

const rows: Row[] = [
  // single choice
  ['single: correct', single, 'o2', 'correct', 2],
  ['single: wrong', single, 'o1', 'incorrect', 0],
  ['single: unknown option (tampered)', single, 'o9', 'invalid', 0],
  ['single: array instead of id', single, ['o2'], 'invalid', 0],
  ['single: blank', single, '  ', 'unanswered', 0],
  ['single: missing', single, undefined, 'unanswered', 0],
  // multiple choice, partial credit: (right − wrong) / 3 × 4 points
  ['partial: all correct', multiPartial, ['a', 'b', 'd'], 'correct', 4],
  ['partial: order does not matter', multiPartial, ['d', 'a', 'b'], 'correct', 4],
  ['partial: duplicates count once', multiPartial, ['a', 'a', 'b', 'b', 'd'], 'correct', 4],
  ['partial: 2 of 3, none wrong', multiPartial, ['a', 'b'], 'partial', 2.6667],
  ['partial: 1 of 3', multiPartial, ['a'], 'partial', 1.3333],
  ['partial: 3 right 1 wrong', multiPartial, ['a', 'b', 'd', 'c'], 'partial', 2.6667],
  ['partial: 1 right 1 wrong floors to 0', multiPartial, ['a', 'c'], 'incorrect', 0],
  ['partial: 1 right 2 wrong floors at 0', multiPartial, ['a', 'c', 'e'], 'incorrect', 0],
  ['partial: select everything', multiPartial, ['a', 'b', 'c', 'd', 'e'], 'partial', 1.3333],
  ['partial: only wrong', multiPartial, ['c', 'e'], 'incorrect', 0],
  ['partial: single string accepted as one choice', multiPartial, 'a', 'partial', 1.3333],
  ['partial: unknown option', multiPartial, ['a', 'zz'], 'invalid', 0],
  ['partial: non-string entries', multiPartial, [1, 2] as unknown as string[], 'invalid', 0],
  ['partial: empty list', multiPartial, [], 'unanswered', 0],
  // all or nothing
  ['strict: all correct', multiStrict, ['a', 'b', 'd'], 'correct', 4],
  ['strict: missing one', multiStrict, ['a', 'b'], 'incorrect', 0],
  ['strict: one extra', multiStrict, ['a', 'b', 'c', 'd'], 'incorrect', 0],
  // true / false
  ['tf: false is correct', trueFalse, false, 'correct', 1],
  ['tf: string "false"', trueFalse, 'false', 'correct', 1],
  ['tf: string " FALSE "', trueFalse, ' FALSE ', 'correct', 1],
  ['tf: true is wrong', trueFalse, true, 'incorrect', 0],
  ['tf: "yes" is invalid', trueFalse, 'yes', 'invalid', 0],
  ['tf: number is invalid', trueFalse, 0, 'invalid', 0],
  // numeric, answer 3.14 ± 0.01
  ['numeric: exact', numeric, '3.14', 'correct', 3],
  ['numeric: comma decimal', numeric, '3,14', 'correct', 3],
  ['numeric: upper edge inclusive (float rounding)', numeric, '3.15', 'correct', 3],
  ['numeric: lower edge inclusive', numeric, '3.13', 'correct', 3],
  ['numeric: just outside', numeric, '3.1501', 'incorrect', 0],
  ['numeric: just outside below', numeric, '3.1299', 'incorrect', 0],
  ['numeric: number type', numeric, 3.141, 'correct', 3],
  ['numeric: NaN string', numeric, 'NaN', 'invalid', 0],
  ['numeric: NaN number', numeric, Number.NaN, 'invalid', 0],
  ['numeric: Infinity', numeric, 'Infinity', 'invalid', 0],
  ['numeric: Infinity number', numeric, Number.POSITIVE_INFINITY, 'invalid', 0],
  ['numeric: words', numeric, 'three', 'invalid', 0],
  ['numeric: hex', numeric, '0x3', 'invalid', 0],
  ['numeric: boolean', numeric, true, 'invalid', 0],
  ['numeric: blank', numeric, '', 'unanswered', 0],
  // short text: accepted Paris / Lutèce, diacritics folded
  ['text: exact', shortText, 'Paris', 'correct', 1],
  ['text: case and spaces', shortText, '  pARIS ', 'correct', 1],
  ['text: second accepted answer', shortText, 'Lutèce', 'correct', 1],
  ['text: diacritics folded', shortText, 'lutece', 'correct', 1],
  ['text: full-width', shortText, 'Ｐａｒｉｓ', 'correct', 1],
  ['text: inner space not ignored', shortText, 'Par is', 'incorrect', 0],
  ['text: wrong', shortText, 'London', 'incorrect', 0],
  ['text: array invalid', shortText, ['Paris'], 'invalid', 0],
];

describe('gradeQuestion', () => {
  it.each(rows)('%s', (_name, q, response, outcome, points) => {
    const r = gradeQuestion(q, response);
    expect(r.outcome).toBe(outcome);
    expect(r.pointsAwarded).toBeCloseTo(points, 4);
    expect(r.pointsPossible).toBe(q.points);
    if (outcome === 'invalid') expect(r.message).toBeTruthy();
  });

  it('respects caseSensitive and no diacritics folding', () => {
    const q: Question = { ...shortText, caseSensitive: true, foldDiacritics: false } as Question;
    expect(gradeQuestion(q, 'paris').outcome).toBe('incorrect');
    expect(gradeQuestion(q, 'Paris').outcome).toBe('correct');
    expect(gradeQuestion(q, 'Lutece').outcome).toBe('incorrect');
  });

  it('zero tolerance means exact (up to binary rounding)', () => {
    const q: Question = { ...numeric, answer: 0.3, tolerance: 0 } as Question;
    expect(gradeQuestion(q, 0.1 + 0.2).outcome).toBe('correct');
    expect(gradeQuestion(q, '0.30001').outcome).toBe('incorrect');
  });

  it('describes correct answers for review', () => {
    expect(describeCorrectAnswer(single)).toBe('Paris');
    expect(describeCorrectAnswer(multiPartial)).toBe('2; 3; 5');
    expect(describeCorrectAnswer(trueFalse)).toBe('False');
    expect(describeCorrectAnswer(numeric)).toBe('3.14 (± 0.01) rad');
    expect(describeCorrectAnswer(shortText)).toBe('Paris');
  });
});

describe('question validation', () => {
  const bad: [string, Question, string][] = [
    ['no prompt', { ...single, prompt: ' ' } as Question, 'question.prompt'],
    ['zero points', { ...single, points: 0 } as Question, 'question.points'],
    ['NaN points', { ...single, points: Number.NaN } as Question, 'question.points'],
    ['one option', { ...single, options: [{ id: 'o2', text: 'Paris' }] } as Question, 'question.options'],
    ['correct not an option', { ...single, correctOptionId: 'zz' } as Question, 'question.correctOptionId'],
    ['duplicate option ids', { ...single, options: [{ id: 'o2', text: 'a' }, { id: 'o2', text: 'b' }] } as Question, 'question.options'],
    ['no correct options', { ...multiPartial, correctOptionIds: [] } as Question, 'question.correctOptionIds'],
    ['bad scoring', { ...multiPartial, scoring: 'some' } as unknown as Question, 'question.scoring'],
    ['tf not boolean', { ...trueFalse, correct: 'false' } as unknown as Question, 'question.correct'],
    ['numeric infinite answer', { ...numeric, answer: Number.POSITIVE_INFINITY } as Question, 'question.answer'],
    ['negative tolerance', { ...numeric, tolerance: -1 } as Question, 'question.tolerance'],
    ['no accepted answers', { ...shortText, acceptedAnswers: [] } as Question, 'question.acceptedAnswers'],
    ['empty accepted answer', { ...shortText, acceptedAnswers: ['Paris', ' '] } as Question, 'question.acceptedAnswers'],
    ['unknown type', { ...single, type: 'essay' } as unknown as Question, 'question.type'],
    ['competencies not a list', { ...single, competencies: 'geo' } as unknown as Question, 'question.competencies'],
  ];
  it.each(bad)('rejects %s naming the field', (_n, q, field) => {
    try {
      assertValidQuestion(q);
      expect.unreachable('should throw');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('question_invalid');
      expect((e as AppError).issues.map((i) => i.field)).toContain(field);
    }
  });

  it('accepts every fixture and rejects duplicate ids in a bank', () => {
    for (const q of [single, multiPartial, multiStrict, trueFalse, numeric, shortText]) expect(assertValidQuestion(q)).toBe(q);
    expect(() => assertValidBank([single, single])).toThrowError(/used twice/);
  });
});
