/**
 * Rate-limit counters shared by every app instance on one database (PostgreSQL): one row per client and route, the
 * start of its current window and the requests counted in it. Rows past their window are deleted hourly (server.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull()) // ms since the epoch
    .addColumn('expires_at', 'bigint', (c) => c.notNull()) // window_start + the window, ms
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limit_hits_expires').on('rate_limit_hits').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_hits').ifExists().execute();
}
