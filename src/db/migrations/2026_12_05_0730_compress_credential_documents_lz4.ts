/**
 * PostgreSQL: compresses credential documents stored from now on with lz4 instead of pglz, the default, where the
 * server has lz4 (14 and later, when built with it); elsewhere nothing changes. A signed document is 3–4 KB of JSON,
 * past the 2 KB at which PostgreSQL compresses a value, and pglz was the largest single cost of storing one; lz4
 * takes the server a fraction of that time (decision 005, fourth round). Stored values keep their compression until
 * rewritten; SQLite stores documents as they are.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../util.ts';

const setCompression = (method: 'lz4' | 'pglz') => sql.raw(`do $$ begin
  execute 'alter table credentials alter column document set compression ${method}';
exception when feature_not_supported or syntax_error then null;
end $$`);

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await setCompression('lz4').execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await setCompression('pglz').execute(db);
}
