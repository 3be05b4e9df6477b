import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModulesService } from '../../../src/services/assessment/modules.service.ts';
import { QuizzesService } from '../../../src/services/assessment/quizzes.service.ts';
import { DIALECTS } from '../../helpers/db.ts';
import { expectCode, setupAssessment } from './setup.ts';

describe.each(DIALECTS)('quizzes service on %s', (dialect) => {
  let env: Awaited<ReturnType<typeof setupAssessment>>;
  let modules: ModulesService;
  let quizzes: QuizzesService;
  let moduleId: string;
  const evidence: string[] = [];

  beforeEach(async () => {
    env = await setupAssessment(dialect);
    evidence.length = 0;
    modules = new ModulesService(env);
    quizzes = new QuizzesService({ ...env, graceSeconds: 5, evidence: { evidenceChanged: async (_o, l) => void evidence.push(l) } });
    const m = await modules.create(env.auth.staff, { title: 'Maps', summary: 'Reading maps', status: 'published', sections: [{ kind: 'markdown', body: 'Hello' }] });
    moduleId = m.id;
  });
  afterEach(async () => env.close());

  async function bankOfThree() {
    const capital = await quizzes.addQuestion(env.auth.staff, moduleId, {
      type: 'single_choice', prompt: 'Capital of France?', points: 1,
      options: [{ text: 'Paris', correct: true }, { text: 'Lyon' }, { text: 'Nice' }],
    });
    const tf = await quizzes.addQuestion(env.auth.staff, moduleId, { type: 'true_false', prompt: 'North is up on most maps.', correct: 'true' });
    const num = await quizzes.addQuestion(env.auth.staff, moduleId, { type: 'numeric', prompt: '1 km in m?', answer: '1000', tolerance: '0' });
    return { capital, tf, num };
  }

  it('draws, hides answers, grades on the server, and refuses a replay', async () => {
    const { capital, tf, num } = await bankOfThree();
    const quiz = await quizzes.createQuiz(env.auth.staff, moduleId, { title: 'Check', passMark: 60, attemptLimit: 2, timeLimitMinutes: 10, reviewPolicy: 'after_pass' });
    await expectCode(quizzes.startAttempt(env.auth.learner, quiz.id), 'not_enrolled');
    await modules.selfEnrol(env.auth.learner, moduleId);

    const started = await quizzes.startAttempt(env.auth.learner, quiz.id);
    expect(started.questions).toHaveLength(3);
    const json = JSON.stringify(started.questions);
    expect(json).not.toMatch(/correct|answer|tolerance/i);
    expect(started.deadlineAt).toBe('2026-12-04T09:10:00.000Z');

    const paris = capital.type === 'single_choice' ? capital.correctOptionId : '';
    env.clock.advance(60);
    const failed = await quizzes.submitAttempt(env.auth.learner, started.token, { [capital.id]: paris, [tf.id]: 'false', [num.id]: '12' });
    expect(failed.result.percent).toBe(33.33);
    expect(failed.result.passed).toBe(false);
    expect(failed.visibility.showCorrectAnswers).toBe(false); // after_pass: nothing to harvest yet
    expect(JSON.stringify(failed.review)).not.toContain('Paris');
    expect(evidence).toHaveLength(1);

    await expectCode(quizzes.submitAttempt(env.auth.learner, started.token, { [capital.id]: paris, [tf.id]: 'true', [num.id]: '1000' }), 'attempt_already_submitted');

    const second = await quizzes.startAttempt(env.auth.learner, quiz.id);
    expect(second.attemptNumber).toBe(2);
    const passed = await quizzes.submitAttempt(env.auth.learner, second.token, { [capital.id]: paris, [tf.id]: true, [num.id]: '1 000' });
    expect(passed.result).toMatchObject({ percent: 100, passed: true });
    expect(passed.visibility.showCorrectAnswers).toBe(true);
    expect(passed.review.find((r) => r.questionId === capital.id)?.correctAnswer).toBe('Paris');

    await expectCode(quizzes.startAttempt(env.auth.learner, quiz.id), 'attempt_limit_reached');
    const view = await quizzes.learnerQuiz(env.auth.learner, quiz.id);
    expect(view).toMatchObject({ attemptsLeft: 0, hasPassed: true });
  });

  it('refuses a late submission and closes the attempt, which then counts as used', async () => {
    await bankOfThree();
    const quiz = await quizzes.createQuiz(env.auth.staff, moduleId, { title: 'Timed', passMark: 50, attemptLimit: 1, timeLimitSeconds: 60 });
    await modules.selfEnrol(env.auth.learner, moduleId);
    const started = await quizzes.startAttempt(env.auth.learner, quiz.id);
    env.clock.advance(30);
    const ok = await quizzes.startAttempt(env.auth.learner, quiz.id); // resume: new token, old one dead
    expect(ok.attemptId).toBe(started.attemptId);
    await expectCode(quizzes.submitAttempt(env.auth.learner, started.token, {}), 'attempt_not_found');
    env.clock.advance(36); // 66 s: past the limit and the 5 s grace
    await expectCode(quizzes.submitAttempt(env.auth.learner, ok.token, {}), 'attempt_time_expired');
    await expectCode(quizzes.submitAttempt(env.auth.learner, ok.token, {}), 'attempt_already_submitted');
    await expectCode(quizzes.startAttempt(env.auth.learner, quiz.id), 'attempt_limit_reached');
    const view = await quizzes.learnerQuiz(env.auth.learner, quiz.id);
    expect(view.attempts[0]).toMatchObject({ status: 'submitted', percent: 0, passed: false });
  });

  it('another learner cannot submit or read my attempt; staff of another org see nothing', async () => {
    await bankOfThree();
    const quiz = await quizzes.createQuiz(env.auth.staff, moduleId, { title: 'Q', passMark: 50 });
    await modules.selfEnrol(env.auth.learner, moduleId);
    await modules.selfEnrol(env.auth.learner2, moduleId);
    const started = await quizzes.startAttempt(env.auth.learner, quiz.id);
    await expectCode(quizzes.submitAttempt(env.auth.learner2, started.token, {}), 'forbidden');
    const mine = await quizzes.submitAttempt(env.auth.learner, started.token, {});
    await expectCode(quizzes.results(env.auth.learner2, mine.attemptId), 'attempt_not_found');
    await expectCode(quizzes.bank(env.auth.otherStaff, moduleId), 'module_not_found');
    await expectCode(quizzes.getQuiz(env.auth.otherStaff, quiz.id), 'quiz_not_found');
    await expectCode(quizzes.bank(env.auth.learner, moduleId), 'forbidden');
    await expectCode(modules.selfEnrol(env.auth.unverified, moduleId), 'email_not_verified');
  });

  it('draws drawCount questions per attempt from the bank, and validates authoring', async () => {
    await bankOfThree();
    const quiz = await quizzes.createQuiz(env.auth.staff, moduleId, { title: 'Two of three', drawCount: '2' });
    await modules.selfEnrol(env.auth.learner, moduleId);
    expect((await quizzes.startAttempt(env.auth.learner, quiz.id)).questions).toHaveLength(2);
    await expectCode(quizzes.addQuestion(env.auth.staff, moduleId, { type: 'single_choice', prompt: 'x', options: [{ text: 'a' }, { text: 'b' }] }), 'question_invalid');
    await expectCode(quizzes.createQuiz(env.auth.staff, moduleId, { title: 'Bad', passMark: '150' }), 'validation_failed');
    await expectCode(quizzes.addQuestion(env.auth.assessor, moduleId, { type: 'true_false', prompt: 'x', correct: true }), 'forbidden');
    await expectCode(quizzes.addQuestion(env.auth.staff, moduleId, { type: 'true_false', prompt: 'x', correct: true, competencies: ['not-ours'] }), 'competency_not_found');
  });
});
