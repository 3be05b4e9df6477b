/**
 * Verification throughput through the HTTP API (issue 7): `POST /api/v1/verify` on a loopback port with several
 * concurrent keep-alive clients, credentials/s and latency percentiles, next to the engine's own rate for the
 * same credentials (`verifyCredential` in-process, the full check log) and the proof check alone. Credentials are
 * issued by the platform, so each carries a status entry resolved in-process. The server runs in a child process
 * (its own core); the figures include JSON parsing, Fastify, schema validation and the check log.
 */
import http from 'node:http';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { verifyCredential } from '../src/core/verify/index.ts';
import { verifyDataIntegrity } from '../src/core/proofs/index.ts';
import { buildServer } from '../src/http/build-server.ts';
import { loadConfig } from '../src/services/config.ts';
import { createServices } from '../src/services/container.ts';
import { CapturingMailer } from '../src/services/mailer.ts';
import { VerificationService } from '../src/services/verification.service.ts';
import { freshDatabase } from '../test/helpers/db.ts';
import { createIssuerOrg, createMicroCredential } from '../test/helpers/issuance.ts';

const fmt = (n: number, d = 0) => n.toFixed(d).padStart(9);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function rate(ms: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 10; i++) await fn(i);
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < ms) await fn(n++);
  return (n * 1000) / (performance.now() - t0);
}

function post(agent: http.Agent, port: number, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/verify', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `clients` concurrent keep-alive clients for `ms`; returns credentials/s and latencies (ms). */
async function load(port: number, bodies: string[], clients: number, ms: number): Promise<{ perSec: number; lat: number[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const deadline = t0 + ms;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < deadline) {
      const s = performance.now();
      const r = await post(agent, port, bodies[next++ % bodies.length]!);
      if (r.status !== 200 || !r.text.includes('"summary":"valid"')) throw new Error(`unexpected answer ${r.status}: ${r.text.slice(0, 200)}`);
      lat.push(performance.now() - s);
    }
  }));
  const elapsed = performance.now() - t0;
  agent.destroy();
  return { perSec: (lat.length * 1000) / elapsed, lat: lat.sort((a, b) => a - b) };
}

/** A platform over a fresh SQLite database with 32 issued credentials (each with a status entry). */
async function setup() {
  const handle = await freshDatabase('sqlite');
  const config = loadConfig({
    MICROCRED_MASTER_KEY: '6b'.repeat(32), MICROCRED_PUBLIC_URL: 'https://badges.example.edu', MICROCRED_DATA_DIR: mkdtempSync(join(tmpdir(), 'mc-bench-')),
    LOG_LEVEL: 'silent', MICROCRED_DEMO: 'false',
  });
  const services = await createServices(config, { handle, mailer: new CapturingMailer(), logger: pino({ level: 'silent' }) });
  // One client address would hit the public per-client limit (60/min) at once; the benchmark measures the engine.
  services.verification = new VerificationService({
    db: services.deps.db, clock: services.deps.clock, config, logger: services.deps.logger, statusLists: services.statusLists,
    issuerIdentity: services.issuerIdentity, rateLimitPerMinute: 1_000_000_000,
  });
  const { auth } = await createIssuerOrg(services);
  const achievementId = await createMicroCredential(services, auth);
  const docs: Record<string, unknown>[] = [];
  for (let i = 0; i < 32; i++) {
    const { credential } = await services.issuance.issueCredential(auth, { achievementId, recipient: { email: `learner${i}@example.org`, name: `Learner ${i}` }, results: [] }, { source: 'api' });
    docs.push(credential.document as Record<string, unknown>);
  }
  return { services, docs, close: () => handle.close() };
}

