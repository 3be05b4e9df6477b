/**
 * Services whose database queries are recorded (their SQL text), so a test can state how many round trips a use
 * case costs: a count that does not depend on the machine, unlike a timing.
 */
import type { KyselyPlugin } from 'kysely';
import type { freshDatabase } from './db.ts';

type Handle = Awaited<ReturnType<typeof freshDatabase>>;

/** The same database through a handle that records every query it runs (`queries`, cleared with `clear`). */
export function recordingHandle(handle: Handle): { handle: Handle; queries: string[]; clear(): void } {
  const queries: string[] = [];
  const executor = handle.db.getExecutor();
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      queries.push(executor.compileQuery(args.node, args.queryId).sql);
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
  return { handle: { ...handle, db: handle.db.withPlugin(plugin) }, queries, clear: () => { queries.length = 0; } };
}
