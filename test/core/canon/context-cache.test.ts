import ctxApi from 'jsonld/lib/context.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canonizeRdfcDetailed } from '../../../src/core/canon/index.ts';
import { staticDocumentLoader, type DocumentLoader } from '../../../src/core/jsonld/document-loader.ts';
import { generateCredential } from '../../helpers/ob-generator.ts';

/** A loader of its own: the context cache is kept per loader, so this one starts empty. */
const freshLoader = (): DocumentLoader => (url) => staticDocumentLoader(url);

describe('context cache', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  it('computes each context transition once when a burst of documents misses it at the same time', async () => {
    const doc = generateCredential(7);
    const spy = vi.spyOn(ctxApi, 'process');
    const alone = await canonizeRdfcDetailed(doc, { documentLoader: freshLoader() });
    const once = spy.mock.calls.length;
    expect(once).toBeGreaterThan(0);
    spy.mockClear();
    const loader = freshLoader();
    const burst = await Promise.all(Array.from({ length: 8 }, () => canonizeRdfcDetailed(doc, { documentLoader: loader })));
    expect(spy.mock.calls.length).toBe(once);
    for (const r of burst) expect(r).toEqual(alone);
  });
});
