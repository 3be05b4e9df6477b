/**
 * RDFC-1.0 for the common case: when every blank node has a unique first-degree hash, canonical labels
 * follow from sorting those hashes (RDFC-1.0 §4.4 steps 1–5). Otherwise returns undefined and the
 * caller runs the full algorithm (N-degree hashing) from rdf-canonize.
 */
import { createHash } from 'node:crypto';
import type { Quad } from './to-quads.ts';

function serialize(q: Quad, labels: string[]): string {
  const s = typeof q.s === 'number' ? labels[q.s]! : q.s;
  const o = typeof q.o === 'number' ? labels[q.o]! : q.o;
  if (q.g === null) return s + ' ' + q.p + ' ' + o + ' .\n';
  return s + ' ' + q.p + ' ' + o + ' ' + (typeof q.g === 'number' ? labels[q.g]! : q.g) + ' .\n';
}

/** N-Quads of the quads with blank nodes written `_:b<n>` (input for the full algorithm). */
export function quadsToNQuads(quads: Quad[], bnodeCount: number): string {
  const labels = Array.from({ length: bnodeCount }, (_, i) => `_:b${i}`);
  let out = '';
  for (const q of quads) out += serialize(q, labels);
  return out;
}

/** The quads without duplicates (identical terms, blank nodes compared by number). */
export function dedupeQuads(quads: Quad[], bnodeCount: number): Quad[] {
  const labels = Array.from({ length: bnodeCount }, (_, i) => `_:b${i}`);
  const seen = new Set<string>();
  const out: Quad[] = [];
  for (const q of quads) {
    const line = serialize(q, labels);
    if (seen.has(line)) continue;
    seen.add(line);
    out.push(q);
  }
  return out;
}

/**
 * Canonical N-Quads when all first-degree hashes are distinct; undefined when the N-degree algorithm is needed.
 * @example const nq = canonicalizeSimple(writer.quads, writer.bnodes) ?? (await fullCanonize(...))
 */
export function canonicalizeSimple(quads: Quad[], bnodeCount: number): string | undefined {
  const out = labelSimple(quads, bnodeCount);
  if (out !== 'duplicates') return out;
  // Identical canonical lines mean identical quads: hash again over the deduplicated set.
  const again = labelSimple(dedupeQuads(quads, bnodeCount), bnodeCount);
  return again === 'duplicates' ? undefined : again;
}

function labelSimple(quads: Quad[], bnodeCount: number): string | undefined | 'duplicates' {
  const mentions: Quad[][] = [];
  for (let b = 0; b < bnodeCount; b++) mentions.push([]);
  for (const q of quads) {
    if (typeof q.s === 'number') mentions[q.s]!.push(q);
    if (typeof q.o === 'number' && q.o !== q.s) mentions[q.o]!.push(q);
    if (typeof q.g === 'number' && q.g !== q.s && q.g !== q.o) mentions[q.g]!.push(q);
  }
  const labels: string[] = new Array(bnodeCount).fill('_:z');
  const byHash = new Map<string, number>();
  let tie = false;
  for (let b = 0; b < bnodeCount; b++) {
    const list = mentions[b]!;
    if (list.length === 0) continue;
    labels[b] = '_:a';
    const lines: string[] = [];
    for (const q of list) lines.push(serialize(q, labels));
    labels[b] = '_:z';
    lines.sort();
    const h = createHash('sha256').update(lines.join(''), 'utf8').digest('hex');
    if (byHash.has(h)) tie = true;
    byHash.set(h, b);
  }
  let n = 0;
  for (const h of [...byHash.keys()].sort()) labels[byHash.get(h)!] = '_:c14n' + n++;
  const lines: string[] = [];
  for (const q of quads) lines.push(serialize(q, labels));
  lines.sort();
  for (let i = 1; i < lines.length; i++) if (lines[i] === lines[i - 1]) return 'duplicates';
  return tie ? undefined : lines.join('');
}
