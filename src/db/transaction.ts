/** The database handle type services pass around, and a transaction helper that nests safely. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** A Kysely handle or an open transaction on it; repositories accept either. */
export type Db = Kysely<Database>;

/**
 * Runs `fn` in a transaction; when `db` already is a transaction, runs `fn` inside it.
 * @example await withTransaction(db, async (trx) => { await insertUser(trx, user); await insertEmail(trx, email); })
 */
export function withTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}

/** Runs `SELECT 1`; throws when the database does not answer. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
}
