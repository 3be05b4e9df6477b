/**
 * Bulk issuance from a CSV (`email,name,achievement_id[,valid_from]`). The upload is read as a stream and every
 * row is validated first; per-row errors come back at once. Valid rows are stored and issued by a durable
 * background job (`bulk_issue`) that pages through them, so memory does not grow with the file. Each row has a
 * batch key, hash(achievement, email, row content): re-uploading a file issues nothing twice.
 */
import { createHash, randomUUID } from 'node:crypto';
import { AppError, isAppError, type FieldIssue } from '../core/errors.ts';
import { createCsvStream, type CsvRecord } from '../core/issuance/csv-stream.ts';
import { isPlausibleEmail, parseIssueDate } from '../core/issuance/issue-input.ts';
import { countBulkRows, failedBulkRows, finishBulkRows, insertBulkRows, nextPendingBulkRows, type BulkRow } from '../db/repositories/bulk-rows.repository.ts';
import { requirePermission, type Auth } from './auth.ts';
import type { Deps } from './deps.ts';
import type { IssuanceService } from './issuance.service.ts';
import type { Job, JobsService } from './jobs.service.ts';
import type { JobContext } from '../jobs/runner.ts';

export const BULK_JOB_KIND = 'bulk_issue';
/**
 * `page`: rows issued per step of the job. Large enough that a page is several store chunks on PostgreSQL (see
 * issuance-batch.ts), so signing and storing overlap for most of it; small enough that a page's credentials stay a
 * few megabytes.
 */
export const BULK_LIMITS = { rows: 200_000, reportedErrors: 1_000, chunk: 500, page: 500 } as const;
const REQUIRED = ['email', 'name', 'achievement_id'] as const;
const OPTIONAL = ['valid_from'] as const;

export interface BulkRowError { row: number; field: string; message: string }

export interface BulkUploadResult {
  /** The background job issuing the valid rows (`GET /api/v1/jobs/:id`); null when nothing is to be issued or on a dry run. */
  jobId: string | null;
  /** Data rows read. */
  total: number;
  /** Rows that passed validation (queued, or would be on a dry run). */
  accepted: number;
  /** Rows refused, in file order (at most 1,000 listed). */
  errors: BulkRowError[];
  /** How many rows were refused in all. */
  rejected: number;
  dryRun: boolean;
}

export interface BulkJobPayload {
  batchId: string; organizationId: string; createdBy: string | null; notify: boolean;
  /** What the upload refused (shown next to the progress); at most 1,000 rows listed. */
  rejected?: number; errors?: BulkRowError[]; fileName?: string | null;
}

export interface BulkJobResult {
  issued: number; skipped: number; failed: number;
  /** First failures (row number and reason). */
  failures: { row: number; message: string }[];
}

export interface BulkDeps extends Deps {
  issuance: () => IssuanceService;
  jobs: () => JobsService;
}

/** The batch key of a row: the same row content for the same micro-credential and email never issues twice. */
export function batchKeyOf(achievementId: string, email: string, cells: string[]): string {
  return createHash('sha256').update(JSON.stringify([achievementId, email, ...cells.map((c) => c.trim())]), 'utf8').digest('hex');
}

export class BulkIssuanceService {
  /** `pageSize`: rows per job step (BULK_LIMITS.page; tests pass a small one to run several pages). */
  constructor(private readonly deps: BulkDeps, private readonly opts: { pageSize?: number } = {}) {}