/** Prints HTTP verification throughput and latency next to the engine's in-process rates. */
export async function runVerifyHttpBench(opts: { ms?: number; concurrency?: number[] } = {}): Promise<{ engine: number; http: Record<number, number> }> {
  const ms = opts.ms ?? 4000;
  const concurrency = opts.concurrency ?? [1, 8, 32];
  console.log(`\n== Verification through the HTTP API (POST /api/v1/verify on loopback, ${ms} ms per line) ==`);
  const { services, docs, close } = await setup();
  const cases: [string, (i: number) => Promise<unknown>][] = [
    ['engine: proof only (verifyDataIntegrity)', (i) => verifyDataIntegrity(docs[i % docs.length]!)],
    ['engine: full check log, offline (verifyCredential)', (i) => verifyCredential(docs[i % docs.length]!, { now: new Date() })],
    ['service: full check log + own status list', async (i) => {
      const r = await services.verification.verifyInput(docs[i % docs.length]!);
      if (r.summary !== 'valid') throw new Error(`engine verify: ${JSON.stringify(r.checks.filter((c) => c.status !== 'valid'))}`);
    }],
  ];
  // The HTTP server runs in its own process (as in production), so clients and server do not share a core.
  const server = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let httpBodies: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d) => {
      out += d;
      const m = /credentials (\S+)\nlistening on (\d+)/.exec(out);
      if (m) {
        httpBodies = (JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')) as unknown[]).map((d) => JSON.stringify({ credential: d }));
        resolve(Number(m[2]));
      }
    });
    server.on('exit', (code) => reject(new Error(`benchmark server exited (${code})`)));
  });
  const httpRates: Record<number, number> = {};
  // Interleaved rounds, so load from elsewhere on the machine touches every line alike.
  const rounds = 4;
  const inProcess = cases.map(() => ({ ops: 0, ms: 0 }));
  const overHttp = concurrency.map(() => ({ ops: 0, ms: 0, lat: [] as number[] }));
  let engine = 0;
  try {
    for (let r = 0; r < rounds; r++) {
      for (const [k, [, fn]] of cases.entries()) {
        const perSec = await rate(ms / rounds, fn);
        inProcess[k]!.ops += (perSec * ms) / rounds / 1000;
        inProcess[k]!.ms += ms / rounds;
      }
      for (const [k, c] of concurrency.entries()) {
        const res = await load(port, httpBodies, c, ms / rounds);
        overHttp[k]!.ops += res.lat.length;
        overHttp[k]!.ms += (res.lat.length * 1000) / res.perSec;
        overHttp[k]!.lat.push(...res.lat);
      }
    }
    console.log(`  ${'what'.padEnd(52)} ${'creds/s'.padStart(9)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)}`);
    for (const [k, [label]] of cases.entries()) {
      const perSec = (inProcess[k]!.ops * 1000) / inProcess[k]!.ms;
      if (k === 2) engine = perSec;
      console.log(`  ${label.padEnd(52)} ${fmt(perSec)}`);
    }
    for (const [k, c] of concurrency.entries()) {
      const h = overHttp[k]!;
      const lat = h.lat.sort((a, b) => a - b);
      httpRates[c] = (h.ops * 1000) / h.ms;
      console.log(`  ${`HTTP, ${c} concurrent client${c > 1 ? 's' : ''}`.padEnd(52)} ${fmt(httpRates[c]!)} ${fmt(pct(lat, 50), 1)} ${fmt(pct(lat, 99), 1)}`);
    }
    const best = Math.max(...Object.values(httpRates));
    console.log(`  HTTP peak is ${((best / engine) * 100).toFixed(0)}% of the in-process service rate on one core (same checks; server in its own process).`);
  } finally {
    server.kill('SIGTERM');
    await close();
  }
  return { engine, http: httpRates };
}

/** `--serve`: the server side of the benchmark, in its own process; prints its port and runs until killed. */
async function serve(): Promise<void> {
  const { services, docs } = await setup();
  const app = await buildServer(services);
  await app.listen({ host: '127.0.0.1', port: 0 });
  // The credentials this server issued (their status lists live in its database), then the port.
  process.stdout.write(`credentials ${Buffer.from(JSON.stringify(docs)).toString('base64')}\nlistening on ${(app.server.address() as AddressInfo).port}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await (process.argv.includes('--serve') ? serve() : runVerifyHttpBench());
