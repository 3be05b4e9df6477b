/**
 * The bulk-issuance job over every dialect, with pages smaller than the file: every row is issued exactly once,
 * each credential on its own status slot (pages and, on PostgreSQL, store chunks are signed while the previous one
 * is being stored), every row is marked, and a re-run after a crash between a page's commit and its bookkeeping
 * issues nothing twice. Status slots of a batch are drawn a hundred at a time before anything is stored: a refused
 * draw is retried smaller, and a slot two draws both returned is replaced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import { drawSlots, issueBatch } from '../../src/services/issuance-batch.ts';
import type { IssuanceDeps } from '../../src/services/issuance.service.ts';
import type { StatusListService } from '../../src/services/status-list.service.ts';
import { BulkIssuanceService, type BulkJobPayload } from '../../src/services/bulk-issuance.service.ts';
import { systemAuth } from '../../src/services/auth.ts';
import type { JobContext } from '../../src/jobs/runner.ts';
import { DIALECTS } from '../helpers/db.ts';
import { createIssuerOrg, createMicroCredential, issuanceHarness, type IssuanceHarness } from '../helpers/issuance.ts';

const ROWS = 250;
const PAGE = 120;

describe.each(DIALECTS)('bulk issuance job on %s', (dialect) => {
  let h: IssuanceHarness;
  beforeAll(async () => { h = await issuanceHarness(dialect); });
  afterAll(async () => h.close());

  it('issues every row of a several-page job exactly once, on distinct status slots, and a re-run issues nothing twice', async () => {
    const { orgId } = await createIssuerOrg(h.services);
    const achievementId = await createMicroCredential(h.services, systemAuth(orgId));
    const bulk = new BulkIssuanceService({ ...h.services.deps, issuance: () => h.services.issuance, jobs: () => h.services.jobs }, { pageSize: PAGE });
    const lines = Array.from({ length: ROWS }, (_, i) => `learner${i}@example.com,Learner ${i},${achievementId}`);
    // The last row repeats the first: same batch key, so it is skipped rather than issued a second time.
    const upload = await bulk.upload(systemAuth(orgId), ['email,name,achievement_id', ...lines, lines[0]].join('\n'), { notify: false });
    expect(upload.accepted).toBe(ROWS + 1);
    const job = (await h.services.jobs.getSystem(upload.jobId!))!;
    const progress: [number, number | undefined][] = [];
    const ctx: JobContext = { job, signal: new AbortController().signal, progress: async (done, total) => { progress.push([done, total]); } };

    const result = await bulk.runJob(job.payload as BulkJobPayload, ctx);
    expect(result).toEqual({ issued: ROWS, skipped: 1, failed: 0, failures: [] });
    expect(progress).toEqual([[PAGE, ROWS + 1], [2 * PAGE, ROWS + 1], [ROWS + 1, ROWS + 1]]);

    const db = h.services.deps.db;
    const credentials = await db.selectFrom('credentials').select(['id', 'batch_key', 'status_list_id', 'status_index'])
      .where('organization_id', '=', orgId).execute();
    expect(credentials).toHaveLength(ROWS);
    expect(new Set(credentials.map((c) => c.batch_key)).size).toBe(ROWS);
    expect(new Set(credentials.map((c) => `${c.status_list_id}/${c.status_index}`)).size).toBe(ROWS);

    const batchId = (job.payload as BulkJobPayload).batchId;
    const rowsOf = () => db.selectFrom('bulk_issuance_rows').select(['row_number', 'status', 'credential_id'])
      .where('job_id', '=', batchId).orderBy('row_number').execute();
    const rows = await rowsOf();
    expect(rows.map((r) => r.status)).toEqual([...Array<string>(ROWS).fill('issued'), 'skipped']);
    expect(new Set(rows.slice(0, ROWS).map((r) => r.credential_id))).toEqual(new Set(credentials.map((c) => c.id)));
    expect(rows[ROWS]!.credential_id).toBe(rows[0]!.credential_id);

    // A crash after the second page's credentials committed, before its rows were marked: they are pending again.
    const secondPage = rows.slice(PAGE, 2 * PAGE).map((r) => Number(r.row_number));
    await db.updateTable('bulk_issuance_rows').set({ status: 'pending', credential_id: null })
      .where('job_id', '=', batchId).where('row_number', 'in', secondPage).execute();
    const rerun = await bulk.runJob(job.payload as BulkJobPayload, ctx);
    expect(rerun).toEqual({ issued: ROWS - PAGE, skipped: PAGE + 1, failed: 0, failures: [] });
    const after = await rowsOf();
    expect(after.slice(PAGE, 2 * PAGE).map((r) => [r.status, r.credential_id])).toEqual(rows.slice(PAGE, 2 * PAGE).map((r) => ['skipped', r.credential_id]));
    expect(await db.selectFrom('credentials').select('id').where('organization_id', '=', orgId).execute()).toHaveLength(ROWS);
  });

  it('lets the event loop run while a job signs (a server keeps answering requests during a bulk job)', async () => {
    const { orgId } = await createIssuerOrg(h.services);
    const achievementId = await createMicroCredential(h.services, systemAuth(orgId));
    const bulk = new BulkIssuanceService({ ...h.services.deps, issuance: () => h.services.issuance, jobs: () => h.services.jobs }, { pageSize: 200 });
    const lines = Array.from({ length: 200 }, (_, i) => `loop${i}@example.com,Loop ${i},${achievementId}`);
    const upload = await bulk.upload(systemAuth(orgId), ['email,name,achievement_id', ...lines].join('\n'), { notify: false });
    const job = (await h.services.jobs.getSystem(upload.jobId!))!;
    let finished = false;
    const ticks: boolean[] = [];
    // A timer stands for an incoming request: it must get its turn before the job ends, not after.
    const timer = setInterval(() => ticks.push(finished), 0);
    try {
      const result = await bulk.runJob(job.payload as BulkJobPayload, { job, signal: new AbortController().signal, progress: async () => undefined });
      finished = true;
      expect(result.issued).toBe(200);
    } finally {
      clearInterval(timer);
    }
    expect(ticks.filter((doneThen) => !doneThen).length).toBeGreaterThan(1);
  });

  /** The real status lists, with every draw's size recorded and `most` draws in flight at once. */
  function recordingLists(onDraw?: (asked: number[], got: { listId: string; index: number }[]) => void) {
    const real = h.services.statusLists;
    const asked: number[] = [];
    const seen = { asked, most: 0, inFlight: 0 };
    const statusLists = Object.create(real) as StatusListService;
    statusLists.allocateMany = async (org: string, count: number) => {
      asked.push(count);
      seen.most = Math.max(seen.most, ++seen.inFlight);
      try {
        const got = await real.allocateMany(org, count);
        onDraw?.(asked, got);
        return got;
      } finally {
        seen.inFlight--;
      }
    };
    const deps = { ...h.services.deps, statusLists, events: h.services.credentialEvents } as unknown as IssuanceDeps;
    return { deps, seen };
  }

  it('draws a batch\'s status slots a hundred at a time: halves a draw the lists refuse, and replaces a slot two draws both returned', async () => {
    const { orgId } = await createIssuerOrg(h.services);
    let repeat: { listId: string; index: number } | undefined;
    // The second successful draw repeats a slot of the first (both were free in the stored credentials).
    const { deps, seen } = recordingLists((asked, got) => {
      if (asked.length === 3) got[0] = repeat!;
      repeat ??= got[0];
    });
    const real = deps.statusLists.allocateMany.bind(deps.statusLists);
    // Refuses draws above 40.
    deps.statusLists.allocateMany = async (org: string, count: number) => {
      if (count > 40) { seen.asked.push(count); throw new AppError('status_list_full'); }
      return real(org, count);
    };
    const slots = await drawSlots(deps, orgId, 60);
    // 60 refused, 30 + 30 drawn (one of the second 30 a repeat), then 1 more.
    expect(seen.asked).toEqual([60, 30, 30, 1]);
    expect(new Set(slots.map((c) => `${c.listId}/${c.index}`)).size).toBe(60);
  });

  it('draws a large batch\'s slots in draws of a hundred that all travel at once', async () => {
    const { orgId } = await createIssuerOrg(h.services);
    const { deps, seen } = recordingLists();
    const slots = await drawSlots(deps, orgId, 250);
    expect(seen.asked).toEqual([100, 100, 50]);
    expect(seen.most).toBe(3);
    expect(new Set(slots.map((c) => `${c.listId}/${c.index}`)).size).toBe(250);
  });

  it('reads a page\'s first chunk on its own on PostgreSQL, alongside the rest, and issues every row once', async () => {
    const { orgId } = await createIssuerOrg(h.services);
    const achievementId = await createMicroCredential(h.services, systemAuth(orgId));
    const { deps, seen } = recordingLists();
    const ctx = await h.services.issuance.prepare(orgId);
    const itemsOf = (n: number) => Array.from({ length: n }, (_, i) => ({ raw: { achievementId, recipient: { email: `q${i}@example.com` } }, batchKey: `q${i}` }));
    // 30 rows issued first: a page of 250 then finds rows already issued in its first chunk and in the rest.
    expect((await issueBatch(h.services.issuance, deps, ctx, itemsOf(30), { notify: false, actorUserId: null })).every((o) => o.ok)).toBe(true);
    seen.asked.length = 0;
    const items = [...itemsOf(250), itemsOf(1)[0]!];
    const out = await issueBatch(h.services.issuance, deps, ctx, items, { notify: false, actorUserId: null });
    expect(seen.asked).toEqual(dialect === 'postgres' ? [25, 100, 100, 25] : [100, 100, 50]);
    expect(out.map((o) => o.ok && o.result.replayed)).toEqual([...Array.from({ length: 30 }, () => true), ...Array.from({ length: 220 }, () => false), true]);
    const stored = await h.services.deps.db.selectFrom('credentials').select(['batch_key', 'status_list_id', 'status_index']).where('organization_id', '=', orgId).execute();
    expect(stored).toHaveLength(250);
    expect(new Set(stored.map((c) => `${c.status_list_id}/${c.status_index}`)).size).toBe(250);
  });
});
