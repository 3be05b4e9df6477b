/**
 * The wallet over every dialect: identity (verified addresses only), privacy (private credentials, withdrawn
 * and expired share links unreachable by id, token and listing; a second learner sees nothing of the first),
 * baked downloads that verify, imports refused with the failed check, export and account deletion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { unbakeImage, bakeImage } from '../../src/core/baking/index.ts';
import { AppError } from '../../src/core/errors.ts';
import { listPdfAttachments } from '../../src/core/verify/index.ts';
import type { Auth } from '../../src/services/auth.ts';
import { hexagonPng } from '../../src/services/wallet-images.ts';
import { DIALECTS } from '../helpers/db.ts';
import { createIssuerOrg, createMicroCredential, issuanceHarness, type IssuanceHarness } from '../helpers/issuance.ts';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

const claimTokenOf = (text: string): string => /\/claim\/([A-Za-z0-9_-]+)/.exec(text)![1]!;

describe.each(DIALECTS)('wallet (%s)', (dialect) => {
  let h: IssuanceHarness;
  let issuer: Auth;
  let achievementId: string;
  let ada: Auth;
  let bob: Auth;

  const issue = async (email: string, name = 'Ada Lovelace') =>
    (await h.services.issuance.issueCredential(issuer, { achievementId, recipient: { email, name } }, { source: 'api' })).credential;

  beforeAll(async () => {
    h = await issuanceHarness(dialect);
    const org = await createIssuerOrg(h.services);
    issuer = org.auth;
    achievementId = await createMicroCredential(h.services, issuer);
    const a = await h.services.accounts.signUp({ name: 'Ada Lovelace', email: 'ada@example.com', password: 'correct horse battery' });
    ada = { userId: a.user.id, scopes: [] };
    const b = await h.services.accounts.signUp({ name: 'Bob Byte', email: 'bob@example.com', password: 'correct horse battery' });
    bob = { userId: b.user.id, scopes: [] };
  });
  afterAll(async () => h.close());
  const mailOf = (to: string, kind: string): string => [...h.mailer.sent].reverse().find((m) => m.to === to && m.kind === kind)!.text;

  it('claims nothing for an unverified address, then everything sent to it once verified (and later issues too)', async () => {
    const before = await issue('ada@example.com');
    expect(await h.services.wallet.list(ada)).toEqual([]);
    expect(await codeOf(h.services.wallet.get(ada, 'issued', before.id))).toBe('credential_not_found');
    // Another address, added and still unverified, claims nothing either.
    await issue('ada.work@example.com');
    await h.services.accounts.addEmail(ada.userId!, 'ada.work@example.com');
    expect(await h.services.wallet.list(ada)).toEqual([]);
    const verifyToken = (to: string) => /\/verify-email\/([A-Za-z0-9_-]+)/.exec(mailOf(to, 'verify_email'))![1]!;
    await h.services.accounts.verifyEmail(verifyToken('ada@example.com'));
    expect((await h.services.wallet.list(ada)).map((c) => c.id)).toEqual([before.id]);
    await h.services.accounts.verifyEmail(verifyToken('ada.work@example.com'));
    expect(await h.services.wallet.list(ada)).toHaveLength(2);
    const after = await issue('ada.work@example.com');
    await h.services.credentialEvents.idle();
    const all = await h.services.wallet.list(ada);
    expect(all.map((c) => c.id)).toContain(after.id);
    expect(all.every((c) => c.visibility === 'private' && c.state === 'valid')).toBe(true);
  });

  it('claim links sign up a new learner with the address verified, and refuse an address of another account', async () => {
    const c = await issue('carol@example.com', 'Carol');
    const token = claimTokenOf(mailOf('carol@example.com', 'credential_awarded'));
    expect(await h.services.wallet.describeClaim(token)).toMatchObject({ email: 'carol@example.com', accountExists: false, achievementName: 'Data Analysis with Python' });
    // Bob cannot take Ada's address through a claim link sent to Ada.
    const adaToken = claimTokenOf(mailOf('ada.work@example.com', 'credential_awarded'));
    expect(await codeOf(h.services.wallet.claim(bob, adaToken))).toBe('claim_email_taken');
    const { userId } = await h.services.wallet.claimWithSignUp(token, { name: 'Carol', password: 'another long secret' });
    const carol = { userId, scopes: [] };
    expect((await h.services.wallet.list(carol)).map((x) => x.id)).toEqual([c.id]);
    expect((await h.services.accounts.listEmails(userId))[0]!.verifiedAt).not.toBeNull();
    expect(await codeOf(h.services.wallet.describeClaim(token))).toBe('claim_link_invalid'); // used once
  });

  it('keeps private credentials, withdrawn and expired shares unreachable by id, token and listing', async () => {
    const [first] = await h.services.wallet.list(ada);
    // A second learner can neither see nor share the first learner's credential.
    expect(await codeOf(h.services.wallet.get(bob, 'issued', first!.id))).toBe('credential_not_found');
    expect(await codeOf(h.services.walletShares.create(bob, { items: [{ kind: 'issued', id: first!.id }] }))).toBe('credential_not_found');
    expect(await codeOf(h.services.wallet.setVisibility(bob, 'issued', first!.id, 'public'))).toBe('credential_not_found');
    expect(await h.services.wallet.list(bob)).toEqual([]);
    // Public profile lists only the public ones.
    await h.services.wallet.saveProfile(ada, { publicProfile: 'on', slug: 'ada-lovelace' });
    expect((await h.services.wallet.publicProfile('ada-lovelace')).credentials).toEqual([]);
    expect(await codeOf(h.services.wallet.publicCredential('ada-lovelace', 'issued', first!.id))).toBe('credential_not_found');
    await h.services.wallet.setVisibility(ada, 'issued', first!.id, 'public');
    expect((await h.services.wallet.publicProfile('ada-lovelace')).credentials.map((c) => c.id)).toEqual([first!.id]);

    const week = await h.services.walletShares.create(ada, { items: [{ kind: 'issued', id: first!.id }], expiry: '1w' });
    expect(week.token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    const row = await h.services.deps.db.selectFrom('share_links').selectAll().where('id', '=', week.link.id).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(week.token);
    expect(week.link.expiresAt).toBe('2026-12-11T20:00:00.000Z');
    const opened = await h.services.walletShares.open(week.token);
    expect(opened.credentials.map((c) => c.id)).toEqual([first!.id]);
    expect((await h.services.walletShares.list(ada))[0]).toMatchObject({ viewCount: 1, lastViewedAt: '2026-12-04T20:00:00.000Z', status: 'active' });
    // The link names only what it shares: another id through the same token is not found.
    const other = (await h.services.wallet.list(ada)).find((c) => c.id !== first!.id)!;
    expect(await codeOf(h.services.walletShares.openItem(week.token, 'issued', other.id))).toBe('credential_not_found');
    expect(await codeOf(h.services.walletShares.open(`${week.token.slice(0, -2)}xx`))).toBe('share_link_not_found');
    // Bob cannot withdraw Ada's link; Ada can, at once.
    expect(await codeOf(h.services.walletShares.revoke(bob, week.link.id))).toBe('share_link_not_found');
    await h.services.walletShares.revoke(ada, week.link.id);
    expect(await codeOf(h.services.walletShares.open(week.token))).toBe('share_link_withdrawn');
    expect(await codeOf(h.services.walletShares.openItem(week.token, 'issued', first!.id))).toBe('share_link_withdrawn');
    // A one-day link expires after a day; the credential itself is still valid.
    const day = await h.services.walletShares.create(ada, { items: [{ kind: 'issued', id: other.id }], expiry: '1d' });
    h.clock.advance(25 * 3_600_000);
    expect(await codeOf(h.services.walletShares.open(day.token))).toBe('share_link_expired');
    expect((await h.services.wallet.get(ada, 'issued', other.id)).state).toBe('valid');
    expect((await h.services.walletShares.list(ada)).map((l) => l.status).sort()).toEqual(['expired', 'withdrawn']);
    expect(await codeOf(h.services.walletShares.create(ada, { items: [{ kind: 'issued', id: other.id }], expiry: 'date', expiresOn: '2020-01-01' }))).toBe('validation_failed');
    // Making it private again takes it off the profile.
    await h.services.wallet.setVisibility(ada, 'issued', first!.id, 'private');
    expect((await h.services.wallet.publicProfile('ada-lovelace')).credentials).toEqual([]);
  });

  it('baked PNG and SVG downloads unbake to credentials that verify; the PDF carries the credential', async () => {
    const [c] = await h.services.wallet.list(ada);
    for (const format of ['png', 'svg'] as const) {
      const file = await h.services.walletDownloads.baked(c!, format);
      const unbaked = unbakeImage(file.bytes);
      expect(unbaked.format).toBe(format);
      expect(JSON.parse(unbaked.payload).id).toBe(`urn:uuid:${c!.id}`);
      const report = await h.services.verification.verifyInput(file.bytes);
      expect(report.summary, JSON.stringify(report.checks)).toBe('valid');
    }
    const pdf = await h.services.walletDownloads.pdf(c!, 'letter');
    const [att] = await listPdfAttachments(pdf.bytes);
    expect(JSON.parse(new TextDecoder().decode(att!.bytes)).id).toBe(`urn:uuid:${c!.id}`);
    expect((await h.services.verification.verifyInput(pdf.bytes)).summary).toBe('valid');
    const link = new URL(h.services.walletDownloads.linkedInUrl(c!, c!.verifyUrl!));
    expect(Object.fromEntries(link.searchParams)).toMatchObject({ name: 'Data Analysis with Python', organizationName: 'Northbridge Institute', issueYear: '2026', issueMonth: '12', expirationYear: '2028', certId: c!.verificationCode });
    const clr = JSON.parse(new TextDecoder().decode((await h.services.walletDownloads.clr(await h.services.wallet.list(ada), { name: 'Ada', email: 'ada@example.com' })).bytes));
    expect(clr.type).toContain('ClrCredential');
    expect((await h.services.verification.verifyInput(clr)).summary).toBe('valid');
  });

  it('imports a verified credential as external and refuses tampered JSON and PNG naming the failed check', async () => {
    const src = await issue('elsewhere@example.com');
    const doc = src.document as Record<string, any>;
    const tampered = structuredClone(doc);
    tampered.credentialSubject.achievement.name = 'Brain Surgery';
    const e1 = await h.services.walletImport.import(bob, { text: JSON.stringify(tampered) }).catch((e: AppError) => e);
    expect(e1).toBeInstanceOf(AppError);
    expect((e1 as AppError).code).toBe('import_not_verified');
    expect((e1 as AppError).message).toContain('"proof"');
    const png = bakeImage(hexagonPng('#1f4e79'), tampered).bytes;
    expect(await codeOf(h.services.walletImport.import(bob, { bytes: png }))).toBe('import_not_verified');
    const good = await h.services.walletImport.import(bob, { bytes: bakeImage(hexagonPng('#1f4e79'), doc).bytes });
    expect(good).toMatchObject({ kind: 'external', name: 'Data Analysis with Python', visibility: 'private', state: 'valid' });
    expect(await codeOf(h.services.walletImport.import(bob, { text: JSON.stringify(doc) }))).toBe('import_duplicate');
    expect((await h.services.wallet.list(bob)).map((c) => c.id)).toEqual([good.id]);
    expect(await codeOf(h.services.wallet.get(ada, 'external', good.id))).toBe('credential_not_found');
    const learner = await h.services.deps.db.selectFrom('learners').select('id').where('email', '=', 'ada@example.com').executeTakeFirstOrThrow();
    expect((await h.services.walletImport.holdings('x', [learner.id])).get(learner.id)).toEqual([]);
  });

  it('exports everything as a ZIP and deletes the account, leaving issued credentials valid', async () => {
    const items = await h.services.wallet.list(ada);
    const zip = unzipSync(await h.services.walletData.exportZip(ada));
    const names = Object.keys(zip);
    expect(names).toContain('profile.json');
    expect(names.filter((n) => n.endsWith('.pdf'))).toHaveLength(items.length);
    expect(names.filter((n) => n.endsWith('.png'))).toHaveLength(items.length);
    expect(JSON.parse(strFromU8(zip['profile.json']!)).emails).toHaveLength(2);
    expect(await codeOf(h.services.walletData.deleteAccount(ada, 'yes'))).toBe('validation_failed');
    await h.services.walletData.deleteAccount(ada, 'DELETE');
    const db = h.services.deps.db;
    expect(await db.selectFrom('share_links').selectAll().where('user_id', '=', ada.userId!).execute()).toEqual([]);
    expect(await db.selectFrom('user_emails').selectAll().where('user_id', '=', ada.userId!).execute()).toEqual([]);
    expect(await db.selectFrom('learners').selectAll().where('user_id', '=', ada.userId!).execute()).toEqual([]);
    expect(await codeOf(h.services.wallet.publicProfile('ada-lovelace'))).toBe('not_found');
    const report = await h.services.verification.verifyInput(items[0]!.document as object);
    expect(report.summary).toBe('valid');
  });

  it('VC-JWT downloads are ES256 with the issuer’s P-256 key and verify, for did:key and did:web issuers', async () => {
    const web = await createIssuerOrg(h.services, 'Web College', 'web');
    const webAchievement = await createMicroCredential(h.services, web.auth, { name: 'Web Basics' });
    const d = await h.services.accounts.signUp({ name: 'Dora', email: 'dora@example.com', password: 'correct horse battery' });
    await h.services.accounts.verifyEmail(/\/verify-email\/([A-Za-z0-9_-]+)/.exec(mailOf('dora@example.com', 'verify_email'))![1]!);
    await issue('dora@example.com', 'Dora');
    await h.services.issuance.issueCredential(web.auth, { achievementId: webAchievement, recipient: { email: 'dora@example.com', name: 'Dora' } }, { source: 'api' });
    const dora = { userId: d.user.id, scopes: [] };
    const items = await h.services.wallet.list(dora);
    expect(items).toHaveLength(2);
    for (const c of items) {
      const jwt = new TextDecoder().decode((await h.services.walletDownloads.jwt(c)).bytes);
      const header = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString('utf8'));
      expect(header.alg).toBe('ES256');
      const report = await h.services.verification.verifyInput(jwt);
      expect(report.summary, `${c.name}: ${JSON.stringify(report.checks)}`).toBe('valid');
      expect(report.format).toBe('jwt');
    }
    // An import counts for pathways through every learner record of its owner.
    const elsewhere = await issue('dora.old@example.com', 'Dora');
    const imported = await h.services.walletImport.import(dora, { text: JSON.stringify(elsewhere.document) });
    const learner = await h.services.deps.db.selectFrom('learners').select('id').where('email', '=', 'dora@example.com').where('organization_id', '=', web.orgId).executeTakeFirstOrThrow();
    expect((await h.services.walletImport.holdings(web.orgId, [learner.id])).get(learner.id)).toEqual([
      expect.objectContaining({ id: `urn:uuid:${elsewhere.id}`, origin: 'imported', status: 'valid', achievementName: 'Data Analysis with Python' }),
    ]);
    await h.services.walletImport.remove(dora, imported.id);
    expect((await h.services.walletImport.holdings(web.orgId, [learner.id])).get(learner.id)).toEqual([]);
    const didDoc = await h.services.issuerIdentity.didDocument(web.slug) as { verificationMethod: { publicKeyMultibase: string }[] };
    expect(didDoc.verificationMethod.map((m) => m.publicKeyMultibase.slice(0, 4)).sort()).toEqual(['z6Mk', 'zDna']);
  });
});
