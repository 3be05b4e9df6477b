import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { createWalCheckpointer } from '../../src/db/sqlite-checkpointer.ts';

const THRESHOLD = 64 * 1024;
const ROWS = 400;
const ROW_TEXT = 'x'.repeat(1024);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mc-ckpt-'));
  dirs.push(dir);
  return join(dir, 'test.db');
}

const sizeOf = (path: string): number => statSync(path, { throwIfNoEntry: false })?.size ?? 0;

/** Waits until `done()` holds, running `step` between looks (the app keeps writing); fails after ~10 s. */
async function until(done: () => boolean, step: () => Promise<unknown> = async () => undefined): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) {
    await step();
    await new Promise((r) => setTimeout(r, 25));
  }
  expect(done()).toBe(true);
}

async function createTable(h: DatabaseHandle): Promise<void> {
  await sql`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`.execute(h.db);
}

async function writeRows(h: DatabaseHandle, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await sql`INSERT INTO notes (body) VALUES (${ROW_TEXT})`.execute(h.db);
}

async function countRows(h: DatabaseHandle): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM notes`.execute(h.db);
  return rows[0]!.n;
}

async function autocheckpointPages(h: DatabaseHandle): Promise<number> {
  const { rows } = await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(h.db);
  return rows[0]!.wal_autocheckpoint;
}

describe('background WAL checkpoints (SQLite)', () => {
  it('copies the WAL into the database on another thread once it passes the threshold, and the WAL restarts', async () => {
    const file = tempFile();
    const h = await openDatabase({ url: `sqlite:${file}`, checkpointWalBytes: THRESHOLD });
    try {
      expect(await autocheckpointPages(h)).toBe(0);
      await createTable(h);
      await writeRows(h, ROWS);
      // Nothing else copies pages into the database file: the connection's own checkpoint is off.
      await until(() => sizeOf(file) >= ROWS * ROW_TEXT.length && (h.walCheckpointer?.checkpoints ?? 0) > 0, () => writeRows(h, 1));
      expect(h.walCheckpointer?.running).toBe(true);
      // The thread started because the WAL had grown past the threshold; a write after a complete checkpoint starts
      // the WAL over and cuts the file back to it.
      await until(() => sizeOf(`${file}-wal`) <= THRESHOLD, () => writeRows(h, 1));
    } finally {
      await h.close();
    }
  });

  it('leaves all data visible to another connection, and close stops the thread so the WAL is removed', async () => {
    const file = tempFile();
    const h = await openDatabase({ url: `sqlite:${file}`, checkpointWalBytes: THRESHOLD });
    await createTable(h);
    await writeRows(h, ROWS);
    await until(() => (h.walCheckpointer?.checkpoints ?? 0) > 0, () => writeRows(h, 1));
    const written = await countRows(h);
    const other = await openDatabase({ url: `sqlite:${file}` });
    expect(await countRows(other)).toBe(written);
    await other.close();
    expect(existsSync(`${file}-wal`)).toBe(true);

    await h.close();
    expect(h.walCheckpointer?.running).toBe(false);
    // SQLite removes the WAL only when the last connection closes: the thread's connection is closed too.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = await openDatabase({ url: `sqlite:${file}` });
    expect(await countRows(reopened)).toBe(written);
    await reopened.close();
  });

  it('starts no thread while the WAL stays under the threshold', async () => {
    const file = tempFile();
    const h = await openDatabase({ url: `sqlite:${file}` });
    await createTable(h);
    await writeRows(h, 50);
    await until(() => sizeOf(`${file}-wal`) > 0);
    expect(h.walCheckpointer?.running).toBe(false);
    await h.close();
    expect(h.walCheckpointer?.checkpoints).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('never starts a thread for an in-memory database, which keeps its own checkpoint setting', async () => {
    const h = await openDatabase({ url: 'sqlite::memory:', checkpointWalBytes: 1 });
    try {
      await createTable(h);
      await writeRows(h, 50);
      expect(h.walCheckpointer).toBeUndefined();
      expect(await autocheckpointPages(h)).toBe(1000);
    } finally {
      await h.close();
    }
  });

  it('reports the error and hands checkpoints back to the connection when the thread dies', async () => {
    const file = tempFile();
    // A WAL past the threshold starts the thread; without the database file its connection fails to open.
    writeFileSync(`${file}-wal`, Buffer.alloc(4096));
    const errors: Error[] = [];
    let gaveUp = false;
    const checkpointer = createWalCheckpointer({
      file, thresholdBytes: 1024, truncateBytes: 1 << 20, inTransaction: () => false,
      onError: (err) => errors.push(err), onGiveUp: () => { gaveUp = true; },
    });
    checkpointer.noteWrite();
    await until(() => gaveUp);
    await checkpointer.stop();
    expect(errors.length).toBe(1);
    expect(checkpointer.running).toBe(false);
  });
});

describe('closing with nothing else on the event loop', () => {
  it('a script awaiting close() at top level after the thread started still closes cleanly (exit 0, no WAL left)', async () => {
    const file = tempFile();
    // Inside the checkout (tmp/ is ignored by git) so that the script resolves the project's packages.
    const scratch = new URL('../../tmp/', import.meta.url).pathname;
    mkdirSync(scratch, { recursive: true });
    const scriptDir = mkdtempSync(join(scratch, 'ckpt-close-'));
    dirs.push(scriptDir);
    const script = join(scriptDir, 'close.mts');
    const dbModule = new URL('../../src/db/database.ts', import.meta.url).href;
    writeFileSync(script, `
      import { sql } from 'kysely';
      import { openDatabase } from ${JSON.stringify(dbModule)};
      const h = await openDatabase({ url: 'sqlite:' + ${JSON.stringify(file)}, checkpointWalBytes: ${THRESHOLD} });
      await sql\`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)\`.execute(h.db);
      // The WAL size is looked at after a commit at most every 100 ms: keep writing until the thread has started.
      const until = Date.now() + 20000;
      while (!h.walCheckpointer?.running && Date.now() < until) await sql\`INSERT INTO notes (body) VALUES (\${'x'.repeat(1024)})\`.execute(h.db);
      if (!h.walCheckpointer?.running) throw new Error('the checkpointer never started');
      await h.close();
      console.log('closed');
    `);
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('closed');
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
