/**
 * The job runner: claims due jobs from the `jobs` table (safe with several instances: PostgreSQL uses
 * FOR UPDATE SKIP LOCKED), runs the handler registered for the job's kind, records progress, retries
 * failures with backoff, and re-queues jobs whose instance died. `server.ts` starts the polling loop;
 * tests call `runUntilIdle()`.
 */
import { randomUUID } from 'node:crypto';
import {
  claimNextJob, completeJob, countPendingJobs, failJob, requeueJob, requeueStaleJobs, updateJobProgress, type Job,
} from '../db/repositories/jobs.repository.ts';
import type { Deps } from '../services/deps.ts';

export interface JobContext {
  job: Job;
  /** Records progress (`done` of `total` items); cheap enough to call every few items. */
  progress(done: number, total?: number): Promise<void>;
  /** Aborted when the runner is stopping; long handlers should stop at the next safe point. */
  signal: AbortSignal;
}

export type JobHandler = (payload: any, ctx: JobContext) => Promise<unknown>;

export interface HandlerOptions {
  /** Attempts before the job is marked failed (default 3). */
  maxAttempts?: number;
}

export interface RunnerOptions {
  pollIntervalMs?: number;
  /** A running job not updated for this long is considered abandoned and re-queued (default 10 minutes). */
  staleAfterMs?: number;
  /** Backoff before retry n (1-based), in ms (default 2^n seconds). */
  backoffMs?: (attempt: number) => number;
}

export class JobRunner {
  readonly workerId = `worker-${randomUUID().slice(0, 8)}`;
  private readonly handlers = new Map<string, { run: JobHandler; maxAttempts: number }>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private abort = new AbortController();
  private readonly opts: Required<RunnerOptions>;

  constructor(private readonly deps: Pick<Deps, 'db' | 'dialect' | 'clock' | 'logger'>, opts: RunnerOptions = {}) {
    this.opts = {
      pollIntervalMs: opts.pollIntervalMs ?? 1000,
      staleAfterMs: opts.staleAfterMs ?? 10 * 60_000,
      backoffMs: opts.backoffMs ?? ((n) => 1000 * 2 ** n),
    };
  }

  /** Registers the handler of a job kind. */
  register(kind: string, handler: JobHandler, options: HandlerOptions = {}): this {
    if (this.handlers.has(kind)) throw new Error(`A handler for job kind "${kind}" is already registered.`);
    this.handlers.set(kind, { run: handler, maxAttempts: options.maxAttempts ?? 3 });
    return this;
  }

  /** Claims and runs one due job; returns false when none was due. */
  async runOnce(): Promise<boolean> {
    const now = this.deps.clock.now();
    const job = await claimNextJob(this.deps.db, this.deps.dialect, [...this.handlers.keys()], this.workerId, now.toISOString());
    if (!job) return false;
    const handler = this.handlers.get(job.kind)!;
    const log = this.deps.logger.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
    const ctx: JobContext = {
      job,
      signal: this.abort.signal,
      progress: (done, total) => updateJobProgress(this.deps.db, job.id, done, total, this.deps.clock.now().toISOString()),
    };
    try {
      const result = await handler.run(job.payload, ctx);
      await completeJob(this.deps.db, job.id, result, this.deps.clock.now().toISOString());
      log.info('job done');
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const at = this.deps.clock.now();
      if (job.attempts >= handler.maxAttempts) {
        await failJob(this.deps.db, job.id, message, at.toISOString());
        log.error({ err: e }, 'job failed');
      } else {
        await requeueJob(this.deps.db, job.id, message, new Date(at.getTime() + this.opts.backoffMs(job.attempts)).toISOString(), at.toISOString());
        log.warn({ err: e }, 'job attempt failed; will retry');
      }
    }
    return true;
  }

  /** Runs due jobs until none is left (tests, CLI); retries scheduled in the future are not waited for. */
  async runUntilIdle(opts: { maxJobs?: number } = {}): Promise<number> {
    let n = 0;
    const max = opts.maxJobs ?? 10_000;
    while (n < max && (await this.runOnce())) n++;
    return n;
  }

  /** Starts the polling loop (no-op if started). */
  start(): void {
    if (this.timer || this.running) return;
    this.abort = new AbortController();
    const tick = async () => {
      try {
        const staleBefore = new Date(this.deps.clock.now().getTime() - this.opts.staleAfterMs).toISOString();
        await requeueStaleJobs(this.deps.db, staleBefore, this.deps.clock.now().toISOString());
        while (!this.abort.signal.aborted && (await this.runOnce()));
      } catch (e) {
        this.deps.logger.error({ err: e }, 'job runner tick failed');
      }
    };
    const loop = () => {
      this.running = tick().finally(() => {
        this.running = undefined;
        if (!this.abort.signal.aborted) this.timer = setTimeout(loop, this.opts.pollIntervalMs);
      });
    };
    this.timer = setTimeout(loop, 0);
  }

  /** Stops polling and waits for the job in progress to finish. */
  async stop(): Promise<void> {
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Number of due or running jobs (any kind). */
  pending(): Promise<number> {
    return countPendingJobs(this.deps.db, this.deps.clock.now().toISOString());
  }
}
