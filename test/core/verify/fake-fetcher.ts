// A fetcher for tests: serves documents from a map of URL → JSON (or bytes); anything else is a network error.
import type { Fetcher } from '../../../src/core/verify/types.ts';

export interface FakeFetcher extends Fetcher {
  calls: string[];
}

/** A fetcher over a URL map; `null` entries answer HTTP 404, missing ones throw like an unreachable host. */
export function fakeFetcher(docs: Record<string, unknown>): FakeFetcher {
  const calls: string[] = [];
  const fn = (async (url: string) => {
    calls.push(url);
    if (!Object.prototype.hasOwnProperty.call(docs, url)) throw new Error(`getaddrinfo ENOTFOUND ${new URL(url).host}`);
    const doc = docs[url];
    if (doc === null) return { status: 404, contentType: 'text/plain', body: new TextEncoder().encode('not found') };
    const body = doc instanceof Uint8Array ? doc : new TextEncoder().encode(typeof doc === 'string' ? doc : JSON.stringify(doc));
    return { status: 200, contentType: 'application/json', body };
  }) as unknown as FakeFetcher;
  fn.calls = calls;
  return fn;
}
