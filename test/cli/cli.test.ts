// The CLI spawned as a user runs it (`node bin/microcred.js …`): output, files and exit codes.
import { describe, expect, it, beforeAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, readStandardsJson, standardsPath } from '../helpers/standards.ts';

const BIN = join(REPO_ROOT, 'bin', 'microcred.js');
const V = 'vectors/1edtech-validator/ob30';

function run(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? REPO_ROOT, input: opts.input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'microcred-cli-'));
});

describe('microcred verify', () => {
  it('prints a readable report and exits 0 for a valid vector, 1 for an expired one (one run, two files)', () => {
    const ok = run(['verify', standardsPath(`${V}/valid-vc2/simple.json`)]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('✓ proof');
    expect(ok.stdout).toContain('✓ VALID');
    const both = run(['verify', standardsPath(`${V}/valid-vc2/simple.json`), standardsPath(`${V}/negative/simple-err-expired.json`)]);
    expect(both.code).toBe(1);
    expect(both.stdout).toMatch(/✗ validity_window\s+The credential expired on 2010-01-01T00:00:00Z\./);
    expect(both.stdout).toContain('✗ INVALID');
  });

  it('exits 3 when something could not be checked (status list offline) and reads stdin with -', () => {
    const text = readFileSync(standardsPath(`${V}/status-list/credential-status-revoked.json`), 'utf8');
    const r = run(['verify', '--offline', '-'], { input: text });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/\? revocation_status/);
    expect(r.stdout).toContain('COULD NOT CHECK');
  });

  it('--json prints the check log of a baked PNG; a tampered signature fails on proof', () => {
    const r = run(['verify', '--json', standardsPath(`${V}/baked/simple-json.png`)]);
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout);
    expect(log.format).toBe('png');
    expect(log.summary).toBe('valid');
    expect(log.checks.map((c: { id: string }) => c.id)).toEqual([
      'parse', 'jsonld_valid', 'context_and_type', 'ob_schema', 'proof', 'issuer_key_controller', 'validity_window', 'revocation_status', 'suspension_status',
    ]);
    const bad = run(['verify', '--json', standardsPath(`${V}/negative/simple-err-proof-value.json`)]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).checks.find((c: { id: string }) => c.id === 'proof').status).toBe('invalid');
  });

  it('`npx microcred verify` reads every shipped vector in one run and reports each', () => {
    const files = ['valid-vc2', 'negative', 'baked', 'legacy-vc11', 'status-list'].flatMap((d) =>
      readdirSync(standardsPath(`${V}/${d}`)).filter((f) => /\.(json|jwt|png|svg)$/.test(f)).map((f) => standardsPath(`${V}/${d}/${f}`)));
    expect(files.length).toBeGreaterThan(40);
    const r = spawnSync('npx', ['--no-install', 'microcred', 'verify', '--json', '--offline', ...files], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(1);
    const results = JSON.parse(r.stdout) as { input: string; summary: string; checks: { id: string; status: string }[] }[];
    expect(results.map((x) => x.input)).toEqual(files);
    const byName = (n: string) => results.find((x) => x.input.endsWith(n))!;
    expect(byName('valid-vc2/simple.json').summary).toBe('valid');
    expect(byName('negative/simple-err-proof-value.json').summary).toBe('invalid');
    expect(byName('status-list/credential-status-revoked.json').summary).toBe('unknown');
    for (const x of results) expect(x.checks[0]!.id).toBe('parse');
  }, 180_000);

  it('verifies a credential served at a URL (private addresses only when allowed)', async () => {
    const body = readFileSync(standardsPath(`${V}/valid-vc2/simple.json`));
    const server = http.createServer((_req, res) => res.end(body));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/simple.json`;
    try {
      const run2 = (args: string[]) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      const ok = await run2(['verify', '--allow-private-addresses', url]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('✓ VALID');
      const refused = await run2(['verify', url]);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(/could not fetch .*private address/);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      server.close();
    }
  }, 120_000);

  it('usage errors: one line on stderr and exit 2', () => {
    for (const args of [['verify'], ['verify', join(dir, 'missing.json')], ['verify', '--now', 'yesterday', 'x.json'], ['frobnicate']]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('microcred keys, sign, bake, unbake', () => {
  it('generates a key (0600), signs several credentials in every format, and they verify', () => {
    const key = join(dir, 'ed.json');
    const gen = run(['keys', 'generate', '--out', key]);
    expect(gen.code).toBe(0);
    const pub = JSON.parse(gen.stdout);
    expect(pub.controller).toMatch(/^did:key:z6Mk/);
    expect(pub.id).toBe(`${pub.controller}#${pub.controller.slice(8)}`);
    expect(pub).not.toHaveProperty('secretKeyMultibase');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(run(['keys', 'generate', '--out', key]).code).toBe(2);

    const unsigned = readStandardsJson('examples/ob-spec/basicOpenBadgeCredential--sample-openbadgecredential.json');
    delete unsigned.proof;
    delete unsigned.issuer.id;
    writeFileSync(join(dir, 'a.json'), JSON.stringify(unsigned));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ ...unsigned, id: 'urn:uuid:4e1f0d5c-2b59-4f0e-9a57-3d8c1b2e7f01' }));
    const out = join(dir, 'signed');
    for (const format of ['eddsa-rdfc-2022', 'eddsa-jcs-2022']) {
      const s = run(['sign', join(dir, 'a.json'), join(dir, 'b.json'), '--key', key, '--out', join(out, format), '--format', format]);
      expect(s.code, s.stderr).toBe(0);
      const signed = JSON.parse(readFileSync(join(out, format, 'a.json'), 'utf8'));
      expect(signed.issuer.id).toBe(pub.controller);
      expect(signed.proof.cryptosuite).toBe(format);
    }
    const v = run(['verify', join(out, 'eddsa-rdfc-2022', 'a.json'), join(out, 'eddsa-rdfc-2022', 'b.json'), join(out, 'eddsa-jcs-2022', 'a.json')]);
    expect(v.code, v.stdout).toBe(0);

    for (const [type, format] of [['p-256', 'vc-jwt-es256'], ['rsa', 'vc-jwt-rs256']] as const) {
      const k = join(dir, `${type}.json`);
      expect(run(['keys', 'generate', '--out', k, '--type', type]).code).toBe(0);
      const s = run(['sign', join(dir, 'a.json'), '--key', k, '--out', join(out, format), '--format', format]);
      expect(s.code, s.stderr).toBe(0);
      const jwt = join(out, format, 'a.jwt');
      const r = run(['verify', '--json', jwt]);
      expect(r.code, r.stdout).toBe(0);
      expect(JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === 'issuer_key_controller').status).toBe('valid');
    }
    // A key of the wrong type for the format is a usage error.
    expect(run(['sign', join(dir, 'a.json'), '--key', key, '--out', out, '--format', 'vc-jwt-es256']).code).toBe(2);

    // Bake into the 1EdTech sample PNG's pixels (re-baking replaces its credential), unbake, verify the image.
    const png = join(dir, 'baked.png');
    const b = run(['bake', join(out, 'eddsa-rdfc-2022', 'a.json'), standardsPath(`${V}/baked/simple-json.png`), '--out', png]);
    expect(b.code, b.stderr).toBe(0);
    const u = run(['unbake', png]);
    expect(u.code).toBe(0);
    expect(JSON.parse(u.stdout).issuer.id).toBe(pub.controller);
    expect(run(['verify', png]).code).toBe(0);
    expect(run(['unbake', join(dir, 'a.json')]).code).toBe(2);
  }, 240_000);
});
