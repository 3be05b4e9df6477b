/**
 * Question banks, quizzes and attempts. Grading happens here only: the browser receives public questions
 * (no answers) and a one-time token per attempt; late and replayed submissions are refused.
 */
import { randomUUID } from 'node:crypto';
import { buildAttemptReview, decideReview, gradeAttempt, type GradedAttempt, type ReviewItem, type ReviewVisibility } from '../../core/assessment/attempt.ts';
import type { ResponseValue } from '../../core/assessment/grade-question.ts';
import { validateQuizFields } from '../../core/assessment/module-input.ts';
import { questionFromInput, type QuestionInput } from '../../core/assessment/question-input.ts';
import { toPublicQuestion, type PublicQuestion, type Question } from '../../core/assessment/questions.ts';
import { selectQuestions } from '../../core/assessment/selection.ts';
import { AppError } from '../../core/errors.ts';
import { countCompetencies, findEnrolment, findModule, findModuleAnyOrg, insertBankQuestion, archiveBankQuestion, listBankQuestions, updateBankQuestion, type LearningModule } from '../../db/repositories/modules.repository.ts';
import {
  completeAttempt, findAttemptAnyOrg, findAttemptByTokenHash, findQuiz, findQuizAnyOrg, insertAttempt, insertQuiz, listAttempts,
  listQuizzes, rotateAttemptToken, updateQuiz, type Quiz, type QuizAttempt,
} from '../../db/repositories/quizzes.repository.ts';
import { withTransaction, type Db } from '../../db/transaction.ts';
import { isUniqueViolation } from '../../db/util.ts';
import { audit } from '../audit.service.ts';
import { requirePermission, type Auth } from '../auth.ts';
import type { Clock } from '../deps.ts';
import { hashToken, newToken } from '../security.ts';
import { requireLearner } from './learner-identity.ts';
import { requireAssessmentStaff } from './modules.service.ts';

/** Called after new evidence for a learner (a graded attempt, a review, a completion): re-evaluates award rules. */
export interface EvidenceListener {
  evidenceChanged(organizationId: string, learnerId: string): Promise<void>;
}

export interface QuizzesDeps {
  db: Db;
  clock: Clock;
  random: (n: number) => Uint8Array;
  /** Seconds of network latency tolerated after a time limit (default 5). */
  graceSeconds?: number;
  evidence?: EvidenceListener;
}

export interface StartedAttempt {
  attemptId: string;
  attemptNumber: number;
  /** One-time token the submission must carry (only its hash is stored). */
  token: string;
  questions: PublicQuestion[];
  startedAt: string;
  deadlineAt: string | null;
}

export interface AttemptResultView {
  attemptId: string;
  quizId: string;
  attemptNumber: number;
  result: GradedAttempt;
  review: ReviewItem[];
  visibility: ReviewVisibility;
  attemptsUsed: number;
  attemptLimit: number | null;
}

export interface LearnerQuizView {
  quiz: Quiz;
  module: LearningModule;
  attempts: Array<{ id: string; attemptNumber: number; status: string; percent: number | null; passed: boolean | null; submittedAt: string | null }>;
  attemptsLeft: number | null;
  hasPassed: boolean;
}

export class QuizzesService {
  constructor(private readonly deps: QuizzesDeps) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  private async staffModule(auth: Auth, moduleId: string, write = true) {
    const a = write ? requirePermission(auth, 'assessments:write') : requireAssessmentStaff(auth);
    const m = await findModule(this.deps.db, a.organizationId, moduleId);
    if (!m) throw new AppError('module_not_found', undefined, { field: 'moduleId' });
    return { a, m };
  }

  /** Add a question to a module's bank (`assessments:write`). */
  async addQuestion(auth: Auth, moduleId: string, input: QuestionInput): Promise<Question> {
    const { a } = await this.staffModule(auth, moduleId);
    const q = questionFromInput(input, randomUUID(), () => randomUUID());
    await this.checkCompetencies(a.organizationId, q);
    await withTransaction(this.deps.db, async (trx) => {
      await insertBankQuestion(trx, { organizationId: a.organizationId, moduleId, question: q, now: this.now().toISOString() });
      await audit({ db: trx, clock: this.deps.clock }, a, 'question.create', { type: 'question', id: q.id }, { moduleId, type: q.type });
    });
    return q;
  }

