import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import { StatusListService } from '../../src/services/status-list.service.ts';
import { DIALECTS } from '../helpers/db.ts';
import { createIssuerOrg, createMicroCredential, indexRandom, issuanceHarness, type IssuanceHarness } from '../helpers/issuance.ts';

describe.each(DIALECTS)('batch status slots on %s', (dialect) => {
  let h: IssuanceHarness;
  beforeAll(async () => { h = await issuanceHarness(dialect); });
  afterAll(async () => h.close());

  it('publishes a batch\'s issued events together, once all its chunks are stored, in row order', async () => {
    const { orgId, auth } = await createIssuerOrg(h.services, 'Events College');
    const achievementId = await createMicroCredential(h.services, auth);
    const seen: string[][] = [];
    const stop = h.services.credentialEvents.subscribeBatch((events) => { seen.push(events.map((e) => e.recipientEmail)); });
    try {
      const emails = Array.from({ length: 60 }, (_, i) => `learner${i}@example.com`);
      const out = await h.services.issuance.issueBatch(await h.services.issuance.prepare(orgId),
        emails.map((email, i) => ({ raw: { achievementId, recipient: { email } }, batchKey: `events-${i}` })), { notify: false, actorUserId: null });
      expect(out.every((o) => o.ok)).toBe(true);
      await h.services.credentialEvents.idle();
      // On PostgreSQL the 60 rows are stored in chunks of 25; listeners still hear of them once.
      expect(seen).toEqual([emails]);
    } finally {
      stop();
    }
  });

  it('draws distinct free slots for a batch, never one a stored credential holds', async () => {
    const { orgId, auth } = await createIssuerOrg(h.services);
    const achievementId = await createMicroCredential(h.services, auth);
    const issued = await h.services.issuance.issueBatch(await h.services.issuance.prepare(orgId), [
      { raw: { achievementId, recipient: { email: 'ada@example.com' } }, batchKey: 'r1' },
    ], { notify: false, actorUserId: null });
    expect(issued[0]!.ok).toBe(true);
    const row = await h.services.deps.db.selectFrom('credentials').select(['status_list_id', 'status_index']).where('organization_id', '=', orgId).executeTakeFirstOrThrow();
    const taken = Number(row.status_index);
    const free = [taken + 1, taken + 2, taken + 3].map((i) => i % 131_072);

    const slots = new StatusListService({ ...h.services.deps, random: indexRandom([taken, free[0]!, taken, free[1]!, free[0]!, free[2]!]) });
    const got = await slots.allocateMany(orgId, 3);
    expect(got.map((s) => s.listId)).toEqual([row.status_list_id, row.status_list_id, row.status_list_id]);
    expect(got.map((s) => s.index).sort()).toEqual([...free].sort());

    const full = new StatusListService({ ...h.services.deps, random: indexRandom([taken]) });
    await expect(full.allocateMany(orgId, 1)).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'status_list_full');
  });
});
