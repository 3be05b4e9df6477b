/** Small helpers shared by the verification steps. */
import type { Check, CheckId, CheckStatus } from './types.ts';

/** Builds one check entry. */
export function check(id: CheckId, status: CheckStatus, message: string, details?: Record<string, unknown>): Check {
  return details === undefined ? { id, status, message } : { id, status, message, details };
}

/** invalid if any invalid; else unknown if any unknown; else valid (an empty log is unknown). */
export function summarize(checks: readonly Check[]): CheckStatus {
  if (checks.length === 0) return 'unknown';
  if (checks.some((c) => c.status === 'invalid')) return 'invalid';
  if (checks.some((c) => c.status === 'unknown')) return 'unknown';
  return 'valid';
}

/** A plain object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A single value or array as an array (undefined → []). */
export function asArray<T = unknown>(v: unknown): T[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as T[];
}

/** The issuer id of a credential: the string, or the `id` of the embedded profile. */
export function issuerId(credential: Record<string, unknown>): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  if (isObject(issuer) && typeof issuer.id === 'string') return issuer.id;
  return undefined;
}

/** The message of any thrown value, on one line. */
export function errorMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : typeof e === 'string' ? e : 'unexpected error';
  return m.split('\n')[0]!.slice(0, 500);
}
