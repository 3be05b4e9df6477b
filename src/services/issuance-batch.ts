/**
 * Batch issuance (bulk CSV jobs): many credentials signed one by one, then stored with multi-row inserts (learners,
 * credentials, claim tokens, …) written all or nothing per chunk (`storeIssued`), so the per-credential database cost
 * is a fraction of a single issue. On PostgreSQL a batch is signed and stored in chunks of STORE_CHUNK: the next chunk
 * is signed while the previous chunk's statement travels to the server and commits, so signing (CPU here) and storing
 * (the server's work and the round trip) overlap. SQLite writes on this thread, where overlapping gains nothing, so a
 * batch is one chunk there. A clash (slot, code, batch key taken meanwhile) writes nothing of that chunk and its items
 * are then issued on their own with the usual retries. Results come back per item, in order.
 */
import { AppError, isAppError } from '../core/errors.ts';
import { checkIssueRequest } from '../core/issuance/issue-input.ts';
import { findCredentialsByBatchKeys, type CredentialSummary } from '../db/repositories/credentials.repository.ts';
import { auditEntry } from './audit.service.ts';
import { systemAuth } from './auth.ts';
import { toCredentialView } from './credential-view.ts';
import type { IssuanceDeps, IssuanceService, IssueResult, IssuingContext } from './issuance.service.ts';
import type { CredentialEvent } from './credential-events.ts';
import { issuedEvent, storeIssued, type SignedIssue } from './issuance-store.ts';

/** Credentials signed between two turns of the event loop when not overlapping with a store (see `sign`). */
const YIELD_EVERY = 16;

export interface BatchItem { raw: unknown; batchKey: string }
export type BatchOutcome = { ok: true; result: IssueResult } | { ok: false; error: AppError };
export interface BatchOptions { notify: boolean; actorUserId: string | null }

/**
 * Credentials per write on PostgreSQL. The next chunk is signed while this one is stored; small chunks keep
 * the one store a page cannot hide (its last) short. Measured: chunks of 25–50 beat 100 by 10–15% on pages of 100
 * and 500 (decision 005).
 */
export const STORE_CHUNK = 25;

/** Status slots per checked draw: a few hundred at once would fail the whole draw far more often in a filling list. */
const SLOT_DRAW = 100;

type Slot = { listId: string; index: number };
type Signed = SignedIssue & { i: number };

/**
 * Draws `count` distinct free status slots, SLOT_DRAW per draw. The first draws all travel at once (on PostgreSQL each
 * lookup over its own pooled connection, so a page waits for one round trip, not one per SLOT_DRAW slots); what they
 * leave (a filling list) is drawn one at a time, a failed draw (status_list_full) again at half the size. allocateMany
 * never hands a slot out twice within an instance; a repeat is still dropped and replaced here, so two rows of one
 * batch can never share a slot. Fewer come back when even a single slot is not found, and the items left without one
 * go the single way, with their own allocation, retries and error.
 */
export async function drawSlots(deps: IssuanceDeps, orgId: string, count: number): Promise<Slot[]> {
  const out: Slot[] = [];
  const drawn = new Set<string>();
  const take = (got: Slot[]): number => {
    const before = out.length;
    for (const slot of got) {
      const key = `${slot.listId}/${slot.index}`;
      if (!drawn.has(key)) { drawn.add(key); out.push(slot); }
    }
    return out.length - before;
  };
  const first: number[] = [];
  for (let left = count; left > 0; left -= SLOT_DRAW) first.push(Math.min(SLOT_DRAW, left));
  let size = SLOT_DRAW;
  for (const [k, r] of (await Promise.allSettled(first.map((n) => deps.statusLists.allocateMany(orgId, n)))).entries()) {
    if (r.status === 'fulfilled') take(r.value);
    else if (isAppError(r.reason)) size = Math.min(size, Math.ceil(first[k]! / 2));
    else throw r.reason;
  }
  while (out.length < count) {
    const want = Math.min(size, count - out.length);
    let got: Slot[];
    try {
      got = await deps.statusLists.allocateMany(orgId, want);
    } catch (e) {
      if (!isAppError(e)) throw e;
      if (want === 1) break;
      // A filling list: a smaller draw finds its few free slots within allocateMany's rounds more often.
      size = Math.ceil(want / 2);
      continue;
    }
    if (take(got) === 0) break;
  }
  return out;
}

