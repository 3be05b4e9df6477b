import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyDataIntegrity } from '../../src/core/proofs/index.ts';
import { verifyCredential, type Fetcher, type VerificationResult } from '../../src/core/verify/index.ts';
import { markEmailVerified } from '../../src/db/repositories/users.repository.ts';
import { buildTestApp, signUpIssuer, type Client, type TestApp } from '../helpers/app.ts';

describe('pathways API', () => {
  let t: TestApp;
  let staff: Client;
  let learner: Client;

  const api = (c: Client | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, ...(c ? { cookies: { mc_session: c.cookie }, headers: { 'x-csrf-token': c.csrf } } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) });

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

  async function achievement(name: string, creditsAvailable: number | null = 3): Promise<string> {
    const res = await api(staff, 'POST', '/api/v1/achievements', { name, description: `${name}.`, criteriaNarrative: 'Pass.', creditsAvailable });
    expect(res.statusCode).toBe(201);
    return res.json().id;
  }

  async function issue(achievementId: string) {
    const res = await api(staff, 'POST', '/api/v1/credentials', { achievementId, recipient: { email: 'ada@example.com', name: 'Ada' } });
    expect(res.statusCode).toBe(201);
    for (let i = 0; i < 10; i++) await t.services.credentialEvents.idle();
    return res.json();
  }

  it('defines a pathway, explains progress, awards it, and serves the learner’s map and CLR', async () => {
    const a = await achievement('Data Basics');
    const b = await achievement('SQL');
    const target = await achievement('Data Analyst', null);
    const rule = { type: 'allOf', children: [{ type: 'credential', achievement: { achievementId: a } }, { type: 'credential', achievement: { achievementId: b } }] };

    const bad = await api(staff, 'POST', '/api/v1/pathways', { name: 'Data Analyst', targetAchievementId: target, rule: { ...rule, type: 'nOf', n: 3 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'pathway_rule_invalid', field: 'rule/n', issues: [{ field: 'rule/n', message: 'Impossible: needs 3 of only 2 components.' }] });

    const created = await api(staff, 'POST', '/api/v1/pathways', { name: 'Data Analyst', targetAchievementId: target, rule });
    expect(created.statusCode).toBe(201);
    const id = created.json().pathway.id;
    expect(created.json().pathway).toMatchObject({ version: 1, revocationPolicy: 'suspend', status: 'active' });

    const first = await issue(a);
    const preview = await api(staff, 'POST', '/api/v1/pathways/preview', { rule, targetAchievementId: target, learnerEmail: 'ada@example.com' });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().evaluation.trace.message).toBe('Earned 1 of 2; needs 1 more: SQL.');
    const dry = await api(staff, 'GET', `/api/v1/pathways/${id}/dry-run?email=ada@example.com`);
    expect(dry.json().learner.evaluation.trace.children[1].message).toBe('SQL: not yet earned.');

    await issue(b);
    const everyone = (await api(staff, 'GET', `/api/v1/pathways/${id}/dry-run`)).json().everyone;
    expect(everyone).toMatchObject({ learners: 1, qualifying: 1, alreadyAwarded: 1 });
    const funnel = (await api(staff, 'GET', `/api/v1/pathways/${id}/funnel`)).json();
    expect(funnel).toMatchObject({ enrolled: 1, qualifying: 1, awards: { awarded: 1 }, steps: [{ label: 'Data Basics', completed: 1 }, { label: 'SQL', completed: 1 }] });
    const csv = await api(staff, 'GET', `/api/v1/pathways/${id}/funnel.csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body).toContain('"ada@example.com","Ada","100","done","done","yes","yes"');

    // The learner's wallet account owns this learner record (the wallet's claim sets it).
    await t.services.deps.db.updateTable('learners').set({ user_id: learner.userId }).where('id', '=', first.learnerId).execute();
    const mine = await api(learner, 'GET', '/api/v1/me/pathways');
    expect(mine.statusCode).toBe(200);
    expect(mine.json()[0]).toMatchObject({ pathway: { id, name: 'Data Analyst' }, evaluation: { satisfied: true }, award: { status: 'awarded' } });
    const clr = await api(learner, 'GET', `/api/v1/me/pathways/${id}/clr`);
    expect(clr.statusCode).toBe(200);
    expect(clr.headers['content-type']).toMatch(/^application\/vc\+ld\+json/);
    expect((await verifyDataIntegrity(clr.json())).verified).toBe(true);
  });

  it('the stacked credential and the CLR pass the verifier (every nested credential checked); a suspension shows', async () => {
    const a = await achievement('Data Basics');
    const b = await achievement('SQL');
    const target = await achievement('Data Analyst', null);
    const rule = { type: 'allOf', validOnly: true, children: [{ type: 'credential', achievement: { achievementId: a } }, { type: 'credential', achievement: { achievementId: b } }] };
    const id = (await api(staff, 'POST', '/api/v1/pathways', { name: 'Data Analyst', targetAchievementId: target, rule })).json().pathway.id;
    const first = await issue(a);
    await issue(b);
    // The verifier fetches status lists from this app (the fetcher port answers through inject).
    const fetcher: Fetcher = async (url) => {
      const res = await t.app.inject({ method: 'GET', url: url.replace('http://localhost:3000', '') });
      return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: new Uint8Array(res.rawPayload) };
    };
    const all = (r: VerificationResult): string[] => [r.summary, ...(r.children ?? []).flatMap((c) => all(c.result))];
    const stackedList = (await api(staff, 'GET', `/api/v1/credentials?achievementId=${target}`)).json();
    const stacked = (await api(staff, 'GET', `/api/v1/credentials/${stackedList.items[0].id}`)).json();
    const now = t.clock.now();
    expect((await verifyCredential(stacked.document, { now, fetcher })).summary).toBe('valid');
    const clr = (await api(staff, 'GET', `/api/v1/pathways/${id}/learners/${first.learnerId}/clr`)).json();
    const clrResult = await verifyCredential(clr, { now, fetcher });
    expect(clrResult.children?.filter((c) => c.kind === 'nested_credential')).toHaveLength(3);
    expect(all(clrResult)).toEqual(['valid', 'valid', 'valid', 'valid']);

    await api(staff, 'POST', `/api/v1/credentials/${first.id}/revoke`, { reason: 'Issued in error' });
    for (let i = 0; i < 10; i++) await t.services.credentialEvents.idle();
    const after = await verifyCredential(stacked.document, { now, fetcher });
    expect(after.summary).toBe('invalid');
    expect(after.checks.filter((c) => c.status === 'invalid').map((c) => c.message).join(' ')).toMatch(/suspend/i);
  });

  it('keeps other organizations, learners and anonymous callers out', async () => {
    const a = await achievement('Data Basics');
    const target = await achievement('Data Analyst', null);
    const id = (await api(staff, 'POST', '/api/v1/pathways', { name: 'P', targetAchievementId: target, rule: { type: 'credential', achievement: { achievementId: a } } })).json().pathway.id;
    const other = await signUpIssuer(t, { email: 'other@college.example', org: 'College' });
    expect((await api(other, 'GET', `/api/v1/pathways/${id}`)).statusCode).toBe(404);
    expect((await api(other, 'GET', `/api/v1/pathways/${id}/funnel`)).statusCode).toBe(404);
    expect((await api(other, 'GET', '/api/v1/pathways')).json()).toEqual([]);
    const foreign = await api(other, 'POST', '/api/v1/pathways', { name: 'Q', targetAchievementId: target, rule: { type: 'credential', achievement: { achievementId: a } } });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.issues.map((i: { field: string }) => i.field)).toEqual(['targetAchievementId', 'rule/achievement/achievementId']);
    expect((await api(learner, 'POST', '/api/v1/pathways', { name: 'Q', targetAchievementId: target, rule: {} })).statusCode).toBe(403);
    expect((await api(null, 'GET', '/api/v1/pathways')).statusCode).toBe(401);
    expect((await api(learner, 'GET', `/api/v1/me/pathways/${id}/clr`)).statusCode).toBe(404);
    const stale = await api(staff, 'PUT', `/api/v1/pathways/${id}`, { version: 7, name: 'P', rule: { type: 'credential', achievement: { achievementId: a } } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('pathway_version_conflict');
  });
});
