import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import { verifyDataIntegrity } from '../../src/core/proofs/index.ts';
import type { HeldCredential, Rule } from '../../src/core/stacking/index.ts';
import { PathwaysService } from '../../src/services/pathways.service.ts';
import { repositoryCatalog } from '../../src/services/pathways/catalog.ts';
import { registerJobHandlers } from '../../src/jobs/index.ts';
import { JobRunner } from '../../src/jobs/runner.ts';
import type { Auth } from '../../src/services/auth.ts';
import { DIALECTS } from '../helpers/db.ts';
import { createIssuerOrg, createMicroCredential, issuanceHarness, type IssuanceHarness } from '../helpers/issuance.ts';

const EMAIL = 'ada@example.com';
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup(dialect: (typeof DIALECTS)[number]) {
  const h = await issuanceHarness(dialect);
  cleanup.push(h.close);
  const { orgId, auth } = await createIssuerOrg(h.services);
  // An admin with an email: the staff member pathway notices go to.
  const adminId = randomUUID();
  const db = h.services.deps.db;
  await db.insertInto('users').values({ id: adminId, name: 'Avery Admin', password_hash: null, profile_slug: null, created_at: '2026-12-01T00:00:00.000Z', deleted_at: null }).execute();
  await db.insertInto('user_emails').values({ id: randomUUID(), user_id: adminId, email: 'admin@northbridge.example', is_primary: 1, verified_at: '2026-12-01T00:00:00.000Z', created_at: '2026-12-01T00:00:00.000Z' }).execute();
  await db.insertInto('memberships').values({ organization_id: orgId, user_id: adminId, role: 'admin', created_at: '2026-12-01T00:00:00.000Z' }).execute();
  const names = ['Data Basics', 'SQL', 'Statistics', 'Visualisation'];
  const parts: string[] = [];
  for (const name of names) parts.push(await createMicroCredential(h.services, auth, { name, creditsAvailable: 3, resultDescriptions: [] }));
  const target = await createMicroCredential(h.services, auth, { name: 'Data Analyst', creditsAvailable: null, resultDescriptions: [] });
  return { h, orgId, auth, parts, target };
}

const rule = (parts: string[]): Rule => ({ type: 'allOf', validOnly: true, children: parts.map((achievementId) => ({ type: 'credential', achievement: { achievementId } })) });

async function issue(h: IssuanceHarness, auth: Auth, achievementId: string, email = EMAIL) {
  const r = await h.services.issuance.issueCredential(auth, { achievementId, recipient: { email, name: 'Ada Lovelace' } }, { source: 'api', notify: false });
  await settle(h);
  return r.credential;
}

/** Waits until every credential event (and the events they cause) has been handled. */
async function settle(h: IssuanceHarness) {
  for (let i = 0; i < 10; i++) await h.services.credentialEvents.idle();
}

async function stacked(h: IssuanceHarness, orgId: string, target: string) {
  return h.services.deps.db.selectFrom('credentials').selectAll().where('organization_id', '=', orgId).where('achievement_id', '=', target).execute();
}