  /**
   * Validates an uploaded CSV (text, or chunks from a stream) and queues the valid rows for issuance
   * (needs `credentials:issue`). A bad header or a file with no valid row throws `csv_invalid` with the issues.
   */
  async upload(auth: Auth, source: string | AsyncIterable<string | Uint8Array>, opts: { dryRun?: boolean; notify?: boolean; fileName?: string | null } = {}): Promise<BulkUploadResult> {
    const a = requirePermission(auth, 'credentials:issue');
    const orgId = a.organizationId;
    const batchId = randomUUID();
    const parser = createCsvStream();
    const decoder = new TextDecoder('utf-8', { fatal: false });
    const achievementOk = new Map<string, string | null>(); // id -> error message or null
    const errors: BulkRowError[] = [];
    let rejected = 0, accepted = 0, total = 0;
    let header: string[] | undefined;
    let pending: Omit<BulkRow, 'status' | 'credentialId' | 'error'>[] = [];
    const flush = async () => {
      if (!opts.dryRun && pending.length) await insertBulkRows(this.deps.db, pending);
      pending = [];
    };
    const reject = (row: number, field: string, message: string) => {
      if (errors.length < BULK_LIMITS.reportedErrors) errors.push({ row, field, message });
    };

    const checkAchievement = async (id: string): Promise<string | null> => {
      if (!achievementOk.has(id)) {
        try {
          await this.deps.issuance().prepareAchievement(orgId, id);
          achievementOk.set(id, null);
        } catch (e) {
          if (!isAppError(e)) throw e;
          achievementOk.set(id, e.code === 'achievement_archived' ? `Micro-credential ${id} is archived.` : `No micro-credential ${id} in your organization.`);
        }
      }
      return achievementOk.get(id) ?? null;
    };

    const handle = async (rec: CsvRecord) => {
      if (!header) {
        header = rec.cells.map((h) => h.trim().toLowerCase());
        const issues: FieldIssue[] = [];
        for (const col of REQUIRED) if (!header.includes(col)) issues.push({ field: `column ${col}`, message: `The header has no "${col}" column.` });
        for (const col of header) {
          if (!(REQUIRED as readonly string[]).includes(col) && !(OPTIONAL as readonly string[]).includes(col)) {
            issues.push({ field: `column ${col || '(empty)'}`, message: `Unknown column "${col}": use email,name,achievement_id and optionally valid_from.` });
          }
        }
        if (new Set(header).size !== header.length) issues.push({ field: 'row 1', message: 'A column name appears twice in the header.' });
        if (issues.length) throw new AppError('csv_invalid', `The header row is not valid: ${issues[0]!.message}`, { issues });
        return;
      }
      total++;
      if (total > BULK_LIMITS.rows) throw new AppError('csv_invalid', `The file has more than ${BULK_LIMITS.rows} rows; split it.`, { field: 'file' });
      const row = rec.line;
      const get = (col: string) => (rec.cells[header!.indexOf(col)] ?? '').trim();
      const rowIssues: [string, string][] = [];
      if (rec.cells.length > header.length) rowIssues.push(['row', `The row has ${rec.cells.length} cells but the header has ${header.length}.`]);
      const email = get('email').toLowerCase();
      if (!email) rowIssues.push(['email', 'email is empty.']);
      else if (!isPlausibleEmail(email)) rowIssues.push(['email', `"${get('email').slice(0, 80)}" is not a valid email address.`]);
      const name = get('name');
      if (name.length > 200) rowIssues.push(['name', 'name is longer than 200 characters.']);
      const achievementId = get('achievement_id');
      if (!achievementId) rowIssues.push(['achievement_id', 'achievement_id is empty.']);
      else {
        const problem = await checkAchievement(achievementId);
        if (problem) rowIssues.push(['achievement_id', problem]);
      }
      const validFromRaw = header.includes('valid_from') ? get('valid_from') : '';
      const validFrom = validFromRaw ? parseIssueDate(validFromRaw) : undefined;
      if (validFromRaw && !validFrom) rowIssues.push(['valid_from', `valid_from "${validFromRaw.slice(0, 40)}" is not a date such as 2026-12-04.`]);
      if (rowIssues.length) {
        rejected++;
        for (const [field, message] of rowIssues) reject(row, field, message);
        return;
      }
      accepted++;
      pending.push({
        jobId: batchId, organizationId: orgId, rowNumber: row, email, name: name || null, achievementId,
        validFrom: validFrom ? validFrom.toISOString() : null, batchKey: batchKeyOf(achievementId, email, rec.cells),
      });
      if (pending.length >= BULK_LIMITS.chunk) await flush();
    };

    const chunks: AsyncIterable<string | Uint8Array> = typeof source === 'string' ? (async function* () { yield source; })() : source;
    for await (const chunk of chunks) {
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      for (const rec of parser.push(text)) await handle(rec);
    }
    for (const rec of parser.push(decoder.decode())) await handle(rec);
    for (const rec of parser.end()) await handle(rec);
    await flush();

    if (!header) throw new AppError('csv_invalid', 'The CSV file is empty: it needs the header email,name,achievement_id and at least one row.', { field: 'file' });
    if (total === 0) throw new AppError('csv_invalid', 'The CSV file has a header but no rows.', { field: 'file' });
    if (accepted === 0) {
      throw new AppError('csv_invalid', `None of the ${total} rows can be issued; nothing was queued.`, {
        issues: errors.map((e) => ({ field: `row ${e.row}: ${e.field}`, message: e.message })),
      });
    }
    let jobId: string | null = null;
    if (!opts.dryRun) {
      const payload: BulkJobPayload = {
        batchId, organizationId: orgId, createdBy: a.userId ?? null, notify: opts.notify !== false, rejected, errors, fileName: opts.fileName ?? null,
      };
      jobId = await this.deps.jobs().enqueue({ kind: BULK_JOB_KIND, payload, organizationId: orgId, createdBy: a.userId ?? null, total: accepted });
    }
    return { jobId, total, accepted, rejected, errors, dryRun: !!opts.dryRun };
  }

