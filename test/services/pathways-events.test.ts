/**
 * Pathways answering a group of credential events published together (a bulk page), over every dialect: the
 * organization's pathways are read once, each learner is re-evaluated once for what its own events touch, and
 * awards stay exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialEvent } from '../../src/services/credential-events.ts';
import type { Auth } from '../../src/services/auth.ts';
import { DIALECTS } from '../helpers/db.ts';
import { createIssuerOrg, createMicroCredential, issuanceHarness, type IssuanceHarness } from '../helpers/issuance.ts';
import { recordingHandle } from '../helpers/query-log.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function issue(h: IssuanceHarness, auth: Auth, achievementId: string, email: string) {
  return (await h.services.issuance.issueCredential(auth, { achievementId, recipient: { email } }, { source: 'api', notify: false })).credential;
}

describe.each(DIALECTS)('pathways and grouped credential events (%s)', (dialect) => {
  it('re-evaluates each learner of a group once for what its own events touch, awarding exactly once', async () => {
    const h = await issuanceHarness(dialect);
    cleanup.push(h.close);
    const { orgId, auth } = await createIssuerOrg(h.services);
    const parts = [await createMicroCredential(h.services, auth, { name: 'Data Basics' }), await createMicroCredential(h.services, auth, { name: 'SQL' })];
    const welding = await createMicroCredential(h.services, auth, { name: 'Welding' });
    const target = await createMicroCredential(h.services, auth, { name: 'Data Analyst' });
    // Everyone holds both parts before the pathway exists (its backfill job is never run here), Heidi Welding too.
    const held = new Map<string, Awaited<ReturnType<typeof issue>>[]>();
    for (const email of ['ada@example.com', 'grace@example.com', 'heidi@example.com']) {
      held.set(email, [await issue(h, auth, parts[0]!, email), await issue(h, auth, parts[1]!, email)]);
    }
    const weld = await issue(h, auth, welding, 'heidi@example.com');
    await h.services.credentialEvents.idle();
    const { pathway } = await h.services.pathways.create(auth, {
      name: 'Data Analyst pathway', targetAchievementId: target,
      rule: { type: 'allOf', validOnly: true, children: parts.map((achievementId) => ({ type: 'credential', achievement: { achievementId } })) },
    });

    const rec = recordingHandle(h.handle);
    const other = await issuanceHarness(dialect, { handle: rec.handle, clock: h.clock });
    const event = (email: string, i: number, type: CredentialEvent['type'] = 'issued'): CredentialEvent => {
      const c = held.get(email)![i]!;
      return { type, organizationId: orgId, credentialId: c.id, learnerId: c.learnerId, achievementId: parts[i]!, recipientEmail: email };
    };
    const welded = (email: string): CredentialEvent => ({ ...event(email, 0), credentialId: weld.id, achievementId: welding });

    // A group no pathway can be affected by costs one query, however many learners it names.
    rec.clear();
    expect(await other.services.pathways.onCredentialEvents([welded('heidi@example.com'), welded('ada@example.com'), welded('grace@example.com')])).toEqual([]);
    expect(rec.queries).toHaveLength(1);

    // Heidi qualifies too, but her only event (Welding) cannot change the pathway: she is not re-evaluated.
    const group = [event('ada@example.com', 1), event('grace@example.com', 1), welded('heidi@example.com'), event('ada@example.com', 0)];
    const actions = await other.services.pathways.onCredentialEvents(group);
    expect(actions.map((a) => [a.pathwayId, a.action])).toEqual([[pathway.id, 'awarded'], [pathway.id, 'awarded']]);
    // Replaying the group (a second instance, a retry) awards nothing more.
    expect((await h.services.pathways.onCredentialEvents(group)).map((a) => a.action)).toEqual(['already_awarded', 'already_awarded']);
    await other.services.credentialEvents.idle();
    await h.services.credentialEvents.idle();
    const stacked = await h.services.deps.db.selectFrom('credentials').select(['recipient_email', 'suspended_at'])
      .where('organization_id', '=', orgId).where('achievement_id', '=', target).orderBy('recipient_email').execute();
    expect(stacked).toEqual([{ recipient_email: 'ada@example.com', suspended_at: null }, { recipient_email: 'grace@example.com', suspended_at: null }]);

    // Types mix in a group: Ada's revocation comes after an event that touches nothing, and still applies the policy.
    await h.services.deps.db.updateTable('credentials').set({ revoked_at: h.clock.now().toISOString() }).where('id', '=', held.get('ada@example.com')![0]!.id).execute();
    const lapsed = await other.services.pathways.onCredentialEvents([welded('ada@example.com'), welded('grace@example.com'), event('ada@example.com', 0, 'revoked')]);
    expect(lapsed.map((a) => a.action)).toEqual(['suspended']);
    await other.services.credentialEvents.idle();
    const [ada] = await h.services.deps.db.selectFrom('credentials').select('suspended_at')
      .where('organization_id', '=', orgId).where('achievement_id', '=', target).where('recipient_email', '=', 'ada@example.com').execute();
    expect(ada!.suspended_at).not.toBeNull();
  });
});
