import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS_LIST_SIZE, StatusListService, suspensionListIdOf } from '../../src/services/status-list.service.ts';
import { DIALECTS } from '../helpers/db.ts';
import { recordingHandle } from '../helpers/query-log.ts';
import { createIssuerOrg, indexRandom, issuanceHarness, type IssuanceHarness } from '../helpers/issuance.ts';

describe.each(DIALECTS)('status list allocation on %s', (dialect) => {
  let h: IssuanceHarness;
  beforeAll(async () => { h = await issuanceHarness(dialect); });
  afterAll(async () => h.close());

  it('starts a new list pair when the open one is nearly full, and signs both lists', async () => {
    const { orgId } = await createIssuerOrg(h.services);
    const first = await h.services.statusLists.allocate(orgId);
    expect(first.index).toBeGreaterThanOrEqual(0);
    expect(first.index).toBeLessThan(STATUS_LIST_SIZE);
    const rows = await h.services.deps.db.selectFrom('status_lists').select(['id', 'purpose']).where('organization_id', '=', orgId).execute();
    expect(rows.map((r) => r.purpose).sort()).toEqual(['revocation', 'suspension']);
    expect(rows.find((r) => r.purpose === 'suspension')!.id).toBe(suspensionListIdOf(first.listId));

    await h.services.deps.db.updateTable('status_lists').set({ allocated: Math.ceil(STATUS_LIST_SIZE * 0.9) }).where('id', '=', first.listId).execute();
    const fresh = new StatusListService(h.services.deps); // a new instance: no cached open list
    const second = await fresh.allocate(orgId);
    expect(second.listId).not.toBe(first.listId);
    for (const purpose of ['revocation', 'suspension'] as const) {
      const signed = await fresh.signedList(second.listId, purpose);
      expect(JSON.parse(signed!.json).credentialSubject.statusPurpose).toBe(purpose);
    }
    // A list id of another purpose is not served under the wrong URL.
    expect(await fresh.signedList(suspensionListIdOf(second.listId), 'revocation')).toBeUndefined();
  });

  it('checks free slots a batch at a time: distinct slots, one lookup per 32 issues', async () => {
    const { orgId } = await createIssuerOrg(h.services, 'Reservoir College');
    const first = await h.services.statusLists.allocate(orgId);
    await h.services.deps.db.updateTable('status_lists').set({ allocated: Math.ceil(STATUS_LIST_SIZE * 0.05) }).where('id', '=', first.listId).execute();
    const recorded = recordingHandle({ db: h.services.deps.db, dialect, url: '', close: async () => undefined });
    const lists = new StatusListService({ ...h.services.deps, db: recorded.handle.db });
    const slots = await Promise.all(Array.from({ length: 40 }, () => lists.allocate(orgId)));
    expect(new Set(slots.map((s) => `${s.listId}#${s.index}`)).size).toBe(40);
    const lookups = recorded.queries.filter((q) => /from "credentials"/.test(q));
    expect(lookups).toHaveLength(2);
    // After a clash the slot is checked on its own, never taken from the batch.
    recorded.clear();
    await lists.allocate(orgId, { afterClash: true });
    expect(recorded.queries.filter((q) => /from "credentials"/.test(q))).toHaveLength(1);
  });

  it('refills the reservoir ahead, once half of it is handed out, so callers do not wait for the lookup', async () => {
    const { orgId } = await createIssuerOrg(h.services, 'Ahead College');
    const recorded = recordingHandle({ db: h.services.deps.db, dialect, url: '', close: async () => undefined });
    const lists = new StatusListService({ ...h.services.deps, db: recorded.handle.db });
    const lookups = () => recorded.queries.filter((q) => /from "credentials"/.test(q)).length;
    for (let i = 0; i < 16; i++) await lists.allocate(orgId);
    expect(lookups()).toBe(1);
    await lists.allocate(orgId); // the 17th leaves 15 of 32: a refill starts in the background
    await new Promise((r) => setTimeout(r, 50));
    expect(lookups()).toBe(2);
    const slots = [];
    for (let i = 0; i < 40; i++) slots.push(await lists.allocate(orgId));
    expect(new Set(slots.map((s) => s.index)).size).toBe(40);
  });

  it('never gives two concurrent draws the same slot, and a failed draw gives its slots back', async () => {
    const { orgId } = await createIssuerOrg(h.services, 'Concurrent Draws College');
    const first = await h.services.statusLists.allocate(orgId);
    const pool = Array.from({ length: 12 }, (_, k) => (first.index + 1 + k) % STATUS_LIST_SIZE);
    const random = indexRandom(pool);
    const lists = new StatusListService({ ...h.services.deps, random });
    // Both draws name all 12 indexes before either lookup answers.
    const [a, b] = await Promise.allSettled([lists.allocateMany(orgId, 10), lists.allocateMany(orgId, 10)]);
    const won = [a, b].filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect([a, b].find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'status_list_full' } });
    const taken = new Set((won[0] as PromiseFulfilledResult<{ index: number }[]>).value.map((s) => s.index));
    expect(taken.size).toBe(10);
    const rest = await lists.allocateMany(orgId, 2);
    expect(rest.every((s) => pool.includes(s.index) && !taken.has(s.index))).toBe(true);
  });

  it('never hands out a slot twice, though the credential holding it is not stored yet', async () => {
    const { orgId } = await createIssuerOrg(h.services, 'Handed Out College');
    const first = await h.services.statusLists.allocate(orgId);
    await h.services.deps.db.updateTable('status_lists').set({ allocated: Math.ceil(STATUS_LIST_SIZE * 0.05) }).where('id', '=', first.listId).execute();
    // Randomness that only ever names 48 indexes, none of them taken: draws made before anything is stored overlap
    // unless the service keeps what it handed out.
    const pool = Array.from({ length: 48 }, (_, k) => (first.index + 1 + k) % STATUS_LIST_SIZE);
    const random = indexRandom(pool);
    const lists = new StatusListService({ ...h.services.deps, random });
    const singles = await Promise.all(Array.from({ length: 32 }, () => lists.allocate(orgId)));
    // The reservoir's refill ahead (32 more) finds only 16 free slots, fails, and hands out nothing.
    await new Promise((r) => setTimeout(r, 50));
    const batch = await lists.allocateMany(orgId, 16);
    const all = [...singles, ...batch].map((s) => s.index);
    expect(new Set(all).size).toBe(48);
    expect(all.every((i) => pool.includes(i))).toBe(true);
    await expect(lists.allocateMany(orgId, 1)).rejects.toMatchObject({ code: 'status_list_full' });
  });
});
