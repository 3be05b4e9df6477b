import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markEmailVerified } from '../../src/db/repositories/users.repository.ts';
import { buildTestApp, postForm, signUpIssuer, type Client, type TestApp } from '../helpers/app.ts';

describe('pathway pages', () => {
  let t: TestApp;
  let staff: Client;
  let a: string;
  let b: string;
  let target: string;

  const get = (c: Client | null, url: string) => t.app.inject({ method: 'GET', url, ...(c ? { cookies: { mc_session: c.cookie } } : {}) });

  beforeEach(async () => {
    t = await buildTestApp();
    staff = await signUpIssuer(t, { email: 'staff@northbridge.example', org: 'Northbridge' });
    const make = async (name: string) => (await t.app.inject({ method: 'POST', url: '/api/v1/achievements', cookies: { mc_session: staff.cookie }, headers: { 'x-csrf-token': staff.csrf }, payload: { name, description: `${name}.`, criteriaNarrative: 'Pass.', creditsAvailable: 2 } })).json().id as string;
    a = await make('Data Basics');
    b = await make('SQL');
    target = await make('Data Analyst');
  });
  afterEach(async () => t.close());

  const rule = () => JSON.stringify({ type: 'allOf', children: [{ type: 'credential', achievement: { achievementId: a } }, { type: 'credential', achievement: { achievementId: b } }] });

  it('builds a pathway with a preview that works without JavaScript, then shows its funnel', async () => {
    const form = await get(staff, '/pathways/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<label for="f-rule">Rule (JSON)');
    expect(form.body).toContain('formaction="/pathways/preview"');

    const broken = await postForm(t, staff, '/pathways/preview', { name: 'X', targetAchievementId: target, revocationPolicy: 'suspend', rule: '{"type":', learnerEmail: '' });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).toContain('The rule is not valid JSON');

    const impossible = await postForm(t, staff, '/pathways/preview', { name: 'X', targetAchievementId: target, revocationPolicy: 'suspend', rule: JSON.stringify({ type: 'nOf', n: 4, children: JSON.parse(rule()).children }), learnerEmail: '' });
    expect(impossible.body).toContain('Impossible: needs 4 of only 2 components.');

    await t.app.inject({ method: 'POST', url: '/api/v1/credentials', cookies: { mc_session: staff.cookie }, headers: { 'x-csrf-token': staff.csrf }, payload: { achievementId: a, recipient: { email: 'ada@example.com', name: 'Ada' } } });
    const preview = await postForm(t, staff, '/pathways/preview', { name: 'X', targetAchievementId: target, revocationPolicy: 'suspend', rule: rule(), learnerEmail: 'ada@example.com' });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('This learner does not qualify yet.');
    expect(preview.body).toContain('SQL: not yet earned.');

    const saved = await postForm(t, staff, '/pathways/new', { name: 'Data Analyst', description: '', targetAchievementId: target, revocationPolicy: 'suspend', rule: rule(), learnerEmail: '' });
    expect(saved.statusCode).toBe(303);
    const detail = await get(staff, saved.headers.location as string);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('Progress by step');
    expect(detail.body).toMatch(/Export the funnel as CSV/);
    expect(detail.body).toContain('Data Basics');
    const list = await get(staff, '/pathways');
    expect(list.body).toContain('Data Analyst');
  });

  it('shows a signed-in learner their map, and keeps learners out of the builder', async () => {
    const u = await t.services.accounts.signUp({ name: 'Ada', email: 'ada@example.com', password: 'correct horse battery' });
    await markEmailVerified(t.services.deps.db, u.user.id, 'ada@example.com', '2026-12-04T20:00:00.000Z');
    const session = await t.services.sessions.create(u.user.id);
    const learner: Client = { cookie: session.token, csrf: '', userId: u.user.id, email: 'ada@example.com' };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/pathways', cookies: { mc_session: staff.cookie }, headers: { 'x-csrf-token': staff.csrf }, payload: { name: 'Data Analyst', targetAchievementId: target, rule: JSON.parse(rule()) } });
    expect(res.statusCode).toBe(201);
    const issued = (await t.app.inject({ method: 'POST', url: '/api/v1/credentials', cookies: { mc_session: staff.cookie }, headers: { 'x-csrf-token': staff.csrf }, payload: { achievementId: a, recipient: { email: 'ada@example.com' } } })).json();
    await t.services.deps.db.updateTable('learners').set({ user_id: u.user.id }).where('id', '=', issued.learnerId).execute();
    const map = await get(learner, '/my/pathways');
    expect(map.statusCode).toBe(200);
    expect(map.body).toContain('<h2 id="pw-');
    expect(map.body).toContain('Data Basics: earned on');
    expect(map.body).toContain('SQL: not yet earned.');
    expect(map.body).toMatch(/<progress max="100" value="50"/);
    expect((await get(learner, '/pathways/new')).statusCode).toBe(403);
  });
});