  /** Replace a bank question (attempts already drawn keep their copy). */
  async updateQuestion(auth: Auth, moduleId: string, questionId: string, input: QuestionInput): Promise<Question> {
    const { a } = await this.staffModule(auth, moduleId);
    const q = questionFromInput(input, questionId, () => randomUUID());
    await this.checkCompetencies(a.organizationId, q);
    await withTransaction(this.deps.db, async (trx) => {
      if (!(await updateBankQuestion(trx, a.organizationId, q, this.now().toISOString()))) throw new AppError('question_not_found');
      await audit({ db: trx, clock: this.deps.clock }, a, 'question.update', { type: 'question', id: q.id }, { moduleId });
    });
    return q;
  }

  /** Questions may only be tagged with the organization's own competencies (mastery is computed from the tags). */
  private async checkCompetencies(organizationId: string, q: Question): Promise<void> {
    const ids = [...new Set(q.competencies)];
    if ((await countCompetencies(this.deps.db, organizationId, ids)) !== ids.length) {
      throw new AppError('competency_not_found', 'A competency tag is not one of this organization’s competencies.', { field: 'competencies' });
    }
  }

  async archiveQuestion(auth: Auth, moduleId: string, questionId: string): Promise<void> {
    const { a } = await this.staffModule(auth, moduleId);
    await withTransaction(this.deps.db, async (trx) => {
      if (!(await archiveBankQuestion(trx, a.organizationId, questionId, this.now().toISOString()))) throw new AppError('question_not_found');
      await audit({ db: trx, clock: this.deps.clock }, a, 'question.archive', { type: 'question', id: questionId }, { moduleId });
    });
  }

  /** The module's bank with answers (staff only). */
  async bank(auth: Auth, moduleId: string): Promise<Question[]> {
    const { a } = await this.staffModule(auth, moduleId, false);
    return (await listBankQuestions(this.deps.db, a.organizationId, moduleId)).map((b) => b.question);
  }

  /** Create a quiz drawing from the module's bank (`assessments:write`). */
  async createQuiz(auth: Auth, moduleId: string, input: Record<string, unknown>): Promise<Quiz> {
    const { a } = await this.staffModule(auth, moduleId);
    const fields = validateQuizFields(input);
    const now = this.now().toISOString();
    const quiz: Quiz = { id: randomUUID(), organizationId: a.organizationId, moduleId, ...fields, createdAt: now, updatedAt: now };
    await withTransaction(this.deps.db, async (trx) => {
      await insertQuiz(trx, quiz);
      await audit({ db: trx, clock: this.deps.clock }, a, 'quiz.create', { type: 'quiz', id: quiz.id }, { moduleId, title: quiz.title });
    });
    return quiz;
  }

  async updateQuiz(auth: Auth, quizId: string, input: Record<string, unknown>): Promise<Quiz> {
    const current = await this.getQuiz(auth, quizId);
    const a = requirePermission(auth, 'assessments:write');
    const fields = validateQuizFields({ ...current, timeLimitMinutes: undefined, ...input });
    const quiz: Quiz = { ...current, ...fields, updatedAt: this.now().toISOString() };
    await withTransaction(this.deps.db, async (trx) => {
      await updateQuiz(trx, quiz);
      await audit({ db: trx, clock: this.deps.clock }, a, 'quiz.update', { type: 'quiz', id: quizId }, { title: quiz.title });
    });
    return quiz;
  }

  async getQuiz(auth: Auth, quizId: string): Promise<Quiz> {
    const a = requireAssessmentStaff(auth);
    const quiz = await findQuiz(this.deps.db, a.organizationId, quizId);
    if (!quiz) throw new AppError('quiz_not_found', undefined, { field: 'quizId' });
    return quiz;
  }

  async listQuizzes(auth: Auth, moduleId: string): Promise<Quiz[]> {
    const { a } = await this.staffModule(auth, moduleId, false);
    return listQuizzes(this.deps.db, a.organizationId, moduleId);
  }

