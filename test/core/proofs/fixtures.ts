// Deterministic did:key signers for proof tests.
import { encodeEd25519Multikey, ed25519KeyPairFromSeed } from '../../../src/core/crypto/index.ts';
import { didKeyFromPublicKey, didKeyVerificationMethodId } from '../../../src/core/did/index.ts';

export { createEd25519Signer } from '../../../src/core/crypto/index.ts';

/** A fixed seed (from `salt`) with its did:key and verification method id. */
export function didKeyVerificationMethodIdFor(salt: number): { seed: Uint8Array; did: string; vmId: string } {
  const seed = new Uint8Array(32).map((_, i) => (i * 17 + salt) & 0xff);
  const { publicKey } = ed25519KeyPairFromSeed(seed);
  return { seed, did: didKeyFromPublicKey(publicKey), vmId: didKeyVerificationMethodId(encodeEd25519Multikey(publicKey)) };
}
