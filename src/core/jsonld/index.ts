/** JSON-LD over the shipped contexts only: static document loader, validity check, canonicalization. */
export {
  getContext,
  isKnownContext,
  knownContextUrls,
  staticDocumentLoader,
  withExtraDocuments,
  type DocumentLoader,
  type RemoteDocument,
} from './document-loader.ts';
export { checkJsonLd, describeJsonLdError, type JsonLdCheck } from './check.ts';
export { canonizeRdfc, canonizeRdfcFull } from '../canon/index.ts';
