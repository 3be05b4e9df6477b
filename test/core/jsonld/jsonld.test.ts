import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.ts';
import { checkJsonLd, knownContextUrls, staticDocumentLoader } from '../../../src/core/jsonld/index.ts';
import { readStandardsJson } from '../../helpers/standards.ts';

const OB = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];

describe('static document loader', () => {
  it('serves every shipped context, identical to the standards copies', async () => {
    const map = readStandardsJson('contexts/document-loader-map.json') as Record<string, string>;
    expect(knownContextUrls().sort()).toEqual(Object.keys(map).sort());
    for (const [url, file] of Object.entries(map)) {
      const doc = await staticDocumentLoader(url);
      expect(doc.document, url).toEqual(readStandardsJson(file));
    }
  });

  it('throws unknown_context naming the IRI, and never fetches', async () => {
    const err = await staticDocumentLoader('https://example.org/ctx.json').catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('unknown_context');
    expect(err.message).toContain('https://example.org/ctx.json');
  });
});

describe('checkJsonLd', () => {
  it('accepts a valid OB credential', async () => {
    expect(await checkJsonLd(readStandardsJson('vectors/1edtech-impl-guide/ob/unsigned-credential.json'))).toEqual({ ok: true });
  });

  it('names an undefined term', async () => {
    const r = await checkJsonLd({ '@context': OB, type: ['VerifiableCredential', 'OpenBadgeCredential'], favouriteColour: 'blue' });
    expect(r).toMatchObject({ ok: false, code: 'jsonld_invalid', term: 'favouriteColour' });
    expect(r.ok ? '' : r.message).toContain('"favouriteColour"');
  });

  it('names an undefined type (relative type IRI)', async () => {
    const r = await checkJsonLd({ '@context': OB, type: ['VerifiableCredential', 'MadeUpCredential'] });
    expect(r).toMatchObject({ ok: false, term: 'MadeUpCredential' });
  });

  it('reports an unknown context', async () => {
    const r = await checkJsonLd({ '@context': [...OB, 'https://example.org/mine.json'], type: ['VerifiableCredential'] });
    expect(r).toMatchObject({ ok: false, code: 'unknown_context', field: '@context' });
  });

  it('rejects non-objects and documents without @context, without throwing', async () => {
    expect(await checkJsonLd('nope')).toMatchObject({ ok: false });
    expect(await checkJsonLd([])).toMatchObject({ ok: false });
    expect(await checkJsonLd({ type: 'x' })).toMatchObject({ ok: false, field: '@context' });
  });
});
