/**
 * Background WAL checkpoints for a SQLite file database.
 *
 * With SQLite's automatic checkpoint, the commit that takes the WAL past 1000 pages copies the pages into the
 * database and fsyncs it on the event loop (~10% of bulk issuance time, docs/decisions/004). Instead the main
 * connection runs with `wal_autocheckpoint=0` and this module checkpoints from a worker thread with its own
 * connection. PASSIVE checkpoints wait for no one, so neither the thread nor the event loop ever blocks on them;
 * once everything is copied, the main connection's next write restarts the WAL from its start and cuts the file
 * back to `journal_size_limit` (set to the threshold by the caller), so the file size tells how much is unchecked.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface WalCheckpointerOptions {
  /** The database file; its WAL is `<file>-wal`. */
  file: string;
  /** WAL size past which a checkpoint runs (and the thread starts, the first time). */
  thresholdBytes: number;
  /** WAL size past which the thread also runs a TRUNCATE checkpoint (see WORKER_SOURCE). */
  truncateBytes: number;
  /** Whether the main connection is inside a transaction (better-sqlite3's `inTransaction`). */
  inTransaction(): boolean;
  /** A checkpoint failed or the thread died; the app carries on either way. */
  onError(err: Error): void;
  /** The thread is gone for good: the main connection must checkpoint by itself again. */
  onGiveUp(): void;
}

/** What tests and diagnostics may see of a checkpointer. */
export interface WalCheckpointerStatus {
  /** Whether the thread is alive. */
  readonly running: boolean;
  /** Checkpoints the thread has finished (successfully or not). */
  readonly checkpoints: number;
}

export interface WalCheckpointer extends WalCheckpointerStatus {
  /** Call when a write statement is about to run: once it has committed, looks at the WAL size (at most every CHECK_INTERVAL_MS). */
  noteWrite(): void;
  /** Stops the thread and waits until its connection is closed, so the last close can remove the WAL. */
  stop(): Promise<void>;
}

/** How often, at most, a commit looks at the WAL size (one stat call). */
const CHECK_INTERVAL_MS = 100;
/** How long a TRUNCATE checkpoint waits for the write lock and for readers before it gives up until next time. */
const TRUNCATE_WAIT_MS = 100;

/** Slots of the memory shared with the thread. */
const PENDING = 0;
const DONE = 1;

/**
 * The thread, as plain CommonJS evaluated by Node: it needs no TypeScript loader, whichever one (tsx, vitest)
 * runs the app. It checkpoints when told to. It clears PENDING and counts DONE in shared memory rather than by
 * message: a bulk run can keep the main thread on one chain of promises for seconds without reaching the event
 * loop, and the next request must not wait for that. Only errors travel as messages.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const state = new Int32Array(workerData.state);
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    const wal = statSync(workerData.file + '-wal', { throwIfNoEntry: false });
    if (wal && wal.size > workerData.truncateBytes) {
      // Writes never left a gap for the WAL to restart in. TRUNCATE makes one: it holds the write lock while it copies
      // the few frames written since the PASSIVE pass, so the main thread's writes wait that long; it gives up after
      // a short wait for readers rather than make them wait longer.
      db.pragma('busy_timeout = ' + workerData.truncateWaitMs);
      try { db.pragma('wal_checkpoint(TRUNCATE)'); } finally { db.pragma('busy_timeout = 5000'); }
    }
  } catch (err) {
    parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
  Atomics.add(state, ${DONE}, 1);
  Atomics.store(state, ${PENDING}, 0);
});
`;

/**
 * A checkpointer for one database file. It starts no thread until the WAL first passes the threshold, so tests
 * and short CLI runs never spawn one; the thread is unref'd, so it never keeps the process alive.
 */
export function createWalCheckpointer(opts: WalCheckpointerOptions): WalCheckpointer {
  const file = resolve(opts.file);
  const walFile = `${file}-wal`;
  let worker: Worker | undefined;
  let exited: Promise<void> | undefined;
  let gaveUp = false;
  let stopping = false;
  const state = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  let nextCheckAt = 0;
  let checkQueued = false;

  /**
   * Runs right after the write statement: a checkpoint started then can catch up with the WAL before the next
   * transaction, and only a transaction that starts on a fully checkpointed WAL restarts it from the beginning.
   * Started in the middle of a transaction, it would always end one commit behind.
   */
  const checkAfterCommit = (): void => {
    checkQueued = false;
    if (stopping || gaveUp || opts.inTransaction()) return;
    nextCheckAt = performance.now() + CHECK_INTERVAL_MS;
    const size = statSync(walFile, { throwIfNoEntry: false })?.size ?? 0;
    if (size <= opts.thresholdBytes) return;
    worker ??= start();
    Atomics.store(state, PENDING, 1);
    worker.postMessage('checkpoint');
  };

  const giveUp = (err: Error): void => {
    if (gaveUp) return;
    gaveUp = true;
    opts.onError(err);
    if (!stopping) opts.onGiveUp();
  };

  const start = (): Worker => {
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      // The app's own flags (`--import tsx`) are not needed to run plain JavaScript.
      execArgv: [],
      workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3'), truncateBytes: opts.truncateBytes, truncateWaitMs: TRUNCATE_WAIT_MS, state: state.buffer },
    });
    w.unref();
    w.on('message', (reply: { error: string }) => opts.onError(new Error(`background WAL checkpoint failed: ${reply.error}`)));
    w.on('error', (err) => giveUp(err));
    exited = new Promise((done) => w.once('exit', (code) => {
      worker = undefined;
      if (!stopping) giveUp(new Error(`background WAL checkpointer exited with code ${code}`));
      done();
    }));
    return w;
  };

  return {
    get running() { return worker !== undefined; },
    get checkpoints() { return Atomics.load(state, DONE); },
    noteWrite() {
      if (checkQueued || Atomics.load(state, PENDING) === 1 || performance.now() < nextCheckAt) return;
      // Kysely runs the statement synchronously right after preparing it, so a microtask sees it done.
      checkQueued = true;
      queueMicrotask(checkAfterCommit);
    },
    async stop() {
      stopping = true;
      // Held until it exits: with nothing else left on the event loop, an unref'd thread would let the process end
      // before the close that follows (exit code 13 under a top-level await).
      worker?.ref();
      worker?.postMessage('stop');
      await exited;
    },
  };
}
