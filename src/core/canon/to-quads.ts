/**
 * JSON-LD → RDF quads for the common shape of credentials, walking the JSON directly with processed contexts.
 * It mirrors jsonld's expansion + toRDF step by step for what it accepts, and throws `Unsupported` for
 * anything else (value objects, language maps, @nest, @reverse, blank-node ids, relative IRIs, …), so the
 * caller falls back to the full algorithm, which also reports safe-mode errors.
 */
import { applyContext, revertContext, type FastCtx, type TermDef } from './context-cache.ts';

/** The fast path does not handle this document; use the full algorithm. */
export class Unsupported extends Error {}

/** A quad term: a serialized N-Quads token (`<iri>`, `"literal"^^<dt>`) or a blank node number. */
export type QTerm = string | number;

/** One quad; `g` is null in the default graph. */
export interface Quad {
  s: QTerm;
  p: string;
  o: QTerm;
  g: QTerm | null;
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const XSD_STRING = `${XSD}string`;
const XSD_BOOLEAN = `${XSD}boolean`;
const XSD_DOUBLE = `${XSD}double`;
const XSD_INTEGER = `${XSD}integer`;
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDF_TYPE = `<${RDF}type>`;
const RDF_FIRST = `<${RDF}first>`;
const RDF_REST = `<${RDF}rest>`;
const RDF_NIL = `<${RDF}nil>`;

const KEYWORDS = new Set([
  '@base', '@container', '@context', '@default', '@direction', '@embed', '@explicit', '@graph', '@id', '@included',
  '@index', '@json', '@language', '@list', '@nest', '@none', '@omitDefault', '@prefix', '@preserve', '@protected',
  '@requireAll', '@reverse', '@set', '@type', '@value', '@version', '@vocab',
]);
const KEYWORD_LIKE = /^@[a-zA-Z]+$/;
const ABSOLUTE = /^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$/;
// eslint-disable-next-line no-control-regex -- N-Quads escaping is about control characters
const IRI_NEEDS_ESCAPE = /[\u0000-\u0020<>"{}|^`\\]/;
// eslint-disable-next-line no-control-regex -- same character class as rdf-canonize's N-Quads serializer
const LITERAL_ESCAPE = /[\u0000-\u001F\u007F"\\]/g;
const ECHAR: Record<string, string> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };

function escapeLiteral(s: string): string {
  LITERAL_ESCAPE.lastIndex = 0;
  if (!LITERAL_ESCAPE.test(s)) return s;
  LITERAL_ESCAPE.lastIndex = 0;
  return s.replace(LITERAL_ESCAPE, (c) => ECHAR[c] ?? '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'));
}

/** `<iri>` for an absolute IRI that needs no escaping (blank-node-like `_:` ids are left to the full path). */
function iriToken(iri: string | null | undefined): string {
  if (typeof iri !== 'string' || !ABSOLUTE.test(iri) || iri.startsWith('_:') || IRI_NEEDS_ESCAPE.test(iri)) throw new Unsupported(`IRI ${iri}`);
  return `<${iri}>`;
}

function def(ctx: FastCtx, term: string | null): TermDef | null | undefined {
  return term === null ? undefined : ctx.js.mappings.get(term);
}

/** jsonld's _expandIri for the cases the fast path accepts. */
function expandIri(ctx: FastCtx, value: string, vocab: boolean, base: boolean): string | null {
  if (KEYWORDS.has(value)) return value;
  if (KEYWORD_LIKE.test(value)) return null;
  if (vocab) {
    const m = ctx.js.mappings.get(value);
    if (m === null) return null;
    if (m && '@id' in m) return m['@id'] ?? null;
  }
  const colon = value.indexOf(':');
  if (colon > 0) {
    const prefix = value.slice(0, colon);
    const suffix = value.slice(colon + 1);
    if (prefix === '_' || suffix.startsWith('//')) return value;
    const pm = ctx.js.mappings.get(prefix);
    if (pm && pm._prefix) return pm['@id'] + suffix;
    if (ABSOLUTE.test(value)) return value;
  }
  if (vocab && '@vocab' in ctx.js) return ctx.js['@vocab'] + value;
  if (base && ctx.js['@base']) throw new Unsupported('@base');
  return value;
}

/** Collects quads and issues blank nodes. Duplicates are removed by the labeller (a dataset is a set). */
export class QuadWriter {
  readonly quads: Quad[] = [];
  bnodes = 0;

  bnode(): number {
    return this.bnodes++;
  }