  /** Quizzes of a published module, for anyone who can see the module (titles and settings only). */
  async quizzesOfModule(moduleId: string): Promise<Quiz[]> {
    const m = await findModuleAnyOrg(this.deps.db, moduleId);
    if (!m || m.status !== 'published') return [];
    return listQuizzes(this.deps.db, m.organizationId, moduleId);
  }

  /** The quiz, the enrolled learner and their attempts; throws unless the caller is enrolled. */
  private async learnerContext(auth: Auth, quizId: string) {
    const db = this.deps.db;
    const quiz = await findQuizAnyOrg(db, quizId);
    if (!quiz) throw new AppError('quiz_not_found', undefined, { field: 'quizId' });
    const orgId = quiz.organizationId;
    const m = await findModule(db, orgId, quiz.moduleId);
    if (!m || m.status !== 'published') throw new AppError('quiz_not_found', undefined, { field: 'quizId' });
    const learner = await requireLearner(db, auth, orgId);
    if (!(await findEnrolment(db, orgId, m.id, learner.id))) throw new AppError('not_enrolled');
    const attempts = await listAttempts(db, orgId, quizId, learner.id);
    return { quiz, module: m, learner, attempts };
  }

  /** What the quiz page shows a learner before starting: settings, past attempts, attempts left. */
  async learnerQuiz(auth: Auth, quizId: string): Promise<LearnerQuizView> {
    const { quiz, module, attempts } = await this.learnerContext(auth, quizId);
    return {
      quiz,
      module,
      attempts: attempts.map((t) => ({ id: t.id, attemptNumber: t.attemptNumber, status: t.status, percent: t.result?.percent ?? null, passed: t.result?.passed ?? null, submittedAt: t.submittedAt })),
      attemptsLeft: quiz.attemptLimit === null ? null : Math.max(0, quiz.attemptLimit - attempts.length),
      hasPassed: attempts.some((t) => t.result?.passed),
    };
  }

  /**
   * Start an attempt: draw and shuffle the questions server-side, store them with the attempt, and return
   * only their public view plus a one-time token. An open attempt still in time is resumed with a fresh
   * token (the old one stops working). Throws attempt_limit_reached when no attempts are left.
   */
  async startAttempt(auth: Auth, quizId: string): Promise<StartedAttempt> {
    const { quiz, learner, attempts } = await this.learnerContext(auth, quizId);
    const now = this.now();
    const token = newToken(this.deps.random);
    const open = attempts.find((t) => t.status === 'open' && (t.deadlineAt === null || Date.parse(t.deadlineAt) > now.getTime()));
    if (open) {
      await rotateAttemptToken(this.deps.db, open.organizationId, open.id, hashToken(token));
      return this.started(open, token);
    }
    await this.closeExpired(attempts, now);
    if (quiz.attemptLimit !== null && attempts.length >= quiz.attemptLimit) {
      throw new AppError('attempt_limit_reached', `All ${quiz.attemptLimit} attempts have been used.`);
    }
    const bank = (await listBankQuestions(this.deps.db, quiz.organizationId, quiz.moduleId)).map((b) => b.question);
    const pool = quiz.questionIds.length ? bank.filter((q) => quiz.questionIds.includes(q.id)) : bank;
    const questions = selectQuestions(pool, { count: quiz.drawCount ?? pool.length, shuffleQuestions: quiz.shuffleQuestions, shuffleOptions: quiz.shuffleOptions }, this.deps.random);
    const attempt: QuizAttempt = {
      id: randomUUID(), organizationId: quiz.organizationId, quizId, learnerId: learner.id, attemptNumber: attempts.length + 1, questions,
      startedAt: now.toISOString(), deadlineAt: quiz.timeLimitSeconds === null ? null : new Date(now.getTime() + quiz.timeLimitSeconds * 1000).toISOString(),
      status: 'open', submittedAt: null, responses: null, result: null,
    };
    try {
      await insertAttempt(this.deps.db, attempt, hashToken(token));
    } catch (e) {
      // Two starts at once drew the same attempt number: only one wins; the other is told to reload.
      if (isUniqueViolation(e)) throw new AppError('attempt_already_submitted', 'Another attempt was started at the same moment; reload the page.');
      throw e;
    }
    return this.started(attempt, token);
  }

