/** DIDs and controller documents: did:key, did:web, HTTPS-profile keys, verification method resolution. */
export { didKeyDocument, didKeyFromPublicKey, didKeyVerificationMethodId, multikeyFromDidKey } from './did-key.ts';
export { didWebFromUrl, didWebToUrl } from './did-web.ts';
export {
  buildDidDocument,
  buildKeyDocument,
  httpsProfileVerificationMethodId,
  verificationMethodFor,
  type DidDocument,
  type DocumentKey,
  type VerificationMethodDoc,
} from './did-document.ts';
export {
  resolveVerificationMethod,
  type Fetcher,
  type ResolvedVerificationMethod,
  type VerificationMethodFailure,
  type VerificationMethodFailureCode,
  type VerificationMethodResult,
} from './resolve.ts';
