/** The password reset service on every dialect: who gets a link, the stored token, one use, expiry, the hourly cap. */
import { afterEach, describe, expect, it } from 'vitest';
import { RESET_MAILS_PER_HOUR } from '../../src/services/password-reset.service.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/db.ts';

const linkOf = (t: TestApp, email: string): string => /\/reset-password\/([A-Za-z0-9_-]+)/.exec(t.mailer.lastTo(email)!.text)![1]!;
const resetMails = (t: TestApp) => t.mailer.sent.filter((m) => m.kind === 'reset_password');

async function learner(t: TestApp, email: string, verified = true): Promise<string> {
  const { user } = await t.services.accounts.signUp({ name: 'Lin', email, password: 'the first passphrase' });
  if (verified) await t.services.accounts.verifyEmail(/verify-email\/(\S+)/.exec(t.mailer.lastTo(email)!.text)![1]!);
  return user.id;
}

describe.each(DIALECTS)('password reset on %s', (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('mails a 256-bit link, stored only as its hash, to a verified address only', async () => {
    t = await buildTestApp({ dialect });
    await learner(t, 'unverified@example.org', false);
    await t.services.passwordReset.request('unverified@example.org');
    await t.services.passwordReset.request('nobody@example.org');
    expect(resetMails(t)).toHaveLength(0);
    const userId = await learner(t, 'lin@example.org');
    await t.services.passwordReset.request(' LIN@example.org');
    expect(resetMails(t)).toHaveLength(1);
    const token = linkOf(t, 'lin@example.org');
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(32);
    const rows = await t.services.deps.db.selectFrom('email_tokens').selectAll().where('purpose', '=', 'reset_password').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: userId, email: 'lin@example.org', used_at: null, expires_at: '2026-12-04T21:00:00.000Z' });
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.token_hash).not.toContain(token);
    await expect(t.services.passwordReset.request('not an email')).rejects.toMatchObject({ code: 'validation_failed', field: 'email' });
  });

  it('resets once, ends every session, uses up the other links; expired links fail', async () => {
    t = await buildTestApp({ dialect });
    const userId = await learner(t, 'lin@example.org');
    const s1 = await t.services.sessions.create(userId);
    await t.services.passwordReset.request('lin@example.org');
    const first = linkOf(t, 'lin@example.org');
    await t.services.passwordReset.request('lin@example.org');
    const second = linkOf(t, 'lin@example.org');
    expect(second).not.toBe(first);
    await expect(t.services.passwordReset.reset(second, 'aaaaaaaaaaaa')).rejects.toMatchObject({ code: 'validation_failed', field: 'password' });
    expect(await t.services.passwordReset.check(second)).toEqual({ email: 'lin@example.org' });
    expect(await t.services.passwordReset.reset(second, 'the second passphrase')).toEqual({ userId, email: 'lin@example.org' });
    expect(await t.services.sessions.resolve(s1.token)).toBeUndefined();
    await expect(t.services.accounts.signIn('lin@example.org', 'the second passphrase')).resolves.toMatchObject({ id: userId });
    await expect(t.services.passwordReset.reset(second, 'the third passphrase')).rejects.toMatchObject({ code: 'password_reset_link_invalid' });
    await expect(t.services.passwordReset.reset(first, 'the third passphrase')).rejects.toMatchObject({ code: 'password_reset_link_invalid' });
    await expect(t.services.passwordReset.check('unknown')).rejects.toMatchObject({ code: 'password_reset_link_invalid' });

    await t.services.passwordReset.request('lin@example.org');
    const late = linkOf(t, 'lin@example.org');
    t.clock.advance(59 * 60_000);
    expect(await t.services.passwordReset.check(late)).toEqual({ email: 'lin@example.org' });
    t.clock.advance(60_000);
    await expect(t.services.passwordReset.reset(late, 'the third passphrase')).rejects.toMatchObject({ code: 'password_reset_link_invalid' });
    await expect(t.services.accounts.signIn('lin@example.org', 'the second passphrase')).resolves.toMatchObject({ id: userId });
  });

  it(`mails at most ${RESET_MAILS_PER_HOUR} links per address per hour`, async () => {
    t = await buildTestApp({ dialect });
    await learner(t, 'lin@example.org');
    for (let i = 0; i < RESET_MAILS_PER_HOUR + 2; i++) await t.services.passwordReset.request('lin@example.org');
    expect(resetMails(t)).toHaveLength(RESET_MAILS_PER_HOUR);
    t.clock.advance(61 * 60_000);
    await t.services.passwordReset.request('lin@example.org');
    expect(resetMails(t)).toHaveLength(RESET_MAILS_PER_HOUR + 1);
  });
});
