import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import { loadConfig, parseMasterKey } from '../../src/services/config.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('applies defaults and freezes the result', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc-cfg-'));
    const c = loadConfig({ MICROCRED_MASTER_KEY: KEY }, { cwd: dir });
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.publicUrlIsHttps).toBe(false);
    expect(c.databaseUrl).toBe(`sqlite:${join(dir, 'data', 'microcred.db')}`);
    expect(c.demo).toBe(true);
    expect(c.smtpUrl).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('strips the trailing slash of the public URL and detects https', () => {
    const c = loadConfig({ MICROCRED_MASTER_KEY: KEY, MICROCRED_PUBLIC_URL: 'https://badges.example.edu/', PORT: '8080' });
    expect(c.publicUrl).toBe('https://badges.example.edu');
    expect(c.publicUrlIsHttps).toBe(true);
    expect(c.port).toBe(8080);
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['MICROCRED_PUBLIC_URL', { MICROCRED_PUBLIC_URL: 'not a url' }],
    ['MICROCRED_PUBLIC_URL', { MICROCRED_PUBLIC_URL: 'ftp://x.example' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db' }],
    ['MICROCRED_MASTER_KEY', { MICROCRED_MASTER_KEY: 'c2hvcnQ=' }],
    ['MICROCRED_SMTP_URL', { MICROCRED_SMTP_URL: 'http://mail' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['MICROCRED_DEMO', { MICROCRED_DEMO: 'maybe' }],
  ])('names %s in a one-line error', (variable, env) => {
    let err: unknown;
    try {
      loadConfig({ MICROCRED_MASTER_KEY: KEY, ...env });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('config_invalid');
    expect((err as AppError).field).toBe(variable);
    expect((err as AppError).message.startsWith(`${variable}: `)).toBe(true);
    expect((err as AppError).message).not.toContain('\n');
  });

  it('creates data/master.key with mode 0600 on first run and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc-cfg-'));
    const a = loadConfig({ MICROCRED_DATA_DIR: dir });
    const file = join(dir, 'master.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(a.masterKey).toHaveLength(32);
    expect(a.masterKeySource).toBe(file);
    const b = loadConfig({ MICROCRED_DATA_DIR: dir });
    expect(b.masterKey.equals(a.masterKey)).toBe(true);
    expect(parseMasterKey(readFileSync(file, 'utf8')).equals(a.masterKey)).toBe(true);
  });

  it('accepts hex and base64 master keys', () => {
    expect(parseMasterKey('ab'.repeat(32))).toEqual(Buffer.alloc(32, 0xab));
    expect(parseMasterKey(KEY)).toEqual(Buffer.alloc(32, 7));
  });
});

describe('readEnvFile', () => {
  it('reads KEY=value lines, skipping comments and stripping quotes', async () => {
    const { writeFileSync } = await import('node:fs');
    const { readEnvFile } = await import('../../src/services/config.ts');
    const dir = mkdtempSync(join(tmpdir(), 'mc-env-'));
    writeFileSync(join(dir, '.env'), '# comment\nPORT=4000\nexport LOG_LEVEL="debug"\nMICROCRED_MAIL_FROM=\'A <a@b.example>\'\nEMPTY=\nHOST=127.0.0.1 # trailing\n');
    expect(readEnvFile(join(dir, '.env'))).toEqual({ PORT: '4000', LOG_LEVEL: 'debug', MICROCRED_MAIL_FROM: 'A <a@b.example>', EMPTY: '', HOST: '127.0.0.1' });
    expect(readEnvFile(join(dir, 'missing'))).toEqual({});
  });
});
