/** Editing a bank question from the staff pages: prefilled form, grading of later attempts, access, validation. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markEmailVerified } from '../../src/db/repositories/users.repository.ts';
import type { Auth } from '../../src/services/auth.ts';
import { buildTestApp, postForm, signUpIssuer, type Client, type TestApp } from '../helpers/app.ts';

describe('editing a bank question', () => {
  let t: TestApp;
  let staff: Client;
  let learner: Client;
  let staffAuth: Auth;
  let learnerAuth: Auth;

  const get = (c: Client | null, url: string) => t.app.inject({ method: 'GET', url, ...(c ? { cookies: { mc_session: c.cookie } } : {}) });
  const authOf = async (c: Client) => (await t.services.sessions.resolve(c.cookie))!.auth;

  beforeEach(async () => {
    t = await buildTestApp();
    staff = await signUpIssuer(t, { email: 'staff@harbour.example', org: 'Harbour' });
    const u = await t.services.accounts.signUp({ name: 'Ada', email: 'ada@example.com', password: 'correct horse battery' });
    await markEmailVerified(t.services.deps.db, u.user.id, 'ada@example.com', '2026-12-04T20:00:00.000Z');
    const session = await t.services.sessions.create(u.user.id);
    learner = { cookie: session.token, csrf: (await t.services.sessions.resolve(session.token))!.csrfToken, userId: u.user.id, email: 'ada@example.com' };
    staffAuth = await authOf(staff);
    learnerAuth = await authOf(learner);
  });
  afterEach(async () => t.close());

  async function setUp() {
    const m = await t.services.modules.create(staffAuth, { title: 'Maps', status: 'published' });
    const q = await t.services.quizzes.addQuestion(staffAuth, m.id, { type: 'numeric', prompt: 'Metres in 4 cm at 1:25 000?', answer: '400', tolerance: '0', explanation: 'Scale times distance.' });
    const quiz = await t.services.quizzes.createQuiz(staffAuth, m.id, { title: 'Scale', passMark: 100, attemptLimit: 5 });
    expect((await postForm(t, learner, `/learn/modules/${m.id}/enrol`, {})).statusCode).toBe(303);
    const attempt = async (answer: string) => {
      const a = await t.services.quizzes.startAttempt(learnerAuth, quiz.id);
      return t.services.quizzes.submitAttempt(learnerAuth, a.token, { [q.id]: answer });
    };
    return { m, q, quiz, attempt, editUrl: `/author/modules/${m.id}/questions/${q.id}/edit`, postUrl: `/author/modules/${m.id}/questions/${q.id}` };
  }

  it('shows the prefilled form from the bank list; saving changes how later attempts are graded', async () => {
    const { m, q, quiz, attempt, editUrl, postUrl } = await setUp();
    const list = await get(staff, `/author/modules/${m.id}`);
    expect(list.body).toContain(`href="${editUrl}"`);
    const form = await get(staff, editUrl);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<option value="numeric" selected/);
    expect(form.body).toContain('value="400"');
    expect(form.body).toContain(`name="_csrf" value="${staff.csrf}"`);
    expect(form.body).toContain(`action="${postUrl}"`);

    expect((await attempt('1000')).result.percent).toBe(0);
    const open = await t.services.quizzes.startAttempt(learnerAuth, quiz.id); // drawn before the edit: keeps its copy

    const saved = await postForm(t, staff, postUrl, { type: 'numeric', prompt: 'Metres in 4 cm at 1:25 000?', answer: '1000', tolerance: '5', points: '2', explanation: 'Multiply by 25 000.' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/author/modules/${m.id}`);
    const [stored] = await t.services.quizzes.bank(staffAuth, m.id);
    expect(stored).toMatchObject({ id: q.id, type: 'numeric', answer: 1000, tolerance: 5, points: 2, explanation: 'Multiply by 25 000.' });

    expect((await t.services.quizzes.submitAttempt(learnerAuth, open.token, { [q.id]: '1000' })).result.percent).toBe(0);
    const later = await attempt('1 004');
    expect(later.result).toMatchObject({ percent: 100, passed: true, maxScore: 2 });
  });

  it('keeps option ids whose text is unchanged and moves the correct mark', async () => {
    const m = await t.services.modules.create(staffAuth, { title: 'Maps', status: 'published' });
    const q = await t.services.quizzes.addQuestion(staffAuth, m.id, { type: 'single_choice', prompt: 'Close contours mean?', options: [{ text: 'Steep', correct: true }, { text: 'Flat' }] });
    if (q.type !== 'single_choice') throw new Error('expected a single choice question');
    expect((await get(staff, `/author/modules/${m.id}/questions/${q.id}/edit`)).body).toContain('*Steep\nFlat');
    const res = await postForm(t, staff, `/author/modules/${m.id}/questions/${q.id}`, { type: 'single_choice', prompt: 'Wide contours mean?', optionsText: 'Steep\n*Flat\nA cliff' });
    expect(res.statusCode).toBe(303);
    const [stored] = await t.services.quizzes.bank(staffAuth, m.id);
    if (stored?.type !== 'single_choice') throw new Error('expected a single choice question');
    expect(stored.options.slice(0, 2).map((o) => o.id)).toEqual(q.options.map((o) => o.id));
    expect(stored.correctOptionId).toBe(q.options[1]!.id);
    expect(stored.options).toHaveLength(3);
  });

  it('learners get 403, another organization 404, signed-out people the sign-in page; the answers stay hidden from them', async () => {
    const { editUrl, postUrl, m } = await setUp();
    const asLearner = await get(learner, editUrl);
    expect(asLearner.statusCode).toBe(403);
    expect(asLearner.body).not.toContain('value="400"');
    expect((await postForm(t, learner, postUrl, { type: 'numeric', prompt: 'x', answer: '1' })).statusCode).toBe(403);
    const otherStaff = await signUpIssuer(t, { email: 'x@college.example', org: 'College' });
    const asOther = await get(otherStaff, editUrl);
    expect(asOther.statusCode).toBe(404);
    expect(asOther.body).not.toContain('value="400"');
    expect((await postForm(t, otherStaff, postUrl, { type: 'numeric', prompt: 'x', answer: '1' })).statusCode).toBe(404);
    expect((await get(null, editUrl)).statusCode).toBe(303);
    expect((await get(staff, `/author/modules/${m.id}/questions/00000000-0000-4000-8000-000000000000/edit`)).statusCode).toBe(404);
    expect((await postForm(t, staff, postUrl, { type: 'numeric', prompt: 'x', answer: '1' }, { csrf: false })).statusCode).toBe(403);
    expect((await t.services.quizzes.bank(staffAuth, m.id))[0]).toMatchObject({ prompt: 'Metres in 4 cm at 1:25 000?', answer: 400 });
  });

  it('invalid input is a 400 naming the field inline and writes nothing', async () => {
    const { m, postUrl } = await setUp();
    const before = await t.services.quizzes.bank(staffAuth, m.id);
    const noPrompt = await postForm(t, staff, postUrl, { type: 'numeric', prompt: '', answer: '1000' });
    expect(noPrompt.statusCode).toBe(400);
    expect(noPrompt.body).toMatch(/<p class="field-error" id="f-prompt-error">The question needs a prompt\.<\/p>\s*<textarea id="f-prompt"/);
    expect(noPrompt.body).toContain('value="1000"'); // what was typed is kept

    const badNumber = await postForm(t, staff, postUrl, { type: 'numeric', prompt: 'Metres?', answer: 'lots' });
    expect(badNumber.statusCode).toBe(400);
    expect(badNumber.body).toContain('id="f-answer-error">answer must be a number.');

    const oneOption = await postForm(t, staff, postUrl, { type: 'single_choice', prompt: 'Pick', optionsText: '*Only' });
    expect(oneOption.statusCode).toBe(400);
    expect(oneOption.body).toContain('id="f-optionsText-error">A choice question needs at least two options.');

    expect(await t.services.quizzes.bank(staffAuth, m.id)).toEqual(before);
  });
});