  add(s: QTerm, p: string, o: QTerm, g: QTerm | null): void {
    this.quads.push({ s, p, o, g });
  }
}

/**
 * Converts a JSON-LD document to quads (blank nodes numbered from 0); throws Unsupported or ContextMiss.
 * @example const w = new QuadWriter(); documentToQuads(doc, initialCtx, w)
 */
export function documentToQuads(doc: unknown, initial: FastCtx, out: QuadWriter): void {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Unsupported('top level');
  const r = expandNode(doc as Record<string, unknown>, initial, null, null, out, true);
  if (r.count === 0) throw new Unsupported('empty top-level node');
}

interface NodeResult {
  subject: QTerm;
  /** Number of expanded members (jsonld drops top-level / graph objects with none, or with only @id). */
  count: number;
  onlyId: boolean;
}

function expandNode(element: Record<string, unknown>, ctxIn: FastCtx, activeProperty: string | null, graph: QTerm | null, out: QuadWriter, top: boolean): NodeResult {
  let ctx = ctxIn;
  if (!ctx.plain) throw new Unsupported('default language/direction');
  const propertyScoped = def(ctx, activeProperty)?.['@context'];
  const keys = Object.keys(element).sort();
  const tsc = ctx.prev ? ctx : null;
  let mustRevert = true;
  if (tsc && keys.length <= 2 && !keys.includes('@context')) {
    for (const key of keys) {
      const ep = expandIri(tsc, key, true, false);
      if (ep === '@value') throw new Unsupported('value object');
      if (ep === '@id' && keys.length === 1) {
        mustRevert = false;
        break;
      }
    }
  }
  if (mustRevert) ctx = revertContext(ctx);
  if (propertyScoped !== undefined) ctx = applyContext(ctx, propertyScoped, true, true);
  if ('@context' in element) ctx = applyContext(ctx, element['@context'], true, false);
  const typeScoped = ctx;
  for (const key of keys) {
    if (expandIri(ctx, key, true, false) !== '@type') continue;
    const value = element[key];
    const types = Array.isArray(value) ? (value.length > 1 ? value.slice().sort() : value) : [value];
    for (const t of types) {
      if (typeof t !== 'string') throw new Unsupported('non-string type');
      const tctx = def(typeScoped, t)?.['@context'];
      if (tctx !== undefined) ctx = applyContext(ctx, tctx, false, false);
    }
  }
  if (!ctx.plain) throw new Unsupported('default language/direction');

  // Resolve the subject first: @id may sort after other keys.
  let subject: QTerm | undefined;
  const expanded: Array<[string, string, unknown]> = [];
  const typeIris: string[] = [];
  let count = 0;
  let sawId = false;
  for (const key of keys) {
    if (key === '@context') continue;
    const value = element[key];
    const ep = expandIri(ctx, key, true, false);
    if (ep === null || !(ABSOLUTE.test(ep) || KEYWORDS.has(ep))) throw new Unsupported(`invalid property ${key}`);
    if (ep === '@id') {
      if (sawId || typeof value !== 'string') throw new Unsupported('@id');
      sawId = true;
      const ve = expandIri(ctx, value, false, true);
      subject = iriToken(ve);
      count++;
    } else if (ep === '@type') {
      if (!typeIris.length) count++;
      const vs = Array.isArray(value) ? value : [value];
      for (const v of vs) {
        if (typeof v !== 'string') throw new Unsupported('@type value');
        typeIris.push(iriToken(expandIri(typeScoped, v, true, true)));
      }
    } else if (KEYWORDS.has(ep)) {
      throw new Unsupported(`keyword ${ep}`);
    } else {
      expanded.push([key, ep, value]);
    }
  }
  const s: QTerm = subject ?? out.bnode();
  for (const t of typeIris) out.add(s, RDF_TYPE, t, graph);
  for (const [key, ep, value] of expanded) {
    if (emitProperty(ctx, s, key, ep, value, graph, out)) count++;
  }
  if ((top || activeProperty === null) && (count === 0 || (count === 1 && sawId))) throw new Unsupported('dropped object');
  return { subject: s, count, onlyId: count === 1 && sawId };
}

/** Emits the quads of one property; returns whether it produced a value (jsonld keeps the key). */
function emitProperty(ctx: FastCtx, s: QTerm, key: string, ep: string, value: unknown, graph: QTerm | null, out: QuadWriter): boolean {
  const d = def(ctx, key);
  if (d && (d.reverse || d['@nest'] !== undefined)) throw new Unsupported('reverse / nest');
  const scoped = d?.['@context'];
  const termCtx = scoped !== undefined ? applyContext(ctx, scoped, true, true) : ctx;
  const container = d?.['@container'] ?? [];
  for (const c of container) if (c !== '@set' && c !== '@list' && c !== '@graph') throw new Unsupported(`container ${c}`);
  if (d?.['@type'] === '@json' || def(termCtx, key)?.['@type'] === '@json') throw new Unsupported('@json');
  const p = iriToken(ep);
  const isList = container.includes('@list');
  const isGraph = container.includes('@graph');
  if (isList && isGraph) throw new Unsupported('graph list');
  if (value === null || value === undefined) return false;
  if (isList) {
    const items: QTerm[] = [];
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === null || v === undefined) continue;
      if (Array.isArray(v)) throw new Unsupported('nested list');
      items.push(valueTerm(termCtx, key, v, graph, out, false));
    }
    if (items.length === 0) {
      out.add(s, p, RDF_NIL, graph);
      return true;
    }
    const nodes = items.map(() => out.bnode());
    out.add(s, p, nodes[0]!, graph);
    items.forEach((it, i) => {
      out.add(nodes[i]!, RDF_FIRST, it, graph);
      out.add(nodes[i]!, RDF_REST, i + 1 < nodes.length ? nodes[i + 1]! : RDF_NIL, graph);
    });
    return true;
  }
  // jsonld keeps the key (an empty array counts) unless every graph object was dropped.
  return emitValues(termCtx, s, key, p, value, isGraph, graph, out) || !isGraph;
}