  /** A bulk job of the caller's organization with what its upload refused (needs `credentials:read`). */
  async job(auth: Auth, jobId: string): Promise<{ job: Job; payload: BulkJobPayload }> {
    const job = await this.deps.jobs().get(auth, jobId, 'credentials:read');
    if (job.kind !== BULK_JOB_KIND) throw new AppError('job_not_found');
    return { job, payload: job.payload as BulkJobPayload };
  }

  /** The `bulk_issue` job: issues the pending rows of a batch page by page; safe to re-run after a crash. */
  async runJob(payload: BulkJobPayload, ctx: JobContext): Promise<BulkJobResult> {
    const issuance = this.deps.issuance();
    const context = await issuance.prepare(payload.organizationId);
    const counts = await countBulkRows(this.deps.db, payload.batchId);
    const total = counts.pending + counts.issued + counts.skipped + counts.failed;
    let done = total - counts.pending;
    let after = 0;
    const pageSize = this.opts.pageSize ?? BULK_LIMITS.page;
    // Pipelined: the next page is read while this one is issued, and a page's rows are marked (and progress reported)
    // while the next page is issued; marks still land in page order.
    let pageRead = nextPendingBulkRows(this.deps.db, payload.batchId, after, pageSize);
    let marking: Promise<void> = Promise.resolve();
    try {
      for (;;) {
        if (ctx.signal.aborted) throw new Error('The job runner is stopping; the batch resumes where it stopped.');
        const page = await pageRead;
        if (page.length === 0) break;
        after = page[page.length - 1]!.rowNumber;
        pageRead = nextPendingBulkRows(this.deps.db, payload.batchId, after, pageSize);
        // Awaited next time round; a failure must not count as unhandled while this page is issued.
        pageRead.catch(() => undefined);
        const outcomes = await issuance.issueBatch(context, page.map((row) => ({
          batchKey: row.batchKey,
          raw: { achievementId: row.achievementId, recipient: { email: row.email, name: row.name }, ...(row.validFrom ? { validFrom: row.validFrom } : {}) },
        })), { notify: payload.notify, actorUserId: payload.createdBy });
        await marking;
        // After the credentials' commit: a crash in between leaves the rows pending, and the re-run finds their batch
        // keys issued and marks them skipped, issuing nothing twice.
        marking = (async () => {
          await finishBulkRows(this.deps.db, payload.batchId, outcomes.map((o, i) => (o.ok
            ? { rowNumber: page[i]!.rowNumber, status: o.result.replayed ? 'skipped' : 'issued', credentialId: o.result.credential.id }
            : { rowNumber: page[i]!.rowNumber, status: 'failed', error: o.error.message })));
          done += page.length;
          await ctx.progress(done, total);
        })();
        marking.catch(() => undefined);
      }
    } finally {
      // Whatever page was issued is marked before the job ends, stops or fails.
      await marking;
    }
    const final = await countBulkRows(this.deps.db, payload.batchId);
    const failures = (await failedBulkRows(this.deps.db, payload.batchId, 100)).map((r) => ({ row: r.rowNumber, message: r.error ?? 'failed' }));
    return { issued: final.issued, skipped: final.skipped, failed: final.failed, failures };
  }
}
