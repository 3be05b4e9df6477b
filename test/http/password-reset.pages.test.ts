/** Password reset pages over SQLite: neutral answer, one-time links, expiry, sessions ended, field errors, CSRF. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESET_REQUESTED_MESSAGE } from '../../src/web/pages/password-reset.pages.ts';
import { buildTestApp, signUpIssuer, type Client, type TestApp } from '../helpers/app.ts';

/** An anonymous browser (its own client address): GETs a page for the CSRF cookie, then posts the form with it (or without `_csrf`). */
let ipCounter = 1;
async function anonPost(t: TestApp, url: string, fields: Record<string, string>, opts: { csrf?: boolean; ip?: string } = {}) {
  const get = await t.app.inject({ url: '/forgot-password' });
  const csrf = get.cookies.find((c) => c.name === 'mc_csrf')!.value;
  const body = new URLSearchParams(fields);
  if (opts.csrf !== false) body.append('_csrf', csrf);
  // A fresh client address per request unless given: the per-address rate limit is tested on its own.
  const remoteAddress = opts.ip ?? `10.0.0.${ipCounter++}`;
  return t.app.inject({ method: 'POST', url, remoteAddress, cookies: { mc_csrf: csrf }, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
}

const resetLinkOf = (t: TestApp, email: string): string => {
  const m = t.mailer.lastTo(email);
  expect(m?.kind).toBe('reset_password');
  return /\/reset-password\/([A-Za-z0-9_-]+)/.exec(m!.text)![1]!;
};

describe('password reset pages', () => {
  let t: TestApp;
  let c: Client;
  const email = 'grace@example.org';
  beforeAll(async () => {
    t = await buildTestApp();
    c = await signUpIssuer(t, { name: 'Grace', email });
    const verify = /verify-email\/(\S+)/.exec(t.mailer.lastTo(email)!.text)![1]!;
    await t.services.accounts.verifyEmail(verify);
  });
  afterAll(async () => t.close());

  it('links from the sign-in page to the request form', async () => {
    const res = await t.app.inject({ url: '/signin' });
    expect(res.body).toContain('<a href="/forgot-password">Forgot your password?</a>');
    const form = await t.app.inject({ url: '/forgot-password' });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('action="/forgot-password"');
    expect(form.body).toContain('name="_csrf"');
  });

  it('answers an unknown address exactly like a known one, and mails only the known one', async () => {
    const before = t.mailer.sent.length;
    const unknown = await anonPost(t, '/forgot-password', { email: 'nobody@example.org' });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain(RESET_REQUESTED_MESSAGE);
    expect(t.mailer.sent.length).toBe(before);
    const known = await anonPost(t, '/forgot-password', { email: 'Grace@Example.org ' });
    expect(known.statusCode).toBe(200);
    expect(known.body).toContain(RESET_REQUESTED_MESSAGE);
    expect(t.mailer.sent.length).toBe(before + 1);
    expect(t.mailer.lastTo(email)!.text).toContain('http://localhost:3000/reset-password/');
  });

  it('names the field for something that is not an email address', async () => {
    const res = await anonPost(t, '/forgot-password', { email: 'not an address' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="f-email-error"');
    expect(res.body).not.toContain(RESET_REQUESTED_MESSAGE);
  });

  it('refuses a form without the CSRF token', async () => {
    const res = await anonPost(t, '/forgot-password', { email }, { csrf: false });
    expect(res.statusCode).toBe(403);
    await anonPost(t, '/forgot-password', { email });
    const token = resetLinkOf(t, email);
    const reset = await anonPost(t, `/reset-password/${token}`, { password: 'a brand new passphrase' }, { csrf: false });
    expect(reset.statusCode).toBe(403);
    // The refused form did not use the link up.
    expect((await t.app.inject({ url: `/reset-password/${token}` })).statusCode).toBe(200);
  });

  it('refuses a weak password naming the field, keeping the link usable', async () => {
    await anonPost(t, '/forgot-password', { email });
    const token = resetLinkOf(t, email);
    const weak = await anonPost(t, `/reset-password/${token}`, { password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('id="f-password-error"');
    expect(weak.body).toContain('at least 10 characters');
    expect((await t.app.inject({ url: `/reset-password/${token}` })).body).toContain('Choose a new password');
  });

  it('sets the password once, ends the old sessions, signs the user in and records it in the audit log', async () => {
    t.clock.advance(2 * 3_600_000); // past the hourly mail cap of the earlier tests
    await anonPost(t, '/forgot-password', { email });
    const token = resetLinkOf(t, email);
    const page = await t.app.inject({ url: `/reset-password/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(email);
    const ok = await anonPost(t, `/reset-password/${token}`, { password: 'a brand new passphrase' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/dashboard');
    const cookie = ok.cookies.find((x) => x.name === 'mc_session')!.value;
    expect((await t.services.sessions.resolve(cookie))?.auth.userId).toBe(c.userId);
    expect(await t.services.sessions.resolve(c.cookie)).toBeUndefined();
    await expect(t.services.accounts.signIn(email, 'correct horse battery')).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(t.services.accounts.signIn(email, 'a brand new passphrase')).resolves.toMatchObject({ id: c.userId });
    // A second use of the same link gets the invalid-link page, with a way to ask again.
    const again = await anonPost(t, `/reset-password/${token}`, { password: 'yet another passphrase' });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('href="/forgot-password"');
    const view = await t.app.inject({ url: `/reset-password/${token}` });
    expect(view.statusCode).toBe(410);
    expect(view.body).toContain('invalid, was already used or has expired');
    const s = await t.services.sessions.resolve(cookie);
    const entries = await t.services.audit.list(s!.auth);
    expect(entries.map((e) => e.action)).toContain('user.password_reset');
  });

  it('shows the invalid-link page for an unknown token and for an expired one', async () => {
    expect((await t.app.inject({ url: '/reset-password/not-a-real-token' })).statusCode).toBe(410);
    await anonPost(t, '/forgot-password', { email });
    const token = resetLinkOf(t, email);
    t.clock.advance(60 * 60_000 + 1);
    const res = await anonPost(t, `/reset-password/${token}`, { password: 'a brand new passphrase 2' });
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('Ask for a new link');
  });

  it('works for a signed-in person too (their session is replaced)', async () => {
    t.clock.advance(2 * 3_600_000);
    const s = await t.services.sessions.create(c.userId);
    const me: Client = { cookie: s.token, csrf: s.csrfToken, userId: c.userId, email };
    const post = (url: string, fields: Record<string, string>) => t.app.inject({
      method: 'POST', url, remoteAddress: '10.1.0.1', cookies: { mc_session: me.cookie },
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...fields, _csrf: me.csrf }).toString(),
    });
    expect((await post('/forgot-password', { email })).statusCode).toBe(200);
    const token = resetLinkOf(t, email);
    const res = await post(`/reset-password/${token}`, { password: 'the fourth passphrase' });
    expect(res.statusCode).toBe(303);
    expect(await t.services.sessions.resolve(s.token)).toBeUndefined();
  });

  it('rate limits requests from one address (5 per 15 minutes)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await anonPost(t, '/forgot-password', { email: `x${i}@example.org` }, { ip: '10.2.0.1' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
  });
});
