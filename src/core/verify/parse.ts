/**
 * The `parse` step: detects JSON, a compact JWT, a baked PNG or SVG, or a PDF with an attached credential,
 * and extracts the credential. Limits guard the later steps against hostile input.
 */
import type { Check, CredentialFormat } from './types.ts';
import { check, errorMessage, isObject } from './check-helpers.ts';
import { listPdfAttachments, pickCredentialAttachment } from './pdf.ts';
import { extractBakedCredential } from './baked.ts';

/** Largest input accepted (bytes). */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;
/** Deepest JSON nesting accepted; real credentials stay far below. */
export const MAX_JSON_DEPTH = 64;

const JWT_RE = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;

/** A parsed input: the credential as JSON, or a compact JWT to be verified by the JWT step. */
export type Parsed =
  | { ok: true; format: CredentialFormat; kind: 'json'; credential: Record<string, unknown>; check: Check }
  | { ok: true; format: CredentialFormat; kind: 'jwt'; jwt: string; check: Check }
  | { ok: false; format?: CredentialFormat; check: Check };

const fail = (message: string, format?: CredentialFormat, details?: Record<string, unknown>): Parsed =>
  format ? { ok: false, format, check: check('parse', 'invalid', message, details) } : { ok: false, check: check('parse', 'invalid', message, details) };

/**
 * Most JSON values (objects, arrays and leaves) accepted: JSON-LD canonicalization is superlinear, so a
 * document this size already takes seconds; real credentials, CLRs included, stay well below.
 */
export const MAX_JSON_NODES = 10_000;

/** Nesting depth and value count of a JSON value, computed without recursion (stops past the limits). */
export function jsonShape(value: unknown): { depth: number; nodes: number } {
  let depth = 0;
  let nodes = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    nodes++;
    if (nodes > MAX_JSON_NODES) break;
    if (v === null || typeof v !== 'object') continue;
    if (d > depth) depth = d;
    if (depth > MAX_JSON_DEPTH) break;
    for (const child of Object.values(v as object)) stack.push([child, d + 1]);
  }
  return { depth, nodes };
}

function fromJsonText(text: string, format: CredentialFormat, source: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return fail(`The ${source} is not valid JSON: ${errorMessage(e)}`, format);
  }
  return fromValue(value, format, source);
}

function fromValue(value: unknown, format: CredentialFormat, source: string): Parsed {
  if (!isObject(value)) return fail(`The ${source} must be a JSON object (a credential), not ${Array.isArray(value) ? 'an array' : typeof value}.`, format);
  const shape = jsonShape(value);
  if (shape.depth > MAX_JSON_DEPTH) return fail(`The ${source} is nested more than ${MAX_JSON_DEPTH} levels deep; that is not a credential.`, format);
  if (shape.nodes > MAX_JSON_NODES) return fail(`The ${source} holds more than ${MAX_JSON_NODES} values; that is too large to verify.`, format);
  return { ok: true, format, kind: 'json', credential: value, check: check('parse', 'valid', `Read a JSON credential from the ${source}.`, { format }) };
}

function fromText(raw: string, format: CredentialFormat | undefined, source: string): Parsed {
  const text = raw.replace(/^\uFEFF/, '').trim();
  if (text.startsWith('{')) return fromJsonText(text, format ?? 'json', source);
  if (JWT_RE.test(text)) {
    const f = format ?? 'jwt';
    return { ok: true, format: f, kind: 'jwt', jwt: text, check: check('parse', 'valid', `Read a VC-JWT (compact JWS) from the ${source}.`, { format: f }) };
  }
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(text)) return fromBaked(new TextEncoder().encode(text), 'svg');
  return fail(`The ${source} is not a credential: expected JSON, a JWT, a PNG, an SVG or a PDF.`, format);
}

function fromBaked(bytes: Uint8Array, format: 'png' | 'svg'): Parsed {
  const label = format.toUpperCase();
  let payload: string | undefined;
  try {
    payload = extractBakedCredential(bytes, format);
  } catch (e) {
    return fail(`The ${label} image could not be read: ${errorMessage(e)}`, format);
  }
  if (payload === undefined) return fail(`The ${label} image has no baked Open Badges credential.`, format);
  const parsed = fromText(payload, format, `${label} image`);
  if (parsed.ok) parsed.check.message = `Read a ${parsed.kind === 'jwt' ? 'VC-JWT' : 'JSON'} credential baked into the ${label} image.`;
  return parsed;
}

async function fromPdf(bytes: Uint8Array): Promise<Parsed> {
  let files;
  try {
    files = await listPdfAttachments(bytes);
  } catch (e) {
    return fail(`The PDF could not be read: ${errorMessage(e)}`, 'pdf');
  }
  const file = pickCredentialAttachment(files);
  if (!file) return fail('The PDF has no attached credential file (.json or .jwt).', 'pdf', { attachments: files.map((f) => f.name) });
  const parsed = fromText(new TextDecoder('utf-8', { fatal: false }).decode(file.bytes), 'pdf', `file "${file.name}" attached to the PDF`);
  if (parsed.ok) parsed.check.details = { ...parsed.check.details, attachment: file.name };
  return parsed;
}

const startsWith = (b: Uint8Array, sig: readonly number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d];

/** Detects the format of an input and extracts the credential. Never throws. */
export async function parseInput(input: unknown): Promise<Parsed> {
  try {
    if (input instanceof Uint8Array) {
      if (input.length > MAX_INPUT_BYTES) return fail(`The input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB.`);
      if (input.length === 0) return fail('The input is empty.');
      if (startsWith(input, PNG)) return fromBaked(input, 'png');
      if (startsWith(input, PDF)) return await fromPdf(input);
      return fromText(new TextDecoder('utf-8', { fatal: false }).decode(input), undefined, 'input');
    }
    if (typeof input === 'string') {
      if (input.length > MAX_INPUT_BYTES) return fail(`The input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB.`);
      if (input.trim() === '') return fail('The input is empty.');
      return fromText(input, undefined, 'input');
    }
    if (isObject(input)) {
      // A JSON round trip drops getters, prototypes and non-JSON values, so later steps see plain data.
      const text = JSON.stringify(input);
      if (text.length > MAX_INPUT_BYTES) return fail(`The input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB.`);
      const parsed = fromJsonText(text, 'json', 'input');
      if (parsed.ok) parsed.check.message = 'Read a JSON credential.';
      return parsed;
    }
    return fail(`The input must be text, bytes or a JSON object, not ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}.`);
  } catch (e) {
    return fail(`The input could not be read: ${errorMessage(e)}`);
  }
}
