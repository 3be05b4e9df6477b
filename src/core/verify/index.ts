/** The verifier: any input to a log of checks with stable ids (see types.ts). */
export { verifyCredential } from './verify-credential.ts';
export { summarize } from './check-helpers.ts';
export { MAX_INPUT_BYTES, MAX_JSON_DEPTH, MAX_JSON_NODES } from './parse.ts';
export { listPdfAttachments, pickCredentialAttachment, type PdfAttachment } from './pdf.ts';
export type { Check, CheckId, CheckStatus, CredentialFormat, FetchResponse, Fetcher, ProofSuiteName, VerificationResult, VerifyOptions } from './types.ts';
export { ALL_SUITES } from './types.ts';
