/**
 * The whole app for HTTP tests: a fresh migrated database of a dialect, every service with a fixed
 * (movable) clock and a capturing mailer, the Fastify app (not listening) and a job runner.
 * Helpers sign up issuers, sign in (cookie + CSRF token) and create API tokens through the real routes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { DialectName } from '../../src/db/database.ts';
import { buildServer } from '../../src/http/build-server.ts';
import type { App } from '../../src/http/types.ts';
import { registerJobHandlers } from '../../src/jobs/index.ts';
import { JobRunner } from '../../src/jobs/runner.ts';
import { loadConfig } from '../../src/services/config.ts';
import { createServices, type Services } from '../../src/services/container.ts';
import { CapturingMailer, OutboxMailer } from '../../src/services/mailer.ts';
import { freshDatabase } from './db.ts';

export const TEST_MASTER_KEY = '6b'.repeat(32);

/** A clock tests can move. */
export function fixedClock(start = '2026-12-04T20:00:00.000Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms), set: (iso: string) => void (t = Date.parse(iso)) };
}

export interface TestApp {
  app: App;
  services: Services;
  mailer: CapturingMailer;
  clock: ReturnType<typeof fixedClock>;
  runner: JobRunner;
  /** Runs queued jobs until none is due. */
  runJobsUntilIdle(): Promise<number>;
  close(): Promise<void>;
}

export interface BuildTestAppOptions {
  dialect?: DialectName;
  publicUrl?: string;
  clock?: ReturnType<typeof fixedClock>;
  env?: Record<string, string>;
}

/** Builds the app over a fresh database with a fixed clock and a capturing mailer (mail also lands in the outbox). */
export async function buildTestApp(opts: BuildTestAppOptions = {}): Promise<TestApp> {
  const handle = await freshDatabase(opts.dialect ?? 'sqlite');
  const dataDir = mkdtempSync(join(tmpdir(), 'mc-app-'));
  const config = loadConfig({
    MICROCRED_MASTER_KEY: TEST_MASTER_KEY, MICROCRED_PUBLIC_URL: opts.publicUrl ?? 'http://localhost:3000', MICROCRED_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent', MICROCRED_DEMO: 'false', ...opts.env,
  });
  const clock = opts.clock ?? fixedClock();
  let mailer!: CapturingMailer;
  const services = await createServices(config, {
    handle, clock, logger: pino({ level: 'silent' }),
    mailer: (chosen) => (mailer = chosen instanceof OutboxMailer ? new CapturingMailer(chosen) : new CapturingMailer(undefined, chosen.delivers)),
  });
  const app = await buildServer(services);
  await app.ready();
  const runner = registerJobHandlers(new JobRunner(services.deps), services);
  return {
    app, services, mailer, clock, runner,
    runJobsUntilIdle: () => runner.runUntilIdle(),
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

/** A signed-in browser-like client: session cookie plus the session's CSRF token. */
export interface Client {
  cookie: string;
  csrf: string;
  userId: string;
  email: string;
}

let counter = 0;

/** Signs up a new issuer (user + organization as owner) through the sign-up form and returns the session. */
export async function signUpIssuer(t: TestApp, opts: { name?: string; email?: string; org?: string; password?: string } = {}): Promise<Client> {
  counter++;
  const email = opts.email ?? `owner${counter}@example.org`;
  const password = opts.password ?? 'correct horse battery';
  const anon = await t.app.inject({ method: 'GET', url: '/signup' });
  const csrfCookie = anon.cookies.find((c) => c.name === 'mc_csrf')!.value;
  const res = await t.app.inject({
    method: 'POST', url: '/signup', cookies: { mc_csrf: csrfCookie },
    payload: new URLSearchParams({ _csrf: csrfCookie, name: opts.name ?? `Owner ${counter}`, email, password, accountType: 'issuer', organizationName: opts.org ?? `Institute ${counter}` }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (res.statusCode !== 303) throw new Error(`sign-up failed: ${res.statusCode} ${res.body.slice(0, 500)}`);
  const cookie = res.cookies.find((c) => c.name === 'mc_session')!.value;
  return sessionClient(t, cookie, email);
}

/** Builds a Client from a session cookie value. */
export async function sessionClient(t: TestApp, cookie: string, email: string): Promise<Client> {
  const s = await t.services.sessions.resolve(cookie);
  if (!s) throw new Error('no session');
  return { cookie, csrf: s.csrfToken, userId: s.auth.userId!, email };
}

/** Form POST as a signed-in client (CSRF field included unless `csrf: false`). */
export function postForm(t: TestApp, c: Client, url: string, fields: Record<string, string | string[]>, opts: { csrf?: boolean } = {}) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of ([] as string[]).concat(v)) body.append(k, x);
  if (opts.csrf !== false) body.append('_csrf', c.csrf);
  return t.app.inject({ method: 'POST', url, cookies: { mc_session: c.cookie }, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
}

/** Creates an API token through the JSON API and returns its secret. */
export async function createApiToken(t: TestApp, c: Client, scopes: string[], name = 'test token'): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/api-tokens', cookies: { mc_session: c.cookie }, headers: { 'x-csrf-token': c.csrf }, payload: { name, scopes } });
  if (res.statusCode !== 201) throw new Error(`token creation failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { secret: string }).secret;
}
