/**
 * Data Integrity throughput: our eddsa-rdfc-2022 and eddsa-jcs-2022 next to Digital Bazaar's
 * @digitalbazaar/vc + eddsa-rdfc-2022-cryptosuite stack and raw node:crypto Ed25519, on realistic OB 3.0
 * credentials (test/fixtures/credentials.ts), single core and all cores (worker_threads), with ratios.
 * Cases are measured in interleaved rounds so that load from other processes affects them alike.
 */
import { availableParallelism } from 'node:os';
import { CASES, setupCases, type CaseName } from './engine-di-cases.ts';
import { measureCases, pct, printRates, ratio, type Rates } from './worker-pool.ts';

export type DiRates = Rates<CaseName>;


/** Measures and prints every case; returns single-core and all-core rates (operations per second). */
export async function runEngineDiBench(opts: { ms?: number; rounds?: number; threads?: number } = {}): Promise<{ single: DiRates; all: DiRates }> {
  const ms = opts.ms ?? 4000;
  const rounds = opts.rounds ?? 4;
  const threads = opts.threads ?? availableParallelism();
  console.log(`\n== Data Integrity proofs on realistic OB 3.0 credentials (${ms} ms per case in ${rounds} interleaved rounds; all cores = ${threads} threads) ==`);
  const casesModule = new URL('./engine-di-cases.ts', import.meta.url);
  const { single, all } = await measureCases(CASES, await setupCases(), { ms, rounds, threads, casesModule });
  printRates(CASES, { single, all });
  for (const [label, r] of [['1 core', single], [`${threads} threads`, all]] as const) {
    console.log(
      `  ${label}: rdfc issue ${ratio(r['ours rdfc issue'], r['digitalbazaar rdfc issue'])} Digital Bazaar (goal ≥ 20×), ` +
        `verify ${ratio(r['ours rdfc verify'], r['digitalbazaar rdfc verify'])} (goal ≥ 10×); ` +
        `rdfc issue at ${pct(r['ours rdfc issue'], r['raw Ed25519 sign'])} of raw Ed25519 sign, verify at ${pct(r['ours rdfc verify'], r['raw Ed25519 verify'])} of raw verify; ` +
        `jcs issue at ${pct(r['ours jcs issue'], r['raw Ed25519 sign'])}, verify at ${pct(r['ours jcs verify'], r['raw Ed25519 verify'])}`,
    );
  }
  return { single, all };
}