/** Emits each (possibly nested-array) value of a non-list property; returns whether any was emitted. */
function emitValues(termCtx: FastCtx, s: QTerm, key: string, p: string, v: unknown, isGraph: boolean, graph: QTerm | null, out: QuadWriter): boolean {
  if (v === null || v === undefined) return false;
  if (Array.isArray(v)) {
    let any = false;
    for (const x of v) any = emitValues(termCtx, s, key, p, x, isGraph, graph, out) || any;
    return any;
  }
  if (isGraph) {
    if (typeof v !== 'object') throw new Unsupported('scalar in graph container');
    const g = out.bnode();
    const r = expandNode(v as Record<string, unknown>, termCtx, key, g, out, false);
    if (r.count === 0 || r.onlyId) throw new Unsupported('dropped graph object');
    out.add(s, p, g, graph);
  } else {
    out.add(s, p, valueTerm(termCtx, key, v, graph, out, false), graph);
  }
  return true;
}

/** The object term for one (non-array) value of `key`: a node (recursing) or a literal / IRI. */
function valueTerm(ctx: FastCtx, key: string, v: unknown, graph: QTerm | null, out: QuadWriter, top: boolean): QTerm {
  if (typeof v === 'object') return expandNode(v as Record<string, unknown>, ctx, key, graph, out, top).subject;
  const d = def(ctx, key);
  const type = d && '@type' in d ? d['@type'] : null;
  if (type === '@id' && typeof v === 'string') return iriToken(expandIri(ctx, v, false, true));
  if (type === '@vocab' && typeof v === 'string') return iriToken(expandIri(ctx, v, true, true));
  const datatype = type && type !== '@id' && type !== '@vocab' && type !== '@none' ? type : null;
  if (datatype !== null) iriToken(datatype);
  else if (typeof v === 'string') {
    const lang = d && '@language' in d ? d['@language'] : (ctx.js['@language'] ?? null);
    const dir = d && '@direction' in d ? d['@direction'] : (ctx.js['@direction'] ?? null);
    if (lang !== null || dir !== null) throw new Unsupported('language');
  }
  let lex: string;
  let dt: string;
  if (typeof v === 'boolean') {
    lex = String(v);
    dt = datatype ?? XSD_BOOLEAN;
  } else if (typeof v === 'number') {
    if (String(v).includes('.') || Math.abs(v) >= 1e21 || datatype === XSD_DOUBLE) {
      lex = v.toExponential(15).replace(/(\d)0*e\+?/, '$1E');
      dt = datatype ?? XSD_DOUBLE;
    } else {
      lex = v.toFixed(0);
      dt = datatype ?? XSD_INTEGER;
    }
  } else if (typeof v === 'string') {
    if (datatype === XSD_DOUBLE) throw new Unsupported('string as double');
    lex = v;
    dt = datatype ?? XSD_STRING;
  } else {
    throw new Unsupported(`value of type ${typeof v}`);
  }
  return dt === XSD_STRING ? `"${escapeLiteral(lex)}"` : `"${escapeLiteral(lex)}"^^<${dt}>`;
}