/** Issues a batch for an organization; see the file comment. */
export async function issueBatch(
  issuance: IssuanceService, deps: IssuanceDeps, ctx: IssuingContext, items: BatchItem[], opts: BatchOptions,
): Promise<BatchOutcome[]> {
  const orgId = ctx.organizationId;
  const now = deps.clock.now();
  const out: (BatchOutcome | undefined)[] = new Array(items.length);
  const chunked = deps.dialect === 'postgres';
  // Each distinct row once; a repeat of a row replays it (see below).
  const rows: number[] = [];
  const repeats: number[] = [];
  const keys = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (keys.has(item.batchKey)) repeats.push(i);
    else { keys.add(item.batchKey); rows.push(i); }
  }
  // Which rows were issued already, and free status slots for the rest (those already issued leave theirs unused),
  // drawn before anything is stored, so chunks signed while another is being stored never hold the same slot. The two
  // reads travel at once. On PostgreSQL the first chunk's rows are read on their own, alongside the rest: small reads,
  // so signing starts after one short round trip while the page's other rows are still being read.
  const head = chunked ? Math.min(STORE_CHUNK, rows.length) : rows.length;
  const parts = [rows.slice(0, head), rows.slice(head)].filter((part) => part.length > 0);
  const reads = parts.map((part) => Promise.all([
    findCredentialsByBatchKeys(deps.db, orgId, part.map((i) => items[i]!.batchKey)),
    drawSlots(deps, orgId, part.length),
  ]));
  // Awaited in order; a failure must not count as unhandled while an earlier part is signed.
  for (const r of reads) r.catch(() => undefined);
  const existing = new Map<string, CredentialSummary>();
  const replayed = (done: CredentialSummary): BatchOutcome => ({ ok: true, result: { credential: toCredentialView(done, now, deps.config.publicUrl), replayed: true } });
  const toSign: { i: number; slot: Slot }[] = [];
  const later: number[] = [];
  let partsRead = 0;
  const readPart = async (): Promise<void> => {
    const [found, slots] = await reads[partsRead]!;
    const part = parts[partsRead++]!;
    let next = 0;
    for (const i of part) {
      const done = found.get(items[i]!.batchKey);
      if (done) {
        existing.set(items[i]!.batchKey, done);
        out[i] = replayed(done);
      } else if (next < slots.length) toSign.push({ i, slot: slots[next++]! });
      // No slot left: the single path allocates its own.
      else later.push(i);
    }
  };

  const sign = async (chunk: { i: number; slot: Slot }[], overlapping: boolean): Promise<Signed[]> => {
    const signed: Signed[] = [];
    for (const [k, { i, slot }] of chunk.entries()) {
      // Signing only awaits settled promises, which never let I/O callbacks run. Overlapping (PostgreSQL): a turn of the
      // event loop per credential, or the store in flight would get its pooled connection, go out and have its reply
      // read only once the whole chunk is signed. Otherwise (SQLite, whose driver never yields either) a turn every few
      // credentials, so a server running a 100,000-row job keeps answering requests (a few milliseconds apart, not 40
      // seconds).
      if (overlapping || k % YIELD_EVERY === YIELD_EVERY - 1) await new Promise<void>((resume) => setImmediate(resume));
      try {
        const req = checkIssueRequest(items[i]!.raw);
        const issuable = await issuance.achievement(ctx, req.achievementId);
        signed.push({ i, ...(await issuance.signCredential(ctx, issuable, req, slot, { source: 'bulk', batchKey: items[i]!.batchKey, createdBy: opts.actorUserId, now })) });
      } catch (e) {
        if (!isAppError(e)) throw e;
        out[i] = { ok: false, error: e };
      }
    }
    return signed;
  };

  const auth = { ...systemAuth(orgId), ...(opts.actorUserId ? { userId: opts.actorUserId } : {}) };
  /** Stores a signed chunk; after its commit, sends its award emails and records its events, in row order. */
  const store = async (todo: Signed[]): Promise<void> => {
    if (todo.length === 0) return;
    let views: IssueResult['credential'][];
    try {
      const chunkAudit = auditEntry(auth, 'credential.issue_bulk', now, { type: 'credential', id: todo[0]!.record.id }, {
        count: todo.length, credentialIds: todo.map((t) => t.record.id),
      });
      // Results without documents, as those of rows issued before: a page's documents are garbage once stored, so they
      // die young instead of being copied by every scavenge until the page ends (a bulk job marks its rows off by id).
      views = await storeIssued(deps.db, todo, { publicUrl: deps.config.publicUrl, random: deps.random, audit: [chunkAudit], documents: false });
    } catch (e) {
      if (isAppError(e)) throw e;
      // A clash with another writer: fall back to one by one (each with its own retries).
      later.push(...todo.map((t) => t.i));
      return;
    }
    for (const [k, t] of todo.entries()) {
      out[t.i] = { ok: true, result: { credential: views[k]!, replayed: false } };
      if (opts.notify) await issuance.sendAwardEmail(ctx, views[k]!, t.claimToken);
    }
    committed.push(...todo.map((t) => issuedEvent(t.record)));
  };

  const size = chunked ? STORE_CHUNK : Math.max(1, rows.length);
  let storing: Promise<void> = Promise.resolve();
  // The page's 'issued' events, published together once its chunks are stored: listeners then read what they need
  // once per page (on PostgreSQL, two queries per page instead of two per chunk).
  const committed: CredentialEvent[] = [];
  try {
    try {
      for (let start = 0; ; start += size) {
        // The rows of the next chunk: read by now, or awaited.
        while (toSign.length < start + size && partsRead < parts.length) await readPart();
        if (start >= toSign.length) break;
        const todo = await sign(toSign.slice(start, start + size), start > 0);
        // Chunks commit one after another, so emails and events keep row order across chunks.
        await storing;
        storing = store(todo);
        // Awaited before the next store or after the loop; a failure must not count as unhandled while the next chunk is signed.
        storing.catch(() => undefined);
      }
    } catch (e) {
      // Signing failed: the chunk in flight still settles (commits, emails) before the caller sees the error.
      await storing.catch(() => undefined);
      throw e;
    }
    await storing;
  } finally {
    // Whatever was committed is published, even when the batch ends with an error.
    deps.events.emitMany(committed);
  }
  // A repeated row: replayed when the row was issued before this batch; otherwise the single path replays the
  // credential this batch issued for it.
  for (const i of repeats) {
    const done = existing.get(items[i]!.batchKey);
    if (done) out[i] = replayed(done);
    else later.push(i);
  }
  // Backpressure: listeners (pathways, wallet) finish this batch's events before the next batch is issued, so a
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
