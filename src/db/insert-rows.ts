/**
 * Multi-row INSERT statements written directly, for the writes issuance makes per group of credentials (up to a few
 * hundred rows of up to 25 columns). Kysely's builder parses and its compiler visits every value of every row, and
 * the SQL text it produces (thousands of characters) is new each time, so the SQLite statement cache hashes it anew.
 * Here the text for a table, column list, row count and suffix is written once and kept: the same string object
 * every time, a cached prepared statement on SQLite, and a flat parameter array built in one pass. Statements run
 * through the Kysely handle or transaction given (`executeQuery`), so they take part in its transaction.
 */
import { CompiledQuery, type Insertable } from 'kysely';
import type { Database } from './schema.ts';
import type { Db } from './transaction.ts';
import { isPostgres } from './util.ts';

/** SQL texts kept (distinct table × columns × row count × suffix; issuance uses a few dozen). */
const KEPT = 600;
const texts = new Map<string, string>();
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function textOf(postgres: boolean, table: string, columns: string[], rowCount: number, suffix: string): string {
  const key = `${postgres ? 'p' : 's'} ${table} ${columns.join(',')} ${rowCount} ${suffix}`;
  let text = texts.get(key);
  if (text !== undefined) return text;
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`insertRows: not a plain identifier: ${name}`);
  const width = columns.length;
  const rows: string[] = [];
  for (let r = 0; r < rowCount; r++) {
    const marks = Array.from({ length: width }, (_, c) => (postgres ? `$${r * width + c + 1}` : '?'));
    rows.push(`(${marks.join(', ')})`);
  }
  text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${rows.join(', ')}${suffix ? ` ${suffix}` : ''}`;
  if (texts.size >= KEPT) texts.clear();
  texts.set(key, text);
  return text;
}

/**
 * Inserts `rows` into `table` in one statement. Every row has the same members in the same order (they come from one
 * row function); `suffix` is SQL appended as is (an ON CONFLICT or RETURNING clause, written by the caller).
 * Returns the rows a RETURNING clause gives.
 */
export async function insertRows<T extends keyof Database & string>(
  db: Db, table: T, rows: Insertable<Database[T]>[], suffix = '',
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!);
  const params: unknown[] = new Array(rows.length * columns.length);
  let k = 0;
  for (const row of rows) {
    const values = Object.values(row);
    if (values.length !== columns.length) throw new Error(`insertRows: rows of ${table} differ in their members`);
    for (const v of values) params[k++] = v;
  }
  const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(textOf(isPostgres(db), table, columns, rows.length, suffix), params));
  return result.rows;
}
