/**
 * A `@fastify/rate-limit` store that keeps its counters in the database, so every app instance on one PostgreSQL
 * database counts the same requests: a client cannot get N times a limit by reaching N instances. (The plugin's own
 * store counts per process; SQLite serves one process, which keeps it.) Counters are per client key and route, with
 * the app's clock; server.ts deletes ended windows every hour.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Db } from '../db/transaction.ts';
import { hitRateLimit } from '../db/repositories/rate-limits.repository.ts';

/** What the plugin passes to a route's store (its typings name less than it passes). */
interface RouteParams { timeWindow?: unknown; routeInfo?: { method?: string | string[]; url?: string } }

type Done = (err: Error | null, res?: { current: number; ttl: number }) => void;

/** The store class for `@fastify/rate-limit`'s `store` option, counting in `db`. */
export function databaseRateLimitStore(db: Db, clock: { now(): Date }): FastifyRateLimitStoreCtor {
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    private readonly route: string;
    private readonly window: number;

    constructor(options: unknown, route = '*') {
      const w = (options as RouteParams | undefined)?.timeWindow;
      this.window = typeof w === 'number' ? w : 60_000;
      this.route = route;
    }

    /** Counts a request; the plugin passes the route's window (ms) as the third argument. */
    incr(key: string, done: Done, timeWindow?: number): void {
      const window = typeof timeWindow === 'number' ? timeWindow : this.window;
      const now = clock.now().getTime();
      hitRateLimit(db, `${this.route} ${key}`, window, now).then(
        ({ hits, windowStart }) => done(null, { current: hits, ttl: Math.max(0, windowStart + window - now) }),
        (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
      );
    }

    /** A store for one route: its counters are kept apart from other routes'. */
    child(routeOptions: object): FastifyRateLimitStore {
      const info = (routeOptions as RouteParams).routeInfo;
      const method = Array.isArray(info?.method) ? info.method.join(',') : info?.method ?? '';
      return new DatabaseRateLimitStore(routeOptions, info?.url ? `${method} ${info.url}` : this.route);
    }
  }
  return DatabaseRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
