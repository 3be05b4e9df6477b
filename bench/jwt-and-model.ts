/**
 * VC-JWT throughput (ES256, RS256, EdDSA) on realistic OB 3.0 credentials, single core and all cores
 * (worker_threads, bench/worker-pool.ts), next to raw node:crypto signing of the same bytes with the same key
 * (the limit), with ratios; then, single core, the OB builder + schema guard, status list encoding and PNG/SVG
 * baking. Run with `npm run bench -- jwt`.
 */
import { availableParallelism } from 'node:os';
import { validateOb3Credential } from '../src/core/schema/index.ts';
import { createBitstring, decodeList, encodeList, setBit } from '../src/core/status/index.ts';
import { bakePng, bakeSvg, unbakePng, unbakeSvg } from '../src/core/baking/index.ts';
import { buildFixtureCredential } from '../test/fixtures/credentials.ts';
import { JWT_ALGS, JWT_CASES, setupCases, type JwtCaseName } from './jwt-cases.ts';
import { measureCases, pct, printRates, ratio, type Rates } from './worker-pool.ts';

async function rate(label: string, minMs: number, fn: (i: number) => unknown | Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await fn(i);
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < minMs) await fn(n++);
  const perSec = (n * 1000) / (performance.now() - t0);
  console.log(`  ${label.padEnd(44)} ${perSec.toFixed(0).padStart(9)} /s`);
  return perSec;
}


/** Measures and prints VC-JWT issue/verify and raw signing, 1 core and all cores; returns the rates (per second). */
export async function runJwtBench(opts: { ms?: number; rounds?: number; threads?: number } = {}): Promise<{ single: Rates<JwtCaseName>; all: Rates<JwtCaseName> }> {
  const ms = opts.ms ?? 3000;
  const rounds = opts.rounds ?? 3;
  const threads = opts.threads ?? availableParallelism();
  console.log(`\n== VC-JWT on realistic OB 3.0 credentials (${ms} ms per case in ${rounds} interleaved rounds; all cores = ${threads} threads) ==`);
  const casesModule = new URL('./jwt-cases.ts', import.meta.url);
  const { single, all } = await measureCases(JWT_CASES, await setupCases(), { ms, rounds, threads, casesModule });
  printRates(JWT_CASES, { single, all });
  for (const alg of JWT_ALGS) {
    const [issue, verify, rawSign, rawVerify] = [`${alg} issue`, `${alg} verify`, `${alg} raw sign`, `${alg} raw verify`] as const;
    console.log(
      `  ${alg}: all cores / 1 core: issue ${ratio(all[issue], single[issue])}, verify ${ratio(all[verify], single[verify])}; ` +
        `issue at ${pct(single[issue], single[rawSign])} of raw sign (1 core), ${pct(all[issue], all[rawSign])} (all cores); ` +
        `verify at ${pct(single[verify], single[rawVerify])} of raw verify (1 core), ${pct(all[verify], all[rawVerify])} (all cores)`,
    );
  }
  return { single, all };
}

/** Prints the single-core OB model, status list and baking figures; `ms` is the minimum measuring time per line. */
export async function runModelBench(ms = 1500): Promise<void> {
  console.log('\n== OB model, status list, baking (single core) ==');
  const creds = Array.from({ length: 256 }, (_, n) => buildFixtureCredential({ n, recipientId: `did:example:l${n}` }));
  await rate('buildFixtureCredential (builders + schema guard)', ms, (i) => buildFixtureCredential({ n: i }));
  await rate('validateOb3Credential', ms, (i) => validateOb3Credential(creds[i % 256]));
  const bits = createBitstring();
  for (let i = 0; i < 1000; i++) setBit(bits, (i * 7919) % 131072);
  const encoded = encodeList(bits);
  await rate('encodeList (131,072 bits, 1,000 set)', ms, () => encodeList(bits));
  await rate('decodeList', ms, () => decodeList(encoded));
  const png = bakePng(new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')), creds[0]!);
  await rate('bakePng (re-bake, realistic credential)', ms, (i) => bakePng(png, creds[i % 256]!));
  await rate('unbakePng', ms, () => unbakePng(png));
  const svg = bakeSvg('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4"/></svg>', creds[0]!);
  await rate('bakeSvg (re-bake)', ms, (i) => bakeSvg(svg, creds[i % 256]!));
  await rate('unbakeSvg', ms, () => unbakeSvg(svg));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runJwtBench();
  await runModelBench();
}
