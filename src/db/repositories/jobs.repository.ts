/**
 * Durable jobs. Pickup is atomic: on PostgreSQL `FOR UPDATE SKIP LOCKED` lets several app instances
 * claim different jobs at once; on SQLite (one writer) a conditional update inside a transaction does.
 */
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Db } from '../transaction.ts';
import type { JobsTable } from '../tables/platform.ts';
import { fromJson, toJson } from '../util.ts';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface Job {
  id: string;
  organizationId: string | null;
  kind: string;
  payload: unknown;
  status: JobStatus;
  progressDone: number;
  progressTotal: number;
  result: unknown;
  error: string | null;
  attempts: number;
  runAfter: string;
  lockedBy: string | null;
  lockedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

const toJob = (r: Selectable<JobsTable>): Job => ({
  id: r.id, organizationId: r.organization_id, kind: r.kind, payload: fromJson(r.payload_json, null), status: r.status as JobStatus,
  progressDone: Number(r.progress_done), progressTotal: Number(r.progress_total), result: fromJson(r.result_json, null),
  error: r.error, attempts: Number(r.attempts), runAfter: r.run_after, lockedBy: r.locked_by, lockedAt: r.locked_at,
  createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
});

export interface NewJob {
  id: string; organizationId: string | null; kind: string; payload: unknown; progressTotal: number;
  runAfter: string; createdBy: string | null; createdAt: string;
}

/** Inserts a queued job. */
export async function insertJob(db: Db, j: NewJob): Promise<void> {
  await db.insertInto('jobs').values({
    id: j.id, organization_id: j.organizationId, kind: j.kind, payload_json: toJson(j.payload ?? null), status: 'queued',
    progress_done: 0, progress_total: j.progressTotal, result_json: null, error: null, attempts: 0, run_after: j.runAfter,
    locked_by: null, locked_at: null, created_by: j.createdBy, created_at: j.createdAt, updated_at: j.createdAt,
  }).execute();
}

/** Finds a job; with an organization id, only that organization's job. */
export async function findJob(db: Db, id: string, organizationId?: string): Promise<Job | undefined> {
  let q = db.selectFrom('jobs').selectAll().where('id', '=', id);
  if (organizationId !== undefined) q = q.where('organization_id', '=', organizationId);
  const r = await q.executeTakeFirst();
  return r ? toJob(r) : undefined;
}

/** Lists an organization's jobs, newest first. */
export async function listJobs(db: Db, organizationId: string, opts: { kind?: string; limit: number }): Promise<Job[]> {
  let q = db.selectFrom('jobs').selectAll().where('organization_id', '=', organizationId);
  if (opts.kind) q = q.where('kind', '=', opts.kind);
  const rows = await q.orderBy('created_at', 'desc').limit(opts.limit).execute();
  return rows.map(toJob);
}

/**
 * Claims the next due job of the given kinds for `workerId`: status → running, attempts + 1.
 * Returns undefined when nothing is due.
 */
export async function claimNextJob(db: Db, dialect: 'sqlite' | 'postgres', kinds: string[], workerId: string, now: string): Promise<Job | undefined> {
  if (kinds.length === 0) return undefined;
  if (dialect === 'postgres') {
    const r = await sql<Selectable<JobsTable>>`
      UPDATE jobs SET status = 'running', locked_by = ${workerId}, locked_at = ${now}, updated_at = ${now}, attempts = attempts + 1
      WHERE id = (
        SELECT id FROM jobs WHERE status = 'queued' AND run_after <= ${now} AND kind IN (${sql.join(kinds)})
        ORDER BY run_after, created_at LIMIT 1 FOR UPDATE SKIP LOCKED
      ) RETURNING *`.execute(db);
    return r.rows[0] ? toJob(r.rows[0]) : undefined;
  }
  return db.transaction().execute(async (trx) => {
    const next = await trx.selectFrom('jobs').select('id').where('status', '=', 'queued').where('run_after', '<=', now)
      .where('kind', 'in', kinds).orderBy('run_after').orderBy('created_at').limit(1).executeTakeFirst();
    if (!next) return undefined;
    const u = await trx.updateTable('jobs')
      .set((eb) => ({ status: 'running', locked_by: workerId, locked_at: now, updated_at: now, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', next.id).where('status', '=', 'queued').executeTakeFirst();
    if (Number(u.numUpdatedRows) === 0) return undefined;
    const row = await trx.selectFrom('jobs').selectAll().where('id', '=', next.id).executeTakeFirstOrThrow();
    return toJob(row);
  });
}

/** Records progress of a running job. */
export async function updateJobProgress(db: Db, id: string, done: number, total: number | undefined, now: string): Promise<void> {
  await db.updateTable('jobs').set({ progress_done: done, ...(total !== undefined ? { progress_total: total } : {}), updated_at: now })
    .where('id', '=', id).execute();
}

/** Marks a job done with its result. */
export async function completeJob(db: Db, id: string, result: unknown, now: string): Promise<void> {
  await db.updateTable('jobs').set({ status: 'done', result_json: toJson(result ?? null), error: null, locked_by: null, locked_at: null, updated_at: now })
    .where('id', '=', id).execute();
}

/** Puts a failed attempt back in the queue to run after `runAfter`. */
export async function requeueJob(db: Db, id: string, error: string, runAfter: string, now: string): Promise<void> {
  await db.updateTable('jobs').set({ status: 'queued', error, run_after: runAfter, locked_by: null, locked_at: null, updated_at: now })
    .where('id', '=', id).execute();
}

/** Marks a job failed for good. */
export async function failJob(db: Db, id: string, error: string, now: string): Promise<void> {
  await db.updateTable('jobs').set({ status: 'failed', error, locked_by: null, locked_at: null, updated_at: now }).where('id', '=', id).execute();
}

/** Re-queues running jobs whose worker stopped heart-beating before `staleBefore` (crashed instance). */
export async function requeueStaleJobs(db: Db, staleBefore: string, now: string): Promise<number> {
  const r = await db.updateTable('jobs').set({ status: 'queued', locked_by: null, locked_at: null, updated_at: now })
    .where('status', '=', 'running').where('locked_at', '<', staleBefore).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Counts jobs that are queued and due, or running (for "until idle" loops). */
export async function countPendingJobs(db: Db, now: string): Promise<number> {
  const r = await db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb.and([eb('status', '=', 'queued'), eb('run_after', '<=', now)]), eb('status', '=', 'running')]))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