describe.each(DIALECTS)('pathways service (%s)', (dialect) => {
  it('awards the stacked credential once when the last component arrives, and suspends it when a component is revoked', async () => {
    const { h, orgId, auth, parts, target } = await setup(dialect);
    const { pathway } = await h.services.pathways.create(auth, { name: 'Data Analyst pathway', targetAchievementId: target, rule: rule(parts) });
    expect(pathway.revocationPolicy).toBe('suspend');

    const first: Awaited<ReturnType<typeof issue>>[] = [];
    for (const a of parts.slice(0, 3)) first.push(await issue(h, auth, a));
    expect(await stacked(h, orgId, target)).toHaveLength(0);
    const learnerId = first[0]!.learnerId;
    const [progress] = await h.services.pathways.progressForLearner(auth, learnerId);
    expect(progress!.evaluation.satisfied).toBe(false);
    expect(progress!.evaluation.trace.message).toBe('Earned 3 of 4; needs 1 more: Visualisation.');

    await issue(h, auth, parts[3]!);
    const awarded = await stacked(h, orgId, target);
    expect(awarded).toHaveLength(1);
    expect(awarded[0]!.source).toBe('pathway');
    const doc = JSON.parse(awarded[0]!.document);
    expect(doc.credentialSubject.creditsEarned).toBe(12);
    expect(doc.evidence.map((e: { name: string }) => e.name)).toEqual(['Data Basics', 'SQL', 'Statistics', 'Visualisation']);
    expect(doc.evidence[0].id).toMatch(/^https:\/\/badges\.example\.edu\/v\//);
    expect((await verifyDataIntegrity(doc)).verified).toBe(true);

    // A further event for the same learner changes nothing.
    await issue(h, auth, parts[0]!);
    expect(await stacked(h, orgId, target)).toHaveLength(1);

    h.clock.advance(60_000);
    // Revoking a component (both copies of Data Basics) makes it stop counting: the policy suspends the stacked credential.
    for (const c of [first[0]!, ...(await h.services.credentials.list(auth, { achievementId: parts[0]! })).items.filter((x) => x.id !== first[0]!.id)]) {
      await h.services.credentials.revoke(auth, c.id, 'Issued in error');
      await settle(h);
    }
    const after = await stacked(h, orgId, target);
    expect(after[0]!.suspended_at).not.toBeNull();
    expect(after[0]!.revoked_at).toBeNull();
    const events = await h.services.pathways.events(auth, { pathwayId: pathway.id });
    expect(events.map((e) => e.kind)).toEqual(['suspended', 'awarded']);
    expect(events[0]!.message).toContain('Data Basics was revoked');
    expect(h.mailer.sent.some((m) => m.to === 'admin@northbridge.example' && m.kind === 'pathway_notice')).toBe(true);

    // Earning the component again reinstates the same stacked credential.
    await issue(h, auth, parts[0]!);
    const reinstated = await stacked(h, orgId, target);
    expect(reinstated).toHaveLength(1);
    expect(reinstated[0]!.suspended_at).toBeNull();
  });

  it('two concurrent final events (two app instances) still issue one stacked credential', async () => {
    const { h, orgId, auth, parts, target } = await setup(dialect);
    const other = await issuanceHarness(dialect, { handle: h.handle, clock: h.clock });
    await h.services.pathways.create(auth, { name: 'Data Analyst pathway', targetAchievementId: target, rule: rule(parts) });
    for (const a of parts.slice(0, 3)) await issue(h, auth, a);
    const last = (await h.services.issuance.issueCredential(auth, { achievementId: parts[3]!, recipient: { email: EMAIL } }, { source: 'api', notify: false })).credential;
    const event = { type: 'issued' as const, organizationId: orgId, credentialId: last.id, learnerId: last.learnerId, achievementId: parts[3]!, recipientEmail: EMAIL };
    const results = await Promise.all([
      other.services.pathways.onCredentialEvent(event),
      h.services.pathways.onCredentialEvent(event),
      other.services.pathways.onCredentialEvent(event),
    ]);
    await settle(h);
    expect(await stacked(h, orgId, target)).toHaveLength(1);
    // The automatic listener of the first instance races too; whoever wins, the award is recorded once.
    expect(results.flat().filter((r) => r.action === 'awarded').length).toBeLessThanOrEqual(1);
    const events = await h.services.pathways.events(auth);
    expect(events.filter((e) => e.kind === 'awarded')).toHaveLength(1);
  });

  it('backfills learners who already qualify when a pathway is created, with progress', async () => {
    const { h, orgId, auth, parts, target } = await setup(dialect);
    for (const a of parts) await issue(h, auth, a);
    for (const a of parts.slice(0, 2)) await issue(h, auth, a, 'grace@example.com');
    const dry = await (async () => {
      const { pathway } = await h.services.pathways.create(auth, { name: 'Data Analyst pathway', targetAchievementId: target, rule: rule(parts) });
      return { pathway, report: await h.services.pathways.dryRunEveryone(auth, pathway.id) };
    })();
    expect(dry.report.qualifying).toBe(1);
    expect(dry.report.wouldAward.map((w) => w.email)).toEqual([EMAIL]);
    expect(dry.report.wouldAward[0]!.message).toBe('Complete: all 4 earned.');
    expect(dry.report.inProgress.map((w) => [w.email, w.fraction])).toEqual([['grace@example.com', 0.5]]);

    const runner = registerJobHandlers(new JobRunner(h.services.deps), h.services);
    await runner.runUntilIdle();
    expect(await stacked(h, orgId, target)).toHaveLength(1);
    const job = (await h.services.jobs.list(auth, { kind: 'pathway_backfill' }))[0]!;
    expect(job.status).toBe('done');
    expect([job.progressDone, job.progressTotal]).toEqual([2, 2]);
    expect(job.result).toEqual({ learners: 2, awarded: 1 });

    const f = await h.services.pathways.funnel(auth, dry.pathway.id);
    expect(f).toMatchObject({ enrolled: 2, qualifying: 1, awards: { awarded: 1 }, byStepsCompleted: [0, 0, 1, 0, 1] });
    expect(f.steps.map((s) => [s.label, s.completed])).toEqual([['Data Basics', 2], ['SQL', 2], ['Statistics', 1], ['Visualisation', 1]]);
    const csv = await h.services.pathways.funnelCsv(auth, dry.pathway.id);
    expect(csv.split('\r\n')[0]).toBe('"email","name","progress_percent","step: Data Basics","step: SQL","step: Statistics","step: Visualisation","qualifies","holds_credential"');
    expect(csv).toContain('"grace@example.com","Ada Lovelace","50","done","done","","","no","no"');
  });

  it('ignores credential events that no pathway can be affected by', async () => {
    const { h, orgId, auth, parts, target } = await setup(dialect);
    const unrelated = await createMicroCredential(h.services, auth, { name: 'Welding', resultDescriptions: [] });
    await h.services.pathways.create(auth, { name: 'Data Analyst pathway', targetAchievementId: target, rule: rule(parts) });
    const c = await issue(h, auth, unrelated);
    const event = { type: 'issued' as const, organizationId: orgId, credentialId: c.id, learnerId: c.learnerId, achievementId: unrelated, recipientEmail: EMAIL };
    expect(await h.services.pathways.onCredentialEvent(event)).toEqual([]);
    expect(await h.services.pathways.onCredentialEvent({ ...event, achievementId: parts[1]! })).toEqual([{ pathwayId: expect.any(String), action: 'none' }]);
  });

  it('rejects invalid pathways with the field at fault, and a second pathway for the same target', async () => {
    const { h, auth, parts, target } = await setup(dialect);
    const bad = { name: 'X', targetAchievementId: target, rule: { type: 'nOf', n: 5, children: [{ type: 'credential', achievement: { achievementId: parts[0] } }] } };
    const err = await h.services.pathways.create(auth, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('pathway_rule_invalid');
    expect((err as AppError).issues).toEqual([{ field: 'rule/n', message: 'Impossible: needs 5 of only 1 components.' }]);
    await h.services.pathways.create(auth, { name: 'A', targetAchievementId: target, rule: rule(parts) });
    const dup = await h.services.pathways.create(auth, { name: 'B', targetAchievementId: target, rule: rule(parts) }).catch((e: unknown) => e);
    expect((dup as AppError).code).toBe('pathway_target_taken');
  });

  it('signs a CLR bundle of the stacked credential and its components that verifies, with associations', async () => {
    const { h, auth, parts, target } = await setup(dialect);
    const ordered: Rule = { type: 'allOf', children: [
      { type: 'credential', key: 'basics', achievement: { achievementId: parts[0]! } },
      { type: 'credential', after: ['basics'], achievement: { achievementId: parts[1]! } },
    ] };
    const { pathway } = await h.services.pathways.create(auth, { name: 'SQL track', targetAchievementId: target, rule: ordered });
    const c1 = await issue(h, auth, parts[0]!);
    h.clock.advance(60_000);
    await issue(h, auth, parts[1]!);
    const clr = await h.services.pathways.clrForLearner(auth, pathway.id, c1.learnerId) as { type: string[]; credentialSubject: { verifiableCredential: unknown[]; association: { associationType: string }[] } };
    expect(clr.type).toEqual(['VerifiableCredential', 'ClrCredential']);
    expect(clr.credentialSubject.verifiableCredential).toHaveLength(3);
    expect(clr.credentialSubject.association.map((a) => a.associationType).sort()).toEqual(['isPartOf', 'isPartOf', 'precedes']);
    expect((await verifyDataIntegrity(clr)).verified).toBe(true);
    for (const vc of clr.credentialSubject.verifiableCredential) expect((await verifyDataIntegrity(vc)).verified).toBe(true);
  });
});

describe.each(DIALECTS)('pathways service: imports and expiry (%s)', (dialect) => {
  it('an imported (external) credential completes a pathway when the wallet reports the import', async () => {
    const { h, orgId, auth, parts, target } = await setup(dialect);
    const partner = 'did:web:partner.example';
    const externalAchievement = 'https://partner.example/achievements/sql';
    const first = await issue(h, auth, parts[0]!);
    const userId = randomUUID();
    await h.services.deps.db.insertInto('users').values({ id: userId, name: 'Ada', password_hash: null, profile_slug: null, created_at: '2026-12-01T00:00:00.000Z', deleted_at: null }).execute();
    await h.services.deps.db.updateTable('learners').set({ user_id: userId }).where('id', '=', first.learnerId).execute();
    let imported: HeldCredential[] = [];
    const svc = new PathwaysService({
      ...h.services.deps, catalog: repositoryCatalog(h.services.deps.db), issuance: h.services.issuance, credentials: h.services.credentials, jobs: h.services.jobs,
      external: async (_org, ids) => new Map(ids.map((id) => [id, id === first.learnerId ? imported : []])),
    });
    await svc.create(auth, {
      name: 'SQL track', targetAchievementId: target,
      rule: { type: 'allOf', children: [{ type: 'credential', achievement: { achievementId: parts[0]! } }, { type: 'credential', achievement: { achievementId: externalAchievement, issuerId: partner } }] },
    });
    expect((await svc.onCredentialImported(userId)).map((a) => a.action)).toEqual(['none']);
    imported = [{ id: 'urn:uuid:partner-1', achievementId: externalAchievement, issuerId: partner, origin: 'imported', issuedAt: new Date('2026-11-01T00:00:00Z'), status: 'valid', credits: 4 }];
    expect((await svc.onCredentialImported(userId)).map((a) => a.action)).toEqual(['awarded']);
    const [doc] = (await stacked(h, orgId, target)).map((r) => JSON.parse(r.document));
    expect(doc.credentialSubject.creditsEarned).toBe(7);
    expect(doc.evidence.map((e: { name: string }) => e.name)).toEqual([externalAchievement, 'Data Basics']); // in the order earned
  });

  it('a component expiring (validOnly) suspends the stacked credential at the next expiry sweep', async () => {
    const { h, orgId, auth, target } = await setup(dialect);
    const shortLived = await createMicroCredential(h.services, auth, { name: 'First Aid', creditsAvailable: 1, validityMonths: 1, resultDescriptions: [] });
    await h.services.pathways.create(auth, { name: 'Safety', targetAchievementId: target, rule: { type: 'allOf', validOnly: true, children: [{ type: 'credential', achievement: { achievementId: shortLived } }] } });
    await issue(h, auth, shortLived);
    expect((await stacked(h, orgId, target))[0]!.suspended_at).toBeNull();
    const runner = registerJobHandlers(new JobRunner(h.services.deps), h.services);
    await runner.runUntilIdle();
    h.clock.advance(40 * 24 * 3600_000);
    await runner.runUntilIdle();
    await settle(h);
    expect((await stacked(h, orgId, target))[0]!.suspended_at).not.toBeNull();
    const events = await h.services.pathways.events(auth);
    expect(events[0]!.message).toMatch(/First Aid expired on \d{4}-\d{2}-\d{2}, so it does not count\./);
  });
});

describe.each(DIALECTS)('pathways service: policies and versions (%s)', (dialect) => {
  async function lapse(h: IssuanceHarness, auth: Auth, achievementId: string) {
    const items = (await h.services.credentials.list(auth, { achievementId })).items.filter((c) => c.status === 'active');
    for (const c of items) await h.services.credentials.revoke(auth, c.id, 'Issued in error');
    await settle(h);
  }

  it('policy "revoke" revokes the stacked credential; earning the part again issues a new one', async () => {
    const { h, orgId, auth, parts, target } = await setup(dialect);
    const two = parts.slice(0, 2);
    await h.services.pathways.create(auth, { name: 'P', targetAchievementId: target, rule: rule(two), revocationPolicy: 'revoke' });
    for (const a of two) await issue(h, auth, a);
    expect(await stacked(h, orgId, target)).toHaveLength(1);
    h.clock.advance(1000);
    await lapse(h, auth, two[0]!);
    const [revoked] = await stacked(h, orgId, target);
    expect(revoked!.revoked_at).not.toBeNull();
    h.clock.advance(1000);
    await issue(h, auth, two[0]!);
    const all = await stacked(h, orgId, target);
    expect(all).toHaveLength(2);
    expect(all.filter((c) => c.revoked_at === null)).toHaveLength(1);
    expect(all.map((c) => c.batch_key).sort()).toEqual([expect.stringMatching(/:1$/), expect.stringMatching(/:2$/)]);
    expect((await h.services.pathways.events(auth)).map((e) => e.kind)).toEqual(['reissued', 'revoked', 'awarded']);
  });

  it('policy "keep" keeps the credential and tells staff once', async () => {
    const { h, orgId, auth, parts, target } = await setup(dialect);
    const two = parts.slice(0, 2);
    await h.services.pathways.create(auth, { name: 'P', targetAchievementId: target, rule: rule(two), revocationPolicy: 'keep' });
    for (const a of two) await issue(h, auth, a);
    h.clock.advance(1000);
    await lapse(h, auth, two[0]!);
    await issue(h, auth, parts[3]!); // another event for the learner: no second notice
    const [kept] = await stacked(h, orgId, target);
    expect([kept!.revoked_at, kept!.suspended_at]).toEqual([null, null]);
    expect((await h.services.pathways.events(auth)).map((e) => e.kind)).toEqual(['kept', 'awarded']);
  });

  it('a new version applies to new awards without taking earlier awards back', async () => {
    const { h, orgId, auth, parts, target } = await setup(dialect);
    const { pathway } = await h.services.pathways.create(auth, { name: 'P', targetAchievementId: target, rule: rule(parts.slice(0, 1)) });
    const c = await issue(h, auth, parts[0]!);
    expect(await stacked(h, orgId, target)).toHaveLength(1);
    const { pathway: v2 } = await h.services.pathways.update(auth, pathway.id, { version: 1, name: 'P', rule: rule(parts.slice(0, 2)) });
    expect(v2.version).toBe(2);
    const stale = await h.services.pathways.update(auth, pathway.id, { version: 1, name: 'P', rule: rule(parts) }).catch((e: unknown) => e);
    expect((stale as AppError).code).toBe('pathway_version_conflict');
    await issue(h, auth, parts[0]!); // an event this pathway hears: judged by version 1, the award stands
    const [award] = await stacked(h, orgId, target);
    expect(award!.suspended_at).toBeNull();
    const [progress] = await h.services.pathways.progressForLearner(auth, c.learnerId);
    expect(progress!.evaluation.satisfied).toBe(false);
    expect(progress!.award?.status).toBe('awarded');
    expect((await h.services.pathways.get(auth, pathway.id)).versions.map((v) => v.version)).toEqual([2, 1]);
  });
});
