// The CLI's key file: one signing key with its controller (the issuer id to use) and verification method id.
import { readFile } from 'node:fs/promises';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import { AppError } from '../core/errors.ts';
import { decodeEd25519SecretMultikey, encodeEd25519Multikey, encodeEd25519SecretMultikey, ed25519KeyPairFromSeed } from '../core/crypto/index.ts';
import { didKeyFromPublicKey, didKeyVerificationMethodId, didWebFromUrl } from '../core/did/index.ts';
import { p256JwkFromRandom, publicJwkOf } from '../core/jwt/index.ts';

export type KeyAlgorithm = 'Ed25519' | 'P-256' | 'RSA';

/** The key file written by `microcred keys generate` (mode 0600; it holds the private key). */
export interface KeyFile {
  format: 'microcred-key-v1';
  algorithm: KeyAlgorithm;
  /** The issuer id to put on credentials this key signs. */
  controller: string;
  /** The verification method id (Data Integrity `verificationMethod`, JWT `kid`). */
  id: string;
  publicKeyMultibase?: string;
  secretKeyMultibase?: string;
  publicKeyJwk?: JWK;
  privateKeyJwk?: JWK;
}

/** What `keys generate` prints: the public part only. */
export function publicPart(k: KeyFile): Record<string, unknown> {
  return k.algorithm === 'Ed25519'
    ? { id: k.id, type: 'Multikey', controller: k.controller, publicKeyMultibase: k.publicKeyMultibase }
    : { id: k.id, type: 'JsonWebKey', controller: k.controller, publicKeyJwk: k.publicKeyJwk };
}

/**
 * Generates a key. The controller is a did:key (Ed25519) or did:jwk (P-256, RSA) unless `didWeb` gives the
 * site to host a did:web document at, in which case the method id is `<did:web>#key-1`.
 */
export async function generateKeyFile(algorithm: KeyAlgorithm, didWeb?: string): Promise<KeyFile> {
  let controllerFromKey: string;
  let idFromKey: string;
  const material: Partial<KeyFile> = {};
  if (algorithm === 'Ed25519') {
    const pair = ed25519KeyPairFromSeed(new Uint8Array(randomBytes(32)));
    material.publicKeyMultibase = encodeEd25519Multikey(pair.publicKey);
    material.secretKeyMultibase = encodeEd25519SecretMultikey(pair.secretKey);
    controllerFromKey = didKeyFromPublicKey(pair.publicKey);
    idFromKey = didKeyVerificationMethodId(material.publicKeyMultibase);
  } else {
    const privateKeyJwk: JWK =
      algorithm === 'P-256'
        ? { ...p256JwkFromRandom((n) => new Uint8Array(randomBytes(n))), alg: 'ES256' }
        : { ...(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as JWK), alg: 'RS256' };
    const publicKeyJwk = await publicJwkOf(privateKeyJwk);
    material.privateKeyJwk = privateKeyJwk;
    material.publicKeyJwk = publicKeyJwk;
    controllerFromKey = `did:jwk:${Buffer.from(JSON.stringify(publicKeyJwk)).toString('base64url')}`;
    idFromKey = `${controllerFromKey}#0`;
  }
  let controller = controllerFromKey;
  let id = idFromKey;
  if (didWeb !== undefined) {
    try {
      controller = didWebFromUrl(didWeb);
    } catch (e) {
      throw new AppError('validation_failed', `--did-web must be an https URL such as https://badges.example.org/issuers/1 (${(e as Error).message})`, { field: '--did-web' });
    }
    id = `${controller}#key-1`;
  }
  return { format: 'microcred-key-v1', algorithm, controller, id, ...material };
}

/** Reads and checks a key file; throws AppError(key_file_invalid) naming what is wrong. */
export async function readKeyFile(path: string): Promise<KeyFile & { seed?: Uint8Array }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new AppError('key_file_invalid', `Cannot read the key file ${path} (${(e as { code?: string }).code ?? 'error'}).`, { field: '--key' });
  }
  let k: any;
  try {
    k = JSON.parse(text);
  } catch {
    throw new AppError('key_file_invalid', `The key file ${path} is not JSON.`, { field: '--key' });
  }
  const bad = (what: string) => new AppError('key_file_invalid', `The key file ${path} ${what}; create one with "microcred keys generate".`, { field: '--key' });
  if (!k || k.format !== 'microcred-key-v1') throw bad('is not a microcred key file (format microcred-key-v1)');
  if (typeof k.controller !== 'string' || typeof k.id !== 'string') throw bad('has no controller or id');
  if (k.algorithm === 'Ed25519') {
    try {
      return { ...k, seed: decodeEd25519SecretMultikey(k.secretKeyMultibase) };
    } catch {
      throw bad('has no valid secretKeyMultibase');
    }
  }
  if (k.algorithm === 'P-256' || k.algorithm === 'RSA') {
    if (!k.privateKeyJwk || typeof k.privateKeyJwk.d !== 'string') throw bad('has no private JWK');
    return k;
  }
  throw bad(`has an unknown algorithm ${JSON.stringify(k.algorithm)}`);
}
