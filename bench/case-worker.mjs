// Worker bootstrap: registers tsx in this thread, then loads the TypeScript worker (Node 20 does not apply
// the parent's --import hooks to a worker's .ts entry point).
import { register } from 'tsx/esm/api';

register();
await import('./case-worker.ts');
