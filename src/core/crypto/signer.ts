/** A signer bound to a verification method: what the proof engine needs to sign. */
import { ed25519PrivateKeyObject, ed25519Sign } from './ed25519.ts';

/** Signs bytes on behalf of a verification method (`id` is the verification method id). */
export interface Signer {
  id: string;
  algorithm?: 'Ed25519';
  sign(data: Uint8Array): Uint8Array;
}

/**
 * Ed25519 signer from a 32-byte seed; the KeyObject is built once.
 * @example createEd25519Signer(seed, 'did:key:z6Mk…#z6Mk…')
 */
export function createEd25519Signer(seed: Uint8Array, verificationMethodId: string): Signer {
  const key = ed25519PrivateKeyObject(seed);
  return { id: verificationMethodId, algorithm: 'Ed25519', sign: (data) => ed25519Sign(data, key) };
}
