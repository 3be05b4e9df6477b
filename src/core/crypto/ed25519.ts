/** Ed25519 keys and signatures through node:crypto (KeyObjects built from raw bytes via DER prefixes). */
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A raw Ed25519 key pair: 32-byte seed (secret) and 32-byte public key. */
export interface Ed25519KeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** Node KeyObject for a 32-byte Ed25519 seed. */
export function ed25519PrivateKeyObject(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new Error(`An Ed25519 secret key (seed) must be 32 bytes, got ${seed.length}.`);
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** Node KeyObject for a 32-byte Ed25519 public key. */
export function ed25519PublicKeyObject(publicKey: Uint8Array): KeyObject {
  if (publicKey.length !== 32) throw new Error(`An Ed25519 public key must be 32 bytes, got ${publicKey.length}.`);
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
}

/** Derives the key pair from a 32-byte seed. */
export function ed25519KeyPairFromSeed(seed: Uint8Array): Ed25519KeyPair {
  const spki = createPublicKey(ed25519PrivateKeyObject(seed)).export({ format: 'der', type: 'spki' });
  return { publicKey: new Uint8Array(spki.subarray(SPKI_PREFIX.length)), secretKey: new Uint8Array(seed) };
}

/**
 * Generates an Ed25519 key pair from injected randomness.
 * @example generateEd25519KeyPair((n) => crypto.getRandomValues(new Uint8Array(n)))
 */
export function generateEd25519KeyPair(random: (n: number) => Uint8Array): Ed25519KeyPair {
  const seed = random(32);
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new Error('random(32) must return 32 bytes.');
  return ed25519KeyPairFromSeed(seed);
}

/** Signs bytes with a seed or a prepared private KeyObject (64-byte signature). */
export function ed25519Sign(data: Uint8Array, key: Uint8Array | KeyObject): Uint8Array {
  const k = key instanceof Uint8Array ? ed25519PrivateKeyObject(key) : key;
  return new Uint8Array(nodeSign(null, data, k));
}

const publicKeyCache = new Map<string, KeyObject>();

function cachedPublicKey(publicKey: Uint8Array): KeyObject {
  const id = Buffer.from(publicKey).toString('base64');
  let k = publicKeyCache.get(id);
  if (!k) {
    k = ed25519PublicKeyObject(publicKey);
    if (publicKeyCache.size > 1000) publicKeyCache.clear();
    publicKeyCache.set(id, k);
  }
  return k;
}

/** Verifies an Ed25519 signature; false (never a throw) on a malformed key or signature. */
export function ed25519Verify(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array | KeyObject): boolean {
  try {
    if (signature.length !== 64) return false;
    const k = publicKey instanceof Uint8Array ? cachedPublicKey(publicKey) : publicKey;
    return nodeVerify(null, data, k, signature);
  } catch {
    return false;
  }
}
