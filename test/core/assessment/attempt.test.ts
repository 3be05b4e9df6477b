import { describe, expect, it } from 'vitest';
import {
  attemptDeadline,
  buildAttemptReview,
  decideReview,
  gradeAttempt,
  type GradedAttempt,
  type ReviewPolicy,
} from '../../../src/core/assessment/attempt.ts';
import { computeMastery } from '../../../src/core/assessment/mastery.ts';
import { AppError } from '../../../src/core/errors.ts';
import { bank, multiPartial, numeric, shortText, single, trueFalse } from './fixtures.ts';

const startedAt = new Date('2026-12-04T10:00:00.000Z');
const at = (seconds: number) => new Date(startedAt.getTime() + seconds * 1000);
const qs = [single, trueFalse, numeric, shortText]; // 2 + 1 + 3 + 1 = 7 points

describe('gradeAttempt', () => {
  it('totals the score, percent and pass/fail', () => {
    const g = gradeAttempt(qs, { 'q-single': 'o2', 'q-tf': false, 'q-num': '3,14', 'q-text': 'nope' }, { now: at(60), startedAt, passMark: 80 });
    expect(g.score).toBe(6);
    expect(g.maxScore).toBe(7);
    expect(g.percent).toBe(85.71);
    expect(g.passed).toBe(true);
    expect(g.durationSeconds).toBe(60);
    expect(g.submittedAt).toBe('2026-12-04T10:01:00.000Z');
    expect(g.questions.map((q) => q.outcome)).toEqual(['correct', 'correct', 'correct', 'incorrect']);
  });

  it.each([
    ['exactly at the pass mark passes', { 'q-single': 'o2', 'q-tf': false, 'q-num': '0', 'q-text': 'x' }, 3 / 7 * 100, true],
    ['just below fails', { 'q-single': 'o2', 'q-tf': true, 'q-num': '0', 'q-text': 'x' }, 3 / 7 * 100, false],
    ['empty responses score 0', {}, 1, false],
    ['pass mark 0 passes anything', {}, 0, true],
    ['all correct meets 100', { 'q-single': 'o2', 'q-tf': 'false', 'q-num': 3.14, 'q-text': 'paris' }, 100, true],
  ])('%s', (_name, responses, passMark, passed) => {
    expect(gradeAttempt(qs, responses, { now: at(1), startedAt, passMark }).passed).toBe(passed);
  });

  it('7 of 10 meets a pass mark of 70 despite floating point', () => {
    const tenth = Array.from({ length: 10 }, (_, i) => ({ ...trueFalse, id: `t${i}`, points: 0.1 }));
    const responses = Object.fromEntries(tenth.map((q, i) => [q.id, i < 7 ? false : true]));
    const g = gradeAttempt(tenth, responses, { now: at(1), startedAt, passMark: 70 });
    expect(g.percent).toBe(70);
    expect(g.passed).toBe(true);
  });

  it('ignores responses to questions outside the attempt and prototype keys', () => {
    const responses = JSON.parse('{"q-single":"o2","other":"x","__proto__":{"q-tf":false}}');
    const g = gradeAttempt([single, trueFalse], responses, { now: at(1), startedAt, passMark: 50 });
    expect(g.questions.map((q) => q.outcome)).toEqual(['correct', 'unanswered']);
  });

  describe('time limit', () => {
    const opts = { startedAt, timeLimitSeconds: 600, passMark: 50 };
    it.each([
      ['well inside', 30, null],
      ['exactly at the deadline', 600, null],
      ['one second late', 601, 'attempt_time_expired'],
      ['inside the grace period', 605, null, 10],
      ['after the grace period', 611, 'attempt_time_expired', 10],
      ['an hour late', 4200, 'attempt_time_expired'],
    ] as const)('%s', (_n, seconds, code, grace?: number) => {
      const run = () => gradeAttempt(qs, {}, { ...opts, now: at(seconds), graceSeconds: grace ?? 0 });
      if (code === null) expect(run().submittedAt).toBe(at(seconds).toISOString());
      else {
        try {
          run();
          expect.unreachable('late submission accepted');
        } catch (e) {
          expect((e as AppError).code).toBe(code);
          expect((e as AppError).message).toContain('2026-12-04T10:10:00.000Z');
        }
      }
    });

    it('no limit accepts any time', () => {
      expect(gradeAttempt(qs, {}, { startedAt, passMark: 0, now: at(86_400 * 30) }).durationSeconds).toBe(86_400 * 30);
      expect(attemptDeadline(startedAt, null)).toBeNull();
      expect(attemptDeadline(startedAt, 90)?.toISOString()).toBe('2026-12-04T10:01:30.000Z');
    });
  });

  it('refuses a pass mark outside 0..100', () => {
    expect(() => gradeAttempt(qs, {}, { now: at(1), startedAt, passMark: 101 })).toThrowError(AppError);
    expect(() => gradeAttempt(qs, {}, { now: at(1), startedAt, passMark: Number.NaN })).toThrowError(/pass mark/);
  });
});

