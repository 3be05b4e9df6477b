/**
 * Batch issuance (bulk CSV jobs): many credentials signed one by one, then stored in ONE transaction with
 * multi-row inserts (learners, credentials, claim tokens), so the per-credential database cost is a fraction of
 * a single issue. A clash (slot, code, batch key taken meanwhile) rolls the batch back and each item is then
 * issued on its own with the usual retries. Results come back per item, in order.
 */
import { randomUUID } from 'node:crypto';
import { AppError, isAppError } from '../core/errors.ts';
import { checkIssueRequest, type IssueRequest } from '../core/issuance/issue-input.ts';
import { insertClaimTokens } from '../db/repositories/claim-tokens.repository.ts';
import { findCredentialsByBatchKeys, insertCredentials, type CredentialRecord } from '../db/repositories/credentials.repository.ts';
import { upsertLearners } from '../db/repositories/learners.repository.ts';
import { incrementAllocated } from '../db/repositories/status-lists.repository.ts';
import { withTransaction } from '../db/transaction.ts';
import { audit } from './audit.service.ts';
import { systemAuth } from './auth.ts';
import { toCredentialView } from './credential-view.ts';
import { isoPlusHours } from './deps.ts';
import { CLAIM_TTL_HOURS, type IssuanceDeps, type IssuanceService, type IssueResult, type IssuingContext } from './issuance.service.ts';
import { hashToken } from './security.ts';

export interface BatchItem { raw: unknown; batchKey: string }
export type BatchOutcome = { ok: true; result: IssueResult } | { ok: false; error: AppError };

/** Issues a batch for an organization; see the file comment. */
export async function issueBatch(
  issuance: IssuanceService, deps: IssuanceDeps, ctx: IssuingContext, items: BatchItem[],
  opts: { notify: boolean; actorUserId: string | null },
): Promise<BatchOutcome[]> {
  const orgId = ctx.organizationId;
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const out: (BatchOutcome | undefined)[] = new Array(items.length);
  const existing = await findCredentialsByBatchKeys(deps.db, orgId, items.map((i) => i.batchKey));
  const seen = new Set<string>();
  const todo: { i: number; req: IssueRequest; record: CredentialRecord; claimToken: string }[] = [];
  const later: number[] = [];
  // One checked draw of free status slots for every item that may be issued here (unused ones are simply not taken).
  const fresh = new Set(items.filter((i) => !existing.has(i.batchKey)).map((i) => i.batchKey)).size;
  // No slots (e.g. status_list_full): every item goes the single way, with its own allocation, retries and error.
  const slots = fresh > 0 ? await deps.statusLists.allocateMany(orgId, fresh).catch((e: unknown) => { if (isAppError(e)) return undefined; throw e; }) : [];

  for (const [i, item] of items.entries()) {
    const done = existing.get(item.batchKey);
    if (done) { out[i] = { ok: true, result: { credential: toCredentialView(done, now, deps.config.publicUrl), replayed: true } }; continue; }
    if (seen.has(item.batchKey) || !slots) { later.push(i); continue; } // the same row twice: the single path replays the first
    seen.add(item.batchKey);
    try {
      const req = checkIssueRequest(item.raw);
      const issuable = await issuance.achievement(ctx, req.achievementId);
      const slot = slots[seen.size - 1]!;
      const signed = await issuance.signCredential(ctx, issuable, req, slot, { source: 'bulk', batchKey: item.batchKey, createdBy: opts.actorUserId, now });
      todo.push({ i, req, ...signed });
    } catch (e) {
      if (!isAppError(e)) throw e;
      out[i] = { ok: false, error: e };
    }
  }

  const auth = { ...systemAuth(orgId), ...(opts.actorUserId ? { userId: opts.actorUserId } : {}) };
  let stored = false;
  if (todo.length) {
    try {
      await withTransaction(deps.db, async (trx) => {
        const learners = await upsertLearners(trx, orgId, todo.map((t) => ({ id: randomUUID(), email: t.req.recipient.email, name: t.req.recipient.name })), nowIso);
        for (const t of todo) t.record.learnerId = learners.get(t.record.recipientEmail)!.id;
        await insertCredentials(trx, todo.map((t) => t.record));
        await insertClaimTokens(trx, todo.map((t) => ({
          tokenHash: hashToken(t.claimToken), email: t.record.recipientEmail, credentialId: t.record.id, organizationId: orgId,
          createdAt: nowIso, expiresAt: isoPlusHours(now, CLAIM_TTL_HOURS),
        })));
        await audit({ db: trx, clock: deps.clock }, auth, 'credential.issue_bulk', { type: 'credential', id: todo[0]!.record.id }, {
          count: todo.length, credentialIds: todo.map((t) => t.record.id),
        });
        const perList = new Map<string, number>();
        for (const t of todo) perList.set(t.record.statusListId, (perList.get(t.record.statusListId) ?? 0) + 1);
        for (const [listId, n] of perList) await incrementAllocated(trx, listId, n);
      });
      stored = true;
    } catch (e) {
      if (isAppError(e)) throw e;
      // A clash with another writer: fall back to one by one (each with its own retries).
      later.push(...todo.map((t) => t.i));
    }
  }
  if (stored) {
    for (const t of todo) {
      const view = toCredentialView(t.record, now, deps.config.publicUrl, null);
      out[t.i] = { ok: true, result: { credential: view, replayed: false } };
      if (opts.notify) await issuance.sendAwardEmail(ctx, view, t.claimToken);
      deps.events.emit({
        type: 'issued', organizationId: orgId, credentialId: t.record.id, learnerId: t.record.learnerId,
        achievementId: t.record.achievementId, recipientEmail: t.record.recipientEmail,
      });
    }
  }
  // Backpressure: listeners (pathways, wallet) finish this page's events before the next page is issued, so a
  // 100,000-row job never queues 100,000 events in memory.
  await deps.events.idle();
  for (const i of later.sort((a, b) => a - b)) {
    try {
      out[i] = { ok: true, result: await issuance.awardCredential(orgId, items[i]!.raw, { source: 'bulk', batchKey: items[i]!.batchKey, context: ctx, notify: opts.notify, ...(opts.actorUserId ? { actorUserId: opts.actorUserId } : {}) }) };
    } catch (e) {
      if (!isAppError(e)) throw e;
      out[i] = { ok: false, error: e };
    }
  }
  return out.map((o) => o ?? { ok: false, error: new AppError('internal_error') });
}
