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
import { createWalCheckpointer, type WalCheckpointer, type WalCheckpointerStatus } from './sqlite-checkpointer.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
  /** SQLite file databases: the background WAL checkpointer (tests and diagnostics). */
  walCheckpointer?: WalCheckpointerStatus;
}

export interface OpenDatabaseOptions {
  /** `sqlite:./data/microcred.db`, `sqlite::memory:`, a bare file path, or `postgres://…`. */
  url: string;
  /** PostgreSQL only: a schema to create (if missing) and use as search_path (tests use one per run). */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** SQLite file databases: WAL size past which a background thread checkpoints it (default 4 MB). */
  checkpointWalBytes?: number;
  /** SQLite file databases: a background checkpoint failed; the app carries on (default: a process warning). */
  onCheckpointError?: (err: Error) => void;
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
  return openSqlite(opts);
}

/** Default WAL size past which a background checkpoint runs. */
const CHECKPOINT_WAL_BYTES = 4 * 1024 * 1024;
/** WAL size past which the background thread also tries to truncate it (readers kept it from restarting). */
const TRUNCATE_WAL_BYTES = 64 * 1024 * 1024;
/** SQLite's default `wal_autocheckpoint`, restored if the background thread dies. */
const AUTOCHECKPOINT_PAGES = 1000;

function openSqlite(opts: OpenDatabaseOptions): DatabaseHandle {
  const file = opts.url.replace(/^sqlite:(\/\/)?/, '');
  const inMemory = file === ':memory:';
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const checkpointer = inMemory ? undefined : checkpointInBackground(sqlite, file, opts);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, checkpointer) }) });
  return {
    db,
    dialect: 'sqlite',
    ...(checkpointer ? { walCheckpointer: checkpointer } : {}),
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/**
 * Moves WAL checkpoints off the event loop (see sqlite-checkpointer.ts): the connection stops checkpointing on
 * commit, and cuts the WAL file back to the threshold whenever the WAL restarts.
 */
function checkpointInBackground(sqlite: SqliteDatabase.Database, file: string, opts: OpenDatabaseOptions): WalCheckpointer {
  const thresholdBytes = opts.checkpointWalBytes ?? CHECKPOINT_WAL_BYTES;
  sqlite.pragma('wal_autocheckpoint = 0');
  sqlite.pragma(`journal_size_limit = ${thresholdBytes}`);
  return createWalCheckpointer({
    file,
    thresholdBytes,
    truncateBytes: Math.max(TRUNCATE_WAL_BYTES, 2 * thresholdBytes),
    inTransaction: () => sqlite.inTransaction,
    onError: opts.onCheckpointError ?? ((err) => process.emitWarning(err)),
    onGiveUp: () => {
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    },
  });
}

/** Prepared statements kept per SQL text (Kysely would prepare every query anew). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Wraps a better-sqlite3 database so `prepare` reuses statements by SQL text (least recently used dropped past
 * STATEMENT_CACHE_SIZE). Safe with Kysely's SQLite driver: it runs one query at a time on its single connection
 * (a stream holds the connection until it ends), and SQLite re-prepares a statement itself after a schema change.
 * Kysely prepares every statement right before running it, so a write's `prepare` is where the checkpointer looks.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, checkpointer?: WalCheckpointer): { close(): void; prepare(sql: string): SqliteDatabase.Statement } {
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
      // `commit` is no reader; `insert … returning` is a reader but not read-only.
      if (checkpointer && !(stmt.reader && stmt.readonly)) checkpointer.noteWrite();
      return stmt;
    },
  };
}
