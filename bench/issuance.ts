/**
 * End-to-end issuance through the service (build + sign + status slot + code + store, in a transaction, plus the
 * wallet and pathway listeners it sets off) per second on SQLite and PostgreSQL, with 1, 8 and 32 concurrent
 * callers and as bulk pages (of 100, and of 500 as a bulk job hands them over), next to the engine's raw issue rate
 * (signDataIntegrity of the same credential, one core) measured in the same interleaved rounds. Each case is also
 * compared with the engine's rate of its own round (min / median / max over rounds): on a shared host whose speed
 * drifts between rounds, that ratio is steadier than the totals. Then bulk runs of growing size in child processes,
 * reporting peak RSS.
 * PostgreSQL runs when MICROCRED_BENCH_DATABASE_URL (or MICROCRED_TEST_DATABASE_URL) is set.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signDataIntegrity } from '../src/core/proofs/index.ts';
import { BULK_LIMITS } from '../src/services/bulk-issuance.service.ts';
import { benchServices, type BenchEnv } from './issuance-setup.ts';
import { pct } from './worker-pool.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
type Case = 'engine raw issue' | 'service: 1 client' | 'service: 8 clients' | 'service: 32 clients' | 'service: bulk page of 100' | 'service: bulk page of 500';

/**
 * `clients` closed-loop callers: each issues again as soon as its call returns, until `ms` has passed. Concurrent
 * callers are what a server sees; the service writes the issues signed meanwhile in one transaction (group commit).
 */
async function clients(n: number, ms: number, issueOne: () => Promise<unknown>): Promise<number> {
  const deadline = performance.now() + ms;
  let ops = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (performance.now() < deadline) {
      await issueOne();
      ops++;
    }
  }));
  return ops;
}

type ServiceCase = Exclude<Case, 'engine raw issue'>;
/** Rates over all rounds, and each service case's ratio to the engine's rate of the same round (robust to a host whose speed drifts). */
interface Measured { rates: Record<Case, number>; roundRatios: Record<ServiceCase, number[]> }

async function measure(env: BenchEnv, dialect: 'sqlite' | 'postgres', ms: number, rounds: number): Promise<Measured> {
  const s = env.services;
  const ctx = await s.issuance.prepare(env.orgId);
  const sample = await s.issuance.awardCredential(env.orgId, { achievementId: env.achievementId, recipient: { email: 'sample@example.com' } }, { source: 'api', notify: false, context: ctx });
  const { proof: _p, ...unsigned } = sample.credential.document as Record<string, unknown>;
  let n = 0;
  const raw = { achievementId: env.achievementId, recipient: { email: '', name: 'Bench Learner' } };
  const next = () => ({ ...raw, recipient: { ...raw.recipient, email: `learner${n++}@example.com` } });
  const issueOne = () => s.issuance.awardCredential(env.orgId, next(), { source: 'api', notify: false });
  const bulkPages = async (size: number, slice: number) => {
    const deadline = performance.now() + slice;
    let ops = 0;
    while (performance.now() < deadline) {
      const items = Array.from({ length: size }, () => { const r = next(); return { raw: r, batchKey: `${dialect}-${r.recipient.email}` }; });
      const out = await s.issuance.issueBatch(ctx, items, { notify: false, actorUserId: null });
      if (out.some((o) => !o.ok)) throw new Error('benchmark batch had failures');
      ops += size;
    }
    return ops;
  };
  // Each case runs for about `slice` ms and returns the credentials it issued; events are drained inside the slice.
  const cases: Record<Case, (slice: number) => Promise<number>> = {
    'engine raw issue': async (slice) => {
      const deadline = performance.now() + slice;
      let ops = 0;
      while (performance.now() < deadline) { await signDataIntegrity(unsigned, { signer: ctx.signer, created: new Date() }); ops++; }
      return ops;
    },
    'service: 1 client': (slice) => clients(1, slice, issueOne),
    'service: 8 clients': (slice) => clients(8, slice, issueOne),
    'service: 32 clients': (slice) => clients(32, slice, issueOne),
    'service: bulk page of 100': (slice) => bulkPages(100, slice),
    // The page a bulk job hands to issueBatch (BULK_LIMITS.page).
    'service: bulk page of 500': (slice) => bulkPages(BULK_LIMITS.page, slice),
  };
  // Warm up (JIT, schema compilation, first queries) before anything is timed.
  for (const fn of Object.values(cases)) await fn(150);
  await s.credentialEvents.idle();
  const tally = Object.fromEntries(Object.keys(cases).map((k) => [k, { ops: 0, ms: 0 }])) as Record<Case, { ops: number; ms: number }>;
  const roundRatios = Object.fromEntries(Object.keys(cases).map((k) => [k, [] as number[]])) as Record<ServiceCase, number[]>;
  for (let r = 0; r < rounds; r++) {
    let rawRate = 0;
    for (const [name, fn] of Object.entries(cases) as [Case, (slice: number) => Promise<number>][]) {
      const t0 = performance.now();
      const ops = await fn(ms);
      // What issuing set off (wallet links, pathway checks) is part of the cost: wait for it inside the timing.
      await s.credentialEvents.idle();
      const elapsed = performance.now() - t0;
      tally[name].ops += ops;
      tally[name].ms += elapsed;
      const rate = (1000 * ops) / elapsed;
      if (name === 'engine raw issue') rawRate = rate;
      else roundRatios[name].push(rate / rawRate);
    }
  }
  const rates = Object.fromEntries(Object.entries(tally).map(([k, v]) => [k, (1000 * v.ops) / v.ms])) as Record<Case, number>;
  return { rates, roundRatios };
}

