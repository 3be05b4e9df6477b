/** The account page: rename, add an email address and confirm it, change the password (other sessions end). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, postForm, sessionClient, signUpIssuer, type Client, type TestApp } from '../helpers/app.ts';

describe('my account', () => {
  let t: TestApp;
  let c: Client;
  beforeAll(async () => {
    t = await buildTestApp();
    c = await signUpIssuer(t, { name: 'Ada', email: 'ada@example.org' });
  });
  afterAll(async () => t.close());

  it('shows the page only to a signed-in person', async () => {
    expect((await t.app.inject({ url: '/account', headers: { accept: 'text/html' } })).statusCode).toBe(303);
    const res = await t.app.inject({ url: '/account', cookies: { mc_session: c.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('ada@example.org');
  });

  it('renames, with the field named on an empty name', async () => {
    const bad = await postForm(t, c, '/account/name', { name: '  ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="f-name-error"');
    expect((await postForm(t, c, '/account/name', { name: 'Ada Lovelace' })).statusCode).toBe(303);
    expect((await t.services.accounts.getUser(c.userId)).name).toBe('Ada Lovelace');
  });

  it('adds a second address that is confirmed by its own link; a taken address is a 409', async () => {
    expect((await postForm(t, c, '/account/emails', { email: 'ada@work.example' })).statusCode).toBe(303);
    const link = /verify-email\/(\S+)/.exec(t.mailer.lastTo('ada@work.example')!.text)![1]!;
    expect((await t.app.inject({ url: `/verify-email/${link}` })).statusCode).toBe(303);
    const emails = await t.services.accounts.listEmails(c.userId);
    expect(emails.map((e) => [e.email, Boolean(e.verifiedAt)])).toEqual([['ada@example.org', false], ['ada@work.example', true]]);
    const taken = await postForm(t, c, '/account/emails', { email: 'ADA@work.example' });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('already on an account');
    // Signing in works with either address.
    await expect(t.services.accounts.signIn('ada@work.example', 'correct horse battery')).resolves.toMatchObject({ id: c.userId });
  });

  it('changes the password only with the current one, and signs out the other sessions', async () => {
    const other = await t.services.sessions.create(c.userId);
    const wrong = await postForm(t, c, '/account/password', { currentPassword: 'not it at all', newPassword: 'a brand new passphrase' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('The current password is not right.');
    const ok = await postForm(t, c, '/account/password', { currentPassword: 'correct horse battery', newPassword: 'a brand new passphrase' });
    expect(ok.statusCode).toBe(303);
    expect(await t.services.sessions.resolve(other.token)).toBeUndefined();
    expect(await sessionClient(t, c.cookie, c.email)).toMatchObject({ userId: c.userId });
    await expect(t.services.accounts.signIn('ada@example.org', 'correct horse battery')).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(t.services.accounts.signIn('ada@example.org', 'a brand new passphrase')).resolves.toMatchObject({ id: c.userId });
  });
});
