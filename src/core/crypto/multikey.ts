/** W3C Multikey encoding: Ed25519 (`z6Mk…`, header 0xed01), Ed25519 secret (0x8026) and P-256 (0x8024). */
import { ECDH } from 'node:crypto';
import { multibaseDecode, multibaseEncode } from './base58.ts';

const ED25519_PUB = [0xed, 0x01] as const;
const ED25519_PRIV = [0x80, 0x26] as const;
const P256_PUB = [0x80, 0x24] as const;

/** A P-256 public key as JWK. */
export interface P256PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

function withHeader(header: readonly number[], key: Uint8Array): Uint8Array {
  const out = new Uint8Array(header.length + key.length);
  out.set(header, 0);
  out.set(key, header.length);
  return out;
}

function hasHeader(bytes: Uint8Array, header: readonly number[]): boolean {
  return header.every((b, i) => bytes[i] === b);
}

/** `z6Mk…` Multikey for a 32-byte Ed25519 public key. */
export function encodeEd25519Multikey(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new Error(`An Ed25519 public key must be 32 bytes, got ${publicKey.length}.`);
  return multibaseEncode(withHeader(ED25519_PUB, publicKey));
}

/** The raw 32-byte Ed25519 key of a `z6Mk…` Multikey; throws on any other prefix, header or length. */
export function decodeEd25519Multikey(publicKeyMultibase: string): Uint8Array {
  if (typeof publicKeyMultibase !== 'string' || !publicKeyMultibase.startsWith('z')) {
    throw new Error('publicKeyMultibase must be a base58btc multibase string starting with "z".');
  }
  const bytes = multibaseDecode(publicKeyMultibase);
  if (bytes.length !== 34 || !hasHeader(bytes, ED25519_PUB)) {
    throw new Error('publicKeyMultibase is not an Ed25519 Multikey (expected header 0xed01 and a 32-byte key).');
  }
  return bytes.slice(2);
}

/** True when the string is a well-formed Ed25519 public Multikey. */
export function isEd25519Multikey(value: unknown): value is string {
  try {
    decodeEd25519Multikey(value as string);
    return true;
  } catch {
    return false;
  }
}

/** `z3u2…` secretKeyMultibase for a 32-byte Ed25519 seed. */
export function encodeEd25519SecretMultikey(seed: Uint8Array): string {
  if (seed.length !== 32) throw new Error(`An Ed25519 secret key must be 32 bytes, got ${seed.length}.`);
  return multibaseEncode(withHeader(ED25519_PRIV, seed));
}

/** The 32-byte seed of a secretKeyMultibase (header 0x8026). */
export function decodeEd25519SecretMultikey(secretKeyMultibase: string): Uint8Array {
  const bytes = multibaseDecode(secretKeyMultibase);
  if (bytes.length !== 34 || !hasHeader(bytes, ED25519_PRIV)) {
    throw new Error('secretKeyMultibase is not an Ed25519 secret Multikey (expected header 0x8026 and 32 bytes).');
  }
  return bytes.slice(2);
}

/** `zDn…` Multikey (compressed point) for a P-256 public JWK. */
export function encodeP256Multikey(jwk: P256PublicJwk): string {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw new Error('Expected an EC P-256 JWK.');
  const x = Buffer.from(jwk.x, 'base64url');
  const y = Buffer.from(jwk.y, 'base64url');
  if (x.length !== 32 || y.length !== 32) throw new Error('A P-256 JWK needs 32-byte x and y.');
  const compressed = new Uint8Array(33);
  compressed[0] = (y[31]! & 1) === 1 ? 0x03 : 0x02;
  compressed.set(x, 1);
  return multibaseEncode(withHeader(P256_PUB, compressed));
}

/** The P-256 public JWK of a `zDn…` Multikey (header 0x8024, compressed point). */
export function decodeP256Multikey(publicKeyMultibase: string): P256PublicJwk {
  const bytes = multibaseDecode(publicKeyMultibase);
  if (bytes.length !== 35 || !hasHeader(bytes, P256_PUB)) {
    throw new Error('publicKeyMultibase is not a P-256 Multikey (expected header 0x8024 and a 33-byte compressed point).');
  }
  const point = ECDH.convertKey(Buffer.from(bytes.subarray(2)), 'prime256v1', undefined, undefined, 'uncompressed') as Buffer;
  return {
    kty: 'EC',
    crv: 'P-256',
    x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33, 65).toString('base64url'),
  };
}
