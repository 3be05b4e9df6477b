/** did:key for Ed25519 Multikeys: identifiers, verification method ids and the derived DID document. */
import { decodeEd25519Multikey, encodeEd25519Multikey } from '../crypto/multikey.ts';
import type { DidDocument } from './did-document.ts';

/** `did:key:z6Mk…` for an Ed25519 public key. */
export function didKeyFromPublicKey(publicKey: Uint8Array): string {
  return `did:key:${encodeEd25519Multikey(publicKey)}`;
}

/** `did:key:z6Mk…#z6Mk…`, the verification method id of a did:key. */
export function didKeyVerificationMethodId(publicKeyMultibase: string): string {
  return `did:key:${publicKeyMultibase}#${publicKeyMultibase}`;
}

/** The Multikey inside a `did:key:z6Mk…` (optionally with a fragment); throws when it is not an Ed25519 did:key. */
export function multikeyFromDidKey(did: string): string {
  const m = /^did:key:(z[1-9A-HJ-NP-Za-km-z]+)(?:#(.*))?$/.exec(did);
  if (!m) throw new Error(`"${did}" is not a did:key with a base58btc key.`);
  const key = m[1]!;
  decodeEd25519Multikey(key);
  if (m[2] !== undefined && m[2] !== key) throw new Error(`The fragment of "${did}" does not match its key.`);
  return key;
}

/** The DID document of an Ed25519 did:key (derived offline). */
export function didKeyDocument(did: string): DidDocument {
  const key = multikeyFromDidKey(did.split('#')[0]!);
  const id = `did:key:${key}`;
  const vmId = `${id}#${key}`;
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id,
    verificationMethod: [{ id: vmId, type: 'Multikey', controller: id, publicKeyMultibase: key }],
    authentication: [vmId],
    assertionMethod: [vmId],
    capabilityDelegation: [vmId],
    capabilityInvocation: [vmId],
  };
}
