import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markEmailVerified } from '../../src/db/repositories/users.repository.ts';
import { buildTestApp, postForm, signUpIssuer, type Client, type TestApp } from '../helpers/app.ts';

const PDF = Buffer.from('%PDF-1.4\n% notes\n');

function multipart(fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }) {
  const boundary = '----mc-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('assessment pages', () => {
  let t: TestApp;
  let staff: Client;
  let learner: Client;
  let other: Client;

  async function learnerClient(email: string): Promise<Client> {
    const u = await t.services.accounts.signUp({ name: email.split('@')[0]!, email, password: 'correct horse battery' });
    await markEmailVerified(t.services.deps.db, u.user.id, email, '2026-12-04T20:00:00.000Z');
    const session = await t.services.sessions.create(u.user.id);
    return { cookie: session.token, csrf: (await t.services.sessions.resolve(session.token))!.csrfToken, userId: u.user.id, email };
  }
  const get = (c: Client | null, url: string) => t.app.inject({ method: 'GET', url, ...(c ? { cookies: { mc_session: c.cookie } } : {}) });

  beforeEach(async () => {
    t = await buildTestApp();
    staff = await signUpIssuer(t, { email: 'staff@harbour.example', org: 'Harbour' });
    learner = await learnerClient('ada@example.com');
    other = await learnerClient('bob@example.com');
  });
  afterEach(async () => t.close());

  async function moduleWithProject() {
    const auth = (await t.services.sessions.resolve(staff.cookie))!.auth;
    const m = await t.services.modules.create(auth, { title: 'Maps', status: 'published', sections: [{ kind: 'markdown', body: '<script>alert(1)</script>\n\n**bold** <img src=x onerror=alert(2)>' }] });
    const p = await t.services.projects.create(auth, m.id, { title: 'Route', brief: 'Plan it.', rubricText: 'Safety | Unsafe=0 | Safe=1*' });
    return { auth, m, p };
  }

  it('renders module markdown safely and enrols by form', async () => {
    const { m } = await moduleWithProject();
    const page = await get(learner, `/learn/modules/${m.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<strong>bold</strong>');
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).not.toContain('onerror');
    const enrol = await postForm(t, learner, `/learn/modules/${m.id}/enrol`, {});
    expect(enrol.statusCode).toBe(303);
    expect((await postForm(t, learner, `/learn/modules/${m.id}/enrol`, {}, { csrf: false })).statusCode).toBe(403);
    expect((await get(null, '/learn/modules/nope')).statusCode).toBe(404);
  });

  it('stores a submitted file and serves it only to its learner and the organization’s staff', async () => {
    const { m, p } = await moduleWithProject();
    await postForm(t, learner, `/learn/modules/${m.id}/enrol`, {});
    const form = multipart({ text: 'My route', links: 'https://maps.example.org/r' }, { name: 'route.pdf', type: 'application/pdf', bytes: PDF });
    const res = await t.app.inject({ method: 'POST', url: `/learn/projects/${p.id}/submit?_csrf=${encodeURIComponent(learner.csrf)}`, cookies: { mc_session: learner.cookie }, ...form });
    expect(res.statusCode).toBe(303);
    const sub = (await t.services.projects.forLearner((await t.services.sessions.resolve(learner.cookie))!.auth, p.id)).submissions[0]!;
    const url = `/learn/files/${sub.id}/${sub.files[0]!.id}`;
    const mine = await get(learner, url);
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-disposition']).toMatch(/^attachment/);
    expect(mine.headers['x-content-type-options']).toBe('nosniff');
    expect(mine.rawPayload.equals(PDF)).toBe(true);
    expect((await get(staff, url)).statusCode).toBe(200);
    expect((await get(other, url)).statusCode).toBe(404);
    expect((await get(null, url)).statusCode).toBe(404);

    const exe = multipart({ text: 'x' }, { name: 'tool.exe', type: 'application/octet-stream', bytes: PDF });
    await t.services.projects.review((await t.services.sessions.resolve(staff.cookie))!.auth, sub.id, { decision: 'resubmit', levels: { safety: 'unsafe' }, feedback: 'Safer, please.' });
    const bad = await t.app.inject({ method: 'POST', url: `/learn/projects/${p.id}/submit?_csrf=${encodeURIComponent(learner.csrf)}`, cookies: { mc_session: learner.cookie }, ...exe });
    expect(bad.statusCode).toBe(415);
    expect(bad.body).toContain('not an accepted file type');
  });

  it('the assessor queue is per organization and the evidence page stays private until shared', async () => {
    const { m, p, auth } = await moduleWithProject();
    await postForm(t, learner, `/learn/modules/${m.id}/enrol`, {});
    const s = await t.services.projects.submit((await t.services.sessions.resolve(learner.cookie))!.auth, p.id, { text: 'Ridge route' });
    const otherStaff = await signUpIssuer(t, { email: 'x@college.example', org: 'College' });
    expect((await get(otherStaff, `/assess/submissions/${s.id}`)).statusCode).toBe(404);
    expect((await get(staff, '/assess')).body).toContain('Route');
    const review = await postForm(t, staff, `/assess/submissions/${s.id}`, { 'level.safety': 'safe', decision: 'accept', feedback: 'Good.' });
    expect(review.statusCode).toBe(303);
    expect((await get(null, `/evidence/submissions/${s.id}`)).body).toContain('has not made this evidence public');
    await postForm(t, learner, `/learn/submissions/${s.id}/evidence`, { public: 'true' });
    const shared = await get(null, `/evidence/submissions/${s.id}`);
    expect(shared.body).toContain('Ridge route');
    expect(shared.body).toContain('Good.');
    expect(auth.organizationId).toBeTruthy();
  });
  it('staff edit a quiz on its own page; another organization gets 404', async () => {
    const { auth, m } = await moduleWithProject();
    const quiz = await t.services.quizzes.createQuiz(auth, m.id, { title: 'Check', passMark: 70, timeLimitMinutes: 10 });
    const form = await get(staff, `/author/quizzes/${quiz.id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="10"');
    const otherStaff = await signUpIssuer(t, { email: 'y@college.example', org: 'College 2' });
    expect((await get(otherStaff, `/author/quizzes/${quiz.id}`)).statusCode).toBe(404);
    const bad = await postForm(t, staff, `/author/quizzes/${quiz.id}`, { quizTitle: 'Check', passMark: '170', reviewPolicy: 'after_pass' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('passMark must be a percentage');
    const ok = await postForm(t, staff, `/author/quizzes/${quiz.id}`, { quizTitle: 'Final check', passMark: '80', attemptLimit: '2', timeLimitMinutes: '', reviewPolicy: 'none' });
    expect(ok.statusCode).toBe(303);
    expect(await t.services.quizzes.getQuiz(auth, quiz.id)).toMatchObject({ title: 'Final check', passMark: 80, attemptLimit: 2, timeLimitSeconds: null, reviewPolicy: 'none' });
  });
});
