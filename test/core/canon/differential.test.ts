// The fast canonicalizer must produce byte-identical RDFC-1.0 N-Quads to jsonld + rdf-canonize (or the same error).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonizeRdfcDetailed, canonizeRdfcFull } from '../../../src/core/canon/index.ts';
import { generateCredential } from '../../helpers/ob-generator.ts';
import { readStandardsJson, standardsPath } from '../../helpers/standards.ts';

interface Outcome {
  nq?: string;
  err?: string;
  path: string;
}

async function both(doc: Record<string, unknown>): Promise<{ full: Outcome; fast: Outcome }> {
  const full = await canonizeRdfcFull(doc).then(
    (nq): Outcome => ({ nq, path: 'full' }),
    (e: Error): Outcome => ({ err: e.message, path: 'error' }),
  );
  const fast = await canonizeRdfcDetailed(doc).then(
    (r): Outcome => ({ nq: r.nquads, path: r.path }),
    (e: Error): Outcome => ({ err: e.message, path: 'error' }),
  );
  return { full, fast };
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? jsonFiles(p) : p.endsWith('.json') ? [p] : [];
  });
}

describe('fast RDFC-1.0 == jsonld + rdf-canonize', () => {
  it('on 400 generated OB 3.0 / CLR 2.0 credentials', async () => {
    const paths: Record<string, number> = {};
    for (let seed = 1; seed <= 400; seed++) {
      const doc = generateCredential(seed);
      const { full, fast } = await both(doc);
      expect(fast.nq, `seed ${seed}`).toBe(full.nq);
      if (full.err) expect(fast.err, `seed ${seed} should fail like jsonld: ${full.err}`).toBeDefined();
      paths[fast.path] = (paths[fast.path] ?? 0) + 1;
    }
    // The fast compiler must actually be exercised, not just fall back.
    expect(paths.full ?? 0).toBeLessThan(20);
    expect(paths.fast ?? 0).toBeGreaterThan(300);
  }, 300_000);

  it('on every shipped vector and example (document and proof config)', async () => {
    let fastCount = 0;
    const files = [...jsonFiles(standardsPath('vectors')), ...jsonFiles(standardsPath('examples'))];
    for (const file of files) {
      let doc: any;
      try {
        doc = readStandardsJson(file.slice(standardsPath('').length));
      } catch {
        continue;
      }
      if (!doc || typeof doc !== 'object' || Array.isArray(doc) || !doc['@context']) continue;
      const { proof, ...unsecured } = doc;
      const docs = [doc, unsecured];
      for (const p of Array.isArray(proof) ? proof : proof ? [proof] : []) {
        const { proofValue: _v, ...config } = p;
        docs.push({ ...config, '@context': doc['@context'] });
      }
      for (const d of docs) {
        const { full, fast } = await both(d);
        expect(fast.nq, file).toBe(full.nq);
        if (full.err) expect(fast.err, file).toBeDefined();
        if (fast.path === 'fast') fastCount++;
      }
    }
    expect(fastCount).toBeGreaterThan(150);
  }, 300_000);

  it('handles an inline @vocab context identically', async () => {
    const doc = { '@context': ['https://www.w3.org/ns/credentials/v2', { '@vocab': 'https://example.org/vocab#' }], type: ['VerifiableCredential', 'Thing'], issuer: 'https://example.org/i', credentialSubject: { id: 'did:example:1', extra: 1.5 } };
    const { full, fast } = await both(doc);
    expect(fast.nq).toBe(full.nq);
    expect(full.nq).toContain('<https://example.org/vocab#extra>');
  });

  it('removes duplicate quads like jsonld (repeated values, types, nodes)', async () => {
    const base = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential', 'VerifiableCredential'], issuer: 'https://example.org/i' };
    const docs = [
      { ...base, name: ['a', 'a'], credentialSubject: [{ id: 'did:example:1', name: 'x' }, { id: 'did:example:1', name: 'x' }] },
      { ...base, credentialSubject: { id: 'did:example:1' }, evidence: [{ name: 'e', description: ['q', 'q'] }] },
      { ...base, credentialSubject: { id: 'did:example:1' }, evidence: [{ name: 'same' }, { name: 'same' }] },
    ];
    const paths: string[] = [];
    for (const doc of docs) {
      const { full, fast } = await both(doc);
      expect(full.nq).toBeDefined();
      expect(fast.nq).toBe(full.nq);
      paths.push(fast.path);
    }
    expect(paths).toEqual(['fast', 'fast', 'fast-ndegree']);
  });

  it('falls back for what it does not handle: language maps, value objects, unknown contexts, blank node ids', async () => {
    const base = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: 'https://example.org/i', credentialSubject: { id: 'did:example:1' } };
    const cases: Record<string, unknown>[] = [
      { ...base, name: { '@value': 'Hallo', '@language': 'de' } },
      { ...base, id: '_:b7' },
      { ...base, '@context': [...base['@context'], 'https://example.org/unknown.json'] },
      { ...base, credentialSubject: { id: 'relative/id' } },
    ];
    for (const doc of cases) {
      const { full, fast } = await both(doc);
      expect(fast.nq).toBe(full.nq);
      if (full.err) expect(fast.path).toBe('error');
      else expect(fast.path).toBe('full');
    }
  });
});
