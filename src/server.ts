/**
 * The one process that listens: load the config (environment, then `.env`), open the database, run migrations, seed the demo
 * institution on an empty database (when MICROCRED_DEMO is on and src/services/demo-seed.ts exists),
 * start the job runner, listen, print the URL, and shut down gracefully on SIGINT/SIGTERM.
 */
import { existsSync } from 'node:fs';
import { AppError } from './core/errors.ts';
import { migrateToLatest } from './db/migrate.ts';
import { purgeRateLimits } from './db/repositories/rate-limits.repository.ts';
import { buildServer } from './http/build-server.ts';
import { registerJobHandlers } from './jobs/index.ts';
import { JobRunner } from './jobs/runner.ts';
import { loadConfig, readEnvFile } from './services/config.ts';
import { closeServices, createServices, type Services } from './services/container.ts';

/** What the optional demo seed returns for the start-up banner. */
interface DemoSeedResult { signIn?: { email: string; password: string }; signIns?: Array<{ label: string; email: string; password: string }>; lines?: string[] }

async function seedDemoIfPresent(services: Services): Promise<DemoSeedResult | undefined> {
  const file = new URL('./services/demo-seed.ts', import.meta.url);
  if (!existsSync(file)) return undefined;
  if (!(await services.accounts.isEmpty())) return undefined;
  const mod = (await import(file.href)) as { seedDemo?: (s: Services) => Promise<DemoSeedResult | void> };
  if (typeof mod.seedDemo !== 'function') return undefined;
  return (await mod.seedDemo(services)) ?? {};
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig({ ...readEnvFile('.env'), ...process.env });
  } catch (e) {
    process.stderr.write(`microcred: ${e instanceof AppError ? e.message : String(e)}\n`);
    process.exit(2);
  }
  const services = await createServices(config);
  const { logger } = services;
  const { applied } = await migrateToLatest(services.handle.db);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  const demo = config.demo ? await seedDemoIfPresent(services) : undefined;
  const app = await buildServer(services);
  const runner = registerJobHandlers(new JobRunner(services.deps), services);
  runner.start();
  const purge = setInterval(() => {
    services.sessions.purgeExpired().catch((e: unknown) => logger.warn({ err: e }, 'session purge failed'));
    // Rate-limit counters of ended windows (decision 006).
    purgeRateLimits(services.deps.db, services.deps.clock.now().getTime()).catch((e: unknown) => logger.warn({ err: e }, 'rate-limit purge failed'));
  }, 3_600_000);
  purge.unref();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    clearInterval(purge);
    try {
      await app.close();
      await runner.stop();
      await closeServices(services);
    } finally {
      clearTimeout(force);
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const local = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  const lines = [
    `microcred is running at ${local}` + (config.publicUrl !== local ? ` (public URL ${config.publicUrl})` : ''),
    `  database: ${services.deps.dialect}${services.deps.dialect === 'sqlite' ? ` (${config.databaseUrl.replace(/^sqlite:/, '')})` : ''}`,
    `  API docs: ${local}/docs · health: ${local}/health`,
    ...(services.mailbox.enabled ? [`  mail: no SMTP configured; see ${local}/dev/mailbox`] : []),
    ...(!services.mailer.delivers && !services.mailbox.enabled ? [`  mail: no SMTP configured; messages are kept in ${config.dataDir}/outbox (set MICROCRED_SMTP_URL)`] : []),
    ...(demo?.signIn ? [`  demo sign-in: ${demo.signIn.email} / ${demo.signIn.password}`] : []),
    ...(demo?.signIns ?? []).map((s) => `  demo sign-in (${s.label}): ${s.email} / ${s.password}`),
    ...(demo?.lines ?? []).map((l) => `  ${l}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((e) => {
  process.stderr.write(`microcred failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
