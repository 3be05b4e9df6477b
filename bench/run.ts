/**
 * `npm run bench`: every benchmark, one after the other. Each one prints its own time and memory figures.
 */
import { runStackingBench } from './stacking.ts';
import { runJwtAndModelBench } from './jwt-and-model.ts';
import { runEngineDiBench } from './engine-di.ts';

await runStackingBench();
await runJwtAndModelBench();
await runEngineDiBench();
