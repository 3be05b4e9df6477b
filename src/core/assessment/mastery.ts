/**
 * Mastery per competency, computed from graded attempts and the competencies each question is tagged with.
 */
import type { GradedAttempt } from './attempt.ts';
import type { QuestionResult } from './grade-question.ts';
import type { Question } from './questions.ts';

/** A learner's mastery of one competency. */
export interface CompetencyMastery {
  competencyId: string;
  pointsEarned: number;
  pointsPossible: number;
  /** 0–100, rounded to two decimals. */
  percent: number;
  /** Distinct questions that gave evidence. */
  questionCount: number;
}

/**
 * Mastery per competency: for each question the learner has answered, its most recent result counts
 * (so mastery reflects what the learner knows now, not an early miss); a competency's mastery is the
 * points earned over the points possible across the questions tagged with it. Questions no longer in
 * `questions` are ignored. Sorted by competency id.
 */
export function computeMastery(
  gradedAttempts: readonly GradedAttempt[],
  questions: readonly Question[],
): CompetencyMastery[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const latest = new Map<string, QuestionResult>();
  const ordered = gradedAttempts.slice().sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  for (const attempt of ordered) for (const r of attempt.questions) latest.set(r.questionId, r);

  const acc = new Map<string, { earned: number; possible: number; count: number }>();
  for (const [questionId, r] of latest) {
    const q = byId.get(questionId);
    if (!q) continue;
    for (const c of new Set(q.competencies)) {
      const a = acc.get(c) ?? { earned: 0, possible: 0, count: 0 };
      a.earned += r.pointsAwarded;
      a.possible += r.pointsPossible;
      a.count += 1;
      acc.set(c, a);
    }
  }
  return [...acc.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([competencyId, a]) => ({
      competencyId,
      pointsEarned: Math.round(a.earned * 10_000) / 10_000,
      pointsPossible: a.possible,
      percent: a.possible === 0 ? 0 : Math.round((a.earned / a.possible) * 10_000) / 100,
      questionCount: a.count,
    }));
}
