/**
 * Shell-side VC-JWT key generation with the operating system's randomness (RSA key generation cannot take
 * injected randomness, so it lives outside `src/core`). Keys come back as JWKs: the private one to store
 * (encrypted) and the public one to publish at the `kid` URL or embed in the JWT header.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import { p256JwkFromRandom, publicJwkOf, type VcJwtAlg } from '../core/jwt/index.ts';

export interface JwtKeyPair {
  alg: VcJwtAlg;
  privateJwk: JWK;
  publicJwk: JWK;
}

/**
 * Generates a VC-JWT signing key: RS256 (RSA 2048+), ES256 (P-256) or EdDSA (Ed25519).
 * @example const { privateJwk, publicJwk } = await generateJwtKeyPair('RS256', { kid: 'https://x.example/keys/1' })
 */
export async function generateJwtKeyPair(alg: VcJwtAlg, opts: { kid?: string; modulusLength?: number } = {}): Promise<JwtKeyPair> {
  let privateJwk: JWK;
  if (alg === 'ES256') {
    privateJwk = p256JwkFromRandom((n) => new Uint8Array(randomBytes(n)));
  } else if (alg === 'RS256') {
    const modulusLength = opts.modulusLength ?? 2048;
    if (modulusLength < 2048) throw new RangeError('RSA keys must be at least 2048 bits');
    privateJwk = generateKeyPairSync('rsa', { modulusLength }).privateKey.export({ format: 'jwk' }) as JWK;
  } else {
    privateJwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as JWK;
  }
  privateJwk = { ...privateJwk, alg, ...(opts.kid ? { kid: opts.kid } : {}) };
  return { alg, privateJwk, publicJwk: await publicJwkOf(privateJwk) };
}
