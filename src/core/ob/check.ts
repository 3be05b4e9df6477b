/** Input checks shared by the builders; each throws AppError(validation_failed) naming the field at fault. */
import { AppError } from '../errors.ts';

export function fail(field: string, message: string): never {
  throw new AppError('validation_failed', message, { field });
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty string (trimmed). */
export function reqString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(field, `${field} is required and must be a non-empty string.`);
  return value.trim();
}

export function optString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') fail(field, `${field} must be a string.`);
  return value.trim() === '' ? undefined : value;
}

const URI_RE = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$/;

/** A URI (`https:`, `did:`, `urn:uuid:`, `data:` …) without whitespace. */
export function reqUri(value: unknown, field: string): string {
  if (typeof value !== 'string' || !URI_RE.test(value)) {
    fail(field, `${field} must be a URI such as https://… , did:… or urn:uuid:… (got ${JSON.stringify(value)}).`);
  }
  return value;
}

export function optUri(value: unknown, field: string): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : reqUri(value, field);
}

/** An http(s) URL. */
export function reqUrl(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^https?:\/\/[^\s/]+[^\s]*$/.test(value)) {
    fail(field, `${field} must be an http(s) URL (got ${JSON.stringify(value)}).`);
  }
  return value;
}

const DATE_TIME_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A Date or ISO date-time string with a timezone, serialized as `YYYY-MM-DDTHH:MM:SSZ` (ms kept when non-zero). */
export function reqDateTime(value: unknown, field: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) fail(field, `${field} is not a valid date.`);
    return value.toISOString().replace('.000Z', 'Z');
  }
  if (typeof value !== 'string' || !DATE_TIME_Z.test(value) || Number.isNaN(Date.parse(value))) {
    fail(field, `${field} must be a date-time with a timezone, e.g. 2026-12-04T20:00:00Z (got ${JSON.stringify(value)}).`);
  }
  return value;
}

export function optDateTime(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : reqDateTime(value, field);
}

/** A finite number ≥ 0. */
export function optNonNegative(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(field, `${field} must be a number ≥ 0.`);
  return value;
}

export function optStringArray(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const arr = Array.isArray(value) ? value : [value];
  return arr.map((v, i) => reqString(v, `${field}[${i}]`));
}

/** Turns an optional single-or-array input into an array of mapped values (undefined when empty). */
export function mapMany<I, O>(value: I | I[] | undefined | null, field: string, fn: (v: I, field: string) => O): O[] | undefined {
  if (value === undefined || value === null) return undefined;
  const arr = Array.isArray(value) ? value : [value];
  const out = arr.map((v, i) => fn(v, `${field}[${i}]`));
  return out.length ? out : undefined;
}

/** Merges a required type name into a caller-supplied `type` (string or array), required name first. */
export function typeSet(required: string, given: unknown, field: string): string[] {
  if (given === undefined || given === null) return [required];
  const arr = Array.isArray(given) ? given : [given];
  for (const [i, t] of arr.entries()) if (typeof t !== 'string' || t === '') fail(`${field}[${i}]`, `${field} entries must be strings.`);
  return [required, ...(arr as string[]).filter((t) => t !== required)];
}

/** Compares two date-time strings; true when a ≤ b. */
export function notAfter(a: string, b: string): boolean {
  return Date.parse(a) <= Date.parse(b);
}
