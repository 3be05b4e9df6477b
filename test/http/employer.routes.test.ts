/**
 * The employer-side JSON API: endorsement (sign, list, decide) with each error path, partners CRUD with CSV import
 * (per-row errors, nothing written) and export, analytics JSON and CSV; tenancy (404 for another issuer, 403 for an
 * employer on issuer routes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signUpIssuer, type Client, type TestApp } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/db.ts';

const api = (t: TestApp, c: Client | undefined, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, ...(c ? { cookies: { mc_session: c.cookie } } : {}), headers: { ...(c ? { 'x-csrf-token': c.csrf } : {}), ...headers }, ...(payload !== undefined ? { payload: payload as string } : {}) });

describe.each(DIALECTS)('employer-side API (%s)', (dialect) => {
  let t: TestApp;
  let issuer: Client;
  let other: Client;
  let employer: Client;
  let achievementId: string;

  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    issuer = await signUpIssuer(t);
    other = await signUpIssuer(t);
    const { user, organization } = await t.services.employers.signUp({ name: 'Eli', email: 'eli@contoso.test', password: 'correct horse battery', organizationName: 'Contoso' });
    await t.services.employers.claimDomain({ userId: user.id, organizationId: organization!.id, role: 'owner', scopes: [] }, 'eli@contoso.test');
    await t.services.employers.confirmDomain(/\/employer\/domain\/(\S+)/.exec(t.mailer.lastTo('eli@contoso.test')!.text)![1]!);
    const s = await t.services.sessions.create(user.id);
    const resolved = (await t.services.sessions.resolve(s.token))!;
    employer = { cookie: s.token, csrf: resolved.csrfToken, userId: user.id, email: 'eli@contoso.test' };
    const auth = (await t.services.sessions.resolve(issuer.cookie))!.auth;
    achievementId = (await t.services.achievements.create(auth, { name: 'Customer Care', description: 'Handles complaints well.', criteriaNarrative: 'Role play.' })).id;
  });
  afterAll(async () => t.close());

  it('signs, lists and decides endorsements, with an error code for each wrong call', async () => {
    expect((await api(t, undefined, 'POST', '/api/v1/endorsements', { achievement: achievementId, comment: 'x' })).statusCode).toBe(401);
    const bad = await api(t, employer, 'POST', '/api/v1/endorsements', { achievement: achievementId, comment: '   ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'validation_failed', field: 'comment' });
    expect((await api(t, employer, 'POST', '/api/v1/endorsements', { achievement: 'no-such-id', comment: 'Great' })).json().error.code).toBe('achievement_not_found');
    expect((await api(t, issuer, 'POST', '/api/v1/endorsements', { achievement: achievementId, comment: 'Self' })).json().error.code).toBe('employer_only');
    const created = await api(t, employer, 'POST', '/api/v1/endorsements', { achievement: achievementId, comment: 'Our support team hires with it.' });
    expect(created.statusCode).toBe(201);
    const e = created.json();
    expect(e.credential.type).toEqual(['VerifiableCredential', 'EndorsementCredential']);
    expect((await api(t, employer, 'POST', '/api/v1/endorsements', { achievement: achievementId, comment: 'Twice' })).statusCode).toBe(409);
    expect((await api(t, employer, 'GET', '/api/v1/endorsements/given')).json()).toHaveLength(1);
    expect((await api(t, employer, 'GET', '/api/v1/endorsements')).statusCode).toBe(403);
    expect((await api(t, other, 'POST', `/api/v1/endorsements/${e.id}/decision`, { decision: 'accepted' })).statusCode).toBe(404);
    expect((await api(t, issuer, 'POST', `/api/v1/endorsements/${e.id}/decision`, { decision: 'maybe' })).statusCode).toBe(400);
    const ok = await api(t, issuer, 'POST', `/api/v1/endorsements/${e.id}/decision`, { decision: 'declined', note: 'Not yet' });
    expect(ok.json().status).toBe('declined');
    expect((await api(t, issuer, 'POST', `/api/v1/endorsements/${e.id}/decision`, { decision: 'accepted' })).statusCode).toBe(409);
    expect((await api(t, issuer, 'GET', '/api/v1/endorsements?status=declined')).json()).toHaveLength(1);
  });

  it('manages partners, imports CSV only when every row is valid, exports, and keeps tenants apart', async () => {
    const p = await api(t, issuer, 'POST', '/api/v1/partners', { name: 'Contoso', website: 'https://contoso.test', contacts: [{ name: 'Ann', email: 'ann@contoso.test', role: 'HR' }], achievementIds: [achievementId] });
    expect(p.statusCode).toBe(201);
    const id = p.json().id;
    expect(p.json().employerOrganizationId).not.toBeNull();
    const badRef = await api(t, issuer, 'POST', '/api/v1/partners', { name: 'X', achievementIds: ['nope'] });
    expect(badRef.json().error).toMatchObject({ code: 'validation_failed', field: 'achievementIds' });
    expect((await api(t, other, 'GET', `/api/v1/partners/${id}`)).statusCode).toBe(404);
    expect((await api(t, other, 'PUT', `/api/v1/partners/${id}`, { name: 'Mine now' })).statusCode).toBe(404);
    expect((await api(t, other, 'DELETE', `/api/v1/partners/${id}`)).statusCode).toBe(404);
    expect((await api(t, employer, 'GET', '/api/v1/partners')).statusCode).toBe(403);
    const upd = await api(t, issuer, 'PUT', `/api/v1/partners/${id}`, { name: 'Contoso', website: 'https://contoso.test', stage: 'endorsing' });
    expect(upd.json().stage).toBe('endorsing');
    t.clock.advance(60_000);
    expect((await api(t, issuer, 'POST', `/api/v1/partners/${id}/notes`, { note: 'Met at the job fair.' })).statusCode).toBe(204);
    const detail = (await api(t, issuer, 'GET', `/api/v1/partners/${id}`)).json();
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(['note', 'stage']);

    const bad = await api(t, issuer, 'POST', '/api/v1/partners/import', 'name,stage,next_step_date\nA,prospect,2027-01-05\nB,prospect,5 January\n', { 'content-type': 'text/csv' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('csv_invalid');
    expect(bad.json().error.issues).toEqual([{ field: 'row 3: next_step_date', message: 'Enter the date as YYYY-MM-DD.' }]);
    expect((await api(t, issuer, 'GET', '/api/v1/partners')).json()).toHaveLength(1);
    const good = await api(t, issuer, 'POST', '/api/v1/partners/import', 'name,stage,next_step_date\nA,prospect,2027-01-05\n', { 'content-type': 'text/csv' });
    expect(good.json()).toEqual({ created: 1 });
    const csv = await api(t, issuer, 'GET', '/api/v1/partners.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('"name","website","stage","owner_email","next_step","next_step_date","contact_names","contact_emails","contact_roles","micro_credentials","pathways","notes"');
    expect(csv.body).toContain('"A","","prospect","","","2027-01-05"');
    expect((await api(t, issuer, 'DELETE', `/api/v1/partners/${id}`)).statusCode).toBe(204);
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const p of ['/api/v1/endorsements', '/api/v1/endorsements/{id}/decision', '/api/v1/partners', '/api/v1/partners/import', '/api/v1/analytics']) expect(doc.paths[p], p).toBeDefined();
  });

  it('reports analytics as JSON and CSV for the issuer only', async () => {
    const r = await api(t, issuer, 'GET', '/api/v1/analytics?weeks=2');
    expect(r.statusCode).toBe(200);
    expect(r.json().weeks).toEqual(['2026-11-23', '2026-11-30']);
    expect(r.json().endorsements).toEqual([{ achievementId, name: 'Customer Care', pending: 0, accepted: 0, declined: 1 }]);
    expect((await api(t, issuer, 'GET', '/api/v1/analytics?weeks=500')).statusCode).toBe(400);
    expect((await api(t, employer, 'GET', '/api/v1/analytics')).statusCode).toBe(403);
    const csv = await api(t, issuer, 'GET', '/api/v1/analytics/endorsements.csv');
    expect(csv.body).toBe('"micro_credential","pending","accepted","declined"\r\n"Customer Care","0","0","1"\r\n');
  });
});
