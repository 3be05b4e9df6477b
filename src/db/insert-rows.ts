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

/** A SQL expression in place of a value in a `PgStatement` row (its own values added with the statement's `param`). */
export class SqlExpr {
  constructor(readonly sql: string) {}
}

/**
 * One PostgreSQL statement that writes several tables: each part a data-modifying common table expression
 * (`name as (insert … returning …)`), then a final select. A single statement is atomic without a transaction block
 * and travels in one round trip: the server runs all of it and commits once, where a transaction of one statement per
 * table waits for a round trip (and a turn of this thread's event loop) per statement. Parameters are numbered as they
 * are added; a row value may be a `SqlExpr` (a subquery on an earlier part, say).
 */
export class PgStatement {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  /** The placeholder of a new parameter holding `value`. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /**
   * A VALUES list of `rows` (every row with the same members in the same order) and its quoted column names. `casts`
   * types columns by a cast in the first row, which sets a column's type where no target column does (a VALUES list
   * read by a select or a join).
   */
  values(rows: Record<string, unknown>[], casts: Record<string, string> = {}): { columns: string; sql: string } {
    if (rows.length === 0) throw new Error('PgStatement: a VALUES list needs rows');
    const names = Object.keys(rows[0]!);
    for (const id of names) if (!IDENTIFIER.test(id)) throw new Error(`PgStatement: not a plain identifier: ${id}`);
    const lists = rows.map((row, k) => {
      const vs = Object.values(row);
      if (vs.length !== names.length) throw new Error('PgStatement: rows differ in their members');
      return `(${vs.map((v, c) => {
        const sql = v instanceof SqlExpr ? v.sql : this.param(v);
        const cast = k === 0 ? casts[names[c]!] : undefined;
        return cast ? `${sql}::${cast}` : sql;
      }).join(', ')})`;
    });
    return { columns: names.map((c) => `"${c}"`).join(', '), sql: `values ${lists.join(', ')}` };
  }

  /** Adds `name as (insert into table (…) values … suffix)`; every row has the same members in the same order. */
  insert<T extends keyof Database & string>(name: string, table: T, rows: { [K in keyof Insertable<Database[T]>]: Insertable<Database[T]>[K] | SqlExpr }[], suffix: string): this {
    if (!IDENTIFIER.test(table)) throw new Error(`PgStatement: not a plain identifier: ${table}`);
    const { columns, sql } = this.values(rows as Record<string, unknown>[]);
    return this.with(name, `insert into "${table}" (${columns}) ${sql} ${suffix}`);
  }

  /** Adds `name as (text)`. */
  with(name: string, text: string): this {
    if (!IDENTIFIER.test(name)) throw new Error(`PgStatement: not a plain identifier: ${name}`);
    this.parts.push(`${name} as (${text})`);
    return this;
  }

  /** Runs the statement ending in `select` (which may read the parts); returns its rows. */
  async rows<R>(db: Db, select: string): Promise<R[]> {
    const text = this.parts.length > 0 ? `with ${this.parts.join(', ')} ${select}` : select;
    return (await db.executeQuery<R>(CompiledQuery.raw(text, this.params))).rows;
  }
}
