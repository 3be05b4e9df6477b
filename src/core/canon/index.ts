/**
 * RDFC-1.0 canonical N-Quads. A fast compiler handles documents over the shipped contexts (see
 * docs/decisions/ on fast canonicalization); anything it does not handle goes to jsonld + rdf-canonize.
 * Both produce byte-identical output (differential tests in test/core/canon).
 */
import { staticDocumentLoader, type DocumentLoader } from '../jsonld/document-loader.ts';
import { ContextMiss, contextCacheFor, fillContextMiss } from './context-cache.ts';
import { canonizeNQuads, canonizeRdfcFull } from './full.ts';
import { canonicalizeSimple, quadsToNQuads } from './rdfc.ts';
import { documentToQuads, QuadWriter } from './to-quads.ts';

export { canonizeRdfcFull } from './full.ts';

/** Which path produced the output: the fast compiler + simple labelling, the fast compiler + full RDFC, or the full algorithm. */
export type CanonPath = 'fast' | 'fast-ndegree' | 'full';

const MAX_CONTEXT_STEPS = 64;

/**
 * Canonical N-Quads plus the path taken (tests use it to prove the fast path is exercised).
 * @example const { nquads, path } = await canonizeRdfcDetailed(credential)
 */
export async function canonizeRdfcDetailed(doc: object, opts: { documentLoader?: DocumentLoader } = {}): Promise<{ nquads: string; path: CanonPath }> {
  const loader = opts.documentLoader ?? staticDocumentLoader;
  const cache = contextCacheFor(loader);
  for (let step = 0; step < MAX_CONTEXT_STEPS; step++) {
    const w = new QuadWriter();
    try {
      documentToQuads(doc, cache.initial, w);
    } catch (e) {
      if (e instanceof ContextMiss) {
        try {
          await fillContextMiss(cache, e);
          continue;
        } catch {
          break;
        }
      }
      break;
    }
    const simple = canonicalizeSimple(w.quads, w.bnodes);
    if (simple !== undefined) return { nquads: simple, path: 'fast' };
    return { nquads: await canonizeNQuads(quadsToNQuads(w.quads, w.bnodes)), path: 'fast-ndegree' };
  }
  return { nquads: await canonizeRdfcFull(doc, loader), path: 'full' };
}

/**
 * Canonical N-Quads (RDFC-1.0) of a JSON-LD document; byte-identical to jsonld + rdf-canonize.
 * Throws (like jsonld in safe mode) on an unknown context or undefined term.
 * @example const nq = await canonizeRdfc(credential)
 */
export async function canonizeRdfc(doc: object, opts: { documentLoader?: DocumentLoader } = {}): Promise<string> {
  return (await canonizeRdfcDetailed(doc, opts)).nquads;
}