describe('review policy', () => {
  const state = (hasPassed: boolean, attemptsUsed: number, attemptLimit: number | null) => ({ hasPassed, attemptsUsed, attemptLimit });
  it.each([
    ['none', state(true, 3, 3), false],
    ['after_submission', state(false, 1, 3), true],
    ['after_pass', state(false, 1, 3), false],
    ['after_pass', state(true, 1, 3), true],
    ['after_attempts_exhausted', state(false, 2, 3), false],
    ['after_attempts_exhausted', state(false, 3, 3), true],
    ['after_attempts_exhausted', state(true, 50, null), false],
  ] as [ReviewPolicy, ReturnType<typeof state>, boolean][])('%s %j → open=%s', (policy, s, open) => {
    expect(decideReview(policy, s)).toEqual({ showQuestionResults: open, showCorrectAnswers: open, showExplanations: open });
  });

  it('a closed review carries no outcome, correct answer or explanation', () => {
    const g = gradeAttempt([single], { 'q-single': 'o1' }, { now: at(1), startedAt, passMark: 50 });
    const closed = buildAttemptReview([single], g, decideReview('none', state(false, 1, 3)));
    expect(closed).toEqual([{ questionId: 'q-single', prompt: single.prompt, pointsPossible: 2 }]);
    expect(JSON.stringify(closed)).not.toContain('Paris');
    const open = buildAttemptReview([single], g, decideReview('after_submission', state(false, 1, 3)));
    expect(open[0]).toMatchObject({ outcome: 'incorrect', pointsAwarded: 0, correctAnswer: 'Paris', explanation: single.explanation });
  });
});

describe('computeMastery', () => {
  const grade = (responses: Record<string, unknown>, minutes: number): GradedAttempt =>
    gradeAttempt(bank, responses as never, { now: at(minutes * 60), startedAt, passMark: 50 });

  it('sums points per tagged competency; a question tagged twice counts for both', () => {
    const m = computeMastery([grade({ 'q-single': 'o2', 'q-tf': true, 'q-text': 'paris', 'q-num': '3', 'q-multi-partial': ['a', 'b'] }, 1)], bank);
    const byId = Object.fromEntries(m.map((x) => [x.competencyId, x]));
    expect(Object.keys(byId)).toEqual(['geo', 'math', 'science']);
    // geo: single 2/2, tf 0/1, text 1/1 → 3/4
    expect(byId.geo).toMatchObject({ pointsEarned: 3, pointsPossible: 4, percent: 75, questionCount: 3 });
    // math: partial 2.6667/4, strict 0/4, numeric 0/3 → 2.6667 / 11
    expect(byId.math!.percent).toBeCloseTo(24.24, 2);
    expect(byId.science).toMatchObject({ pointsEarned: 0, pointsPossible: 1, percent: 0 });
  });

  it('the latest attempt decides each question, whatever order attempts are given in', () => {
    const first = grade({ 'q-tf': true }, 1);
    const second = grade({ 'q-tf': false }, 5);
    const science = (attempts: GradedAttempt[]) => computeMastery(attempts, bank).find((x) => x.competencyId === 'science');
    expect(science([first, second])!.percent).toBe(100);
    expect(science([second, first])!.percent).toBe(100);
    expect(science([first])!.percent).toBe(0);
  });

  it('ignores questions no longer in the bank and gives nothing for no attempts', () => {
    expect(computeMastery([grade({ 'q-single': 'o2' }, 1)], [multiPartial]).map((m) => m.competencyId)).toEqual(['math']);
    expect(computeMastery([], bank)).toEqual([]);
  });
});
