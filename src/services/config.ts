/**
 * Configuration: read `process.env` once (in server.ts / the CLI), validate every variable with a one-line
 * error naming it, and freeze the result. Everything else receives the frozen `Config`.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isAbsolute, join, resolve } from 'node:path';
import { AppError } from '../core/errors.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** Public base URL without a trailing slash, e.g. `https://badges.example.edu`. */
  publicUrl: string;
  /** True when publicUrl is https: cookies get `Secure`, issuers may use did:web. */
  publicUrlIsHttps: boolean;
  /** 32-byte AES-256-GCM key that encrypts issuer secret keys at rest. */
  masterKey: Buffer;
  /** Where the master key came from: the env variable or the key file (path). */
  masterKeySource: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  dataDir: string;
  logLevel: LogLevel;
  /** Seed the demo institution when the database is empty. */
  demo: boolean;
  sessionTtlHours: number;
  trustProxy: boolean;
  /** Largest accepted request body in bytes (JSON and forms). */
  bodyLimitBytes: number;
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function bad(variable: string, message: string): never {
  throw new AppError('config_invalid', `${variable}: ${message}`, { field: variable });
}

function intVar(env: Record<string, string | undefined>, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw.trim())) bad(name, `must be a whole number between ${min} and ${max}, got "${raw}".`);
  const n = Number(raw);
  if (n < min || n > max) bad(name, `must be between ${min} and ${max}, got ${n}.`);
  return n;
}

function boolVar(env: Record<string, string | undefined>, name: string, def: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  return bad(name, `must be true or false, got "${env[name]}".`);
}

/** Decodes a 32-byte key given as base64, base64url or hex; throws naming the variable otherwise. */
export function parseMasterKey(text: string, variable = 'MICROCRED_MASTER_KEY'): Buffer {
  const t = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(t)) key = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) key = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (!key || key.length !== 32) {
    return bad(variable, 'must be 32 bytes encoded as base64 (44 characters) or hex (64 characters); generate one with `openssl rand -base64 32`.');
  }
  return key;
}

/** Reads the master key file, or creates it (mode 0600) with 32 random bytes when it does not exist yet. */
function loadOrCreateKeyFile(file: string): Buffer {
  if (existsSync(file)) return parseMasterKey(readFileSync(file, 'utf8'), `master key file ${file}`);
  mkdirSync(resolve(file, '..'), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

/**
 * Validates the environment and returns a frozen Config. Creates `<data>/master.key` (0600) when no master
 * key is given. Throws AppError `config_invalid` whose message starts with the variable at fault.
 * @example const config = loadConfig(process.env)
 */
export function loadConfig(env: Record<string, string | undefined>, opts: { cwd?: string } = {}): Config {
  const cwd = opts.cwd ?? process.cwd();
  const port = intVar(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST?.trim() || '0.0.0.0';
  const dataDirRaw = env.MICROCRED_DATA_DIR?.trim() || './data';
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);

  const databaseUrl = env.DATABASE_URL?.trim() || `sqlite:${join(dataDir, 'microcred.db')}`;
  if (!/^(sqlite:|postgres(ql)?:\/\/)/i.test(databaseUrl)) {
    bad('DATABASE_URL', `must start with sqlite: or postgres://, got "${databaseUrl}".`);
  }

  const publicRaw = env.MICROCRED_PUBLIC_URL?.trim() || `http://localhost:${port}`;
  let publicUrlObj: URL;
  try {
    publicUrlObj = new URL(publicRaw);
  } catch {
    return bad('MICROCRED_PUBLIC_URL', `must be an absolute http(s) URL, got "${publicRaw}".`);
  }
  if (publicUrlObj.protocol !== 'http:' && publicUrlObj.protocol !== 'https:') {
    bad('MICROCRED_PUBLIC_URL', `must use http or https, got "${publicUrlObj.protocol}".`);
  }
  if (publicUrlObj.search || publicUrlObj.hash) bad('MICROCRED_PUBLIC_URL', 'must not contain a query or fragment.');
  const publicUrl = publicUrlObj.toString().replace(/\/+$/, '');

  let masterKey: Buffer;
  let masterKeySource: string;
  if (env.MICROCRED_MASTER_KEY?.trim()) {
    masterKey = parseMasterKey(env.MICROCRED_MASTER_KEY);
    masterKeySource = 'MICROCRED_MASTER_KEY';
  } else {
    const file = join(dataDir, 'master.key');
    masterKey = loadOrCreateKeyFile(file);
    masterKeySource = file;
  }

  const smtpUrl = env.MICROCRED_SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\//i.test(smtpUrl)) bad('MICROCRED_SMTP_URL', `must start with smtp:// or smtps://, got "${smtpUrl}".`);
  const mailFrom = env.MICROCRED_MAIL_FROM?.trim() || `microcred <no-reply@${publicUrlObj.hostname}>`;
  if (!/@/.test(mailFrom)) bad('MICROCRED_MAIL_FROM', `must be an email address, got "${mailFrom}".`);

  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) bad('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}".`);

  return Object.freeze({
    port,
    host,
    databaseUrl,
    publicUrl,
    publicUrlIsHttps: publicUrlObj.protocol === 'https:',
    masterKey,
    masterKeySource,
    smtpUrl,
    mailFrom,
    dataDir,
    logLevel,
    demo: boolVar(env, 'MICROCRED_DEMO', true),
    sessionTtlHours: intVar(env, 'MICROCRED_SESSION_TTL_HOURS', 168, 1, 24 * 365),
    trustProxy: boolVar(env, 'MICROCRED_TRUST_PROXY', false),
    bodyLimitBytes: intVar(env, 'MICROCRED_BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1024 * 1024),
  });
}

/**
 * Reads a dotenv-style file (`KEY=value`, `#` comments, optional quotes) into a record; `{}` when absent.
 * Values already in the process environment win over the file (see server.ts).
 */
export function readEnvFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trim().startsWith('#')) continue;
    let v = m[2]!;
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    else v = v.replace(/\s+#.*$/, '');
    out[m[1]!] = v;
  }
  return out;
}
