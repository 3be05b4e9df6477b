/** Worker thread for the all-cores Data Integrity benchmark: runs one case and posts its rate. */
import { parentPort, workerData } from 'node:worker_threads';
import { runFor, setupCases, type CaseName } from './engine-di-cases.ts';

const { name, ms, startAt } = workerData as { name: CaseName; ms: number; startAt: number };
const cases = await setupCases();
parentPort!.postMessage({ ready: true });
// Start together so the workers overlap (they share the cores).
await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
parentPort!.postMessage({ rate: await runFor(cases[name], ms) });
