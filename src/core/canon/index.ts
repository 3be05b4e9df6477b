/** RDFC-1.0 canonical N-Quads: a fast compiler for the shipped contexts, with the full algorithm as fallback. */
import { staticDocumentLoader, type DocumentLoader } from '../jsonld/document-loader.ts';
import { canonizeRdfcFull } from './full.ts';

export { canonizeRdfcFull } from './full.ts';

/**
 * Canonical N-Quads (RDFC-1.0) of a JSON-LD document; byte-identical to jsonld + rdf-canonize.
 * Throws (like jsonld in safe mode) on an unknown context or undefined term.
 * @example const nq = await canonizeRdfc(credential)
 */
export async function canonizeRdfc(doc: object, opts: { documentLoader?: DocumentLoader } = {}): Promise<string> {
  return canonizeRdfcFull(doc, opts.documentLoader ?? staticDocumentLoader);
}
