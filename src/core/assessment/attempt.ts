/**
 * Grading of a whole quiz attempt (server side), the time limit, and the review policy that decides
 * which feedback a learner sees afterwards.
 */
import { AppError } from '../errors.ts';
import { describeCorrectAnswer, gradeQuestion, type QuestionResult, type ResponseValue } from './grade-question.ts';
import type { Question } from './questions.ts';

/** When a graded attempt is submitted and how it is judged. */
export interface GradeOptions {
  now: Date;
  startedAt: Date;
  /** Seconds allowed from `startedAt`; null or undefined for no limit. */
  timeLimitSeconds?: number | null;
  /** Extra seconds tolerated for network latency after the limit (default 0). */
  graceSeconds?: number;
  /** Percent (0–100) needed to pass. */
  passMark: number;
}

/** A graded attempt: totals, pass/fail and one result per question in attempt order. */
export interface GradedAttempt {
  score: number;
  maxScore: number;
  /** 0–100, rounded to two decimals. */
  percent: number;
  passed: boolean;
  passMark: number;
  startedAt: string;
  submittedAt: string;
  durationSeconds: number;
  questions: QuestionResult[];
}

/** The deadline of an attempt, or null when it has no time limit. */
export function attemptDeadline(startedAt: Date, timeLimitSeconds: number | null | undefined): Date | null {
  if (timeLimitSeconds === null || timeLimitSeconds === undefined) return null;
  return new Date(startedAt.getTime() + timeLimitSeconds * 1000);
}

/**
 * Grade an attempt server-side. Throws `attempt_time_expired` when submitted after the time limit
 * (plus grace); responses to questions not in the attempt are ignored.
 * @example gradeAttempt(questions, { q1: 'opt-b' }, { now, startedAt, timeLimitSeconds: 600, passMark: 70 })
 */
export function gradeAttempt(
  attemptQuestions: readonly Question[],
  responses: Readonly<Record<string, ResponseValue>>,
  opts: GradeOptions,
): GradedAttempt {
  if (!Number.isFinite(opts.passMark) || opts.passMark < 0 || opts.passMark > 100) {
    throw new AppError('validation_failed', 'The pass mark must be a percentage from 0 to 100.', { field: 'passMark' });
  }
  const deadline = attemptDeadline(opts.startedAt, opts.timeLimitSeconds);
  if (deadline !== null) {
    const graceMs = (opts.graceSeconds ?? 0) * 1000;
    if (opts.now.getTime() > deadline.getTime() + graceMs) {
      throw new AppError(
        'attempt_time_expired',
        `The time limit ended at ${deadline.toISOString()}; this submission arrived at ${opts.now.toISOString()} and was not accepted.`,
        { details: { deadline: deadline.toISOString() } },
      );
    }
  }
  const questions = attemptQuestions.map((q) =>
    gradeQuestion(q, Object.prototype.hasOwnProperty.call(responses, q.id) ? responses[q.id] : undefined),
  );
  const score = Math.round(questions.reduce((s, r) => s + r.pointsAwarded, 0) * 10_000) / 10_000;
  const maxScore = attemptQuestions.reduce((s, q) => s + q.points, 0);
  const exact = maxScore === 0 ? 0 : (score / maxScore) * 100;
  return {
    score,
    maxScore,
    percent: Math.round(exact * 100) / 100,
    // Compare the unrounded ratio with a tiny tolerance so 7/10 meets a pass mark of 70 despite floating point.
    passed: exact + 1e-9 >= opts.passMark,
    passMark: opts.passMark,
    startedAt: opts.startedAt.toISOString(),
    submittedAt: opts.now.toISOString(),
    durationSeconds: Math.max(0, Math.round((opts.now.getTime() - opts.startedAt.getTime()) / 1000)),
    questions,
  };
}

/**
 * When the learner may see per-question feedback (correctness, the correct answers, explanations):
 * - `none`: never; only the score and pass/fail.
 * - `after_submission`: right after each submitted attempt.
 * - `after_pass`: once the learner has passed (so failed attempts cannot harvest answers for the next one).
 * - `after_attempts_exhausted`: once no attempts remain (never, with unlimited attempts).
 */
export type ReviewPolicy = 'none' | 'after_submission' | 'after_pass' | 'after_attempts_exhausted';

export const REVIEW_POLICIES: readonly ReviewPolicy[] = ['none', 'after_submission', 'after_pass', 'after_attempts_exhausted'];

/** What the results page may show. The score and pass/fail are always shown. */
export interface ReviewVisibility {
  showQuestionResults: boolean;
  showCorrectAnswers: boolean;
  showExplanations: boolean;
}

/** Decide the feedback shown for a learner's attempt under a review policy. */
export function decideReview(
  policy: ReviewPolicy,
  state: { hasPassed: boolean; attemptsUsed: number; attemptLimit: number | null },
): ReviewVisibility {
  let open: boolean;
  switch (policy) {
    case 'none':
      open = false;
      break;
    case 'after_submission':
      open = true;
      break;
    case 'after_pass':
      open = state.hasPassed;
      break;
    case 'after_attempts_exhausted':
      open = state.attemptLimit !== null && state.attemptsUsed >= state.attemptLimit;
      break;
  }
  return { showQuestionResults: open, showCorrectAnswers: open, showExplanations: open };
}

/** One row of the learner's review page, holding only what the visibility allows. */
export interface ReviewItem {
  questionId: string;
  prompt: string;
  pointsPossible: number;
  outcome?: QuestionResult['outcome'];
  pointsAwarded?: number;
  correctAnswer?: string;
  explanation?: string;
}

/** Build the learner's review of a graded attempt, revealing only what `visibility` allows. */
export function buildAttemptReview(
  attemptQuestions: readonly Question[],
  graded: GradedAttempt,
  visibility: ReviewVisibility,
): ReviewItem[] {
  return attemptQuestions.map((q) => {
    const item: ReviewItem = { questionId: q.id, prompt: q.prompt, pointsPossible: q.points };
    const r = graded.questions.find((x) => x.questionId === q.id);
    if (visibility.showQuestionResults && r) {
      item.outcome = r.outcome;
      item.pointsAwarded = r.pointsAwarded;
    }
    if (visibility.showCorrectAnswers) item.correctAnswer = describeCorrectAnswer(q);
    if (visibility.showExplanations && q.explanation !== undefined) item.explanation = q.explanation;
    return item;
  });
}
