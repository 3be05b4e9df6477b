/**
 * Data Integrity throughput: our eddsa-rdfc-2022 and eddsa-jcs-2022 next to Digital Bazaar's
 * @digitalbazaar/vc + eddsa-rdfc-2022-cryptosuite stack and raw node:crypto Ed25519, on realistic OB 3.0
 * credentials (test/fixtures/credentials.ts), single core and all cores (worker_threads), with ratios.
 * Cases are measured in interleaved rounds so that load from other processes affects them alike.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CASES, runSlice, setupCases, type CaseName } from './engine-di-cases.ts';

export type DiRates = Record<CaseName, number>;

type Tally = Record<CaseName, { ops: number; ms: number }>;
const emptyTally = (): Tally => Object.fromEntries(CASES.map((c) => [c, { ops: 0, ms: 0 }])) as Tally;

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

async function startWorkers(threads: number): Promise<Worker[]> {
  // The .mjs bootstrap registers tsx inside the thread (Node 20 does not apply --import hooks to a .ts worker entry).
  const workers = Array.from({ length: threads }, () => new Worker(new URL('./engine-di-worker.mjs', import.meta.url), { execArgv: ['--import', 'tsx'] }));
  await Promise.all(workers.map((w) => nextMessage(w)));
  return workers;
}

function runOnAll(workers: Worker[], name: CaseName, ms: number): Promise<Array<{ ops: number; ms: number }>> {
  return Promise.all(
    workers.map((w) => {
      const done = nextMessage<{ ops: number; ms: number }>(w);
      w.postMessage({ name, ms });
      return done;
    }),
  );
}

const fmt = (n: number) => n.toFixed(0).padStart(9);
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;

/** Measures and prints every case; returns single-core and all-core rates (operations per second). */
export async function runEngineDiBench(opts: { ms?: number; rounds?: number; threads?: number } = {}): Promise<{ single: DiRates; all: DiRates }> {
  const ms = opts.ms ?? 4000;
  const rounds = opts.rounds ?? 4;
  const threads = opts.threads ?? availableParallelism();
  console.log(`\n== Data Integrity proofs on realistic OB 3.0 credentials (${ms} ms per case in ${rounds} interleaved rounds; all cores = ${threads} threads) ==`);
  const cases = await setupCases();
  const one = emptyTally();
  const many = emptyTally();
  const workers = await startWorkers(threads);
  try {
    for (let r = 0; r < rounds; r++) {
      for (const name of CASES) {
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
  const rate = (t: Tally) => Object.fromEntries(CASES.map((c) => [c, (t[c].ops * 1000) / t[c].ms])) as DiRates;
  const single = rate(one);
  const all = rate(many);
  console.log(`  ${'operation'.padEnd(30)} ${'1 core/s'.padStart(9)} ${'all/s'.padStart(9)}`);
  for (const name of CASES) console.log(`  ${name.padEnd(30)} ${fmt(single[name])} ${fmt(all[name])}`);
  for (const [label, r] of [['1 core', single], [`${threads} threads`, all]] as const) {
    console.log(
      `  ${label}: rdfc issue ${ratio(r['ours rdfc issue'], r['digitalbazaar rdfc issue'])} Digital Bazaar (goal ≥ 20×), ` +
        `verify ${ratio(r['ours rdfc verify'], r['digitalbazaar rdfc verify'])} (goal ≥ 10×); ` +
        `rdfc issue at ${((r['ours rdfc issue'] / r['raw Ed25519 sign']) * 100).toFixed(0)}% of raw Ed25519 sign, ` +
        `verify at ${((r['ours rdfc verify'] / r['raw Ed25519 verify']) * 100).toFixed(0)}% of raw verify`,
    );
  }
  return { single, all };
}