const median = (xs: number[]): number => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
};

interface BulkRun { rows: number; dialect: string; liveHeapFirstMb: number | null; liveHeapLastMb: number | null; liveHeapMaxMb: number | null; seconds: number; issued: number; perSecond: number; startRssMb: number; peakRssMb: number; maxRssMb: number }

function bulkRun(rows: number, pgUrl?: string): BulkRun {
  const args = ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench/issuance-bulk.ts'), String(rows), ...(pgUrl ? [pgUrl] : [])];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 3_600_000 });
  if (r.status !== 0) throw new Error(`bulk run of ${rows} rows failed: ${r.stderr}`);
  const run = JSON.parse(r.stdout.trim().split('\n').pop()!) as BulkRun;
  // getrusage's maxRSS is the true peak (the in-process sampler can miss spikes while the thread is busy).
  return { ...run, peakRssMb: Math.max(run.peakRssMb, run.maxRssMb) };
}

/** Runs and prints the issuance benchmark. */
export async function runIssuanceBench(opts: { ms?: number; rounds?: number; bulkRows?: number[] } = {}): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const ms = opts.ms ?? Number(process.env.MICROCRED_BENCH_ISSUE_MS ?? 1500);
  const rounds = opts.rounds ?? Number(process.env.MICROCRED_BENCH_ROUNDS ?? 3);
  const pgUrl = process.env.MICROCRED_BENCH_DATABASE_URL ?? process.env.MICROCRED_TEST_DATABASE_URL;
  console.log(`\n== Issuance through the service vs the engine's raw issue rate (${ms} ms per case × ${rounds} interleaved rounds, one process) ==`);
  const dialects: ('sqlite' | 'postgres')[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];
  for (const dialect of dialects) {
    const env = await benchServices(dialect, pgUrl);
    try {
      const { rates, roundRatios } = await measure(env, dialect, ms, rounds);
      const base = rates['engine raw issue'];
      console.log(`-- ${dialect}${' '.repeat(40)}all rounds    each round vs that round's raw rate: min / median / max`);
      for (const [name, rate] of Object.entries(rates) as [Case, number][]) {
        figures[`${dialect} ${name} /s`] = rate;
        if (name === 'engine raw issue') {
          console.log(`${name.padEnd(36)} ${rate.toFixed(0).padStart(7)} /s`);
          continue;
        }
        const r = roundRatios[name];
        const each = [Math.min(...r), median(r), Math.max(...r)].map((x) => pct(x, 1)).join(' / ');
        console.log(`${name.padEnd(36)} ${rate.toFixed(0).padStart(7)} /s  ${pct(rate, base).padStart(4)} of raw  ${each}`);
        figures[`${dialect} ${name}: median % of raw per round`] = 100 * median(r);
      }
    } finally {
      await env.close();
    }
  }
  const sizes = opts.bulkRows ?? (process.env.MICROCRED_BENCH_BULK_ROWS ?? '10000,100000').split(',').map(Number).filter((n) => n > 0);
  if (sizes.length === 0) return figures;
  console.log('\n== Bulk issuance (streamed CSV → validated rows → background job), each run in its own process ==');
  console.log(`${'database'.padEnd(10)} ${'rows'.padStart(8)} ${'seconds'.padStart(8)} ${'issued/s'.padStart(9)} ${'RSS start'.padStart(10)} ${'RSS peak'.padStart(9)}  live heap after GC: first / last / max sample`);
  const show = (r: BulkRun) => {
    console.log(`${r.dialect.padEnd(10)} ${String(r.rows).padStart(8)} ${r.seconds.toFixed(1).padStart(8)} ${r.perSecond.toFixed(0).padStart(9)} ${`${r.startRssMb.toFixed(0)} MB`.padStart(10)} ${`${r.peakRssMb.toFixed(0)} MB`.padStart(9)}  ${[r.liveHeapFirstMb, r.liveHeapLastMb, r.liveHeapMaxMb].map((v) => (v === null ? '–' : v.toFixed(1))).join(' / ')} MB`);
    if (r.liveHeapMaxMb !== null) figures[`bulk ${r.dialect} ${r.rows} rows: max live heap MB`] = r.liveHeapMaxMb;
    figures[`bulk ${r.dialect} ${r.rows} rows: issued/s`] = r.perSecond;
    figures[`bulk ${r.dialect} ${r.rows} rows: peak RSS MB`] = r.peakRssMb;
    return r;
  };
  const runs = sizes.map((rows) => show(bulkRun(rows)));
  // PostgreSQL: the smallest size only (the memory question is answered by the SQLite runs above).
  if (pgUrl) show(bulkRun(sizes[0]!, pgUrl));
  if (runs.length > 1) {
    const [a, b] = [runs[0]!, runs[runs.length - 1]!];
    console.log(`SQLite peak RSS growth ${a.rows} → ${b.rows} rows (${(b.rows / a.rows).toFixed(0)}× the batch): ${(b.peakRssMb - a.peakRssMb).toFixed(0)} MB`);
  }
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await runIssuanceBench();
