/** Adapters from the verifier's fetcher port to what the resolvers need, with the verifier's limits. */
import type { Fetcher as DidFetcher } from '../did/index.ts';
import type { Fetcher } from './types.ts';

/** Limits applied to every fetch the verifier makes. */
export const FETCH_LIMITS = {
  statusList: { maxBytes: 2 * 1024 * 1024, timeoutMs: 5000 },
  document: { maxBytes: 256 * 1024, timeoutMs: 5000 },
} as const;

/** The did / key resolver's fetcher, with document limits. */
export function didFetcher(fetcher: Fetcher): DidFetcher {
  return (url, init) => fetcher(url, { accept: init.accept, ...FETCH_LIMITS.document });
}
