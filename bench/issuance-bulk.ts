/**
 * One bulk-issuance run in its own process (so peak RSS belongs to this run alone):
 * `node --import tsx bench/issuance-bulk.ts <rows> [postgres://…]` prints one JSON line {rows, dialect, seconds, issued, perSecond,
 * startRssMb, peakRssMb, liveHeap*Mb (with --expose-gc)}: over a fresh SQLite file, or over a fresh schema of the PostgreSQL server given as second argument.
 * The CSV is generated as a stream and the job pages through the stored rows, so memory should not grow with <rows>.
 */
/** Marks this file as a child-process script for bench/run.ts (it is started by issuance.ts, not on its own). */
export const CHILD_SCRIPT = true;

import { registerJobHandlers } from '../src/jobs/index.ts';
import { JobRunner } from '../src/jobs/runner.ts';
import { systemAuth } from '../src/services/auth.ts';
import type { BulkJobResult } from '../src/services/bulk-issuance.service.ts';
import { benchServices } from './issuance-setup.ts';

const rows = Number(process.argv[2] ?? 1000);
const pgUrl = process.argv[3];
const dialect = pgUrl ? 'postgres' : 'sqlite';
const env = await benchServices(dialect, pgUrl);
const startRss = process.memoryUsage.rss();
let peak = startRss;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 50);
// With --expose-gc: the live JS heap (after a full GC) every 2 s while the job runs; flat means nothing is kept per row.
const gc = (globalThis as { gc?: () => void }).gc;
const liveHeapMb: number[] = [];
const heapSampler = gc ? setInterval(() => { gc(); liveHeapMb.push(process.memoryUsage().heapUsed / 2 ** 20); }, 2000) : undefined;

async function* csv(): AsyncIterable<string> {
  yield 'email,name,achievement_id\n';
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `learner${i}@example.com,Learner ${i},${env.achievementId}\n`;
    if (chunk.length > 64 * 1024) { yield chunk; chunk = ''; }
  }
  if (chunk) yield chunk;
}

const t0 = performance.now();
const upload = await env.services.bulkIssuance.upload(systemAuth(env.orgId), csv(), { notify: false });
const runner = registerJobHandlers(new JobRunner(env.services.deps), env.services);
await runner.runUntilIdle();
const seconds = (performance.now() - t0) / 1000;
clearInterval(sampler);
if (heapSampler) clearInterval(heapSampler);
peak = Math.max(peak, process.memoryUsage.rss());
const job = await env.services.jobs.getSystem(upload.jobId!);
const result = job?.result as BulkJobResult;
process.stdout.write(JSON.stringify({
  rows, dialect, seconds, issued: result.issued, perSecond: result.issued / seconds,
  startRssMb: startRss / 2 ** 20, peakRssMb: peak / 2 ** 20, maxRssMb: process.resourceUsage().maxRSS / 1024,
  liveHeapFirstMb: liveHeapMb[0] ?? null, liveHeapLastMb: liveHeapMb.at(-1) ?? null, liveHeapMaxMb: liveHeapMb.length ? Math.max(...liveHeapMb) : null,
}) + '\n');
await env.close();
