/**
 * Browser-test helpers: start the real server (`src/server.ts`) on a free loopback port with a temp SQLite
 * database, launch Debian's Chromium through playwright-core, check pages with axe-core, take screenshots.
 */
import { afterAll, beforeAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOT_DIR = join(ROOT, 'tmp/screenshots');

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export interface RunningServer {
  url: string;
  dataDir: string;
  /** Everything the server printed (stdout + stderr). */
  output(): string;
  /** The exit code once the process has ended (null while running or when killed by a signal). */
  exitCode(): number | null;
  stop(): Promise<void>;
}

/** Starts `src/server.ts` on a free loopback port with a fresh data directory; resolves when /health answers. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'mc-browser-'));
  const url = `http://127.0.0.1:${port}`;
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', MICROCRED_PUBLIC_URL: url, MICROCRED_DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${join(dataDir, 'microcred.db')}`, LOG_LEVEL: 'warn', MICROCRED_DEMO: 'false', MICROCRED_SMTP_URL: '', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url, dataDir, output: () => out, exitCode: () => child.exitCode,
    stop: () => new Promise<void>((res) => {
      if (child.exitCode !== null) return res();
      child.once('exit', () => res());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }),
  };
}

/** Launches Debian's Chromium (MICROCRED_CHROMIUM overrides the path). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.MICROCRED_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: Array<{ target: string[]; failureSummary?: string }> }

/** Runs axe-core (WCAG 2.1 A/AA rules) on the page and throws listing every violation. */
export async function expectNoAxeViolations(page: Page, context = ''): Promise<void> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  if (violations.length) {
    const text = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
    throw new Error(`axe found ${violations.length} accessibility violation(s) on ${context || page.url()}:\n${text}`);
  }
}

/** Saves a full-page screenshot to tmp/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9_-]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Screenshots the current page at desktop width (1280) and phone width (390). The phone shot renders the same
 * HTML in a fresh 390 px page on the same origin, so state shown only after a POST is kept.
 */
export async function screenshotBoth(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, `${name}-desktop`);
  if (size) await page.setViewportSize(size);
  const html = await page.content();
  const phone = await page.context().browser()!.newPage({ viewport: { width: 390, height: 844 } });
  try {
    await phone.goto(new URL('/health', page.url()).href);
    await phone.setContent(html, { waitUntil: 'load' });
    await screenshot(phone, `${name}-mobile`);
  } finally {
    await phone.close();
  }
}

/** Signs up a new issuer (a user who owns a new organization) through the sign-up page and waits for the dashboard. */
export async function signUpIssuer(page: Page, baseUrl: string, who: { name: string; email: string; organization: string }): Promise<void> {
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel('Your name').fill(who.name);
  await page.getByLabel(/^Email/).fill(who.email);
  await page.getByLabel('Password').fill('a long enough passphrase');
  await page.getByLabel('Organization name').fill(who.organization);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/dashboard$/);
}

export interface BrowserSession {
  server: RunningServer;
  browser: Browser;
  /** A desktop-sized (1280×800) page. */
  page: Page;
}

/**
 * Registers beforeAll/afterAll hooks that start the real server and Chromium with one desktop page, and stop both
 * afterwards; the returned object is filled in before the tests run.
 * @example const session = useBrowserSession({ timeoutMs: 15_000 });
 */
export function useBrowserSession(opts: { timeoutMs?: number; env?: Record<string, string> } = {}): BrowserSession {
  const session = {} as BrowserSession;
  beforeAll(async () => {
    session.server = await startServer(opts.env);
    session.browser = await launchBrowser();
    session.page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    session.page.setDefaultTimeout(opts.timeoutMs ?? 20_000);
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.stop();
  });
  return session;
}
