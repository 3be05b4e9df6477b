/**
 * Shared harness for the single-core / all-cores benchmarks. A "cases module" exports
 * `setupCases(): Promise<Record<name, (i: number) => unknown>>`; {@link measureCases} runs each case on the main
 * thread (1 core) and at the same time on one worker thread per core (each worker loads the same module through
 * bench/case-worker.mjs), in interleaved rounds so that load from other processes affects every case alike.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export type CaseFns<N extends string> = Record<N, (i: number) => unknown>;
export type Rates<N extends string> = Record<N, number>;
type Slice = { ops: number; ms: number };

/** Runs one case for about `ms` milliseconds (after a short warm-up); returns the operations done and the time taken. */
export async function runSlice(fn: (i: number) => unknown, ms: number): Promise<Slice> {
  for (let i = 0; i < 5; i++) await fn(i);
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < ms) await fn(n++);
  return { ops: n, ms: performance.now() - t0 };
}

/** The next message from a worker (listeners removed afterwards, so many rounds do not pile them up). */
function nextMessage<T>(w: Worker): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (m: T) => {
      w.off('error', onError);
      resolve(m);
    };
    const onError = (e: Error) => {
      w.off('message', onMessage);
      reject(e);
    };
    w.once('message', onMessage);
    w.once('error', onError);
  });
}

/** Starts `threads` workers that each call `setupCases()` of `casesModule`; resolves once all are ready. */
async function startWorkers(casesModule: URL, threads: number): Promise<Worker[]> {
  // The .mjs bootstrap registers tsx inside the thread (Node 20 does not apply --import hooks to a .ts worker entry).
  const workers = Array.from(
    { length: threads },
    () => new Worker(new URL('./case-worker.mjs', import.meta.url), { execArgv: ['--import', 'tsx'], workerData: { cases: casesModule.href } }),
  );
  try {
    await Promise.all(workers.map((w) => nextMessage(w)));
  } catch (e) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  }
  return workers;
}

function runOnAll(workers: Worker[], name: string, ms: number): Promise<Slice[]> {
  return Promise.all(
    workers.map((w) => {
      const done = nextMessage<Slice>(w);
      w.postMessage({ name, ms });
      return done;
    }),
  );
}

/**
 * Measures every named case on one core (`cases`, set up on this thread) and on `threads` workers at once
 * (all cores); returns operations per second for both.
 * @example const { single, all } = await measureCases(NAMES, await setupCases(), { casesModule: new URL('./x-cases.ts', import.meta.url) });
 */
export async function measureCases<N extends string>(
  names: readonly N[],
  cases: CaseFns<N>,
  opts: { casesModule: URL; ms?: number; rounds?: number; threads?: number },
): Promise<{ single: Rates<N>; all: Rates<N>; threads: number }> {
  const ms = opts.ms ?? 4000;
  const rounds = opts.rounds ?? 4;
  const threads = opts.threads ?? availableParallelism();
  const one = Object.fromEntries(names.map((c) => [c, { ops: 0, ms: 0 }])) as Record<N, Slice>;
  const many = Object.fromEntries(names.map((c) => [c, { ops: 0, ms: 0 }])) as Record<N, Slice>;
  const workers = await startWorkers(opts.casesModule, threads);
  try {
    for (let r = 0; r < rounds; r++) {
      for (const name of names) {
        const s = await runSlice(cases[name], ms / rounds);
        one[name].ops += s.ops;
        one[name].ms += s.ms;
        const parts = await runOnAll(workers, name, ms / rounds);
        // All threads ran at the same time: total operations over the (longest) wall time.
        many[name].ops += parts.reduce((a, p) => a + p.ops, 0);
        many[name].ms += Math.max(...parts.map((p) => p.ms));
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const rate = (t: Record<N, Slice>) => Object.fromEntries(names.map((c) => [c, (t[c].ops * 1000) / t[c].ms])) as Rates<N>;
  return { single: rate(one), all: rate(many), threads };
}

/** Prints one row per case: 1-core and all-cores rates. */
export function printRates<N extends string>(names: readonly N[], r: { single: Rates<N>; all: Rates<N> }): void {
  const fmt = (n: number) => n.toFixed(0).padStart(9);
  const w = Math.max(30, ...names.map((n) => n.length));
  console.log(`  ${'operation'.padEnd(w)} ${'1 core/s'.padStart(9)} ${'all/s'.padStart(9)}`);
  for (const name of names) console.log(`  ${name.padEnd(w)} ${fmt(r.single[name])} ${fmt(r.all[name])}`);
}

/** `a / b` as "12.3×". */
export const ratio = (a: number, b: number): string => `${(a / b).toFixed(1)}×`;

/** `a / b` as a whole percentage, "48%". */
export const pct = (a: number, b: number): string => `${((a / b) * 100).toFixed(0)}%`;
