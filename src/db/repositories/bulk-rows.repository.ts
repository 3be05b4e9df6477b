/** Validated rows of a bulk-issuance upload, paged through by the background job. */
import { sql } from 'kysely';
import type { Db } from '../transaction.ts';
import type { BulkIssuanceRowsTable } from '../tables/issuance.ts';

export type BulkRowStatus = 'pending' | 'issued' | 'skipped' | 'failed';

export interface BulkRow {
  jobId: string;
  organizationId: string;
  rowNumber: number;
  email: string;
  name: string | null;
  achievementId: string;
  validFrom: string | null;
  batchKey: string;
  status: BulkRowStatus;
  credentialId: string | null;
  error: string | null;
}

function toBulkRow(r: BulkIssuanceRowsTable): BulkRow {
  return {
    jobId: r.job_id, organizationId: r.organization_id, rowNumber: Number(r.row_number), email: r.email, name: r.name,
    achievementId: r.achievement_id, validFrom: r.valid_from, batchKey: r.batch_key, status: r.status as BulkRowStatus,
    credentialId: r.credential_id, error: r.error,
  };
}

/** Inserts a chunk of pending rows (callers keep chunks to a few hundred rows). */
export async function insertBulkRows(db: Db, rows: Omit<BulkRow, 'status' | 'credentialId' | 'error'>[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('bulk_issuance_rows').values(rows.map((r) => ({
    job_id: r.jobId, organization_id: r.organizationId, row_number: r.rowNumber, email: r.email, name: r.name,
    achievement_id: r.achievementId, valid_from: r.validFrom, batch_key: r.batchKey, status: 'pending',
    credential_id: null, error: null,
  }))).execute();
}

/** The next pending rows of a job after a row number, in file order. */
export async function nextPendingBulkRows(db: Db, jobId: string, afterRow: number, limit: number): Promise<BulkRow[]> {
  const rows = await db.selectFrom('bulk_issuance_rows').selectAll()
    .where('job_id', '=', jobId).where('row_number', '>', afterRow).where('status', '=', 'pending')
    .orderBy('row_number').limit(limit).execute();
  return rows.map(toBulkRow);
}

/** What became of one row. */
export interface BulkRowOutcome { rowNumber: number; status: Exclude<BulkRowStatus, 'pending'>; credentialId?: string | null; error?: string | null }

/**
 * Records the outcomes of many rows of a job in one statement (one round trip for a page on PostgreSQL instead of
 * one per row). `WITH … UPDATE … FROM` reads the same in both engines (SQLite 3.33+); the cast types the row
 * numbers for PostgreSQL, where bare parameters in VALUES are text.
 */
export async function finishBulkRows(db: Db, jobId: string, outcomes: BulkRowOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const values = sql.join(outcomes.map((o) => sql`(cast(${o.rowNumber} as integer), ${o.status}, ${o.credentialId ?? null}, ${o.error ?? null})`));
  await sql`with v(row_number, status, credential_id, error) as (values ${values})
    update bulk_issuance_rows set status = v.status, credential_id = v.credential_id, error = v.error
    from v where bulk_issuance_rows.job_id = ${jobId} and bulk_issuance_rows.row_number = v.row_number`.execute(db);
}

/** Row counts of a job by status. */
export async function countBulkRows(db: Db, jobId: string): Promise<Record<BulkRowStatus, number>> {
  const rows = await db.selectFrom('bulk_issuance_rows').select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('job_id', '=', jobId).groupBy('status').execute();
  const out: Record<BulkRowStatus, number> = { pending: 0, issued: 0, skipped: 0, failed: 0 };
  for (const r of rows) out[r.status as BulkRowStatus] = Number(r.n);
  return out;
}

/** Rows of a job that failed, in file order (at most `limit`). */
export async function failedBulkRows(db: Db, jobId: string, limit: number): Promise<BulkRow[]> {
  const rows = await db.selectFrom('bulk_issuance_rows').selectAll()
    .where('job_id', '=', jobId).where('status', '=', 'failed').orderBy('row_number').limit(limit).execute();
  return rows.map(toBulkRow);
}
