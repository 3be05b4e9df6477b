/**
 * Batch issuance (bulk CSV jobs): many credentials signed one by one, then stored in ONE transaction with
 * multi-row inserts (learners, credentials, claim tokens), so the per-credential database cost is a fraction of
 * a single issue. A clash (slot, code, batch key taken meanwhile) rolls the batch back and each item is then
 * issued on its own with the usual retries. Results come back per item, in order.
 */
import { AppError, isAppError } from '../core/errors.ts';
import { checkIssueRequest } from '../core/issuance/issue-input.ts';
import { findCredentialsByBatchKeys } from '../db/repositories/credentials.repository.ts';
import { withTransaction } from '../db/transaction.ts';
import { auditEntry } from './audit.service.ts';
import { systemAuth } from './auth.ts';
import { toCredentialView } from './credential-view.ts';
import type { IssuanceDeps, IssuanceService, IssueResult, IssuingContext } from './issuance.service.ts';
import { issuedEvent, storeIssued, type SignedIssue } from './issuance-store.ts';

export interface BatchItem { raw: unknown; batchKey: string }
export type BatchOutcome = { ok: true; result: IssueResult } | { ok: false; error: AppError };

/** Issues a batch for an organization; see the file comment. */
export async function issueBatch(
  issuance: IssuanceService, deps: IssuanceDeps, ctx: IssuingContext, items: BatchItem[],
  opts: { notify: boolean; actorUserId: string | null },
): Promise<BatchOutcome[]> {
  const orgId = ctx.organizationId;
  const now = deps.clock.now();
  const out: (BatchOutcome | undefined)[] = new Array(items.length);
  const existing = await findCredentialsByBatchKeys(deps.db, orgId, items.map((i) => i.batchKey));
  const seen = new Set<string>();
  const todo: (SignedIssue & { i: number })[] = [];
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
      todo.push({ i, ...signed });
    } catch (e) {
      if (!isAppError(e)) throw e;
      out[i] = { ok: false, error: e };
    }
  }

  const auth = { ...systemAuth(orgId), ...(opts.actorUserId ? { userId: opts.actorUserId } : {}) };
  let views: IssueResult['credential'][] | undefined;
  if (todo.length) {
    try {
      const pageAudit = auditEntry(auth, 'credential.issue_bulk', now, { type: 'credential', id: todo[0]!.record.id }, {
        count: todo.length, credentialIds: todo.map((t) => t.record.id),
      });
      views = await withTransaction(deps.db, (trx) => storeIssued(trx, todo, { publicUrl: deps.config.publicUrl, audit: [pageAudit] }));
    } catch (e) {
      if (isAppError(e)) throw e;
      // A clash with another writer: fall back to one by one (each with its own retries).
      later.push(...todo.map((t) => t.i));
    }
  }
  if (views) {
    for (const [k, t] of todo.entries()) {
      out[t.i] = { ok: true, result: { credential: views[k]!, replayed: false } };
      if (opts.notify) await issuance.sendAwardEmail(ctx, views[k]!, t.claimToken);
    }
    deps.events.emitMany(todo.map((t) => issuedEvent(t.record)));
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
