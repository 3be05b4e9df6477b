/** The durable job queue as services see it: enqueue work, read a job's progress (tenant-scoped). */
import { randomUUID } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import { findJob, insertJob, listJobs, type Job } from '../db/repositories/jobs.repository.ts';
import type { Db } from '../db/transaction.ts';
import { requirePermission, type Auth } from './auth.ts';
import type { Deps } from './deps.ts';

export type { Job } from '../db/repositories/jobs.repository.ts';

export interface EnqueueInput {
  kind: string;
  payload: unknown;
  organizationId?: string | null;
  createdBy?: string | null;
  /** Expected number of items (progress bar), if known. */
  total?: number;
  /** Run no earlier than this. */
  runAfter?: Date;
}

export class JobsService {
  constructor(private readonly deps: Deps) {}

  /**
   * Queues a job; pass the transaction as `db` so the job exists only if the work that asked for it commits.
   * @example const id = await services.jobs.enqueue({ kind: 'bulk_issue', payload: { batchId }, organizationId }, trx)
   */
  async enqueue(input: EnqueueInput, db: Db = this.deps.db): Promise<string> {
    const id = randomUUID();
    const now = this.deps.clock.now();
    await insertJob(db, {
      id, organizationId: input.organizationId ?? null, kind: input.kind, payload: input.payload, progressTotal: input.total ?? 0,
      runAfter: (input.runAfter ?? now).toISOString(), createdBy: input.createdBy ?? null, createdAt: now.toISOString(),
    });
    return id;
  }

  /** A job of the caller's organization (another organization's job is `job_not_found`). */
  async get(auth: Auth, id: string, action = 'org:read'): Promise<Job> {
    const a = requirePermission(auth, action);
    const job = await findJob(this.deps.db, id, a.organizationId);
    if (!job) throw new AppError('job_not_found');
    return job;
  }

  /** Recent jobs of the caller's organization. */
  list(auth: Auth, opts: { kind?: string; limit?: number } = {}): Promise<Job[]> {
    const a = requirePermission(auth, 'org:read');
    return listJobs(this.deps.db, a.organizationId, { kind: opts.kind, limit: Math.min(opts.limit ?? 20, 200) });
  }

  /** A job by id without tenancy (the runner and system callers). */
  async getSystem(id: string): Promise<Job | undefined> {
    return findJob(this.deps.db, id);
  }
}
