import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { JobRunner } from '../../src/jobs/runner.ts';
import { JobsService } from '../../src/services/jobs.service.ts';
import type { Deps } from '../../src/services/deps.ts';
import { fixedClock } from '../helpers/app.ts';
import { DIALECTS, freshDatabase } from '../helpers/db.ts';

describe.each(DIALECTS)('job runner on %s', (dialect) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  async function setup() {
    const h = await freshDatabase(dialect);
    close = h.close;
    const clock = fixedClock();
    const deps = { db: h.db, dialect: h.dialect, clock, logger: pino({ level: 'silent' }) } as unknown as Deps;
    return { h, clock, deps, jobs: new JobsService(deps) };
  }

  it('runs a job, records progress and the result', async () => {
    const { deps, jobs } = await setup();
    const runner = new JobRunner(deps);
    const seen: number[] = [];
    runner.register('count', async (payload: { n: number }, ctx) => {
      for (let i = 1; i <= payload.n; i++) {
        await ctx.progress(i, payload.n);
        seen.push(i);
      }
      return { counted: payload.n };
    });
    const id = await jobs.enqueue({ kind: 'count', payload: { n: 3 }, total: 3 });
    expect(await runner.runUntilIdle()).toBe(1);
    const job = (await jobs.getSystem(id))!;
    expect(job).toMatchObject({ status: 'done', progressDone: 3, progressTotal: 3, result: { counted: 3 }, attempts: 1, error: null });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('retries with backoff, then fails for good after maxAttempts', async () => {
    const { deps, jobs, clock } = await setup();
    const runner = new JobRunner(deps, { backoffMs: () => 60_000 });
    let calls = 0;
    runner.register('flaky', async () => {
      calls++;
      throw new Error(`attempt ${calls} failed`);
    }, { maxAttempts: 2 });
    const id = await jobs.enqueue({ kind: 'flaky', payload: {} });
    expect(await runner.runUntilIdle()).toBe(1);
    let job = (await jobs.getSystem(id))!;
    expect(job).toMatchObject({ status: 'queued', attempts: 1, error: 'attempt 1 failed' });
    // Not due yet: nothing runs until the backoff has passed.
    expect(await runner.runUntilIdle()).toBe(0);
    clock.advance(60_000);
    expect(await runner.runUntilIdle()).toBe(1);
    job = (await jobs.getSystem(id))!;
    expect(job).toMatchObject({ status: 'failed', attempts: 2, error: 'attempt 2 failed' });
    expect(calls).toBe(2);
  });

  it('succeeds on a retry', async () => {
    const { deps, jobs } = await setup();
    const runner = new JobRunner(deps, { backoffMs: () => 0 });
    let calls = 0;
    runner.register('second-time-lucky', async () => {
      if (++calls === 1) throw new Error('transient');
      return 'ok';
    });
    const id = await jobs.enqueue({ kind: 'second-time-lucky', payload: null });
    await runner.runUntilIdle();
    expect(await jobs.getSystem(id)).toMatchObject({ status: 'done', attempts: 2, result: 'ok' });
  });

  it('two runners on one database never run the same job twice', async () => {
    const { deps, jobs } = await setup();
    const ran: string[] = [];
    const handler = async (p: { i: number }) => {
      ran.push(String(p.i));
      await new Promise((r) => setTimeout(r, 2));
    };
    const a = new JobRunner(deps).register('work', handler);
    const b = new JobRunner(deps).register('work', handler);
    for (let i = 0; i < 30; i++) await jobs.enqueue({ kind: 'work', payload: { i } });
    const [na, nb] = await Promise.all([a.runUntilIdle(), b.runUntilIdle()]);
    expect(na + nb).toBe(30);
    expect(new Set(ran).size).toBe(30);
    expect(ran).toHaveLength(30);
  });

  it('re-queues a job abandoned by a crashed instance', async () => {
    const { deps, jobs, clock } = await setup();
    const id = await jobs.enqueue({ kind: 'slow', payload: {} });
    await deps.db.updateTable('jobs').set({ status: 'running', locked_by: 'dead-worker', locked_at: clock.now().toISOString() }).where('id', '=', id).execute();
    clock.advance(11 * 60_000);
    const runner = new JobRunner(deps, { pollIntervalMs: 10 });
    runner.register('slow', async () => 'recovered');
    runner.start();
    for (let i = 0; i < 200 && (await jobs.getSystem(id))!.status !== 'done'; i++) await new Promise((r) => setTimeout(r, 10));
    await runner.stop();
    expect(await jobs.getSystem(id)).toMatchObject({ status: 'done', result: 'recovered' });
  });

  it('jobs are read only by their own organization', async () => {
    const { jobs } = await setup();
    const id = await jobs.enqueue({ kind: 'x', payload: {}, organizationId: 'org-a' });
    await expect(jobs.get({ organizationId: 'org-b', role: 'owner', userId: 'u', scopes: [] }, id)).rejects.toMatchObject({ code: 'job_not_found' });
    await expect(jobs.get({ organizationId: 'org-a', role: 'owner', userId: 'u', scopes: [] }, id)).resolves.toMatchObject({ id });
  });
});
