import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../helpers/db.ts';
import { isUniqueViolation } from '../../src/db/util.ts';
import {
  findModule, insertBankQuestion, insertEnrolment, insertModule, listBankQuestions, listEnrolledLearners, archiveBankQuestion,
  type LearningModule,
} from '../../src/db/repositories/modules.repository.ts';
import { completeAttempt, findAttemptByTokenHash, insertAttempt, insertQuiz, listAttempts, quizStats, type Quiz } from '../../src/db/repositories/quizzes.repository.ts';
import { insertProject, insertSubmission, listReviewQueue, recordReview } from '../../src/db/repositories/projects.repository.ts';
import { claimAward, findAward, insertCompletionOnce, upsertAwardRule, findAwardRule } from '../../src/db/repositories/awards.repository.ts';
import { gradeAttempt } from '../../src/core/assessment/attempt.ts';
import { scoreRubric } from '../../src/core/assessment/rubric.ts';
import { single } from '../core/assessment/fixtures.ts';
import { rubric } from '../core/assessment/fixtures.ts';

const now = '2026-12-04T20:00:00.000Z';

describe.each(DIALECTS)('assessment repositories on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof freshDatabase>>;
  beforeEach(async () => {
    h = await freshDatabase(dialect);
    for (const id of ['o1', 'o2']) {
      await h.db.insertInto('organizations').values({ id, slug: id, kind: 'issuer', name: id, did_method: 'key', created_at: now,
        url: null, email: null, description: null, logo: null, address_json: null, email_domain: null, domain_verified_at: null }).execute();
    }
    await h.db.insertInto('learners').values({ id: 'l1', organization_id: 'o1', email: 'a@example.com', name: 'Ada', user_id: null, created_at: now }).execute();
    await h.db.insertInto('achievements').values({ id: 'ach1', organization_id: 'o1', status: 'active', current_version: 1, definition_json: '{}', created_at: now, updated_at: now }).execute();
    const m: LearningModule = { id: 'm1', organizationId: 'o1', title: 'Maps', summary: 'Read maps', sections: [{ id: 's1', kind: 'markdown', title: 'Intro', body: '# Hi' }],
      competencyIds: ['c1'], achievementIds: ['ach1'], enrolment: 'open', status: 'published', createdAt: now, updatedAt: now };
    await insertModule(h.db, m);
  });
  afterEach(async () => h.close());

  it('stores modules scoped by organization, and enrols once', async () => {
    expect((await findModule(h.db, 'o1', 'm1'))?.sections[0]?.body).toBe('# Hi');
    expect(await findModule(h.db, 'o2', 'm1')).toBeUndefined();
    expect(await insertEnrolment(h.db, { id: 'e1', organizationId: 'o1', moduleId: 'm1', learnerId: 'l1', enrolledBy: null, createdAt: now })).toBe(true);
    expect(await insertEnrolment(h.db, { id: 'e2', organizationId: 'o1', moduleId: 'm1', learnerId: 'l1', enrolledBy: null, createdAt: now })).toBe(false);
    expect((await listEnrolledLearners(h.db, 'o1', 'm1')).map((l) => l.email)).toEqual(['a@example.com']);
    expect(await listEnrolledLearners(h.db, 'o2', 'm1')).toEqual([]);
  });

  it('keeps the bank in order and archives questions', async () => {
    await insertBankQuestion(h.db, { organizationId: 'o1', moduleId: 'm1', question: single, now });
    await insertBankQuestion(h.db, { organizationId: 'o1', moduleId: 'm1', question: { ...single, id: 'q2' }, now });
    expect((await listBankQuestions(h.db, 'o1', 'm1')).map((b) => [b.question.id, b.position])).toEqual([['q-single', 1], ['q2', 2]]);
    expect(await archiveBankQuestion(h.db, 'o2', 'q2', now)).toBe(false);
    expect(await archiveBankQuestion(h.db, 'o1', 'q2', now)).toBe(true);
    expect((await listBankQuestions(h.db, 'o1', 'm1')).map((b) => b.question.id)).toEqual(['q-single']);
  });

  it('attempt numbers are unique per learner and quiz, and an attempt completes once', async () => {
    const quiz: Quiz = { id: 'qz1', organizationId: 'o1', moduleId: 'm1', title: 'Q', instructions: '', questionIds: [], drawCount: null,
      shuffleQuestions: true, shuffleOptions: true, timeLimitSeconds: 600, attemptLimit: 2, passMark: 70, reviewPolicy: 'after_pass', createdAt: now, updatedAt: now };
    await insertQuiz(h.db, quiz);
    const attempt = { id: 'a1', organizationId: 'o1', quizId: 'qz1', learnerId: 'l1', attemptNumber: 1, questions: [single], startedAt: now,
      deadlineAt: null, status: 'open' as const, submittedAt: null, responses: null, result: null };
    await insertAttempt(h.db, attempt, 'hash1');
    let err: unknown;
    try {
      await insertAttempt(h.db, { ...attempt, id: 'a2' }, 'hash2');
    } catch (e) {
      err = e;
    }
    expect(isUniqueViolation(err)).toBe(true);
    expect((await findAttemptByTokenHash(h.db, 'hash1'))?.questions[0]?.id).toBe('q-single');
    const result = gradeAttempt([single], { 'q-single': 'o2' }, { now: new Date(now), startedAt: new Date(now), passMark: 70 });
    expect(await completeAttempt(h.db, { organizationId: 'o1', id: 'a1', responses: { 'q-single': 'o2' }, result })).toBe(true);
    expect(await completeAttempt(h.db, { organizationId: 'o1', id: 'a1', responses: {}, result })).toBe(false);
    const [stored] = await listAttempts(h.db, 'o1', 'qz1', 'l1');
    expect(stored).toMatchObject({ status: 'submitted', result: { percent: 100, passed: true } });
    expect(await quizStats(h.db, 'o1', ['qz1'])).toEqual({ learnersAttempted: 1, learnersPassed: 1 });
    expect(await quizStats(h.db, 'o2', ['qz1'])).toEqual({ learnersAttempted: 0, learnersPassed: 0 });
  });

  it('the review queue is per organization and a submission is reviewed once', async () => {
    await insertProject(h.db, { id: 'p1', organizationId: 'o1', moduleId: 'm1', title: 'Portfolio', brief: 'b', rubric, createdAt: now, updatedAt: now });
    await insertSubmission(h.db, { id: 's1', organizationId: 'o1', projectId: 'p1', learnerId: 'l1', text: 'done', links: [], files: [],
      status: 'submitted', submittedAt: now, reviewedAt: null, reviewerUserId: null, rubricLevels: null, rubricScore: null, feedback: null });
    expect((await listReviewQueue(h.db, 'o1')).map((q) => [q.submission.id, q.projectTitle, q.learnerEmail])).toEqual([['s1', 'Portfolio', 'a@example.com']]);
    expect(await listReviewQueue(h.db, 'o2')).toEqual([]);
    const levels = { clarity: 'good', accuracy: 'high' };
    const review = { organizationId: 'o1', id: 's1', status: 'accepted' as const, reviewerUserId: null, rubricLevels: levels, rubricScore: scoreRubric(rubric, levels), feedback: 'Good', now };
    expect(await recordReview(h.db, { ...review, organizationId: 'o2' })).toBe(false);
    expect(await recordReview(h.db, review)).toBe(true);
    expect(await recordReview(h.db, review)).toBe(false);
    expect(await listReviewQueue(h.db, 'o1')).toEqual([]);
  });

  it('an award is claimed once per learner and achievement; completions are idempotent on the event id', async () => {
    await upsertAwardRule(h.db, { achievementId: 'ach1', organizationId: 'o1', rule: { requirements: [{ kind: 'module', moduleId: 'm1' }] }, credits: 2, createdAt: now, updatedAt: now });
    await upsertAwardRule(h.db, { achievementId: 'ach1', organizationId: 'o1', rule: { requirements: [{ kind: 'module', moduleId: 'm1', minPercent: 50 }] }, credits: 3, createdAt: now, updatedAt: now });
    expect((await findAwardRule(h.db, 'o1', 'ach1'))).toMatchObject({ credits: 3, rule: { requirements: [{ minPercent: 50 }] } });
    const award = { id: 'w1', organizationId: 'o1', learnerId: 'l1', achievementId: 'ach1', credentialId: null, evaluation: { satisfied: true, requirements: [], explanation: [] }, createdAt: now };
    expect(await claimAward(h.db, award)).toBe(true);
    expect(await claimAward(h.db, { ...award, id: 'w2' })).toBe(false);
    expect((await findAward(h.db, 'o1', 'l1', 'ach1'))?.id).toBe('w1');

    const c = { id: 'x1', organizationId: 'o1', externalEventId: 'evt-1', learnerId: 'l1', targetKind: 'module' as const, targetId: 'm1', percent: 80,
      passed: true, completedAt: now, source: 'api' as const, requestHash: 'h', createdAt: now };
    expect((await insertCompletionOnce(h.db, c)).created).toBe(true);
    const again = await insertCompletionOnce(h.db, { ...c, id: 'x2', percent: 10 });
    expect(again).toMatchObject({ created: false, completion: { id: 'x1', percent: 80, passed: true } });
  });
});
