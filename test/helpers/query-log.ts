/**
 * Services whose database queries are recorded (their SQL text), so a test can state how many round trips a use
 * case costs: a count that does not depend on the machine, unlike a timing.
 */
import { Kysely, type CompiledQuery, type KyselyPlugin } from 'kysely';
import type { freshDatabase } from './db.ts';

type Handle = Awaited<ReturnType<typeof freshDatabase>>;

/** Recorders of raw compiled queries, by the plugin a recording handle (and its transactions) runs with. */
const rawRecorders = new Map<KyselyPlugin, string[]>();
// Plugins never see a query handed over already compiled (db.executeQuery(CompiledQuery), as src/db/insert-rows.ts
// does): those are recorded here, for the handles whose executor carries a recording plugin.
const executeQuery = Kysely.prototype.executeQuery;
Kysely.prototype.executeQuery = function (this: Kysely<unknown>, query: Parameters<typeof executeQuery>[0], ...rest: unknown[]) {
  if (rawRecorders.size > 0 && typeof (query as { compile?: unknown }).compile !== 'function') {
    for (const p of this.getExecutor().plugins) rawRecorders.get(p)?.push((query as CompiledQuery).sql);
  }
  return (executeQuery as (...a: unknown[]) => ReturnType<typeof executeQuery>).call(this, query, ...rest);
} as typeof executeQuery;

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
  rawRecorders.set(plugin, queries);
  return { handle: { ...handle, db: handle.db.withPlugin(plugin) }, queries, clear: () => { queries.length = 0; } };
}
