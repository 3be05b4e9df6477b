/** The reference path: jsonld.toRDF (safe mode, static loader) + rdf-canonize RDFC-1.0, as Digital Bazaar does it. */
import jsonld from 'jsonld';
import * as rdfCanonize from 'rdf-canonize';
import { staticDocumentLoader, type DocumentLoader } from '../jsonld/document-loader.ts';

/**
 * Canonical N-Quads (RDFC-1.0) of a JSON-LD document through the full jsonld algorithm.
 * @example const nq = await canonizeRdfcFull(credential)
 */
export async function canonizeRdfcFull(doc: object, documentLoader: DocumentLoader = staticDocumentLoader): Promise<string> {
  const dataset = await jsonld.toRDF(doc as any, {
    documentLoader,
    base: null,
    safe: true,
    rdfDirection: 'i18n-datatype',
    produceGeneralizedRdf: false,
  } as any);
  return rdfCanonize.canonize(dataset, { algorithm: 'RDFC-1.0' });
}

/** RDFC-1.0 over an N-Quads string (used when the fast labeller meets tied first-degree hashes). */
export async function canonizeNQuads(nquads: string): Promise<string> {
  return rdfCanonize.canonize(nquads, { algorithm: 'RDFC-1.0', inputFormat: 'application/n-quads' });
}
