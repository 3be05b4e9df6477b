/** Quizzes and their attempts. Attempt rows hold the drawn questions (with answers): they never leave the server. */
import type { GradedAttempt, ReviewPolicy } from '../../core/assessment/attempt.ts';
import type { ResponseValue } from '../../core/assessment/grade-question.ts';
import type { Question } from '../../core/assessment/questions.ts';
import type { QuizFields } from '../../core/assessment/module-input.ts';
import type { Db } from '../transaction.ts';
import type { QuizAttemptsTable, QuizzesTable } from '../tables/assessment.ts';
import { fromDbBool, fromJson, toDbBool, toJson } from '../util.ts';

/** A stored quiz: its authored fields (`questionIds` empty = the whole module bank) plus identity and times. */
export interface Quiz extends QuizFields {
  id: string;
  organizationId: string;
  moduleId: string;
  createdAt: string;
  updatedAt: string;
}

function toQuiz(r: QuizzesTable): Quiz {
  return {
    id: r.id, organizationId: r.organization_id, moduleId: r.module_id, title: r.title, instructions: r.instructions,
    questionIds: fromJson<string[]>(r.question_ids_json, []), drawCount: r.draw_count,
    shuffleQuestions: fromDbBool(r.shuffle_questions), shuffleOptions: fromDbBool(r.shuffle_options),
    timeLimitSeconds: r.time_limit_seconds, attemptLimit: r.attempt_limit, passMark: Number(r.pass_mark),
    reviewPolicy: r.review_policy as ReviewPolicy, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

function toQuizRow(q: Quiz): QuizzesTable {
  return {
    id: q.id, organization_id: q.organizationId, module_id: q.moduleId, title: q.title, instructions: q.instructions,
    question_ids_json: toJson(q.questionIds), draw_count: q.drawCount, shuffle_questions: toDbBool(q.shuffleQuestions),
    shuffle_options: toDbBool(q.shuffleOptions), time_limit_seconds: q.timeLimitSeconds, attempt_limit: q.attemptLimit,
    pass_mark: q.passMark, review_policy: q.reviewPolicy, created_at: q.createdAt, updated_at: q.updatedAt,
  };
}

export async function insertQuiz(db: Db, q: Quiz): Promise<void> {
  await db.insertInto('quizzes').values(toQuizRow(q)).execute();
}

export async function updateQuiz(db: Db, q: Quiz): Promise<void> {
  const { id: _i, organization_id: _o, module_id: _m, created_at: _c, ...rest } = toQuizRow(q);
  await db.updateTable('quizzes').set(rest).where('organization_id', '=', q.organizationId).where('id', '=', q.id).execute();
}

export async function findQuiz(db: Db, organizationId: string, id: string): Promise<Quiz | undefined> {
  const r = await db.selectFrom('quizzes').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return r ? toQuiz(r) : undefined;
}

export async function listQuizzes(db: Db, organizationId: string, moduleId?: string): Promise<Quiz[]> {
  let q = db.selectFrom('quizzes').selectAll().where('organization_id', '=', organizationId);
  if (moduleId) q = q.where('module_id', '=', moduleId);
  return (await q.orderBy('created_at').orderBy('id').execute()).map(toQuiz);
}

export interface QuizAttempt {
  id: string;
  organizationId: string;
  quizId: string;
  learnerId: string;
  attemptNumber: number;
  questions: Question[];
  startedAt: string;
  deadlineAt: string | null;
  status: 'open' | 'submitted';
  submittedAt: string | null;
  responses: Record<string, ResponseValue> | null;
  result: GradedAttempt | null;
}

function toAttempt(r: QuizAttemptsTable): QuizAttempt {
  return {
    id: r.id, organizationId: r.organization_id, quizId: r.quiz_id, learnerId: r.learner_id, attemptNumber: r.attempt_number,
    questions: fromJson<Question[]>(r.questions_json, []), startedAt: r.started_at, deadlineAt: r.deadline_at,
    status: r.status as QuizAttempt['status'], submittedAt: r.submitted_at,
    responses: fromJson<Record<string, ResponseValue> | null>(r.responses_json, null),
    result: fromJson<GradedAttempt | null>(r.result_json, null),
  };
}

/** Insert a new attempt; the unique (quiz, learner, number) makes a concurrent duplicate fail with a unique violation. */
export async function insertAttempt(db: Db, a: QuizAttempt, tokenHash: string): Promise<void> {
  await db.insertInto('quiz_attempts').values({
    id: a.id, organization_id: a.organizationId, quiz_id: a.quizId, learner_id: a.learnerId, attempt_number: a.attemptNumber,
    token_hash: tokenHash, questions_json: toJson(a.questions), started_at: a.startedAt, deadline_at: a.deadlineAt,
    status: 'open', submitted_at: null, responses_json: null, result_json: null, score: null, percent: null, passed: null,
  }).execute();
}

export async function findAttempt(db: Db, organizationId: string, id: string): Promise<QuizAttempt | undefined> {
  const r = await db.selectFrom('quiz_attempts').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return r ? toAttempt(r) : undefined;
}

/** The attempt a one-time token belongs to, with the token's hash check done by the caller. */
export async function findAttemptByTokenHash(db: Db, tokenHash: string): Promise<QuizAttempt | undefined> {
  const r = await db.selectFrom('quiz_attempts').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return r ? toAttempt(r) : undefined;
}

/** Attempts of one learner at one quiz, oldest first. */
export async function listAttempts(db: Db, organizationId: string, quizId: string, learnerId: string): Promise<QuizAttempt[]> {
  const rows = await db.selectFrom('quiz_attempts').selectAll()
    .where('organization_id', '=', organizationId).where('quiz_id', '=', quizId).where('learner_id', '=', learnerId)
    .orderBy('attempt_number').execute();
  return rows.map(toAttempt);
}

/** Every submitted attempt of a learner record (all quizzes), for mastery and award evidence. */
export async function listSubmittedAttemptsOfLearner(db: Db, organizationId: string, learnerId: string): Promise<QuizAttempt[]> {
  const rows = await db.selectFrom('quiz_attempts').selectAll()
    .where('organization_id', '=', organizationId).where('learner_id', '=', learnerId).where('status', '=', 'submitted')
    .orderBy('submitted_at').execute();
  return rows.map(toAttempt);
}

/**
 * Record the submission of an open attempt. Returns false when the attempt was not open any more
 * (a replayed or concurrent submission): the conditional update makes the first one win.
 */
export async function completeAttempt(
  db: Db,
  input: { organizationId: string; id: string; responses: Record<string, ResponseValue>; result: GradedAttempt },
): Promise<boolean> {
  const res = await db.updateTable('quiz_attempts').set({
    status: 'submitted', submitted_at: input.result.submittedAt, responses_json: toJson(input.responses),
    result_json: toJson(input.result), score: input.result.score, percent: input.result.percent, passed: toDbBool(input.result.passed),
  }).where('organization_id', '=', input.organizationId).where('id', '=', input.id).where('status', '=', 'open').executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export interface QuizStats {
  learnersAttempted: number;
  learnersPassed: number;
}

/** Distinct learners who attempted / passed any of the given quizzes. */
export async function quizStats(db: Db, organizationId: string, quizIds: string[]): Promise<QuizStats> {
  if (quizIds.length === 0) return { learnersAttempted: 0, learnersPassed: 0 };
  const attempted = await db.selectFrom('quiz_attempts').select((eb) => eb.fn.count<number>('learner_id').distinct().as('n'))
    .where('organization_id', '=', organizationId).where('quiz_id', 'in', quizIds).executeTakeFirst();
  const passed = await db.selectFrom('quiz_attempts').select((eb) => eb.fn.count<number>('learner_id').distinct().as('n'))
    .where('organization_id', '=', organizationId).where('quiz_id', 'in', quizIds).where('passed', '=', 1).executeTakeFirst();
  return { learnersAttempted: Number(attempted?.n ?? 0), learnersPassed: Number(passed?.n ?? 0) };
}

/** A quiz by id in any organization; callers check access (learner enrolment) themselves. */
export async function findQuizAnyOrg(db: Db, id: string): Promise<Quiz | undefined> {
  const r = await db.selectFrom('quizzes').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toQuiz(r) : undefined;
}

/** An attempt by id in any organization; callers check that it is the caller's. */
export async function findAttemptAnyOrg(db: Db, id: string): Promise<QuizAttempt | undefined> {
  const r = await db.selectFrom('quiz_attempts').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toAttempt(r) : undefined;
}

/** Give an open attempt a new one-time token (resuming it); the previous token stops working. */
export async function rotateAttemptToken(db: Db, organizationId: string, id: string, tokenHash: string): Promise<boolean> {
  const res = await db.updateTable('quiz_attempts').set({ token_hash: tokenHash })
    .where('organization_id', '=', organizationId).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
