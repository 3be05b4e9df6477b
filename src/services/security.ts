/** Password hashing (scrypt), random tokens and token hashing shared by accounts, sessions and API tokens. */
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32, maxmem: 64 * 1024 * 1024 } as const;

function scryptAsync(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/**
 * Hashes a password with scrypt and a 16-byte salt from the injected randomness.
 * Format: `scrypt$N$r$p$<salt b64>$<hash b64>`.
 */
export async function hashPassword(password: string, random: (n: number) => Uint8Array): Promise<string> {
  const salt = Buffer.from(random(16));
  const key = await scryptAsync(password.normalize('NFKC'), salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: SCRYPT.maxmem });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** A fixed hash checked when no user matches, so sign-in takes the same time whether the email exists or not. */
export const DUMMY_PASSWORD_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$n2b0yGk8m5lq6Yw5Z0o0bXb3uS3n4m1yW4oQk9zq3lE=';

/** Checks a password against a stored scrypt hash in constant time; false for malformed hashes. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length < 16) return false;
  const actual = await scryptAsync(password.normalize('NFKC'), salt, expected.length, { N, r, p, maxmem: SCRYPT.maxmem });
  return timingSafeEqual(actual, expected);
}

/** A random URL-safe token of `bytes` random bytes (default 32). */
export function newToken(random: (n: number) => Uint8Array, bytes = 32): string {
  return Buffer.from(random(bytes)).toString('base64url');
}

/** SHA-256 hex of a secret token: what the database stores instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time string equality (for CSRF tokens). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Lower-cases and trims an email address; throws nothing (validation is the caller's). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL_RE = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]{2,}$/;

/** True for a plausible email address (one @, a dot in the domain, no spaces). */
export function isEmail(email: string): boolean {
  return email.length <= 254 && EMAIL_RE.test(email);
}

/** Bytes drawn from the CSPRNG at once, handed out in slices (each byte once) by `secureRandom`. */
const RANDOM_POOL_BYTES = 4096;
let randomPool = Buffer.alloc(0);
let randomPoolAt = 0;

/**
 * Cryptographically secure random bytes. Issuing one credential asks for a few small pieces (salt, code, claim
 * token, status slot); drawing them from a pooled buffer, as node's randomUUID does, saves a CSPRNG call each.
 * Every byte is handed out once and copied out of the pool.
 */
export function secureRandom(n: number): Uint8Array {
  if (n > RANDOM_POOL_BYTES / 8) return new Uint8Array(randomBytes(n));
  if (randomPoolAt + n > randomPool.length) {
    randomPool = randomBytes(RANDOM_POOL_BYTES);
    randomPoolAt = 0;
  }
  const out = new Uint8Array(randomPool.subarray(randomPoolAt, randomPoolAt + n));
  randomPoolAt += n;
  return out;
}
