import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredential } from '../../src/core/verify/verify-credential.ts';
import type { Fetcher } from '../../src/core/verify/types.ts';
import { buildServer } from '../../src/http/build-server.ts';
import { validateOb3Credential } from '../../src/core/schema/index.ts';
import { DEMO_EMPLOYER_SIGN_IN, DEMO_LEARNER_SIGN_IN, DEMO_SIGN_IN, seedDemo } from '../../src/services/demo-seed.ts';
import { systemAuth } from '../../src/services/auth.ts';
import { DIALECTS } from '../helpers/db.ts';
import { issuanceHarness, PUBLIC_URL, type IssuanceHarness } from '../helpers/issuance.ts';

describe.each(DIALECTS)('demo seed on %s', (dialect) => {
  let h: IssuanceHarness;
  beforeAll(async () => { h = await issuanceHarness(dialect); });
  afterAll(async () => h.close());

  it('creates an institution with competencies, micro-credentials, learners and credentials in every state', async () => {
    expect(await h.services.accounts.isEmpty()).toBe(true);
    const out = await seedDemo(h.services);
    expect(out.signIn).toEqual(DEMO_SIGN_IN);
    expect(out.signIns.map((s) => s.email)).toEqual([DEMO_LEARNER_SIGN_IN.email, DEMO_EMPLOYER_SIGN_IN.email]);
    expect(out.lines.join('\n')).toMatch(/\/v\/[0-9A-Z]{4}-/);
    expect(await h.services.accounts.isEmpty()).toBe(false);
    const user = await h.services.accounts.signIn(DEMO_SIGN_IN.email, DEMO_SIGN_IN.password);
    expect(user.name).toBe('Sam Registrar');

    const org = await h.services.deps.db.selectFrom('organizations').selectAll().where('slug', '=', 'northbridge').executeTakeFirstOrThrow();
    const auth = systemAuth(org.id);
    const all = await h.services.credentials.list(auth, { limit: 50 });
    // 7 awarded by hand, plus Ada's Git Essentials (her third Data Analyst part) and the Data Analyst credential the pathway awarded.
    expect(all.items).toHaveLength(9);
    expect(all.items.map((c) => c.status).sort()).toEqual(['active', 'active', 'active', 'active', 'active', 'active', 'expired', 'revoked', 'suspended']);
    expect(new Set(all.items.map((c) => c.learnerId)).size).toBe(5);
    // Verified as a stranger would: the issuer's did:web document and the status lists come from the app.
    const app = await buildServer(h.services);
    const fetcher: Fetcher = async (url, opts) => {
      const res = await app.inject({ method: 'GET', url: url.slice(PUBLIC_URL.length), headers: { accept: opts.accept } });
      return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: new Uint8Array(res.rawPayload) };
    };
    for (const item of all.items) {
      const doc = (await h.services.credentials.get(auth, item.id)).document!;
      expect(validateOb3Credential(doc).valid).toBe(true);
      const r = await verifyCredential(doc, { now: h.clock.now(), fetcher });
      const status = (id: string) => r.checks.find((c) => c.id === id)?.status;
      expect(status('proof'), JSON.stringify(r.checks)).toBe('valid');
      expect(status('issuer_key_controller')).toBe('valid');
      expect(status('revocation_status')).toBe(item.status === 'revoked' ? 'invalid' : 'valid');
      expect(status('validity_window')).toBe(item.status === 'expired' ? 'invalid' : 'valid');
    }
    await app.close();
    const achievements = await h.services.achievements.list(auth);
    expect(achievements.map((a) => a.name).sort()).toEqual(['Data Analyst', 'Data Basics', 'Data Visualisation', 'Git Essentials', 'SQL Fundamentals']);
    const withResult = all.items.find((c) => c.recipient.name === 'Ada Lovelace' && c.achievementName === 'Data Basics')!;
    const doc = (await h.services.credentials.get(auth, withResult.id)).document as { credentialSubject: { result: { value: string }[]; achievement: { alignment: unknown[] } } };
    expect(doc.credentialSubject.result[0]!.value).toBe('92');
    expect(doc.credentialSubject.achievement.alignment.length).toBeGreaterThan(1);
  });

  it('stacks a Data Analyst pathway: awarded once to the learner holding every part, in progress for another', async () => {
    const org = await h.services.deps.db.selectFrom('organizations').selectAll().where('slug', '=', 'northbridge').executeTakeFirstOrThrow();
    const auth = systemAuth(org.id);
    const all = (await h.services.credentials.list(auth, { limit: 50 })).items;
    const stacked = all.filter((c) => c.achievementName === 'Data Analyst');
    expect(stacked).toHaveLength(1);
    expect(stacked[0]!.recipient.name).toBe('Ada Lovelace');
    expect(stacked[0]!.status).toBe('active');
    const report = await h.services.verification.verifyInput(JSON.stringify((await h.services.credentials.get(auth, stacked[0]!.id)).document));
    expect(report.checks.find((c) => c.id === 'proof')?.status).toBe('valid');
    const [pathway] = await h.services.pathways.list(auth);
    expect(pathway!.name).toBe('Data Analyst');
    expect(pathway!.rule.type).toBe('allOf');
    const grace = all.find((c) => c.recipient.name === 'Grace Hopper')!.learnerId;
    const [progress] = await h.services.pathways.progressForLearner(auth, grace);
    expect(progress!.evaluation.satisfied).toBe(false);
    expect(progress!.evaluation.progress).toMatchObject({ earned: 2, required: 3 });
  });

  it('offers a published module with content, a mixed quiz and a rubric project awarding SQL Fundamentals; Ada is enrolled', async () => {
    const org = await h.services.deps.db.selectFrom('organizations').selectAll().where('slug', '=', 'northbridge').executeTakeFirstOrThrow();
    const auth = systemAuth(org.id);
    const [mod] = await h.services.modules.list(auth);
    expect(mod!.status).toBe('published');
    expect(mod!.sections.length).toBeGreaterThanOrEqual(3);
    const [quiz] = await h.services.quizzes.listQuizzes(auth, mod!.id);
    const bank = await h.services.quizzes.bank(auth, mod!.id);
    expect(new Set(bank.filter((q) => quiz!.questionIds.includes(q.id)).map((q) => q.type)).size).toBeGreaterThanOrEqual(4);
    const [project] = await h.services.projects.list(auth, mod!.id);
    expect(project!.rubric.criteria).toHaveLength(2);
    const sql = (await h.services.achievements.list(auth)).find((a) => a.name === 'SQL Fundamentals')!;
    expect(mod!.achievementIds).toEqual([sql.id]);
    const rule = await h.services.awards.getRule(auth, sql.id);
    expect(rule!.rule.requirements.map((r) => r.kind).sort()).toEqual(['project', 'quiz']);
    expect((await h.services.modules.enrolled(auth, mod!.id)).map((l) => l.email)).toEqual([DEMO_LEARNER_SIGN_IN.email]);
    const ada = await h.services.accounts.signIn(DEMO_LEARNER_SIGN_IN.email, DEMO_LEARNER_SIGN_IN.password);
    expect((await h.services.modules.myModules({ userId: ada.id, scopes: [] })).map((m) => m.id)).toEqual([mod!.id]);
  });

  it('gives the learner account a wallet with a public credential, a public profile and a share link', async () => {
    const ada = await h.services.accounts.signIn(DEMO_LEARNER_SIGN_IN.email, DEMO_LEARNER_SIGN_IN.password);
    const learner = { userId: ada.id, scopes: [] };
    const held = await h.services.wallet.list(learner);
    expect(held.map((c) => c.name).sort()).toEqual(['Data Analyst', 'Data Basics', 'Data Visualisation', 'Git Essentials']);
    expect(held.filter((c) => c.visibility === 'public').map((c) => c.name)).toEqual(['Data Analyst']);
    expect((await h.services.wallet.publicProfile('ada-lovelace')).credentials.map((c) => c.name)).toEqual(['Data Analyst']);
    const shares = await h.services.walletShares.list(learner);
    expect(shares).toHaveLength(1);
    expect(shares[0]!.status).toBe('active');
    expect(shares[0]!.items).toHaveLength(3);
  });

  it('has an employer with a verified domain, an accepted endorsement and a partner record at "endorsing"', async () => {
    const org = await h.services.deps.db.selectFrom('organizations').selectAll().where('slug', '=', 'northbridge').executeTakeFirstOrThrow();
    const auth = systemAuth(org.id);
    const member = await h.services.accounts.signIn(DEMO_EMPLOYER_SIGN_IN.email, DEMO_EMPLOYER_SIGN_IN.password);
    expect(member.name).toBe('Priya Natarajan');
    const employer = await h.services.deps.db.selectFrom('organizations').selectAll().where('kind', '=', 'employer').executeTakeFirstOrThrow();
    expect(employer.domain_verified_at).not.toBeNull();
    const accepted = await h.services.endorsements.received(auth, 'accepted');
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.endorserName).toBe('Harbour Data Ltd');
    const dataBasics = (await h.services.achievements.list(auth)).find((a) => a.name === 'Data Basics')!;
    expect(accepted[0]!.achievementId).toBe(dataBasics.id);
    expect(await h.services.endorsements.acceptedEndorsements(org.id, dataBasics.id)).toHaveLength(1);
    const [partner] = await h.services.outreach.list(auth);
    expect(partner!.stage).toBe('endorsing');
    expect(partner!.employerOrganizationId).toBe(employer.id);
    expect((await h.services.outreach.get(auth, partner!.id)).timeline.map((e) => e.kind)).toContain('endorsement');
  });
});
