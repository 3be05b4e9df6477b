/** JWK helpers for VC-JWT: public part of a key, P-256 keys from injected randomness, algorithm fit. */
import { createECDH, createPublicKey, type KeyObject } from 'node:crypto';
import { exportJWK, importJWK, type CryptoKey, type JWK } from 'jose';
import { AppError } from '../errors.ts';

export type VcJwtAlg = 'ES256' | 'RS256' | 'EdDSA';
/** A private or public key: jose/WebCrypto CryptoKey, node KeyObject, or a JWK. */
export type KeyInput = CryptoKey | KeyObject | JWK;

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** True when the JWK carries private (or symmetric) key material. */
export function hasPrivateMembers(jwk: Record<string, unknown>): boolean {
  return PRIVATE_MEMBERS.some((m) => m in jwk);
}

/** The public JWK of a key (private members removed). */
export async function publicJwkOf(key: KeyInput): Promise<JWK> {
  let jwk: JWK;
  if (isKeyObject(key)) jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' }) as JWK;
  else if (isJwk(key)) jwk = { ...key };
  else jwk = await exportJWK(key);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(jwk)) if (!(PRIVATE_MEMBERS as readonly string[]).includes(k) && k !== 'key_ops' && k !== 'ext') out[k] = v;
  return out as JWK;
}

function isKeyObject(k: unknown): k is KeyObject {
  return typeof k === 'object' && k !== null && 'export' in k && 'asymmetricKeyType' in k;
}

export function isJwk(k: unknown): k is JWK {
  return typeof k === 'object' && k !== null && 'kty' in k && !isKeyObject(k);
}

/** Checks that the key type fits the algorithm (RSA ↔ RS256, EC P-256 ↔ ES256, OKP Ed25519 ↔ EdDSA). */
export function keyFitsAlg(jwk: JWK, alg: VcJwtAlg): boolean {
  if (alg === 'RS256') return jwk.kty === 'RSA';
  if (alg === 'ES256') return jwk.kty === 'EC' && jwk.crv === 'P-256';
  return jwk.kty === 'OKP' && jwk.crv === 'Ed25519';
}

// Importing a JWK costs more than an ES256 signature, so imports are cached: public JWKs by their JSON (a few
// dozen), private JWKs only by object identity (a WeakMap), so no private key text is kept as a cache key.
const IMPORT_CACHE_SIZE = 64;
const importCache = new Map<string, CryptoKey | KeyObject | Uint8Array>();
const privateImports = new WeakMap<JWK, Map<VcJwtAlg, CryptoKey | KeyObject | Uint8Array>>();

async function importCached(jwk: JWK, alg: VcJwtAlg): Promise<CryptoKey | KeyObject | Uint8Array> {
  if (hasPrivateMembers(jwk as Record<string, unknown>)) {
    let byAlg = privateImports.get(jwk);
    const hit = byAlg?.get(alg);
    if (hit) return hit;
    const key = await importJWK(jwk, alg);
    if (!byAlg) privateImports.set(jwk, (byAlg = new Map()));
    byAlg.set(alg, key);
    return key;
  }
  const cacheKey = `${alg}\u0000${JSON.stringify(jwk)}`;
  const hit = importCache.get(cacheKey);
  if (hit) return hit;
  const key = await importJWK(jwk, alg);
  if (importCache.size >= IMPORT_CACHE_SIZE) importCache.delete(importCache.keys().next().value as string);
  importCache.set(cacheKey, key);
  return key;
}

/** Imports a KeyInput for jose operations under `alg`; throws AppError(key_invalid) naming `field`. */
export async function toJoseKey(key: KeyInput, alg: VcJwtAlg, field: string): Promise<CryptoKey | KeyObject | Uint8Array> {
  try {
    if (isJwk(key)) {
      if (!keyFitsAlg(key, alg)) throw new Error(`a ${key.kty}${key.crv ? ` ${key.crv}` : ''} key cannot sign or verify ${alg}`);
      return await importCached(key, alg);
    }
    return key;
  } catch (e) {
    throw new AppError('key_invalid', `The ${field} is not a valid ${alg} key: ${(e as Error).message}.`, { field, cause: e });
  }
}

// Order n of the P-256 group: a private scalar must be 1 ≤ d < n.
const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

/**
 * A P-256 (ES256) private JWK from injected randomness (rejection-samples the scalar). Pure: the same bytes give
 * the same key. RSA keys cannot be made this way; see `src/services/jwt-keys.ts` for the shell-side generator.
 * @example const jwk = p256JwkFromRandom((n) => crypto.getRandomValues(new Uint8Array(n)))
 */
export function p256JwkFromRandom(random: (n: number) => Uint8Array, kid?: string): JWK {
  for (let attempt = 0; attempt < 100; attempt++) {
    const d = random(32);
    if (d.length !== 32) throw new RangeError('random(32) must return 32 bytes');
    const dn = BigInt('0x' + Buffer.from(d).toString('hex'));
    if (dn === 0n || dn >= P256_N) continue;
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(d));
    const pub = ecdh.getPublicKey();
    const jwk: JWK = {
      kty: 'EC', crv: 'P-256',
      x: pub.subarray(1, 33).toString('base64url'),
      y: pub.subarray(33, 65).toString('base64url'),
      d: Buffer.from(d).toString('base64url'),
    };
    return kid ? { ...jwk, kid } : jwk;
  }
  throw new RangeError('random() did not produce a valid P-256 scalar');
}
