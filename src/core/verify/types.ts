/** Types of the verifier: the check log, its result and the injected fetcher port. */

/** `unknown` means "could not check" and is never reported as valid. */
export type CheckStatus = 'valid' | 'invalid' | 'unknown';

/** Stable snake_case ids of the verification steps, in the order they run. */
export type CheckId =
  | 'parse'
  | 'jsonld_valid'
  | 'context_and_type'
  | 'ob_schema'
  | 'proof'
  | 'issuer_key_controller'
  | 'validity_window'
  | 'revocation_status'
  | 'suspension_status'
  | 'endorsements'
  | 'nested_credentials';

/** One entry of the verification log. */
export interface Check {
  id: CheckId;
  status: CheckStatus;
  /** Plain language, for a person reading the verify page. */
  message: string;
  details?: Record<string, unknown>;
}

export type CredentialFormat = 'json' | 'jwt' | 'png' | 'svg' | 'pdf';

/** What `verifyCredential` returns; it never throws. */
export interface VerificationResult {
  credential?: Record<string, unknown>;
  format?: CredentialFormat;
  checks: Check[];
  summary: CheckStatus;
  /** Results of embedded endorsements and CLR-nested credentials, in document order. */
  children?: { kind: 'endorsement' | 'nested_credential'; result: VerificationResult }[];
}

/** Response of the fetcher port. */
export interface FetchResponse {
  status: number;
  contentType: string;
  body: Uint8Array;
}

/**
 * The injected fetcher port: the shell implementation enforces http(s) only, timeouts, size limits
 * and refuses private addresses; tests serve fixtures from a map.
 */
export type Fetcher = (
  url: string,
  opts: { accept: string; maxBytes: number; timeoutMs: number },
) => Promise<FetchResponse>;

export type ProofSuiteName =
  | 'eddsa-rdfc-2022'
  | 'eddsa-jcs-2022'
  | 'Ed25519Signature2020'
  | 'vc-jwt-es256'
  | 'vc-jwt-rs256'
  | 'vc-jwt-eddsa';

export interface VerifyOptions {
  /** The moment the validity window and status are judged at. */
  now: Date;
  /** Fetches status lists, did:web documents and HTTPS keys. Without one, those checks are `unknown`. */
  fetcher?: Fetcher;
  /** Proof suites accepted; default all supported. */
  allowedSuites?: readonly ProofSuiteName[];
  /** Maximum nesting of endorsements / CLR credentials (default 4). */
  maxDepth?: number;
  /**
   * Remembers status lists whose proof already verified, keyed by URL and a hash of the exact bytes fetched, so a
   * long-running verifier does not re-verify an unchanged list. Same bytes → same result, so it is always safe.
   */
  verifiedLists?: Map<string, Record<string, unknown>>;
}

/** The default allowed suites (every one microcred can verify). */
export const ALL_SUITES: readonly ProofSuiteName[] = [
  'eddsa-rdfc-2022',
  'eddsa-jcs-2022',
  'Ed25519Signature2020',
  'vc-jwt-es256',
  'vc-jwt-rs256',
  'vc-jwt-eddsa',
];
