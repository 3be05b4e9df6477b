/**
 * Data Integrity throughput: our eddsa-rdfc-2022 and eddsa-jcs-2022 next to Digital Bazaar's
 * @digitalbazaar/vc + eddsa-rdfc-2022-cryptosuite stack and raw node:crypto Ed25519, on realistic OB 3.0
 * credentials (test/fixtures/credentials.ts), single core and all cores (worker_threads), with ratios.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CASES, runFor, setupCases, type CaseName } from './engine-di-cases.ts';

export type DiRates = Record<CaseName, number>;

async function allCores(name: CaseName, ms: number, threads: number): Promise<number> {
  const startAt = Date.now() + 4000;
  const workers = Array.from({ length: threads }, () => new Worker(new URL('./engine-di-worker.mjs', import.meta.url), { workerData: { name, ms, startAt } }));
  const rates = await Promise.all(
    workers.map(
      (w) =>
        new Promise<number>((resolve, reject) => {
          w.on('message', (m: { rate?: number }) => {
            if (m.rate !== undefined) resolve(m.rate);
          });
          w.on('error', reject);
        }),
    ),
  );
  await Promise.all(workers.map((w) => w.terminate()));
  return rates.reduce((a, b) => a + b, 0);
}

const fmt = (n: number) => n.toFixed(0).padStart(9);
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;

/** Measures and prints every case; returns single-core and all-core rates (operations per second). */
export async function runEngineDiBench(opts: { ms?: number; threads?: number } = {}): Promise<{ single: DiRates; all: DiRates }> {
  const ms = opts.ms ?? 3000;
  const threads = opts.threads ?? availableParallelism();
  console.log(`\n== Data Integrity proofs on realistic OB 3.0 credentials (${ms} ms per line; all cores = ${threads} threads) ==`);
  const cases = await setupCases();
  const single = {} as DiRates;
  const all = {} as DiRates;
  console.log(`  ${'operation'.padEnd(30)} ${'1 core/s'.padStart(9)} ${'all/s'.padStart(9)}`);
  for (const name of CASES) {
    single[name] = await runFor(cases[name], ms);
    all[name] = await allCores(name, ms, threads);
    console.log(`  ${name.padEnd(30)} ${fmt(single[name])} ${fmt(all[name])}`);
  }
  for (const [label, r] of [['1 core', single], [`${threads} cores`, all]] as const) {
    console.log(`  ${label}: rdfc issue ${ratio(r['ours rdfc issue'], r['digitalbazaar rdfc issue'])} Digital Bazaar (goal ≥ 20×), ` +
      `verify ${ratio(r['ours rdfc verify'], r['digitalbazaar rdfc verify'])} (goal ≥ 10×); ` +
      `rdfc issue at ${((r['ours rdfc issue'] / r['raw Ed25519 sign']) * 100).toFixed(0)}% of raw Ed25519 sign, ` +
      `verify at ${((r['ours rdfc verify'] / r['raw Ed25519 verify']) * 100).toFixed(0)}% of raw verify`);
  }
  return { single, all };
}
