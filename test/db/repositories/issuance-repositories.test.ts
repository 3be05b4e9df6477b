import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../helpers/db.ts';
import type { DatabaseHandle } from '../../../src/db/database.ts';
import { upsertLearner } from '../../../src/db/repositories/learners.repository.ts';
import {
  clearSuspended, credentialConflictOf, credentialState, findCredentialByCode, findCredentialsByBatchKeys, insertCredentials, markRevoked, markSuspended,
  searchCredentials, statusIndexesSet, takenStatusIndexes, type CredentialRecord,
} from '../../../src/db/repositories/credentials.repository.ts';
import {
  bumpRevision, findOpenStatusList, findStatusList, incrementAllocated, insertStatusList, storeSignedStatusList,
} from '../../../src/db/repositories/status-lists.repository.ts';
import { findIdempotencyKey, insertIdempotencyKeys } from '../../../src/db/repositories/idempotency.repository.ts';
import { LEARNER_ID_SLOT, writeIssued, type IssuedWrite } from '../../../src/db/repositories/issued.repository.ts';
import { countBulkRows, failedBulkRows, finishBulkRows, insertBulkRows, nextPendingBulkRows } from '../../../src/db/repositories/bulk-rows.repository.ts';

const NOW = '2026-12-04T20:00:00.000Z';

async function seedOrg(h: DatabaseHandle): Promise<{ orgId: string; achievementId: string }> {
  const orgId = randomUUID();
  await h.db.insertInto('organizations').values({
    id: orgId, slug: `org-${orgId.slice(0, 8)}`, kind: 'issuer', name: 'Org', url: null, email: null, description: null,
    logo: null, address_json: null, did_method: 'key', email_domain: null, domain_verified_at: null, created_at: NOW,
  }).execute();
  const achievementId = randomUUID();
  await h.db.insertInto('achievements').values({
    id: achievementId, organization_id: orgId, status: 'active', current_version: 1, definition_json: '{}', created_at: NOW, updated_at: NOW,
  }).execute();
  return { orgId, achievementId };
}

function credential(orgId: string, achievementId: string, learnerId: string, over: Partial<CredentialRecord>): CredentialRecord {
  return {
    id: randomUUID(), organizationId: orgId, achievementId, achievementVersion: 1, learnerId, recipientEmail: 'ada@example.com',
    recipientName: 'Ada Lovelace', verificationCode: randomUUID(), statusListId: 'L1', statusIndex: 1, source: 'single',
    issuedAt: NOW, validFrom: NOW, validUntil: null, revokedAt: null, revocationReason: null, suspendedAt: null,
    suspensionReason: null, visibility: 'private', claimedAt: null, codeDisabledAt: null, credits: 2.5, document: '{"a":1}',
    createdBy: null, batchKey: null, ...over,
  };
}

