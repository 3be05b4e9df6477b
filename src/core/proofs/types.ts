/** Types shared by Data Integrity signing and verification. */
import type { Fetcher } from '../did/resolve.ts';
import type { DocumentLoader } from '../jsonld/document-loader.ts';

/** The proof suites we can produce or check. `eddsa-2022` is the legacy name of `eddsa-rdfc-2022`. */
export type Cryptosuite = 'eddsa-rdfc-2022' | 'eddsa-jcs-2022' | 'Ed25519Signature2020';

/** An embedded proof as found on a document. */
export interface DataIntegrityProof {
  '@context'?: unknown;
  id?: string;
  type: string;
  cryptosuite?: string;
  created?: string;
  expires?: string;
  verificationMethod: string;
  proofPurpose: string;
  proofValue: string;
  previousProof?: string | string[];
  domain?: string | string[];
  challenge?: string;
  nonce?: string;
  [k: string]: unknown;
}

/** Signs on behalf of a verification method (`id`). */
export interface ProofSigner {
  id: string;
  sign(data: Uint8Array): Uint8Array;
}

/** Options for adding a proof. */
export interface SignOptions {
  signer: ProofSigner;
  created: Date;
  cryptosuite?: Cryptosuite;
  proofPurpose?: string;
  /** Proof id (needed to be referenced by a later proof's previousProof). */
  id?: string;
  previousProof?: string | string[];
  domain?: string | string[];
  challenge?: string;
  nonce?: string;
  expires?: Date;
  documentLoader?: DocumentLoader;
}

/** Options for verifying the proofs on a document; the world (fetcher, loader) is passed in. */
export interface VerifyOptions {
  fetcher?: Fetcher;
  documentLoader?: DocumentLoader;
  /** Accept `<url>#z6Mk…` keys taken from the fragment without fetching (1EdTech validator behaviour). Default true. */
  allowFragmentKey?: boolean;
  expectedProofPurpose?: string;
  domain?: string;
  challenge?: string;
  /** When given, a proof whose `expires` is before `now` is invalid. */
  now?: Date;
  /** Suites to accept; others are reported as `unknown`. Default: all we support. */
  allowedSuites?: readonly Cryptosuite[];
}

export type ProofStatus = 'valid' | 'invalid' | 'unknown';

export type ProofCode =
  | 'proof_valid'
  | 'proof_missing'
  | 'proof_malformed'
  | 'proof_suite_unsupported'
  | 'proof_purpose_mismatch'
  | 'proof_expired'
  | 'domain_mismatch'
  | 'challenge_mismatch'
  | 'previous_proof_missing'
  | 'signature_invalid'
  | 'key_type_unsupported'
  | 'jsonld_invalid'
  | 'unknown_context'
  | 'vm_missing'
  | 'vm_unsupported_method'
  | 'vm_fetch_failed'
  | 'vm_not_found'
  | 'vm_invalid';

/** The outcome for one proof of a proof set. */
export interface ProofResult {
  proofIndex: number;
  type: string | undefined;
  cryptosuite: string | undefined;
  verificationMethod: string | undefined;
  status: ProofStatus;
  code: ProofCode;
  message: string;
  /** Controller of the verification method, when it was resolved. */
  controller?: string;
  /** How the key was found: did:key, the URL fragment, or a fetched document. */
  keySource?: 'did:key' | 'fragment' | 'document';
}

/** Key controller vs issuer id, reported apart from the signature check. */
export interface ControllerCheck {
  status: ProofStatus;
  code: 'controller_matches_issuer' | 'controller_mismatch' | 'controller_unknown' | 'issuer_missing';
  message: string;
  issuer: string | undefined;
  controllers: string[];
}

/** Every proof's result plus the key-controller check. */
export interface ProofsVerification {
  /** True when at least one proof is valid and none is invalid. */
  verified: boolean;
  proofs: ProofResult[];
  controller: ControllerCheck;
}
