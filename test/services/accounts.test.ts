import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import { hashPassword, verifyPassword } from '../../src/services/security.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/db.ts';

describe('password hashing', () => {
  it('hashes with scrypt and a salt, and verifies only the right password', async () => {
    let n = 0;
    const random = (k: number) => new Uint8Array(k).fill(++n);
    const a = await hashPassword('correct horse battery', random);
    const b = await hashPassword('correct horse battery', random);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });
});

describe.each(DIALECTS)('accounts on %s', (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('signs up an owner with an issuer organization, a key, and a verification mail whose token is stored hashed', async () => {
    t = await buildTestApp({ dialect });
    const { user, organization } = await t.services.accounts.signUp({ name: 'Ada', email: ' Ada@Example.org ', password: 'a long passphrase', organizationName: 'Ada Academy' });
    expect(organization).toMatchObject({ slug: 'ada-academy', kind: 'issuer', didMethod: 'key' });
    const keys = await t.services.keyStore.publicKeys(organization!.id);
    expect(keys).toHaveLength(1);
    const mail = t.mailer.lastTo('ada@example.org')!;
    expect(mail.kind).toBe('verify_email');
    const token = /verify-email\/(\S+)/.exec(mail.text)![1]!;
    const rows = await t.services.deps.db.selectFrom('email_tokens').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toContain(token);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const hooks: string[] = [];
    t.services.accounts.onEmailVerified.push(async (e) => void hooks.push(e.email));
    expect(await t.services.accounts.verifyEmail(token)).toEqual({ userId: user.id, email: 'ada@example.org' });
    expect(hooks).toEqual(['ada@example.org']);
    await expect(t.services.accounts.verifyEmail(token)).rejects.toMatchObject({ code: 'verification_link_invalid' });
    expect((await t.services.accounts.listEmails(user.id))[0]!.verifiedAt).not.toBeNull();
    // The audit log records the creation.
    const audit = await t.services.audit.list({ userId: user.id, organizationId: organization!.id, role: 'owner', scopes: [] });
    expect(audit.map((e) => e.action)).toEqual(['organization.create']);
  });

  it('gives a second organization with the same name a different slug', async () => {
    t = await buildTestApp({ dialect });
    await t.services.accounts.signUp({ name: 'A', email: 'a@example.org', password: 'a long passphrase', organizationName: 'Same Name' });
    const r = await t.services.accounts.signUp({ name: 'B', email: 'b@example.org', password: 'a long passphrase', organizationName: 'Same Name' });
    expect(r.organization!.slug).toBe('same-name-2');
  });

  it('reports every invalid field at once and writes nothing', async () => {
    t = await buildTestApp({ dialect });
    const err = await t.services.accounts.signUp({ name: '', email: 'nope', password: 'short', organizationName: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).issues.map((i) => i.field)).toEqual(['name', 'email', 'password', 'organizationName']);
    expect(await t.services.deps.db.selectFrom('users').selectAll().execute()).toHaveLength(0);
  });

  it('signs in with the right password only, with one message for unknown emails and wrong passwords', async () => {
    t = await buildTestApp({ dialect });
    await t.services.accounts.signUp({ name: 'A', email: 'a@example.org', password: 'a long passphrase' });
    await expect(t.services.accounts.signIn('A@example.org', 'a long passphrase')).resolves.toMatchObject({ name: 'A' });
    const wrong = await t.services.accounts.signIn('a@example.org', 'wrong passphrase').catch((e: AppError) => e);
    const unknown = await t.services.accounts.signIn('nobody@example.org', 'wrong passphrase').catch((e: AppError) => e);
    expect(wrong).toMatchObject({ code: 'invalid_credentials' });
    expect(unknown).toMatchObject({ code: 'invalid_credentials', message: (wrong as AppError).message });
  });

  it('sessions: cookie value stored hashed, expire after the TTL, end on sign-out', async () => {
    t = await buildTestApp({ dialect, env: { MICROCRED_SESSION_TTL_HOURS: '2' } });
    const { user, organization } = await t.services.accounts.signUp({ name: 'A', email: 'a@example.org', password: 'a long passphrase', organizationName: 'Org' });
    const s = await t.services.sessions.create(user.id);
    const stored = await t.services.deps.db.selectFrom('sessions').selectAll().execute();
    expect(stored[0]!.id_hash).not.toBe(s.token);
    const r = await t.services.sessions.resolve(s.token);
    expect(r!.auth).toMatchObject({ userId: user.id, organizationId: organization!.id, role: 'owner' });
    t.clock.advance(3 * 3_600_000);
    expect(await t.services.sessions.resolve(s.token)).toBeUndefined();
    const s2 = await t.services.sessions.create(user.id);
    await t.services.sessions.destroy(s2.token);
    expect(await t.services.sessions.resolve(s2.token)).toBeUndefined();
    // The expired first session is purged; a live one is kept.
    const s3 = await t.services.sessions.create(user.id);
    expect(await t.services.sessions.purgeExpired()).toBe(1);
    expect(await t.services.sessions.resolve(s3.token)).toBeDefined();
  });

  it('invitations: a new person joins with the invited role after signing up', async () => {
    t = await buildTestApp({ dialect });
    const { user, organization } = await t.services.accounts.signUp({ name: 'Owner', email: 'o@example.org', password: 'a long passphrase', organizationName: 'Org' });
    const owner = { userId: user.id, organizationId: organization!.id, role: 'owner' as const, scopes: [] };
    expect(await t.services.organizations.invite(owner, { email: 'new@example.org', role: 'assessor' })).toEqual({ joined: false });
    const token = /invite\/(\S+)/.exec(t.mailer.lastTo('new@example.org')!.text)![1]!;
    const { user: newbie } = await t.services.accounts.signUp({ name: 'New', email: 'new@example.org', password: 'a long passphrase' });
    await t.services.organizations.acceptInvitation({ userId: newbie.id, scopes: [] }, token);
    const members = await t.services.organizations.members(owner);
    expect(members.map((m) => [m.email, m.role]).sort()).toEqual([['new@example.org', 'assessor'], ['o@example.org', 'owner']]);
    await expect(t.services.organizations.acceptInvitation({ userId: newbie.id, scopes: [] }, token)).rejects.toMatchObject({ code: 'verification_link_invalid' });
    await expect(t.services.organizations.removeMember(owner, user.id)).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
