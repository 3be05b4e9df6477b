/**
 * Opens the database: SQLite (embedded default) or PostgreSQL, chosen by the URL.
 * This file and the repositories are the only places that import Kysely.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `sqlite:./data/microcred.db`, `sqlite::memory:`, a bare file path, or `postgres://…`. */
  url: string;
  /** PostgreSQL only: a schema to create (if missing) and use as search_path (tests use one per run). */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

/** Tells the dialect a database URL selects. */
export function dialectOf(url: string): DialectName {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}

// PostgreSQL returns BIGINT counts as strings; parse them as numbers (our counts stay far below 2^53).
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/**
 * Opens a database handle for a URL.
 * @example const { db, close } = await openDatabase({ url: 'sqlite::memory:' })
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (dialectOf(opts.url) === 'postgres') {
    if (opts.schema && !/^[a-z_][a-z0-9_]*$/.test(opts.schema)) throw new Error(`invalid schema name ${opts.schema}`);
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    if (opts.schema) await sql.raw(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`).execute(db);
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = opts.url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/** Prepared statements kept per SQL text (Kysely would prepare every query anew). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Wraps a better-sqlite3 database so `prepare` reuses statements by SQL text (least recently used dropped past
 * STATEMENT_CACHE_SIZE). Safe with Kysely's SQLite driver: it runs one query at a time on its single connection
 * (a stream holds the connection until it ends), and SQLite re-prepares a statement itself after a schema change.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): { close(): void; prepare(sql: string): SqliteDatabase.Statement } {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => { cache.clear(); sqlite.close(); },
    prepare(text: string) {
      let stmt = cache.get(text);
      if (stmt) {
        cache.delete(text);
      } else {
        stmt = sqlite.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(text, stmt);
      return stmt;
    },
  };
}
