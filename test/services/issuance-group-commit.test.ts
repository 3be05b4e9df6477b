// Group commit of single issues: concurrent calls share one transaction, yet each call keeps its own audit entry,
// claim token and idempotency key, and a clash of one call never fails the others of its group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestHashOf } from '../../src/services/issuance.service.ts';
import type { Auth } from '../../src/services/auth.ts';
import { DIALECTS } from '../helpers/db.ts';
import { createIssuerOrg, createMicroCredential, issuanceHarness, type IssuanceHarness } from '../helpers/issuance.ts';

describe.each(DIALECTS)('group commit of single issues on %s', (dialect) => {
  let h: IssuanceHarness;
  let auth: Auth;
  let other: Auth;
  let achievementId: string;
  let otherAchievementId: string;
  const groups: number[] = [];

  beforeAll(async () => {
    h = await issuanceHarness(dialect);
    ({ auth } = await createIssuerOrg(h.services));
    ({ auth: other } = await createIssuerOrg(h.services, 'Other College'));
    achievementId = await createMicroCredential(h.services, auth);
    otherAchievementId = await createMicroCredential(h.services, other);
    h.services.credentialEvents.subscribeBatch((events) => { groups.push(events.length); });
  });
  afterAll(async () => h.close());

  const db = () => h.services.deps.db;

  it('stores concurrent issues of two organizations together, each with its own learner, audit entry and claim token', async () => {
    groups.length = 0;
    const calls = Array.from({ length: 12 }, (_, i) => i % 3 === 2
      ? h.services.issuance.issueCredential(other, { achievementId: otherAchievementId, recipient: { email: `g${i}@example.com` } }, { source: 'api' })
      : h.services.issuance.issueCredential(auth, { achievementId, recipient: { email: `g${i}@example.com`, name: `G ${i}` } }, { source: 'api' }));
    const results = await Promise.all(calls);
    await h.services.credentialEvents.idle();
    // Published together: fewer groups than calls (one group per commit).
    expect(groups.reduce((a, b) => a + b, 0)).toBe(12);
    expect(groups.length).toBeLessThan(12);
    const ids = results.map((r) => r.credential.id);
    expect(new Set(ids).size).toBe(12);
    const rows = await db().selectFrom('credentials').select(['id', 'organization_id', 'learner_id', 'document']).where('id', 'in', ids).execute();
    expect(rows).toHaveLength(12);
    for (const r of results) {
      const row = rows.find((x) => x.id === r.credential.id)!;
      expect(JSON.parse(row.document)).toEqual(r.credential.document);
      expect(row.learner_id).toBe(r.credential.learnerId);
    }
    const learners = await db().selectFrom('learners').select(['id', 'organization_id', 'email']).where('id', 'in', results.map((r) => r.credential.learnerId)).execute();
    expect(learners).toHaveLength(12);
    for (const l of learners) expect(l.organization_id).toBe(rows.find((x) => x.learner_id === l.id)!.organization_id);
    const audits = await db().selectFrom('audit_log').select(['target_id', 'organization_id', 'actor_user_id']).where('action', '=', 'credential.issue').where('target_id', 'in', ids).execute();
    expect(audits).toHaveLength(12);
    for (const a of audits) {
      const org = rows.find((x) => x.id === a.target_id)!.organization_id;
      expect(a.organization_id).toBe(org);
      expect(a.actor_user_id).toBe(org === auth.organizationId ? auth.userId : other.userId);
    }
    const claims = await db().selectFrom('email_tokens').select('data_json').where('purpose', '=', 'claim').execute();
    const claimed = new Set(claims.map((c) => (JSON.parse(c.data_json!) as { credentialId: string }).credentialId));
    for (const id of ids) expect(claimed.has(id)).toBe(true);
  });

  it('fails only the clashing call of a group: a reused Idempotency-Key replays, the rest are issued', async () => {
    const body = { achievementId, recipient: { email: 'same-key@example.com' } };
    const key = { key: 'group-key', requestHash: requestHashOf(body) };
    const results = await Promise.all([
      h.services.issuance.issueCredential(auth, body, { source: 'api', idempotency: key }),
      h.services.issuance.issueCredential(auth, { achievementId, recipient: { email: 'k1@example.com' } }, { source: 'api' }),
      h.services.issuance.issueCredential(auth, body, { source: 'api', idempotency: key }),
      h.services.issuance.issueCredential(auth, { achievementId, recipient: { email: 'k2@example.com' } }, { source: 'api' }),
    ]);
    expect(results[2]!.credential.id).toBe(results[0]!.credential.id);
    expect([results[0]!.replayed, results[2]!.replayed].sort()).toEqual([false, true]);
    expect(results[1]!.replayed || results[3]!.replayed).toBe(false);
    const stored = await db().selectFrom('credentials').select('id').where('recipient_email', 'in', ['same-key@example.com', 'k1@example.com', 'k2@example.com']).execute();
    expect(stored).toHaveLength(3);
  });

  it('rejects a call whose micro-credential is unknown without touching the calls issued beside it', async () => {
    const results = await Promise.allSettled([
      h.services.issuance.issueCredential(auth, { achievementId, recipient: { email: 'ok1@example.com' } }, { source: 'api' }),
      h.services.issuance.issueCredential(auth, { achievementId: otherAchievementId, recipient: { email: 'cross@example.com' } }, { source: 'api' }),
      h.services.issuance.issueCredential(auth, { achievementId, recipient: { email: 'ok2@example.com' } }, { source: 'api' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'achievement_not_found' });
    const cross = await db().selectFrom('credentials').select('id').where('recipient_email', '=', 'cross@example.com').execute();
    expect(cross).toHaveLength(0);
  });
});