  private started(a: QuizAttempt, token: string): StartedAttempt {
    return { attemptId: a.id, attemptNumber: a.attemptNumber, token, questions: a.questions.map(toPublicQuestion), startedAt: a.startedAt, deadlineAt: a.deadlineAt };
  }

  /** Attempts whose time ran out without a submission are closed with nothing answered. */
  private async closeExpired(attempts: QuizAttempt[], now: Date): Promise<void> {
    for (const t of attempts) {
      if (t.status !== 'open' || t.deadlineAt === null || Date.parse(t.deadlineAt) > now.getTime()) continue;
      const passMark = (await findQuiz(this.deps.db, t.organizationId, t.quizId))?.passMark ?? 100;
      const result = gradeAttempt(t.questions, {}, { now: new Date(t.deadlineAt), startedAt: new Date(t.startedAt), passMark });
      await completeAttempt(this.deps.db, { organizationId: t.organizationId, id: t.id, responses: {}, result });
      t.status = 'submitted';
      t.result = result;
    }
  }

  /**
   * Submit an attempt with its one-time token. Refuses a replay (attempt_already_submitted), another
   * user's token (forbidden) and a late submission (attempt_time_expired; the attempt is closed unanswered).
   */
  async submitAttempt(auth: Auth, token: string, responses: Record<string, ResponseValue>): Promise<AttemptResultView> {
    if (typeof token !== 'string' || token.length < 20) throw new AppError('attempt_not_found', 'The attempt token is missing or malformed.', { field: 'token' });
    const attempt = await findAttemptByTokenHash(this.deps.db, hashToken(token));
    if (!attempt) throw new AppError('attempt_not_found', 'This attempt token is not valid (it may have been replaced by a newer one).', { field: 'token' });
    if (attempt.status !== 'open') throw new AppError('attempt_already_submitted');
    const learner = await requireLearner(this.deps.db, auth, attempt.organizationId);
    if (learner.id !== attempt.learnerId) throw new AppError('forbidden', 'This attempt belongs to someone else.');
    const quiz = (await findQuiz(this.deps.db, attempt.organizationId, attempt.quizId))!;
    const now = this.now();
    let result: GradedAttempt;
    try {
      result = gradeAttempt(attempt.questions, responses ?? {}, {
        now, startedAt: new Date(attempt.startedAt), timeLimitSeconds: quiz.timeLimitSeconds, graceSeconds: this.deps.graceSeconds ?? 5, passMark: quiz.passMark,
      });
    } catch (e) {
      if (e instanceof AppError && e.code === 'attempt_time_expired') await this.closeExpired([attempt], now);
      throw e;
    }
    if (!(await completeAttempt(this.deps.db, { organizationId: attempt.organizationId, id: attempt.id, responses: responses ?? {}, result }))) {
      throw new AppError('attempt_already_submitted');
    }
    await this.deps.evidence?.evidenceChanged(attempt.organizationId, attempt.learnerId);
    return this.results(auth, attempt.id);
  }

  /** A submitted attempt's result with the feedback its quiz's review policy allows (the learner's own only). */
  async results(auth: Auth, attemptId: string): Promise<AttemptResultView> {
    const attempt = await findAttemptAnyOrg(this.deps.db, attemptId);
    if (!attempt || !attempt.result) throw new AppError('attempt_not_found');
    const orgId = attempt.organizationId;
    const learner = await requireLearner(this.deps.db, auth, orgId);
    if (learner.id !== attempt.learnerId) throw new AppError('attempt_not_found');
    const quiz = (await findQuiz(this.deps.db, orgId, attempt.quizId))!;
    const all = await listAttempts(this.deps.db, orgId, attempt.quizId, learner.id);
    const visibility = decideReview(quiz.reviewPolicy, {
      hasPassed: all.some((t) => t.result?.passed), attemptsUsed: all.length, attemptLimit: quiz.attemptLimit,
    });
    return {
      attemptId, quizId: quiz.id, attemptNumber: attempt.attemptNumber, result: attempt.result,
      review: buildAttemptReview(attempt.questions, attempt.result, visibility), visibility, attemptsUsed: all.length, attemptLimit: quiz.attemptLimit,
    };
  }
}
