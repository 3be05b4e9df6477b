// verifyCredential never throws and always returns a well-formed log, whatever it is given.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { verifyCredential } from '../../../src/core/verify/index.ts';
import type { VerificationResult } from '../../../src/core/verify/types.ts';
import { standardsPath } from '../../helpers/standards.ts';

const now = new Date('2026-12-04T20:00:00Z');
const STATUSES = ['valid', 'invalid', 'unknown'];

/** A small deterministic PRNG (mulberry32) so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function wellFormed(r: VerificationResult): void {
  expect(STATUSES).toContain(r.summary);
  expect(r.checks.length).toBeGreaterThan(0);
  expect(r.checks[0]!.id).toBe('parse');
  for (const c of r.checks) {
    expect(c.id).toMatch(/^[a-z_]+$/);
    expect(STATUSES).toContain(c.status);
    expect(typeof c.message).toBe('string');
  }
  if (r.checks.some((c) => c.status === 'invalid')) expect(r.summary).toBe('invalid');
  if (r.summary === 'valid') expect(r.checks.every((c) => c.status === 'valid')).toBe(true);
}

const simple = readFileSync(standardsPath('vectors/1edtech-validator/ob30/valid-vc2/simple.json'), 'utf8');
const png = new Uint8Array(readFileSync(standardsPath('vectors/1edtech-validator/ob30/baked/simple-json.png')));

function mutateValue(v: unknown, rnd: () => number, depth = 0): unknown {
  const weird = [null, 0, -1, 1e308, '', 'x'.repeat(1000), [], {}, true, '__proto__', { __proto__: { polluted: true } }, 'did:web:evil', 'https://127.0.0.1/x', [[[[]]]]];
  if (rnd() < 0.15) return weird[Math.floor(rnd() * weird.length)];
  if (Array.isArray(v)) return v.map((x) => mutateValue(x, rnd, depth + 1));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (rnd() > 0.05) out[rnd() < 0.03 ? `${k}x` : k] = mutateValue(x, rnd, depth + 1);
    return out;
  }
  if (typeof v === 'string' && rnd() < 0.2) return v.slice(0, Math.floor(rnd() * v.length));
  return v;
}

describe('verifyCredential never throws', () => {
  it('random bytes', async () => {
    const rnd = prng(1);
    for (let i = 0; i < 150; i++) {
      const n = Math.floor(rnd() * 400);
      const buf = new Uint8Array(n);
      for (let j = 0; j < n; j++) buf[j] = Math.floor(rnd() * 256);
      if (i % 3 === 0 && n > 8) buf.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      if (i % 5 === 0 && n > 5) buf.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
      wellFormed(await verifyCredential(buf, { now }));
    }
  });

  it('truncated and bit-flipped baked PNGs', async () => {
    const rnd = prng(2);
    for (let i = 0; i < 40; i++) {
      const copy = png.slice(0, Math.max(9, Math.floor(rnd() * png.length)));
      const at = 8 + Math.floor(rnd() * (copy.length - 8));
      copy[at] = (copy[at] ?? 0) ^ (1 << Math.floor(rnd() * 8));
      wellFormed(await verifyCredential(copy, { now }));
    }
  });

  it('mutated JSON credentials, as text and as objects', async () => {
    const rnd = prng(3);
    const base = JSON.parse(simple);
    for (let i = 0; i < 60; i++) {
      const m = mutateValue(base, rnd);
      const r = await verifyCredential(i % 2 ? JSON.stringify(m) : (m as object), { now });
      wellFormed(r);
    }
    for (let i = 0; i < 40; i++) {
      const cut = simple.slice(0, Math.floor(rnd() * simple.length));
      wellFormed(await verifyCredential(cut, { now }));
    }
  });

  it('deep nesting, huge arrays, prototype-pollution keys', async () => {
    const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const r1 = await verifyCredential(deep, { now });
    wellFormed(r1);
    expect(r1.summary).toBe('invalid');
    expect(r1.checks[0]!.message).toMatch(/nested more than/);

    const wide = JSON.parse(simple);
    wide.credentialSubject.result = Array.from({ length: 100_000 }, (_, i) => ({ type: ['Result'], value: String(i) }));
    const r2 = await verifyCredential(wide, { now });
    wellFormed(r2);
    expect(r2.checks[0]!.message).toMatch(/more than 10000 values/);
    const many = JSON.parse(simple);
    many.endorsement = Array.from({ length: 12 }, () => JSON.parse(simple));
    const r4 = await verifyCredential(many, { now });
    wellFormed(r4);
    expect(r4.children).toHaveLength(12);

    const polluted = `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${simple.slice(1)}`;
    const r3 = await verifyCredential(polluted, { now });
    wellFormed(r3);
    expect(({} as any).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('odd inputs and options', async () => {
    for (const input of [null, undefined, 42, [], [simple], '', '   ', 'null', '[]', '{', 'a.b.c', 'eyJ.eyJ.x', '<svg></svg>', '%PDF-1.7 garbage'] as any[]) {
      wellFormed(await verifyCredential(input, { now }));
    }
    const bad = await verifyCredential(simple, { now: new Date('nope') });
    expect(bad.summary).toBe('unknown');
    wellFormed(await verifyCredential(simple, undefined as any));
    const hostile = await verifyCredential(simple, { now, fetcher: async () => { throw new Error('boom'); } });
    wellFormed(hostile);
  });
});