describe.each(DIALECTS)('issuance repositories on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof freshDatabase>>;
  let orgId: string;
  let achievementId: string;
  beforeAll(async () => {
    h = await freshDatabase(dialect);
    ({ orgId, achievementId } = await seedOrg(h));
  });
  afterAll(async () => h.close());

  it('keep one learner per (organization, email), even under concurrent upserts', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      upsertLearner(h.db, { id: randomUUID(), organizationId: orgId, email: 'same@example.com', name: i === 3 ? 'Sam' : null, now: NOW })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const again = await upsertLearner(h.db, { id: randomUUID(), organizationId: orgId, email: 'same@example.com', name: 'Other', now: NOW });
    expect(again.id).toBe(results[0]!.id);
    expect(again.name).toBe('Sam');
  });

  it('refuse a taken status slot, code or batch key and say which', async () => {
    await insertStatusList(h.db, { id: 'L1', organizationId: orgId, purpose: 'revocation', size: 131072, now: NOW });
    const learner = await upsertLearner(h.db, { id: randomUUID(), organizationId: orgId, email: 'ada@example.com', name: 'Ada', now: NOW });
    const first = credential(orgId, achievementId, learner.id, { statusIndex: 7, verificationCode: 'CODE-1', batchKey: 'B1' });
    await insertCredentials(h.db, [first]);
    const clash = async (over: Partial<CredentialRecord>) => {
      try {
        await insertCredentials(h.db, [credential(orgId, achievementId, learner.id, { statusIndex: 8, verificationCode: 'CODE-2', ...over })]);
        return 'inserted';
      } catch (e) { return credentialConflictOf(e); }
    };
    expect(await clash({ statusIndex: 7 })).toBe('status_slot');
    expect(await clash({ verificationCode: 'CODE-1' })).toBe('verification_code');
    expect(await clash({ batchKey: 'B1' })).toBe('batch_key');
    expect(await clash({ id: first.id })).toBe('id');
    expect(await takenStatusIndexes(h.db, 'L1', [6, 7, 9])).toEqual(new Set([7]));
    expect((await findCredentialByCode(h.db, 'CODE-1'))?.document).toBe('{"a":1}');
  });

  it('look up many status slots and bulk row keys at once, within the list and the organization only', async () => {
    const other = await seedOrg(h);
    const learner = await upsertLearner(h.db, { id: randomUUID(), organizationId: orgId, email: 'keys@example.com', name: null, now: NOW });
    const stranger = await upsertLearner(h.db, { id: randomUUID(), organizationId: other.orgId, email: 'keys@example.com', name: null, now: NOW });
    await insertCredentials(h.db, [
      credential(orgId, achievementId, learner.id, { statusListId: 'K1', statusIndex: 100, batchKey: 'row-1' }),
      credential(orgId, achievementId, learner.id, { statusListId: 'K1', statusIndex: 101, batchKey: 'row-2' }),
      credential(other.orgId, other.achievementId, stranger.id, { statusListId: 'K2', statusIndex: 102, batchKey: 'row-3' }),
    ]);
    expect(await takenStatusIndexes(h.db, 'K1', [99, 100, 101, 102])).toEqual(new Set([100, 101]));
    expect(await takenStatusIndexes(h.db, 'K2', [100, 101, 102])).toEqual(new Set([102]));
    const found = await findCredentialsByBatchKeys(h.db, orgId, ['row-1', 'row-3', 'row-9', 'row-2']);
    expect([...found.keys()].sort()).toEqual(['row-1', 'row-2']);
    expect(found.get('row-2')).toMatchObject({ statusIndex: 101, organizationId: orgId, credits: 2.5, batchKey: 'row-2' });
    expect(found.get('row-2')).not.toHaveProperty('document');
    expect((await findCredentialsByBatchKeys(h.db, other.orgId, ['row-1', 'row-3'])).size).toBe(1);
  });

  it('revoke once, suspend and reinstate, and derive list bits from them', async () => {
    const learner = await upsertLearner(h.db, { id: randomUUID(), organizationId: orgId, email: 'bob@example.com', name: 'Bob', now: NOW });
    const a = credential(orgId, achievementId, learner.id, { statusIndex: 100, verificationCode: 'A', recipientEmail: 'bob@example.com', recipientName: 'Bob' });
    const b = credential(orgId, achievementId, learner.id, { statusIndex: 101, verificationCode: 'B', recipientEmail: 'bob@example.com', recipientName: 'Bob' });
    await insertCredentials(h.db, [a]);
    await insertCredentials(h.db, [b]);
    expect(await markRevoked(h.db, orgId, a.id, 'error', NOW)).toBe(true);
    expect(await markRevoked(h.db, orgId, a.id, 'again', NOW)).toBe(false);
    expect(await markRevoked(h.db, randomUUID(), b.id, 'other org', NOW)).toBe(false);
    expect(await markSuspended(h.db, orgId, a.id, 'revoked already', NOW)).toBe(false);
    expect(await markSuspended(h.db, orgId, b.id, 'check', NOW)).toBe(true);
    expect(await statusIndexesSet(h.db, 'L1', 'revocation')).toEqual([100]);
    expect(await statusIndexesSet(h.db, 'L1', 'suspension')).toEqual([101]);
    expect(await clearSuspended(h.db, orgId, b.id)).toBe(true);
    expect(await clearSuspended(h.db, orgId, b.id)).toBe(false);
    expect(await statusIndexesSet(h.db, 'L1', 'suspension')).toEqual([]);
  });

  it('search by name, email, code, state and date with keyset paging', async () => {
    const org2 = await seedOrg(h);
    const learner = await upsertLearner(h.db, { id: randomUUID(), organizationId: org2.orgId, email: 'p@example.com', name: 'P', now: NOW });
    for (let i = 0; i < 5; i++) {
      await insertCredentials(h.db, [credential(org2.orgId, org2.achievementId, learner.id, {
        statusIndex: 200 + i, verificationCode: `S${i}`, issuedAt: `2026-12-0${i + 1}T10:00:00.000Z`,
        recipientName: i === 2 ? 'Grace 100%_Hopper' : 'Ada', recipientEmail: i === 2 ? 'grace@example.com' : 'p@example.com',
        validUntil: i === 4 ? '2026-12-04T00:00:00.000Z' : null,
      })]);
    }
    const now = new Date(NOW);
    const all = await searchCredentials(h.db, org2.orgId, { limit: 2 }, now);
    expect(all.items.map((c) => c.verificationCode)).toEqual(['S4', 'S3']);
    expect(all.hasMore).toBe(true);
    const last = all.items[1]!;
    const next = await searchCredentials(h.db, org2.orgId, { limit: 10, after: { issuedAt: last.issuedAt, id: last.id } }, now);
    expect(next.items.map((c) => c.verificationCode)).toEqual(['S2', 'S1', 'S0']);
    expect((await searchCredentials(h.db, org2.orgId, { limit: 10, q: 'GRACE' }, now)).items.map((c) => c.verificationCode)).toEqual(['S2']);
    expect((await searchCredentials(h.db, org2.orgId, { limit: 10, q: '100%_' }, now)).items).toHaveLength(1);
    expect((await searchCredentials(h.db, org2.orgId, { limit: 10, q: '0%x' }, now)).items).toHaveLength(0);
    expect((await searchCredentials(h.db, org2.orgId, { limit: 10, q: 'zzz', code: 'S1' }, now)).items.map((c) => c.verificationCode)).toEqual(['S1']);
    const expired = await searchCredentials(h.db, org2.orgId, { limit: 10, state: 'expired' }, now);
    expect(expired.items.map((c) => c.verificationCode)).toEqual(['S4']);
    expect(credentialState(expired.items[0]!, now)).toBe('expired');
    expect((await searchCredentials(h.db, org2.orgId, { limit: 10, state: 'active' }, now)).items).toHaveLength(4);
    const window = await searchCredentials(h.db, org2.orgId, { limit: 10, issuedFrom: '2026-12-02T00:00:00.000Z', issuedTo: '2026-12-04T00:00:00.000Z' }, now);
    expect(window.items.map((c) => c.verificationCode)).toEqual(['S2', 'S1']);
    expect((await searchCredentials(h.db, orgId, { limit: 10, q: 'grace' }, now)).items).toHaveLength(0);
  });

  it('track allocation, revisions and signed revisions of status lists', async () => {
    const { orgId: o } = await seedOrg(h);
    await insertStatusList(h.db, { id: `${o}-a`, organizationId: o, purpose: 'revocation', size: 10, now: NOW });
    expect((await findOpenStatusList(h.db, o, 'revocation', 0.5))?.id).toBe(`${o}-a`);
    await incrementAllocated(h.db, `${o}-a`, 5);
    expect(await findOpenStatusList(h.db, o, 'revocation', 0.5)).toBeUndefined();
    await bumpRevision(h.db, `${o}-a`, NOW);
    await bumpRevision(h.db, `${o}-a`, NOW);
    expect(await storeSignedStatusList(h.db, `${o}-a`, 2, '{"r":2}')).toBe(true);
    expect(await storeSignedStatusList(h.db, `${o}-a`, 1, '{"r":1}')).toBe(false);
    const list = await findStatusList(h.db, `${o}-a`);
    expect(list).toMatchObject({ revision: 2, signedRevision: 2, credentialJson: '{"r":2}', allocated: 5 });
  });

  it('write issued credentials with their learners, keys, tokens, audit and list counters in one go, or nothing', async () => {
    const { orgId: o, achievementId: a } = await seedOrg(h);
    await insertStatusList(h.db, { id: `${o}-w`, organizationId: o, purpose: 'revocation', size: 100, now: NOW });
    const known = await upsertLearner(h.db, { id: randomUUID(), organizationId: o, email: 'known@example.com', name: null, now: NOW });
    const write = (emails: string[], firstIndex: number, key: string): IssuedWrite => {
      const credentials = emails.map((email, i) => credential(o, a, '', { recipientEmail: email, recipientName: 'Named', statusListId: `${o}-w`, statusIndex: firstIndex + i }));
      return {
        learners: emails.map((email) => ({ id: randomUUID(), organizationId: o, email, name: 'Named', createdAt: NOW })),
        credentials,
        idempotencyKeys: [{ organizationId: o, key, requestHash: 'h', now: NOW, email: emails[0]!, responseJson: JSON.stringify({ learnerId: LEARNER_ID_SLOT, note: "it's" }) }],
        claimTokens: credentials.map((c) => ({ tokenHash: `t-${c.id}`, email: c.recipientEmail, credentialId: c.id, organizationId: o, createdAt: NOW, expiresAt: NOW })),
        audit: [{ id: randomUUID(), organizationId: o, actorUserId: null, actorTokenId: null, action: 'credential.issue_bulk', targetType: null, targetId: null, details: { n: emails.length }, createdAt: NOW }],
      };
    };
    const counts = async () => Promise.all([
      h.db.selectFrom('credentials').select((eb) => eb.fn.countAll().as('n')).where('organization_id', '=', o).executeTakeFirstOrThrow(),
      h.db.selectFrom('learners').select((eb) => eb.fn.countAll().as('n')).where('organization_id', '=', o).executeTakeFirstOrThrow(),
      h.db.selectFrom('email_tokens').select((eb) => eb.fn.countAll().as('n')).where('token_hash', 'like', 't-%').executeTakeFirstOrThrow(),
      h.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('organization_id', '=', o).executeTakeFirstOrThrow(),
      h.db.selectFrom('idempotency_keys').select((eb) => eb.fn.countAll().as('n')).where('organization_id', '=', o).executeTakeFirstOrThrow(),
      findStatusList(h.db, `${o}-w`).then((l) => ({ n: l!.allocated })),
    ]).then((rows) => rows.map((r) => Number(r.n)));

    // A recipient on record keeps their learner; a new one gets the id given; the name fills in a missing one.
    const first = write(['known@example.com', 'new@example.com', 'new@example.com'], 1, 'w1');
    await writeIssued(h.db, first);
    expect(first.credentials.map((c) => c.learnerId)).toEqual([known.id, first.learners[1]!.id, first.learners[1]!.id]);
    expect(await findIdempotencyKey(h.db, o, 'w1')).toEqual({ requestHash: 'h', response: { learnerId: known.id, note: "it's" } });
    const stored = await h.db.selectFrom('credentials').select(['id', 'learner_id']).where('organization_id', '=', o).execute();
    expect(new Map(stored.map((r) => [r.id, r.learner_id]))).toEqual(new Map(first.credentials.map((c) => [c.id, c.learnerId])));
    expect((await h.db.selectFrom('learners').select('name').where('id', '=', known.id).executeTakeFirstOrThrow()).name).toBe('Named');
    expect(await counts()).toEqual([3, 2, 3, 1, 1, 3]);

    // One taken slot in the last row: nothing of the write is stored, and the violation names the slot.
    const clash = write(['later@example.com', 'again@example.com'], 3, 'w2');
    const e = await writeIssued(h.db, clash).catch((err: unknown) => err);
    expect(credentialConflictOf(e)).toBe('status_slot');
    expect(await counts()).toEqual([3, 2, 3, 1, 1, 3]);
    expect(await findIdempotencyKey(h.db, o, 'w2')).toBeUndefined();

    // A credential whose recipient has no learner row is refused before anything is written.
    const orphan = write(['orphan@example.com'], 50, 'w3');
    await expect(writeIssued(h.db, { ...orphan, learners: [] })).rejects.toThrow(/no learner row/);
    expect(await counts()).toEqual([3, 2, 3, 1, 1, 3]);
  });

  it('store idempotency keys once and bulk rows by job', async () => {
    await insertIdempotencyKeys(h.db, [{ organizationId: orgId, key: 'k1', requestHash: 'h', responseJson: '{"ok":1}', now: NOW }]);
    await expect(insertIdempotencyKeys(h.db, [{ organizationId: orgId, key: 'k1', requestHash: 'x', responseJson: '{}', now: NOW }])).rejects.toThrow();
    expect(await findIdempotencyKey(h.db, orgId, 'k1')).toEqual({ requestHash: 'h', response: { ok: 1 } });
    const rows = Array.from({ length: 5 }, (_, i) => ({
      jobId: 'J', organizationId: orgId, rowNumber: i + 2, email: `r${i}@x.org`, name: null, achievementId, validFrom: null, batchKey: `k${i}`,
    }));
    await insertBulkRows(h.db, rows);
    const page = await nextPendingBulkRows(h.db, 'J', 0, 3);
    expect(page.map((r) => r.rowNumber)).toEqual([2, 3, 4]);
    await finishBulkRows(h.db, 'J', [{ rowNumber: 2, status: 'issued', credentialId: 'c' }, { rowNumber: 3, status: 'failed', error: 'bad' }]);
    expect((await nextPendingBulkRows(h.db, 'J', 0, 10)).map((r) => r.rowNumber)).toEqual([4, 5, 6]);
    expect(await countBulkRows(h.db, 'J')).toEqual({ pending: 3, issued: 1, skipped: 0, failed: 1 });
  });

  it('marks every row of a page in one call, and only that job\'s rows', async () => {
    const rowsOf = (jobId: string) => Array.from({ length: 6 }, (_, i) => ({
      jobId, organizationId: orgId, rowNumber: i + 2, email: `p${i}@x.org`, name: null, achievementId, validFrom: null, batchKey: `${jobId}${i}`,
    }));
    await insertBulkRows(h.db, [...rowsOf('P'), ...rowsOf('Q')]);
    await finishBulkRows(h.db, 'P', [
      { rowNumber: 2, status: 'issued', credentialId: 'c2' }, { rowNumber: 3, status: 'skipped', credentialId: 'c3' },
      { rowNumber: 4, status: 'failed', error: 'No micro-credential x.' }, { rowNumber: 5, status: 'issued', credentialId: 'c5' },
      { rowNumber: 6, status: 'failed', error: "it's \"quoted\"" },
    ]);
    const marked = await h.db.selectFrom('bulk_issuance_rows').select(['row_number', 'status', 'credential_id', 'error'])
      .where('job_id', '=', 'P').orderBy('row_number').execute();
    expect(marked.map((r) => [Number(r.row_number), r.status, r.credential_id, r.error])).toEqual([
      [2, 'issued', 'c2', null], [3, 'skipped', 'c3', null], [4, 'failed', null, 'No micro-credential x.'],
      [5, 'issued', 'c5', null], [6, 'failed', null, 'it\'s "quoted"'], [7, 'pending', null, null],
    ]);
    expect((await failedBulkRows(h.db, 'P', 10)).map((r) => [r.rowNumber, r.error])).toEqual([[4, 'No micro-credential x.'], [6, 'it\'s "quoted"']]);
    expect(await countBulkRows(h.db, 'Q')).toEqual({ pending: 6, issued: 0, skipped: 0, failed: 0 });
    await finishBulkRows(h.db, 'Q', []);
    expect(await countBulkRows(h.db, 'Q')).toEqual({ pending: 6, issued: 0, skipped: 0, failed: 0 });
  });
});
