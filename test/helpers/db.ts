/**
 * The dialects every repository and service suite runs against: SQLite always, PostgreSQL when
 * MICROCRED_TEST_DATABASE_URL is set (each call gets its own fresh schema, dropped on close).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle, type DialectName } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export const PG_URL = process.env.MICROCRED_TEST_DATABASE_URL;

export const DIALECTS: DialectName[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** A fresh, migrated database of the given dialect. Call `close()` when done. */
export async function freshDatabase(dialect: DialectName, opts: { file?: string } = {}): Promise<DatabaseHandle & { url: string; schema?: string }> {
  if (dialect === 'postgres') {
    if (!PG_URL) throw new Error('MICROCRED_TEST_DATABASE_URL is not set');
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const handle = await openDatabase({ url: PG_URL, schema, poolSize: 5 });
    await migrateToLatest(handle.db);
    return {
      ...handle,
      url: PG_URL,
      schema,
      close: async () => {
        await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(handle.db);
        await handle.close();
      },
    };
  }
  const url = opts.file ? `sqlite:${opts.file}` : 'sqlite::memory:';
  const handle = await openDatabase({ url });
  await migrateToLatest(handle.db);
  return { ...handle, url };
}
