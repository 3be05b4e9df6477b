/** Worker thread for the all-cores benchmarks (bench/worker-pool.ts): sets up its cases module once, then runs each case it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { runSlice, type CaseFns } from './worker-pool.ts';

const { cases: href } = workerData as { cases: string };
const mod = (await import(href)) as { setupCases: () => Promise<CaseFns<string>> };
const cases = await mod.setupCases();
parentPort!.on('message', async (m: { name: string; ms: number }) => {
  parentPort!.postMessage(await runSlice(cases[m.name]!, m.ms));
});
parentPort!.postMessage({ ready: true });
