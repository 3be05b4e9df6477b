/**
 * The wallet's credential-event listener over every dialect: a group of events published together (a bulk page)
 * links each verified owner's learner records with one owner lookup for all the addresses of the group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialEvent } from '../../src/services/credential-events.ts';
import { DIALECTS } from '../helpers/db.ts';
import { createIssuerOrg, createMicroCredential, issuanceHarness, type IssuanceHarness } from '../helpers/issuance.ts';
import { recordingHandle } from '../helpers/query-log.ts';

describe.each(DIALECTS)('wallet credential events (%s)', (dialect) => {
  let h: IssuanceHarness & { handle: Parameters<typeof recordingHandle>[0] };
  beforeAll(async () => {
    h = await issuanceHarness(dialect);
  });
  afterAll(async () => h.close());

  it('links the learner records of a group of issued events to each verified owner, with one owner lookup', async () => {
    const { auth, orgId } = await createIssuerOrg(h.services);
    const achievementId = await createMicroCredential(h.services, auth);
    const ada = (await h.services.accounts.signUp({ name: 'Ada Lovelace', email: 'ada@example.com', password: 'correct horse battery' })).user.id;
    await h.services.accounts.addEmail(ada, 'ada.work@example.com');
    const bob = (await h.services.accounts.signUp({ name: 'Bob Byte', email: 'bob@example.com', password: 'correct horse battery' })).user.id;
    await h.services.accounts.signUp({ name: 'Carol Unverified', email: 'carol@example.com', password: 'correct horse battery' });
    const emails = ['ada@example.com', 'ada.work@example.com', 'bob@example.com', 'carol@example.com', 'nobody@example.com'];
    // Issued while every address is unverified: nothing is linked yet.
    const issued: { id: string; learnerId: string }[] = [];
    for (const email of emails) issued.push((await h.services.issuance.issueCredential(auth, { achievementId, recipient: { email } }, { source: 'api', notify: false })).credential);
    await h.services.credentialEvents.idle();
    // Verified behind the services' back, so that only the listener under test links anything.
    const db = h.services.deps.db;
    await db.updateTable('user_emails').set({ verified_at: '2026-12-04T20:00:00.000Z' }).where('email', 'in', ['ada@example.com', 'ada.work@example.com', 'bob@example.com']).execute();

    const rec = recordingHandle(h.handle);
    const other = await issuanceHarness(dialect, { handle: rec.handle, clock: h.clock });
    const event = (i: number, type: CredentialEvent['type'] = 'issued'): CredentialEvent => ({
      type, organizationId: orgId, credentialId: issued[i]!.id, learnerId: issued[i]!.learnerId, achievementId, recipientEmail: emails[i]!,
    });
    rec.clear();
    await other.services.wallet.onCredentialsIssued([event(0), event(1), event(2), event(3), event(4)]);
    // One lookup for the five addresses, then one link per owner (Ada's two addresses together).
    expect(rec.queries.filter((q) => /user_emails/.test(q))).toHaveLength(1);
    expect(rec.queries).toHaveLength(3);

    const owners = await db.selectFrom('learners').select(['email', 'user_id']).where('organization_id', '=', orgId).orderBy('email').execute();
    expect(owners).toEqual([
      { email: 'ada.work@example.com', user_id: ada }, { email: 'ada@example.com', user_id: ada }, { email: 'bob@example.com', user_id: bob },
      { email: 'carol@example.com', user_id: null }, { email: 'nobody@example.com', user_id: null },
    ]);
  });

  it('links nothing for events other than issued, without a query', async () => {
    const { auth, orgId } = await createIssuerOrg(h.services, 'Southgate College');
    const achievementId = await createMicroCredential(h.services, auth);
    const c = (await h.services.issuance.issueCredential(auth, { achievementId, recipient: { email: 'dora@example.com' } }, { source: 'api', notify: false })).credential;
    await h.services.credentialEvents.idle();
    const dora = (await h.services.accounts.signUp({ name: 'Dora', email: 'dora@example.com', password: 'correct horse battery' })).user.id;
    await h.services.deps.db.updateTable('user_emails').set({ verified_at: '2026-12-04T20:00:00.000Z' }).where('user_id', '=', dora).execute();

    const rec = recordingHandle(h.handle);
    const other = await issuanceHarness(dialect, { handle: rec.handle, clock: h.clock });
    rec.clear();
    const base = { organizationId: orgId, credentialId: c.id, learnerId: c.learnerId, achievementId, recipientEmail: 'dora@example.com' };
    await other.services.wallet.onCredentialsIssued([{ ...base, type: 'revoked' }, { ...base, type: 'reinstated' }]);
    expect(rec.queries).toEqual([]);
    const learner = await h.services.deps.db.selectFrom('learners').select('user_id').where('id', '=', c.learnerId).executeTakeFirstOrThrow();
    expect(learner.user_id).toBeNull();
  });
});
