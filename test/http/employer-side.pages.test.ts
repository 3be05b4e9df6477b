/**
 * The employer-side pages through the whole app: employer sign-up and domain link, verify-and-save a candidate,
 * endorse through the form, issuer review; outreach board moves, CSV import errors shown per row with nothing
 * written, export; analytics page (SVG chart + table) and CSV; another issuer gets 404, an employer 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, postForm, sessionClient, signUpIssuer, type Client, type TestApp } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/db.ts';

async function signUpEmployer(t: TestApp, email: string, org: string): Promise<Client> {
  const anon = await t.app.inject({ method: 'GET', url: '/employers/signup' });
  expect(anon.statusCode).toBe(200);
  const csrf = anon.cookies.find((c) => c.name === 'mc_csrf')!.value;
  const res = await t.app.inject({
    method: 'POST', url: '/employers/signup', cookies: { mc_csrf: csrf }, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, name: 'Hana Hiring', email, password: 'correct horse battery', organizationName: org }).toString(),
  });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe('/employer');
  return sessionClient(t, res.cookies.find((c) => c.name === 'mc_session')!.value, email);
}

const get = (t: TestApp, c: Client, url: string) => t.app.inject({ method: 'GET', url, cookies: { mc_session: c.cookie } });

describe.each(DIALECTS)('employer-side pages (%s)', (dialect) => {
  let t: TestApp;
  let issuer: Client;
  let otherIssuer: Client;
  let employer: Client;
  let achievementId: string;
  let code: string;

  beforeAll(async () => {
    t = await buildTestApp({ dialect });
    issuer = await signUpIssuer(t);
    otherIssuer = await signUpIssuer(t);
    employer = await signUpEmployer(t, 'hana@northwind.test', 'Northwind Logistics');
    const auth = (await t.services.sessions.resolve(issuer.cookie))!.auth;
    achievementId = (await t.services.achievements.create(auth, { name: 'Forklift Safety', description: 'Operates a forklift safely.', criteriaNarrative: 'Pass the practical test.' })).id;
    code = (await t.services.issuance.issueCredential(auth, { achievementId, recipient: { email: 'sam@example.com', name: 'Sam Lee' } }, { source: 'single' })).credential.verificationCode;
  });
  afterAll(async () => t.close());

  it('verifies the employer domain through the mailed link', async () => {
    const home = await get(t, employer, '/employer');
    expect(home.body).toContain('Not verified');
    const bad = await postForm(t, employer, '/employer/domain', { domainEmail: 'me@gmail.com' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('public mail provider');
    expect((await postForm(t, employer, '/employer/domain', { domainEmail: 'it@northwind.test' })).statusCode).toBe(303);
    const link = /\/employer\/domain\/\S+/.exec(t.mailer.lastTo('it@northwind.test')!.text)![0];
    expect((await get(t, employer, link)).statusCode).toBe(200);
    const done = await postForm(t, employer, link, {});
    expect(done.statusCode).toBe(303);
    expect((await get(t, employer, '/employer')).body).toContain('northwind.test since');
  });

  it('verifies while signed in, saves the candidate with notes, and endorses through the form', async () => {
    const r = await postForm(t, employer, '/employer/verify', { code });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Save to your candidates');
    expect(r.body).toContain(`/employer/endorse?achievement=${encodeURIComponent(`http://localhost:3000/achievements/${achievementId}`)}`);
    expect((await postForm(t, employer, '/employer/candidates', { code, name: 'Sam Lee', notes: 'Night shift' })).statusCode).toBe(303);
    const list = await get(t, employer, '/employer/candidates');
    expect(list.body).toContain('Sam Lee');
    expect(list.body).toContain('Night shift');
    // A share link the candidate sent: verified and saved as a candidate too.
    const learner = await t.services.accounts.signUp({ name: 'Kim Ko', email: 'kim@example.com', password: 'correct horse battery' });
    await t.services.accounts.verifyEmail(/\/verify-email\/([A-Za-z0-9_-]+)/.exec(t.mailer.lastTo('kim@example.com')!.text)![1]!);
    const auth = (await t.services.sessions.resolve(issuer.cookie))!.auth;
    const kimCred = (await t.services.issuance.issueCredential(auth, { achievementId, recipient: { email: 'kim@example.com' } }, { source: 'single' })).credential;
    await t.services.credentialEvents.idle();
    const share = await t.services.walletShares.create({ userId: learner.user.id, scopes: [] }, { items: [{ kind: 'issued', id: kimCred.id }] });
    const viaShare = await postForm(t, employer, '/employer/verify', { shareUrl: share.url });
    expect(viaShare.statusCode).toBe(200);
    expect(viaShare.body).toContain('This credential is valid');
    expect(viaShare.body).toContain(`name="shareUrl" value="${share.url}"`);
    expect((await postForm(t, employer, '/employer/candidates', { shareUrl: share.url, name: 'Kim Ko' })).statusCode).toBe(303);
    expect((await get(t, employer, '/employer/candidates')).body).toContain('from share link');
    expect((await postForm(t, employer, '/employer/verify', { shareUrl: 'https://elsewhere.example/nothing' })).statusCode).toBe(400);
    const missing = await postForm(t, employer, '/employer/endorsements', { achievement: `http://localhost:3000/achievements/${achievementId}`, comment: '' });
    expect(missing.statusCode).toBe(400);
    const ok = await postForm(t, employer, '/employer/endorsements', { achievement: `http://localhost:3000/achievements/${achievementId}`, comment: 'We hire **certified** operators.' });
    expect(ok.statusCode).toBe(303);
  });

  it('lets the issuer accept it; the public page then lists it; employers and other issuers cannot review', async () => {
    expect((await get(t, employer, '/endorsements')).statusCode).toBe(403);
    const review = await get(t, issuer, '/endorsements');
    expect(review.body).toContain('Northwind Logistics endorses');
    const id = /\/endorsements\/([0-9a-f-]{36})\/decision/.exec(review.body)![1]!;
    expect((await postForm(t, otherIssuer, `/endorsements/${id}/decision`, { decision: 'accepted' })).statusCode).toBe(404);
    expect((await get(t, issuer, `/achievements/${achievementId}`)).body).not.toContain('certified');
    expect((await postForm(t, issuer, `/endorsements/${id}/decision`, { decision: 'accepted' })).statusCode).toBe(303);
    const pub = await t.app.inject({ method: 'GET', url: `/achievements/${achievementId}`, headers: { accept: 'text/html' } });
    expect(pub.body).toContain('Northwind Logistics');
    expect(pub.body).toContain('<strong>certified</strong>');
  });

  it('runs the outreach board without JavaScript, rejects a bad CSV per row, exports, and keeps tenants apart', async () => {
    const created = await postForm(t, issuer, '/outreach', { name: 'Northwind Logistics', website: 'northwind.test', stage: 'prospect', contact_name_0: 'Pat', contact_email_0: 'pat@northwind.test', contact_role_0: 'HR lead' });
    expect(created.statusCode).toBe(303);
    const id = created.headers.location!.split('/').pop()!;
    const detail = await get(t, issuer, `/outreach/${id}`);
    expect(detail.body).toContain('Linked employer');
    expect(detail.body).toContain('Endorsement');
    expect((await postForm(t, issuer, `/outreach/${id}/stage`, { stage: 'contacted' })).statusCode).toBe(303);
    const board = await get(t, issuer, '/outreach');
    expect(board.body).toMatch(/id="col-contacted">Contacted <span class="muted">\(1\)/);
    expect((await get(t, otherIssuer, `/outreach/${id}`)).statusCode).toBe(404);
    expect((await get(t, employer, '/outreach')).statusCode).toBe(403);
    const bad = await postForm(t, issuer, '/outreach/import', { csv: 'name,stage\nOk Co,prospect\nBad Co,later\n' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/<td>3<\/td><td>stage<\/td>/);
    expect((await get(t, issuer, '/outreach')).body).not.toContain('Ok Co');
    const csv = await get(t, issuer, '/outreach/export.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('"Northwind Logistics","https://northwind.test/","contacted"');
    const nameErr = await postForm(t, issuer, '/outreach', { name: '', contact_email_0: 'nope' });
    expect(nameErr.statusCode).toBe(400);
    expect(nameErr.body).toContain('id="f-contact_email_0"');
    expect(nameErr.body).toContain('is not an email address');
  });

  it('shows analytics as an SVG chart with a data table, and CSV', async () => {
    const page = await get(t, issuer, '/analytics');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<svg viewBox');
    expect(page.body).toContain('role="img"');
    expect(page.body).toContain('<caption>Issued, claimed, shared and verified per week</caption>');
    expect(page.body).toContain('Northwind Logistics');
    const csv = await get(t, issuer, '/analytics/series.csv?weeks=4');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('"week_start","micro_credential","issued","claimed","shared","verified"');
    expect(lines.at(-1)).toBe('"2026-11-30","Forklift Safety","2","0","1","4"');
    expect((await get(t, employer, '/analytics')).statusCode).toBe(403);
  });
});
