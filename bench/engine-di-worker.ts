/** Worker thread for the all-cores Data Integrity benchmark: sets up once, then runs each case it is sent. */
import { parentPort } from 'node:worker_threads';
import { runSlice, setupCases, type CaseName } from './engine-di-cases.ts';

const cases = await setupCases();
parentPort!.on('message', async (m: { name: CaseName; ms: number }) => {
  parentPort!.postMessage(await runSlice(cases[m.name], m.ms));
});
parentPort!.postMessage({ ready: true });
