/** The real process: starts on a free port (migrations, banner), answers, and stops cleanly; bad config exits 2. */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from './helpers/browser.ts';

const ROOT = resolve(import.meta.dirname, '..');

describe('src/server.ts', () => {
  it('starts, creates the master key file, prints its URL, serves, and shuts down gracefully on SIGTERM', async () => {
    const server = await startServer();
    try {
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', database: 'sqlite' });
      expect(server.output()).toContain('microcred is running at');
      expect(server.output()).toContain('/dev/mailbox');
      const keyFile = join(server.dataDir, 'master.key');
      expect(existsSync(keyFile)).toBe(true);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    } finally {
      await server.stop();
    }
    // SIGTERM: the app, the job runner and the database close, then the process exits 0 (not killed).
    expect(server.exitCode()).toBe(0);
  });

  it('refuses to start with an invalid variable, naming it, exit code 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT, env: { ...process.env, PORT: 'not-a-port', MICROCRED_DATA_DIR: '/tmp/mc-never' }, encoding: 'utf8', timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('microcred: PORT: must be a whole number between 0 and 65535, got "not-a-port".');
  });
});
