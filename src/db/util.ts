/** Small helpers shared by repositories: portable booleans, JSON columns, the engine in use and unique-violation detection. */
import { PostgresAdapter, type Kysely } from 'kysely';

/** SQLite has no boolean: store 0/1 on both engines. */
export const toDbBool = (b: boolean): number => (b ? 1 : 0);
export const fromDbBool = (v: number | boolean | null | undefined): boolean => v === true || v === 1;

/** JSON is stored as text on both engines. */
export const toJson = (v: unknown): string => JSON.stringify(v);
export function fromJson<T>(v: string | null | undefined, fallback: T): T {
  if (v == null || v === '') return fallback;
  return JSON.parse(v) as T;
}

/** True when `db` (a handle or a transaction) runs on PostgreSQL, for the few statements written per engine. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** True when an error is a unique-constraint violation on either engine. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | undefined;
  if (!err) return false;
  return err.code === '23505' || err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(err.message ?? '');
}
