/** Keys and signatures: Ed25519 through node:crypto, base58btc / multibase, Multikey, P-256 JWK. */
export { base58btcDecode, base58btcEncode, multibaseDecode, multibaseEncode } from './base58.ts';
export {
  ed25519KeyPairFromSeed,
  ed25519PrivateKeyObject,
  ed25519PublicKeyObject,
  ed25519Sign,
  ed25519Verify,
  generateEd25519KeyPair,
  type Ed25519KeyPair,
} from './ed25519.ts';
export {
  decodeEd25519Multikey,
  decodeEd25519SecretMultikey,
  decodeP256Multikey,
  encodeEd25519Multikey,
  encodeEd25519SecretMultikey,
  encodeP256Multikey,
  isEd25519Multikey,
  type P256PublicJwk,
} from './multikey.ts';
export { createEd25519Signer, type Signer } from './signer.ts';
