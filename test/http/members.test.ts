/** Members across organizations, role changes, removal, resending verification and sign-in rate limiting. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, postForm, signUpIssuer, type Client, type TestApp } from '../helpers/app.ts';

describe('members and tenancy', () => {
  let t: TestApp;
  let owner: Client;
  let other: Client;
  let colleague: Client;
  beforeAll(async () => {
    t = await buildTestApp();
    owner = await signUpIssuer(t, { org: 'Alpha College' });
    other = await signUpIssuer(t, { org: 'Beta Academy' });
    colleague = await signUpIssuer(t, { email: 'colleague@example.org' });
    const token = /verify-email\/(\S+)/.exec(t.mailer.lastTo('colleague@example.org')!.text)![1]!;
    await t.services.accounts.verifyEmail(token);
    const res = await postForm(t, owner, '/org/members', { email: 'colleague@example.org', role: 'issuer' });
    expect(res.statusCode).toBe(303);
  });
  afterAll(async () => t.close());

  const json = (c: Client, method: 'GET' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, cookies: { mc_session: c.cookie }, headers: { 'x-csrf-token': c.csrf }, ...(payload ? { payload } : {}) });

  it('each organization sees only its own members, keys, tokens and audit log', async () => {
    const mine = (await json(owner, 'GET', '/api/v1/organization/members')).json() as Array<{ email: string }>;
    expect(mine.map((m) => m.email).sort()).toEqual(['colleague@example.org', owner.email].sort());
    const theirs = (await json(other, 'GET', '/api/v1/organization/members')).json() as Array<{ email: string }>;
    expect(theirs.map((m) => m.email)).toEqual([other.email]);
    const ownerKeys = (await json(owner, 'GET', '/api/v1/organization/keys')).json() as Array<{ keyId: string }>;
    const otherKeys = (await json(other, 'GET', '/api/v1/organization/keys')).json() as Array<{ keyId: string }>;
    expect(ownerKeys.map((k) => k.keyId)).not.toContain(otherKeys[0]!.keyId);
    const audit = (await json(other, 'GET', '/api/v1/audit')).json() as Array<{ action: string; details: unknown }>;
    expect(audit.map((a) => a.action)).toEqual(['organization.create']);
  });

  it('another organization cannot change or remove a member: 404', async () => {
    const id = colleague.userId;
    expect((await json(other, 'PATCH', `/api/v1/organization/members/${id}`, { role: 'owner' })).statusCode).toBe(404);
    expect((await json(other, 'DELETE', `/api/v1/organization/members/${id}`)).statusCode).toBe(404);
    expect((await postForm(t, other, `/org/members/${id}/remove`, {})).statusCode).toBe(404);
  });

  it('an issuer may not manage members (403); the owner changes the role, then removes the member', async () => {
    const orgId = (await t.services.sessions.resolve(owner.cookie))!.auth.organizationId!;
    await t.services.sessions.switchOrganization(colleague.cookie, colleague.userId, orgId);
    const denied = await json(colleague, 'PATCH', `/api/v1/organization/members/${owner.userId}`, { role: 'member' });
    expect(denied.statusCode).toBe(403);
    expect((denied.json() as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await postForm(t, owner, `/org/members/${colleague.userId}/role`, { role: 'assessor' })).statusCode).toBe(303);
    let members = (await json(owner, 'GET', '/api/v1/organization/members')).json() as Array<{ userId: string; role: string }>;
    expect(members.find((m) => m.userId === colleague.userId)!.role).toBe('assessor');
    const bad = await json(owner, 'PATCH', `/api/v1/organization/members/${colleague.userId}`, { role: 'emperor' });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { error: { field: string } }).error.field).toBe('role');
    expect((await json(owner, 'DELETE', `/api/v1/organization/members/${colleague.userId}`)).statusCode).toBe(204);
    members = (await json(owner, 'GET', '/api/v1/organization/members')).json() as Array<{ userId: string; role: string }>;
    expect(members.map((m) => m.userId)).toEqual([owner.userId]);
    // The removed person's session no longer acts for the organization.
    const s = await t.services.sessions.resolve(colleague.cookie);
    expect(s!.auth.organizationId).toBeUndefined();
    expect((await json(colleague, 'GET', '/api/v1/organization/keys')).statusCode).toBe(403);
  });

  it('the last owner cannot be removed or demoted', async () => {
    const res = await json(owner, 'PATCH', `/api/v1/organization/members/${owner.userId}`, { role: 'admin' });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { message: string } }).error.message).toContain('at least one owner');
  });

  it('resends the verification link to the signed-in user', async () => {
    const before = t.mailer.sent.filter((m) => m.to === owner.email).length;
    const res = await postForm(t, owner, '/account/resend-verification', {});
    expect(res.statusCode).toBe(303);
    expect(t.mailer.sent.filter((m) => m.to === owner.email)).toHaveLength(before + 1);
  });

  it('rate-limits sign-in attempts with a 429 rate_limited body', async () => {
    const anon = await t.app.inject({ url: '/signin' });
    const csrf = anon.cookies.find((c) => c.name === 'mc_csrf')!.value;
    let last = 0;
    let body = '';
    for (let i = 0; i < 25; i++) {
      const r = await t.app.inject({
        method: 'POST', url: '/signin', cookies: { mc_csrf: csrf }, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        payload: new URLSearchParams({ _csrf: csrf, email: owner.email, password: 'wrong password!' }).toString(),
      });
      last = r.statusCode;
      body = r.body;
      if (last === 429) break;
    }
    expect(last).toBe(429);
    expect(body).toContain('rate_limited');
  });
});

describe('organization profile audit', () => {
  it('records only the fields that changed, and nothing when nothing changed', async () => {
    const t = await buildTestApp();
    try {
      const c = await signUpIssuer(t, { org: 'Gamma School' });
      const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: '/api/v1/organization', cookies: { mc_session: c.cookie }, headers: { 'x-csrf-token': c.csrf }, payload });
      expect((await patch({ name: 'Gamma School', description: 'New text' })).statusCode).toBe(200);
      expect((await patch({ description: 'New text' })).statusCode).toBe(200);
      const audit = (await t.app.inject({ url: '/api/v1/audit?action=organization.update', cookies: { mc_session: c.cookie } })).json() as Array<{ details: { fields: string[] } }>;
      expect(audit.map((a) => a.details.fields)).toEqual([['description']]);
    } finally {
      await t.close();
    }
  });
});
