/** DID / controller documents with Multikey verification methods (several keys for rotation). */

/** A Multikey (or JWK) verification method as published in a controller document. */
export interface VerificationMethodDoc {
  '@context'?: string | string[];
  id: string;
  type: string;
  controller: string;
  publicKeyMultibase?: string;
  publicKeyJwk?: Record<string, unknown>;
}

/** A DID document (or any controller document) as we publish it. */
export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: VerificationMethodDoc[];
  authentication?: string[];
  assertionMethod: string[];
  capabilityDelegation?: string[];
  capabilityInvocation?: string[];
}

/** A key to list in a document: `id` may be a fragment (`#key-1`) or a full id. */
export interface DocumentKey {
  id: string;
  publicKeyMultibase?: string;
  publicKeyJwk?: Record<string, unknown>;
}

/**
 * Builds a DID document listing every key (rotation) in verificationMethod and, as strings, in assertionMethod.
 * @example buildDidDocument({ id: 'did:web:example.org', keys: [{ id: '#key-1', publicKeyMultibase: 'z6Mk…' }] })
 */
export function buildDidDocument(input: { id: string; keys: DocumentKey[] }): DidDocument {
  if (!input.id) throw new Error('A DID document needs an id.');
  if (input.keys.length === 0) throw new Error('A DID document needs at least one key.');
  const verificationMethod = input.keys.map((k) => verificationMethodFor(input.id, k));
  const ids = verificationMethod.map((vm) => vm.id);
  const hasJwk = verificationMethod.some((vm) => vm.publicKeyJwk);
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1', ...(hasJwk ? ['https://w3id.org/security/jwk/v1'] : [])],
    id: input.id,
    verificationMethod,
    authentication: ids,
    assertionMethod: ids,
  };
}

/** One Multikey (or JsonWebKey) verification method controlled by `controller`. */
export function verificationMethodFor(controller: string, key: DocumentKey): VerificationMethodDoc {
  const id = key.id.startsWith('#') ? controller + key.id : key.id;
  if (key.publicKeyMultibase) return { id, type: 'Multikey', controller, publicKeyMultibase: key.publicKeyMultibase };
  if (key.publicKeyJwk) return { id, type: 'JsonWebKey', controller, publicKeyJwk: key.publicKeyJwk };
  throw new Error(`Key "${key.id}" needs publicKeyMultibase or publicKeyJwk.`);
}

/** A dedicated key URL document: the Multikey itself, at its own https URL. */
export function buildKeyDocument(input: { id: string; controller: string; publicKeyMultibase: string }): VerificationMethodDoc {
  return {
    '@context': 'https://w3id.org/security/multikey/v1',
    id: input.id,
    type: 'Multikey',
    controller: input.controller,
    publicKeyMultibase: input.publicKeyMultibase,
  };
}

/** `<https issuer>#z6Mk…`: the HTTPS-profile verification method id (key carried in the fragment). */
export function httpsProfileVerificationMethodId(issuerId: string, publicKeyMultibase: string): string {
  return `${issuerId}#${publicKeyMultibase}`;
}
