/**
 * Benchmark: the per-request cost of the platform shell — resolving a session cookie and an API token,
 * a whole authenticated request through Fastify (`inject`), and durable job pickup — on SQLite, and on
 * PostgreSQL when MICROCRED_TEST_DATABASE_URL is set. Prints operations per second.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openDatabase, type DialectName } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildServer } from '../src/http/build-server.ts';
import { JobRunner } from '../src/jobs/runner.ts';
import { loadConfig } from '../src/services/config.ts';
import { createServices } from '../src/services/container.ts';
import { CapturingMailer } from '../src/services/mailer.ts';

type Figures = Record<string, number>;

async function rate(out: Figures, label: string, n: number, fn: (i: number) => Promise<unknown>, concurrency = 1): Promise<void> {
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await fn(next++);
  }));
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  out[label] = n / secs;
  console.log(`  ${label.padEnd(52)} ${String(Math.round(n / secs)).padStart(7)} /s  (${n} in ${secs.toFixed(2)} s)`);
}

async function benchDialect(dialect: DialectName, url: string): Promise<Figures> {
  const out: Figures = {};
  const schema = dialect === 'postgres' ? `bench_${Date.now().toString(36)}` : undefined;
  const handle = await openDatabase({ url, ...(schema ? { schema } : {}) });
  await migrateToLatest(handle.db);
  const config = loadConfig({
    MICROCRED_MASTER_KEY: '6b'.repeat(32), MICROCRED_DATA_DIR: mkdtempSync(join(tmpdir(), 'mc-bench-')), LOG_LEVEL: 'silent', DATABASE_URL: url,
  });
  const services = await createServices(config, { handle, logger: pino({ level: 'silent' }), mailer: new CapturingMailer() });
  console.log(`platform shell on ${dialect}`);
  try {
    const { user, organization } = await services.accounts.signUp({ name: 'Bench', email: 'bench@example.org', password: 'a long passphrase', organizationName: 'Bench Org' });
    const owner = { userId: user.id, organizationId: organization!.id, role: 'owner' as const, scopes: [] };
    const session = await services.sessions.create(user.id);
    const { secret } = await services.apiTokens.create(owner, { name: 'bench', scopes: ['credentials:read'] });
    await rate(out, 'resolve session cookie (service)', 2000, () => services.sessions.resolve(session.token));
    await rate(out, 'resolve API token (service)', 2000, () => services.sessions.resolveApiToken(secret));
    const app = await buildServer(services);
    await app.ready();
    await rate(out, 'GET /api/v1/me with bearer token (inject, 8 concurrent)', 3000, () => app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } }), 8);
    await rate(out, 'GET /health (inject, 8 concurrent)', 3000, () => app.inject({ url: '/health' }), 8);
    await app.close();
    const N = 2000;
    for (let i = 0; i < N; i++) await services.jobs.enqueue({ kind: 'noop', payload: { i }, organizationId: organization!.id });
    const a = new JobRunner(services.deps).register('noop', async () => null);
    const b = new JobRunner(services.deps).register('noop', async () => null);
    const start = process.hrtime.bigint();
    const [na, nb] = await Promise.all([a.runUntilIdle(), b.runUntilIdle()]);
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    out['job pickup + completion (two runners)'] = N / secs;
    console.log(`  ${'job pickup + completion (two runners, no-op jobs)'.padEnd(52)} ${String(Math.round(N / secs)).padStart(7)} /s  (${na} + ${nb} jobs)`);
  } finally {
    if (schema) await handle.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await handle.close();
  }
  return out;
}

/** Runs the platform-shell benchmark on SQLite (a temp file) and PostgreSQL when configured. */
export async function runPlatformShellBench(): Promise<Record<string, Figures>> {
  const result: Record<string, Figures> = {};
  result.sqlite = await benchDialect('sqlite', `sqlite:${join(mkdtempSync(join(tmpdir(), 'mc-bench-db-')), 'bench.db')}`);
  const pg = process.env.MICROCRED_TEST_DATABASE_URL;
  if (pg) result.postgres = await benchDialect('postgres', pg);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) await runPlatformShellBench();
