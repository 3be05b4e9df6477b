/** Every error path of the shell answers with a status and a body carrying a catalog code and the field at fault. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toErrorResponse } from '../../src/http/errors.ts';
import { buildTestApp, createApiToken, postForm, signUpIssuer, type Client, type TestApp } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/db.ts';

type ErrorBody = { error: { code: string; message: string; field?: string; issues: Array<{ field: string; message: string }> } };

describe.each(DIALECTS)('HTTP errors on %s', (dialect) => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    t = await buildTestApp({ dialect, env: { MICROCRED_BODY_LIMIT_BYTES: '4096' } });
    owner = await signUpIssuer(t);
  });
  afterAll(async () => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, c?: Client, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, ...(c ? { cookies: { mc_session: c.cookie }, headers: { 'x-csrf-token': c.csrf, ...headers } } : { headers }), ...(payload !== undefined ? { payload: payload as object } : {}) });

  it('400 validation_failed names the missing field', async () => {
    const res = await api('POST', '/api/v1/api-tokens', owner, { scopes: ['credentials:issue'] });
    expect(res.statusCode).toBe(400);
    const body = res.json() as ErrorBody;
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.field).toBe('name');
    expect(body.error.issues[0]).toEqual({ field: 'name', message: 'name is required.' });
  });

  it('400 validation_failed for a wrong type and an unknown enum value, with every issue listed', async () => {
    const res = await api('POST', '/api/v1/api-tokens', owner, { name: 42, scopes: ['root:everything'] });
    expect(res.statusCode).toBe(400);
    const body = res.json() as ErrorBody;
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues.map((i) => i.field)).toContain('scopes.0');
  });

  it('400 for a wrong type in a JSON body (no silent coercion), naming the field', async () => {
    const res = await api('POST', '/api/v1/api-tokens', owner, { name: 42, scopes: ['credentials:read'] });
    expect(res.statusCode).toBe(400);
    const body = res.json() as ErrorBody;
    expect(body.error).toMatchObject({ code: 'validation_failed', field: 'name', message: 'name must be string.' });
    const list = await api('GET', '/api/v1/audit?limit=2', owner);
    expect(list.statusCode).toBe(200);
    const badQuery = await api('GET', '/api/v1/audit?limit=lots', owner);
    expect(badQuery.statusCode).toBe(400);
    expect((badQuery.json() as ErrorBody).error.field).toBe('limit');
  });

  it('400 malformed_json for a body that is not JSON', async () => {
    const res = await api('POST', '/api/v1/api-tokens', owner, '{"name": ', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect((res.json() as ErrorBody).error.code).toBe('malformed_json');
  });

  it('413 payload_too_large beyond the body limit', async () => {
    const res = await api('POST', '/api/v1/api-tokens', owner, { name: 'x'.repeat(10_000), scopes: ['credentials:issue'] });
    expect(res.statusCode).toBe(413);
    expect((res.json() as ErrorBody).error.code).toBe('payload_too_large');
  });

  it('401 unauthenticated without a session or token, and with a bad token', async () => {
    const a = await api('GET', '/api/v1/organization');
    expect(a.statusCode).toBe(401);
    expect((a.json() as ErrorBody).error.code).toBe('unauthenticated');
    const b = await api('GET', '/api/v1/organization', undefined, undefined, { authorization: 'Bearer mc_notarealtoken' });
    expect(b.statusCode).toBe(401);
    expect((b.json() as ErrorBody).error.code).toBe('unauthenticated');
  });

  it('401 on a page redirects to sign-in with the page to return to', async () => {
    const res = await t.app.inject({ url: '/org/keys', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/signin?next=%2Forg%2Fkeys');
  });

  it('403 token_scope_missing when a token lacks the scope; tokens cannot manage tokens', async () => {
    const token = await createApiToken(t, owner, ['credentials:read']);
    const res = await api('POST', '/api/v1/organization/keys/rotate', undefined, undefined, { authorization: `Bearer ${token}` });
    expect(res.statusCode).toBe(403);
    expect((res.json() as ErrorBody).error.code).toBe('token_scope_missing');
    const list = await api('GET', '/api/v1/api-tokens', undefined, undefined, { authorization: `Bearer ${token}` });
    expect(list.statusCode).toBe(403);
    const me = await api('GET', '/api/v1/me', undefined, undefined, { authorization: `Bearer ${token}` });
    expect(me.json()).toMatchObject({ scopes: ['credentials:read'] });
  });

  it('accepts the API token through HTTP Basic too (xAPI clients), as password or as user name', async () => {
    const token = await createApiToken(t, owner, ['completions:write']);
    for (const creds of [`lms:${token}`, `${token}:`]) {
      const res = await api('GET', '/api/v1/me', undefined, undefined, { authorization: `Basic ${Buffer.from(creds).toString('base64')}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ scopes: ['completions:write'] });
    }
    const bad = await api('GET', '/api/v1/me', undefined, undefined, { authorization: `Basic ${Buffer.from('lms:wrong').toString('base64')}` });
    expect(bad.statusCode).toBe(401);
  });

  it('403 forbidden for a role without the permission (assessor rotating keys)', async () => {
    const assessor = await signUpIssuer(t, { email: 'assessor@example.org' });
    await t.services.accounts.verifyEmail(t.mailer.lastTo('assessor@example.org')!.text.match(/verify-email\/(\S+)/)![1]!);
    const inv = await api('POST', '/api/v1/organization/members', owner, { email: 'assessor@example.org', role: 'assessor' });
    expect(inv.statusCode).toBe(202);
    expect(inv.json()).toEqual({ joined: true });
    const orgId = (await t.services.sessions.resolve(owner.cookie))!.auth.organizationId!;
    await t.services.sessions.switchOrganization(assessor.cookie, assessor.userId, orgId);
    const res = await api('POST', '/api/v1/organization/keys/rotate', assessor);
    expect(res.statusCode).toBe(403);
    expect((res.json() as ErrorBody).error.code).toBe('forbidden');
    const keys = await api('GET', '/api/v1/organization/keys', assessor);
    expect(keys.statusCode).toBe(200);
  });

  it('404 not_found for another organization\'s token; 404 for unknown routes', async () => {
    const other = await signUpIssuer(t);
    const token = await t.app.inject({ method: 'POST', url: '/api/v1/api-tokens', cookies: { mc_session: other.cookie }, headers: { 'x-csrf-token': other.csrf }, payload: { name: 'theirs', scopes: ['credentials:read'] } });
    const id = (token.json() as { token: { id: string } }).token.id;
    const res = await api('DELETE', `/api/v1/api-tokens/${id}`, owner);
    expect(res.statusCode).toBe(404);
    expect((res.json() as ErrorBody).error.code).toBe('not_found');
    const page = await postForm(t, owner, `/org/api-tokens/${id}/revoke`, {});
    expect(page.statusCode).toBe(404);
    // The token still works for its own organization.
    const still = await t.app.inject({ url: '/api/v1/api-tokens', cookies: { mc_session: other.cookie } });
    expect((still.json() as Array<{ id: string; revokedAt: string | null }>).find((x) => x.id === id)!.revokedAt).toBeNull();
    const unknown = await api('GET', '/api/v1/nothing-here');
    expect(unknown.statusCode).toBe(404);
    expect((unknown.json() as ErrorBody).error.code).toBe('not_found');
  });

  it('409 email_taken when signing up twice with one address', async () => {
    const anon = await t.app.inject({ url: '/signup' });
    const csrf = anon.cookies.find((c) => c.name === 'mc_csrf')!.value;
    const res = await t.app.inject({
      method: 'POST', url: '/signup', cookies: { mc_csrf: csrf }, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      payload: new URLSearchParams({ _csrf: csrf, name: 'Again', email: owner.email.toUpperCase(), password: 'another long password', organizationName: 'Dup' }).toString(),
    });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('An account with this email already exists.');
  });

  it('CSRF: a form post without the token, or with a wrong one, is refused and changes nothing', async () => {
    const before = (await api('GET', '/api/v1/organization/keys', owner)).json() as unknown[];
    const missing = await postForm(t, owner, '/org/keys/rotate', {}, { csrf: false });
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('csrf_invalid');
    const wrong = await postForm(t, owner, '/org/keys/rotate', { _csrf: 'x'.repeat(43) }, { csrf: false });
    expect(wrong.statusCode).toBe(403);
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/organization/keys/rotate', cookies: { mc_session: owner.cookie } });
    expect(json.statusCode).toBe(403);
    expect((json.json() as ErrorBody).error.code).toBe('csrf_invalid');
    const after = (await api('GET', '/api/v1/organization/keys', owner)).json() as unknown[];
    expect(after).toHaveLength(before.length);
    const ok = await postForm(t, owner, '/org/keys/rotate', {});
    expect(ok.statusCode).toBe(303);
    expect((await api('GET', '/api/v1/organization/keys', owner)).json()).toHaveLength(before.length + 1);
  });

  it('CSRF on anonymous forms uses the double-submit cookie', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/signin', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: owner.email, password: 'correct horse battery' }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(res.cookies.find((c) => c.name === 'mc_session')).toBeUndefined();
  });

  it('strips unknown fields instead of storing them', async () => {
    const res = await api('PATCH', '/api/v1/organization', owner, { description: 'Updated', isAdmin: true, slug: 'hijack' });
    expect(res.statusCode).toBe(200);
    const org = res.json() as Record<string, unknown>;
    expect(org.description).toBe('Updated');
    expect(org.isAdmin).toBeUndefined();
    expect(org.slug).not.toBe('hijack');
  });

  it('500 answers a generic body and does not leak the cause', async () => {
    const r = toErrorResponse(new Error('database password is hunter2'));
    expect(r.status).toBe(500);
    expect(r.log).toBe(true);
    expect(r.body).toEqual({ error: { code: 'internal_error', message: 'Something went wrong on our side.', issues: [] } });
  });
});
