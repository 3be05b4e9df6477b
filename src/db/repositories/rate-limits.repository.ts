/** Rate-limit counters shared by app instances: one atomic upsert per request. */
import { sql } from 'kysely';
import type { Db } from '../transaction.ts';

/**
 * Counts one request for `key` at `nowMs` in a window of `windowMs`, starting a new window when the current one is
 * over; returns the requests counted in the window and when it started. One statement, so concurrent instances
 * never lose a count.
 */
export async function hitRateLimit(db: Db, key: string, windowMs: number, nowMs: number): Promise<{ hits: number; windowStart: number }> {
  const row = await db.insertInto('rate_limit_hits')
    .values({ key, window_start: nowMs, expires_at: nowMs + windowMs, hits: 1 })
    .onConflict((oc) => oc.column('key').doUpdateSet({
      hits: sql`case when rate_limit_hits.expires_at <= ${nowMs} then 1 else rate_limit_hits.hits + 1 end`,
      window_start: sql`case when rate_limit_hits.expires_at <= ${nowMs} then ${nowMs} else rate_limit_hits.window_start end`,
      expires_at: sql`case when rate_limit_hits.expires_at <= ${nowMs} then ${nowMs + windowMs} else rate_limit_hits.expires_at end`,
    }))
    .returning(['hits', 'window_start'])
    .executeTakeFirstOrThrow();
  return { hits: Number(row.hits), windowStart: Number(row.window_start) };
}

/** The requests counted for `key` in its window still open at `nowMs` (0 when none is open). */
export async function rateLimitHits(db: Db, key: string, nowMs: number): Promise<number> {
  const row = await db.selectFrom('rate_limit_hits').select('hits').where('key', '=', key).where('expires_at', '>', nowMs).executeTakeFirst();
  return row ? Number(row.hits) : 0;
}

/** Deletes the counters whose window ended before `nowMs`; returns how many. */
export async function purgeRateLimits(db: Db, nowMs: number): Promise<number> {
  const r = await db.deleteFrom('rate_limit_hits').where('expires_at', '<', nowMs).executeTakeFirst();
  return Number(r.numDeletedRows);
}
