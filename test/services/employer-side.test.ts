/**
 * The employer side over every dialect: domain verification gates endorsing; an endorsement is signed with the
 * employer's own key and verifies; the issuer's acceptance gates display and embedding; a credential issued after
 * acceptance embeds it and both verify; a bad endorsement signature is flagged without hiding the credential's own
 * result; tenancy; outreach CSV import writes nothing on error; analytics counts and partner timelines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import type { Auth } from '../../src/services/auth.ts';
import { createIssuerOrg, createMicroCredential, issuanceHarness, type IssuanceHarness } from '../helpers/issuance.ts';
import { DIALECTS } from '../helpers/db.ts';

const code = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'no error';
};

describe.each(DIALECTS)('employer side (%s)', (dialect) => {
  let h: IssuanceHarness;
  let issuer: Auth;
  let other: Auth;
  let employer: Auth;
  let employerOrgId: string;
  let achievementId: string;

  beforeAll(async () => {
    h = await issuanceHarness(dialect);
    ({ auth: issuer } = await createIssuerOrg(h.services));
    ({ auth: other } = await createIssuerOrg(h.services, 'Other College'));
    achievementId = await createMicroCredential(h.services, issuer);
    const { user, organization } = await h.services.employers.signUp({ name: 'Hana Hiring', email: 'hana@acme-robotics.test', password: 'correct horse battery', organizationName: 'Acme Robotics' });
    employerOrgId = organization!.id;
    employer = { userId: user.id, organizationId: employerOrgId, role: 'owner', scopes: [] };
  });
  afterAll(async () => h.close());

  it('refuses to endorse until the domain is verified through a link mailed to an address at that domain', async () => {
    expect(await code(h.services.endorsements.endorse(employer, { achievement: achievementId, comment: 'Good.' }))).toBe('employer_domain_unverified');
    expect(await code(h.services.employers.claimDomain(employer, 'someone@gmail.com'))).toBe('validation_failed');
    await h.services.employers.claimDomain(employer, 'hr@acme-robotics.test');
    const mail = h.mailer.lastTo('hr@acme-robotics.test')!;
    const token = /\/employer\/domain\/(\S+)/.exec(mail.text)![1]!;
    const { domain } = await h.services.employers.confirmDomain(token);
    expect(domain).toBe('acme-robotics.test');
    expect(await code(h.services.employers.confirmDomain(token))).toBe('verification_link_invalid');
    expect((await h.services.employers.organization(employer)).domainVerifiedAt).not.toBeNull();
  });

  it('has its own members: an invited member verifies and saves candidates but cannot endorse or manage the domain', async () => {
    const { joined } = await h.services.organizations.invite(employer, { email: 'mo@acme-robotics.test', role: 'member' });
    expect(joined).toBe(false);
    const mo = await h.services.accounts.signUp({ name: 'Mo Member', email: 'mo@acme-robotics.test', password: 'correct horse battery' });
    const invite = h.mailer.sent.find((m) => m.to === 'mo@acme-robotics.test' && m.kind === 'invite')!;
    const token = /\/invite\/(\S+)/.exec(invite.text)![1]!;
    await h.services.organizations.acceptInvitation({ userId: mo.user.id, scopes: [] }, token);
    const member: Auth = { userId: mo.user.id, organizationId: employerOrgId, role: 'member', scopes: [] };
    expect((await h.services.organizations.members(employer)).map((m) => m.role).sort()).toEqual(['member', 'owner']);
    expect(await h.services.employers.candidates(member)).toEqual([]);
    expect(await code(h.services.endorsements.endorse(member, { achievement: achievementId, comment: 'Hi' }))).toBe('forbidden');
    expect(await code(h.services.employers.claimDomain(member, 'mo@acme-robotics.test'))).toBe('forbidden');
  });

  it('links an outreach partner at the verified domain, and an employer cannot see issuer outreach', async () => {
    const p = await h.services.outreach.create(issuer, { name: 'Acme Robotics', website: 'https://www.acme-robotics.test', stage: 'contacted', achievementIds: [achievementId] });
    expect(p.employerOrganizationId).toBe(employerOrgId);
    expect(await code(h.services.outreach.list(employer))).toBe('forbidden');
    expect(await code(h.services.outreach.get(other, p.id))).toBe('partner_not_found');
    expect(await code(h.services.outreach.moveStage(other, p.id, 'hiring'))).toBe('partner_not_found');
  });

  let endorsementId: string;
  let before: Record<string, any>;

  it('signs the endorsement with the employer key; it verifies, but is neither shown nor embedded before acceptance', async () => {
    before = (await h.services.issuance.issueCredential(issuer, { achievementId, recipient: { email: 'ada@example.com' } }, { source: 'single' })).credential.document as Record<string, any>;
    const e = await h.services.endorsements.endorse(employer, { achievement: `https://badges.example.edu/achievements/${achievementId}`, comment: 'We hire graduates of this course.' });
    endorsementId = e.id;
    expect(e.status).toBe('pending');
    const doc = JSON.parse(e.document);
    expect(doc.type).toEqual(['VerifiableCredential', 'EndorsementCredential']);
    expect(doc.credentialSubject).toEqual({ id: `https://badges.example.edu/achievements/${achievementId}`, type: ['EndorsementSubject'], endorsementComment: 'We hire graduates of this course.' });
    expect(doc.proof).toMatchObject({ cryptosuite: 'eddsa-rdfc-2022' });
    const employerSigner = await h.services.keyStore.getSigner(employerOrgId);
    expect(doc.issuer.id).toBe(employerSigner.issuerId);
    expect(doc.proof.verificationMethod).toBe(employerSigner.verificationMethodId);
    const report = await h.services.verification.verifyInput(doc);
    expect(report.summary).toBe('valid');
    expect(await code(h.services.endorsements.endorse(employer, { achievement: achievementId, comment: 'Again.' }))).toBe('endorsement_exists');

    expect((await h.services.achievementPages.getPublicAchievement(achievementId)).endorsements).toEqual([]);
    const pending = (await h.services.issuance.issueCredential(issuer, { achievementId, recipient: { email: 'bob@example.com' } }, { source: 'single' })).credential.document as Record<string, any>;
    expect(pending.credentialSubject.achievement.endorsement).toBeUndefined();
  });

  it('only the endorsed issuer decides; after acceptance the page shows it and new credentials embed it, and both verify', async () => {
    expect(await code(h.services.endorsements.decide(other, endorsementId, 'accepted'))).toBe('endorsement_not_found');
    expect((await h.services.endorsements.received(issuer, 'pending')).map((e) => e.id)).toEqual([endorsementId]);
    await h.services.endorsements.decide(issuer, endorsementId, 'accepted');
    expect(await code(h.services.endorsements.decide(issuer, endorsementId, 'declined'))).toBe('endorsement_decided');
    const view = await h.services.achievementPages.getPublicAchievement(achievementId);
    expect(view.endorsements.map((e) => e.id)).toEqual([`urn:uuid:${endorsementId}`]);

    const after = (await h.services.issuance.issueCredential(issuer, { achievementId, recipient: { email: 'cy@example.com' } }, { source: 'single' })).credential.document as Record<string, any>;
    expect(after.credentialSubject.achievement.endorsement).toHaveLength(1);
    expect(after.credentialSubject.achievement.endorsement[0].id).toBe(`urn:uuid:${endorsementId}`);
    const r = await h.services.verification.verifyInput(after);
    expect(r.summary).toBe('valid');
    const child = r.children!.find((c) => c.kind === 'endorsement')!;
    expect(child.result.summary).toBe('valid');
    expect(before.credentialSubject.achievement.endorsement).toBeUndefined();
    expect((await h.services.verification.verifyInput(before)).summary).toBe('valid');
  });

  it('flags an endorsement with a bad signature without hiding the credential\'s own result', async () => {
    const e = await h.services.endorsements.endorse(employer, { achievement: achievementId, comment: 'placeholder' }).catch(() => undefined);
    expect(e).toBeUndefined(); // one open endorsement per employer and micro-credential
    const row = await h.services.deps.db.selectFrom('endorsements').select('document').where('id', '=', endorsementId).executeTakeFirstOrThrow();
    const tampered = JSON.parse(row.document);
    tampered.credentialSubject.endorsementComment = 'We guarantee a job to every graduate.';
    await h.services.deps.db.updateTable('endorsements').set({ document: JSON.stringify(tampered) }).where('id', '=', endorsementId).execute();
    const doc = (await h.services.issuance.issueCredential(issuer, { achievementId, recipient: { email: 'dee@example.com' } }, { source: 'single' })).credential.document;
    const r = await h.services.verification.verifyInput(doc as object);
    expect(r.ownSummary).toBe('valid');
    expect(r.summary).toBe('invalid');
    const child = r.children!.find((c) => c.kind === 'endorsement')!;
    expect(child.result.summary).toBe('invalid');
    expect(child.result.checks.find((c) => c.id === 'proof')?.status).toBe('invalid');
    await h.services.deps.db.updateTable('endorsements').set({ document: row.document }).where('id', '=', endorsementId).execute();
  });

  it('endorsing a pathway endorses its target micro-credential (recorded with the pathway)', async () => {
    const part = await createMicroCredential(h.services, issuer, { name: 'Spreadsheets' });
    const target = await createMicroCredential(h.services, issuer, { name: 'Data Analyst' });
    const { pathway } = await h.services.pathways.create(issuer, { name: 'Data Analyst pathway', targetAchievementId: target, rule: { type: 'allOf', validOnly: true, children: [{ type: 'credential', achievement: { achievementId: part } }] } });
    expect(await code(h.services.endorsements.endorse(employer, { pathwayId: 'no-such-pathway', comment: 'x' }))).toBe('pathway_not_found');
    const e = await h.services.endorsements.endorse(employer, { pathwayId: pathway.id, comment: 'The whole pathway fits our analyst roles.' });
    expect(e).toMatchObject({ achievementId: target, pathwayId: pathway.id, targetId: `https://badges.example.edu/achievements/${target}` });
    expect(JSON.parse(e.document).name).toBe('Acme Robotics endorses Data Analyst pathway');
    await h.services.endorsements.decide(issuer, e.id, 'declined', 'Not this year');
    expect((await h.services.achievementPages.getPublicAchievement(target)).endorsements).toEqual([]);
  });

  it('imports partners from CSV only when every row is valid; export round-trips', async () => {
    const bad = 'name,website,stage,contact_names,contact_emails\nGood Co,https://good.test,prospect,Ann,ann@good.test\nBad Co,not a site,nowhere,Bob,bob-at-bad\n,,,,\n';
    let err: AppError | undefined;
    try {
      await h.services.outreach.importCsv(issuer, bad);
    } catch (e) {
      err = e as AppError;
    }
    expect(err?.code).toBe('csv_invalid');
    const rows = (err!.details as { rows: Array<{ row: number; column: string }> }).rows;
    expect(rows.map((r) => `${r.row}:${r.column}`)).toEqual(['3:website', '3:stage', '3:contact_emails']);
    const names = (await h.services.outreach.list(issuer)).map((p) => p.name);
    expect(names).toEqual(['Acme Robotics']);
    const { created } = await h.services.outreach.importCsv(issuer, 'name,stage,contact_names,contact_emails,contact_roles\nGood Co,engaged,Ann; Raj,ann@good.test; raj@good.test,HR; CTO\n');
    expect(created).toBe(1);
    const csv = await h.services.outreach.exportCsv(issuer);
    expect(csv).toContain('"Good Co","","engaged","","","","Ann; Raj","ann@good.test; raj@good.test","HR; CTO"');
    const board = await h.services.outreach.board(issuer);
    expect(board.map((c) => `${c.stage}:${c.partners.length}`)).toEqual(['prospect:0', 'contacted:1', 'engaged:1', 'endorsing:0', 'hiring:0']);
  });

  it('counts issued, claimed, verified (by employer) and endorsements, and feeds the partner timeline', async () => {
    const issued = (await h.services.issuance.issueCredential(issuer, { achievementId, recipient: { email: 'eve@example.com' } }, { source: 'single' })).credential;
    await h.services.verification.verifyCode(issued.verificationCode, '10.0.0.1');
    await h.services.employers.saveCandidate(employer, { code: issued.verificationCode, notes: 'Strong portfolio' }, '10.0.0.2');
    h.clock.advance(8 * 86_400_000);
    await h.services.verification.verifyCode(issued.verificationCode, '10.0.0.1', employer);
    const r = await h.services.analytics.issuerReport(issuer, 4);
    const row = r.achievements.find((a) => a.achievementId === achievementId)!;
    expect(row.totals.issued).toBe(5);
    // Three verifications in the earlier tests, two this week (anonymous, employer saving a candidate), one a week later.
    expect(row.totals.verified).toBe(6);
    expect(row.counts.verified.slice(-2)).toEqual([5, 1]);
    expect(row.counts.issued.slice(-2)).toEqual([5, 0]);
    expect(r.byEmployer).toEqual([{ organizationId: employerOrgId, name: 'Acme Robotics', count: 2 }]);
    expect(r.endorsements.map((e) => [e.name, e.pending, e.accepted, e.declined])).toEqual([['Data Analysis with Python', 0, 1, 0], ['Data Analyst', 0, 0, 1]]);
    expect((await h.services.analytics.issuerReport(other, 4)).achievements).toEqual([]);
    const csv = await h.services.analytics.issuerCsv(issuer, 'employers');
    expect(csv).toBe('"employer","verifications"\r\n"Acme Robotics","2"\r\n');
    const candidates = await h.services.employers.candidates(employer);
    expect(candidates).toHaveLength(1);
    expect(candidates[0]).toMatchObject({ summary: 'valid', notes: 'Strong portfolio', achievementName: 'Data Analysis with Python' });
    expect(await code(h.services.employers.candidates(issuer))).toBe('employer_only');
    const partner = (await h.services.outreach.list(issuer)).find((p) => p.name === 'Acme Robotics')!;
    const { timeline } = await h.services.outreach.get(issuer, partner.id);
    // Endorsed, accepted (micro-credential); endorsed, declined (pathway); two verifications while signed in.
    expect(timeline.map((e) => e.kind).sort()).toEqual(['endorsement', 'endorsement', 'endorsement', 'endorsement', 'verification', 'verification']);
  });

  it('counts shares and share-link views (employer views noted on the partner timeline and for the learner)', async () => {
    const learner = await h.services.accounts.signUp({ name: 'Fay Field', email: 'fay@example.com', password: 'correct horse battery' });
    const fay: Auth = { userId: learner.user.id, scopes: [] };
    const mail = [...h.mailer.sent].reverse().find((m) => m.to === 'fay@example.com' && m.kind === 'verify_email')!.text;
    await h.services.accounts.verifyEmail(/\/verify-email\/([A-Za-z0-9_-]+)/.exec(mail)![1]!);
    const issued = (await h.services.issuance.issueCredential(issuer, { achievementId, recipient: { email: 'fay@example.com' } }, { source: 'single' })).credential;
    await h.services.credentialEvents.idle();
    const { token } = await h.services.walletShares.create(fay, { items: [{ kind: 'issued', id: issued.id }], expiry: '1w' });
    await h.services.walletShares.open(token);
    await h.services.walletShares.open(token, { viewer: employer });
    const views = await h.services.analytics.learnerShareViews(fay);
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ viewCount: 2, employerViews: 1 });
    const r = await h.services.analytics.issuerReport(issuer, 4);
    expect(r.achievements.find((a) => a.achievementId === achievementId)!.totals.shared).toBe(1);
    const partner = (await h.services.outreach.list(issuer)).find((p) => p.name === 'Acme Robotics')!;
    expect((await h.services.outreach.get(issuer, partner.id)).timeline.filter((e) => e.kind === 'share_view')).toHaveLength(1);
    expect(await code(h.services.analytics.learnerShareViews({ scopes: [] }))).toBe('unauthenticated');
  });
});
