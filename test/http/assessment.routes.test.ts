import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markEmailVerified } from '../../src/db/repositories/users.repository.ts';
import { buildTestApp, createApiToken, signUpIssuer, type Client, type TestApp } from '../helpers/app.ts';

describe('assessment API', () => {
  let t: TestApp;
  let staff: Client;
  let learner: Client;

  const api = (c: Client | null, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, ...(c ? { cookies: { mc_session: c.cookie }, headers: { 'x-csrf-token': c.csrf, ...headers } } : { headers }), ...(payload !== undefined ? { payload: payload as object } : {}) });

  beforeEach(async () => {
    t = await buildTestApp();
    staff = await signUpIssuer(t, { email: 'staff@northbridge.example', org: 'Northbridge' });
    const u = await t.services.accounts.signUp({ name: 'Ada', email: 'ada@example.com', password: 'correct horse battery' });
    await markEmailVerified(t.services.deps.db, u.user.id, 'ada@example.com', '2026-12-04T20:00:00.000Z');
    const session = await t.services.sessions.create(u.user.id);
    const resolved = (await t.services.sessions.resolve(session.token))!;
    learner = { cookie: session.token, csrf: resolved.csrfToken, userId: u.user.id, email: 'ada@example.com' };
  });
  afterEach(async () => t.close());

  async function moduleWithQuiz(timeLimitSeconds?: number) {
    const m = (await api(staff, 'POST', '/api/v1/modules', { title: 'Maps', status: 'published' })).json();
    const q = await api(staff, 'POST', `/api/v1/modules/${m.id}/questions`, { type: 'single_choice', prompt: 'Capital of France?', options: [{ text: 'Paris', correct: true }, { text: 'Lyon' }], explanation: 'Since 987.' });
    expect(q.statusCode).toBe(201);
    const t2 = await api(staff, 'POST', `/api/v1/modules/${m.id}/questions`, { type: 'short_text', prompt: 'River of Paris?', acceptedAnswers: ['Seine'] });
    const quiz = (await api(staff, 'POST', `/api/v1/modules/${m.id}/quizzes`, { title: 'Check', passMark: 50, attemptLimit: 2, ...(timeLimitSeconds ? { timeLimitSeconds } : {}) })).json();
    return { m, question: q.json(), text: t2.json(), quiz };
  }

  it('serves questions without answers, grades on submit, refuses replays', async () => {
    const { m, question, text, quiz } = await moduleWithQuiz();
    expect((await api(learner, 'POST', `/api/v1/quizzes/${quiz.id}/attempts`)).statusCode).toBe(403); // not enrolled
    expect((await api(learner, 'POST', `/api/v1/modules/${m.id}/enrol`)).json()).toMatchObject({ created: true });
    const start = await api(learner, 'POST', `/api/v1/quizzes/${quiz.id}/attempts`);
    expect(start.statusCode).toBe(200);
    const body = start.json();
    const raw = start.body;
    expect(raw).not.toMatch(/correct|acceptedAnswers|explanation|Seine|Since 987/);
    for (const q of body.questions) expect(Object.keys(q).every((k) => ['id', 'type', 'prompt', 'points', 'options', 'multiple', 'unit'].includes(k))).toBe(true);

    const responses = { [question.id]: question.correctOptionId, [text.id]: 'seine' };
    const submit = await api(learner, 'POST', '/api/v1/attempts/submit', { token: body.token, responses });
    expect(submit.statusCode).toBe(200);
    expect(submit.json().result).toMatchObject({ percent: 100, passed: true });
    const replay = await api(learner, 'POST', '/api/v1/attempts/submit', { token: body.token, responses });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe('attempt_already_submitted');
    expect((await api(learner, 'GET', `/api/v1/attempts/${submit.json().attemptId}`)).json().result.percent).toBe(100);
    expect((await api(staff, 'GET', `/api/v1/modules/${m.id}/progress`)).json()).toMatchObject({ enrolled: 1, attempted: 1, passed: 1 });
  });

  it('refuses a late submission with 410', async () => {
    const { m, quiz } = await moduleWithQuiz(60);
    await api(learner, 'POST', `/api/v1/modules/${m.id}/enrol`);
    const start = (await api(learner, 'POST', `/api/v1/quizzes/${quiz.id}/attempts`)).json();
    t.clock.advance(120_000);
    const late = await api(learner, 'POST', '/api/v1/attempts/submit', { token: start.token, responses: {} });
    expect(late.statusCode).toBe(410);
    expect(late.json().error.code).toBe('attempt_time_expired');
  });

  it('keeps other organizations and learners out of staff routes', async () => {
    const { m } = await moduleWithQuiz();
    const other = await signUpIssuer(t, { email: 'other@college.example', org: 'College' });
    expect((await api(other, 'GET', `/api/v1/modules/${m.id}`)).statusCode).toBe(404);
    expect((await api(other, 'GET', `/api/v1/modules/${m.id}/questions`)).statusCode).toBe(404);
    expect((await api(learner, 'GET', `/api/v1/modules/${m.id}/questions`)).statusCode).toBe(403);
    expect((await api(null, 'GET', '/api/v1/review-queue')).statusCode).toBe(401);
    const bad = await api(staff, 'POST', `/api/v1/modules/${m.id}/questions`, { type: 'numeric', prompt: 'x', answer: 'NaN' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('answer');
  });

  it('takes completions and xAPI statements with an API token, idempotently', async () => {
    const { quiz } = await moduleWithQuiz();
    const token = await createApiToken(t, staff, ['completions:write']);
    const bearer = { authorization: `Bearer ${token}` };
    const body = { externalEventId: 'evt-1', learnerEmail: 'zoe@example.com', quizId: quiz.id, score: 75 };
    const first = await api(null, 'POST', '/api/v1/completions', body, bearer);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ passed: true, replayed: false });
    const again = await api(null, 'POST', '/api/v1/completions', body, bearer);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, replayed: true });
    expect((await api(null, 'POST', '/api/v1/completions', { ...body, score: 10 }, bearer)).statusCode).toBe(409);
    expect((await api(null, 'POST', '/api/v1/completions', { ...body, learnerEmail: 'x' }, bearer)).json().error.field).toBe('learnerEmail');

    const statement = {
      id: '0d3a7c1e-1111-4a2b-9c3d-000000000001', actor: { mbox: 'mailto:zoe@example.com' },
      verb: { id: 'http://adlnet.gov/expapi/verbs/passed' }, object: { id: `urn:microcred:quiz:${quiz.id}` }, result: { score: { scaled: 0.9 } },
    };
    const x1 = await api(null, 'POST', '/api/v1/xapi/statements', statement, bearer);
    expect(x1.statusCode).toBe(200);
    expect(x1.json()).toEqual([statement.id]);
    expect((await api(null, 'POST', '/api/v1/xapi/statements', [statement], bearer)).statusCode).toBe(200);
    const badVerb = await api(null, 'POST', '/api/v1/xapi/statements', { ...statement, verb: { id: 'http://adlnet.gov/expapi/verbs/attempted' } }, bearer);
    expect(badVerb.statusCode).toBe(400);
    expect(badVerb.json().error.code).toBe('xapi_statement_invalid');

    const readOnly = await createApiToken(t, staff, ['credentials:read']);
    expect((await api(null, 'POST', '/api/v1/completions', body, { authorization: `Bearer ${readOnly}` })).statusCode).toBe(403);
    expect((await api(null, 'POST', '/api/v1/completions', body)).statusCode).toBe(401);
  });
});
