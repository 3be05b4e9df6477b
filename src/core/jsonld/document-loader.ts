/**
 * Static JSON-LD document loader over the shipped contexts: it never fetches.
 * An unknown context IRI is an `unknown_context` error naming the IRI.
 */
import { AppError } from '../errors.ts';
import { CONTEXTS } from '../contexts/index.ts';

/** What `jsonld` expects a document loader to return. */
export interface RemoteDocument {
  contextUrl: string | null;
  documentUrl: string;
  document: unknown;
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** True when the context IRI is one of the shipped contexts. */
export function isKnownContext(url: string): boolean {
  return CONTEXTS.has(url);
}

/** The shipped context document for an IRI, or undefined. */
export function getContext(url: string): object | undefined {
  return CONTEXTS.get(url);
}

/** The IRIs of every shipped context. */
export function knownContextUrls(): string[] {
  return [...CONTEXTS.keys()];
}

const cachedDocs = new Map<string, RemoteDocument>();

/**
 * Loads a shipped context by IRI; throws `unknown_context` for anything else (never fetches).
 * @example await jsonld.expand(doc, { documentLoader: staticDocumentLoader })
 */
export const staticDocumentLoader: DocumentLoader = async (url: string) => {
  const hit = cachedDocs.get(url);
  if (hit) return hit;
  const document = CONTEXTS.get(url);
  if (!document) {
    throw new AppError('unknown_context', `The JSON-LD context "${url}" is not known here (contexts are never fetched).`, {
      field: '@context',
      details: { url },
    });
  }
  const doc: RemoteDocument = { contextUrl: null, documentUrl: url, document };
  cachedDocs.set(url, doc);
  return doc;
};

/**
 * A loader that serves extra documents (e.g. verification methods, test contexts) before the static contexts.
 * @example withExtraDocuments({ 'did:key:z6Mk…': didDoc })
 */
export function withExtraDocuments(extra: Record<string, unknown>, base: DocumentLoader = staticDocumentLoader): DocumentLoader {
  return async (url: string) => {
    if (Object.prototype.hasOwnProperty.call(extra, url)) {
      return { contextUrl: null, documentUrl: url, document: extra[url] };
    }
    return base(url);
  };
}
