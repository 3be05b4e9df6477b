/**
 * Processed JSON-LD contexts for the fast canonicalizer. Context processing itself is jsonld's own
 * (so protected, type-scoped and property-scoped contexts behave exactly as in the full algorithm);
 * each result is computed once per (active context, local context, flags) and then reused synchronously.
 */
import ctxApi from 'jsonld/lib/context.js';
import ContextResolver from 'jsonld/lib/ContextResolver.js';
import events from 'jsonld/lib/events.js';
import type { DocumentLoader } from '../jsonld/document-loader.ts';

/** A term definition as jsonld stores it. */
export interface TermDef {
  '@id'?: string | null;
  '@type'?: string;
  '@container'?: string[];
  '@context'?: unknown;
  '@language'?: unknown;
  '@direction'?: unknown;
  '@nest'?: unknown;
  '@index'?: unknown;
  reverse?: boolean;
  _prefix?: boolean;
}

/** An immutable processed active context with cached transitions. */
export interface FastCtx {
  readonly js: { mappings: Map<string, TermDef | null>; '@vocab'?: string; '@base'?: string | null; '@language'?: unknown; '@direction'?: unknown };
  /** The context to revert to when leaving a node typed with a type-scoped context. */
  readonly prev: FastCtx | null;
  readonly transitions: Map<string, FastCtx>;
  /** Same transitions, looked up by the identity of the local context object (the hot path). */
  readonly byObject: WeakMap<object, Array<FastCtx | undefined>>;
  /** Whether any term could change literal/string handling (default language / direction): then the fast path declines. */
  readonly plain: boolean;
}

/** Thrown by the synchronous walker when a transition is not cached yet; the driver computes it and retries. */
export class ContextMiss {
  constructor(
    readonly from: FastCtx,
    readonly key: string,
    readonly localCtx: unknown,
    readonly propagate: boolean,
    readonly overrideProtected: boolean,
  ) {}
}

function wrap(js: any, prev: FastCtx | null): FastCtx {
  return { js, prev, transitions: new Map(), byObject: new WeakMap(), plain: !('@language' in js) && !('@direction' in js) };
}

/** One cache (and one jsonld context resolver) per document loader. */
export interface ContextCache {
  initial: FastCtx;
  options: any;
}

const caches = new WeakMap<DocumentLoader, ContextCache>();

/** The context cache for a document loader (created on first use). */
export function contextCacheFor(documentLoader: DocumentLoader): ContextCache {
  let c = caches.get(documentLoader);
  if (!c) {
    const options = {
      base: null,
      safe: true,
      documentLoader,
      contextResolver: new ContextResolver({ sharedCache: new Map() }),
      eventHandler: events.setupEventHandler({ options: { safe: true } }),
    };
    c = { initial: wrap(ctxApi.getInitialContext(options), null), options };
    caches.set(documentLoader, c);
  }
  return c;
}

const jsonOf = new WeakMap<object, string>();

/** The cache key of a transition (scoped contexts are the same objects each time: stringify them once). */
export function transitionKey(localCtx: unknown, propagate: boolean, overrideProtected: boolean): string {
  let body: string;
  if (typeof localCtx === 'string') body = localCtx;
  else if (localCtx && typeof localCtx === 'object') {
    body = jsonOf.get(localCtx) ?? JSON.stringify(localCtx);
    jsonOf.set(localCtx, body);
  } else body = JSON.stringify(localCtx);
  return (propagate ? 'p' : 'n') + (overrideProtected ? 'o' : '-') + body;
}

/** Cached transition, or throws ContextMiss so the async driver can compute it. */
export function applyContext(from: FastCtx, localCtx: unknown, propagate: boolean, overrideProtected: boolean): FastCtx {
  const flags = (propagate ? 2 : 0) + (overrideProtected ? 1 : 0);
  const isObj = localCtx !== null && typeof localCtx === 'object';
  if (isObj) {
    const hit = from.byObject.get(localCtx)?.[flags];
    if (hit) return hit;
  }
  const key = transitionKey(localCtx, propagate, overrideProtected);
  const hit = from.transitions.get(key);
  if (hit) {
    if (isObj) remember(from, localCtx, flags, hit);
    return hit;
  }
  throw new ContextMiss(from, key, localCtx, propagate, overrideProtected);
}

function remember(from: FastCtx, localCtx: object, flags: number, to: FastCtx): void {
  let slots = from.byObject.get(localCtx);
  if (!slots) {
    slots = [undefined, undefined, undefined, undefined];
    from.byObject.set(localCtx, slots);
  }
  slots[flags] = to;
}

/** Transitions being computed, per context: concurrent misses of one transition share one computation. */
const filling = new WeakMap<FastCtx, Map<string, Promise<void>>>();

/**
 * Computes a missing transition with jsonld's context processing and stores it. Concurrent callers missing the same
 * transition (a burst of issues on a fresh process) wait for one computation instead of each running their own.
 */
export function fillContextMiss(cache: ContextCache, miss: ContextMiss): Promise<void> {
  if (miss.from.transitions.has(miss.key)) return Promise.resolve();
  let running = filling.get(miss.from);
  if (!running) { running = new Map(); filling.set(miss.from, running); }
  const shared = running.get(miss.key);
  if (shared) return shared;
  const fill = computeTransition(cache, miss).finally(() => running.delete(miss.key));
  running.set(miss.key, fill);
  return fill;
}

async function computeTransition(cache: ContextCache, miss: ContextMiss): Promise<void> {
  const { from, localCtx, propagate, overrideProtected } = miss;
  const js = await ctxApi.process({ activeCtx: from.js, localCtx, options: cache.options, propagate, overrideProtected });
  let next: FastCtx;
  if (js === from.js) next = from;
  else {
    // jsonld keeps the existing previousContext, or records the input when a non-propagating context starts one.
    const prev = from.prev ?? (!propagate || js.previousContext ? from : null);
    next = wrap(js, js.previousContext ? prev : null);
  }
  from.transitions.set(miss.key, next);
}

/** The context to use after leaving a type-scoped node. */
export function revertContext(ctx: FastCtx): FastCtx {
  return ctx.prev ?? ctx;
}
