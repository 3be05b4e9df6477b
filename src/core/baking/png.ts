/**
 * PNG baking (OB 3.0 `docformat.md`): one uncompressed `iTXt` chunk with keyword `openbadgecredential` holding the
 * credential JSON or compact JWS. Reading also accepts CLR (`clrcredential`) and OB 2.0 (`openbadges`, iTXt or tEXt).
 */
import { inflateSync } from 'node:zlib';
import { AppError } from '../errors.ts';
import { classifyPayload, MAX_IMAGE_BYTES, payloadKind, payloadText, type BakePayload, type UnbakedPayload } from './types.ts';

export const PNG_SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const KEYWORDS = { openbadgecredential: 'ob3', clrcredential: 'clr', openbadges: 'ob2' } as const;
type Keyword = keyof typeof KEYWORDS;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 as PNG defines it (over chunk type + data). */
export function crc32(...parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const p of parts) for (let i = 0; i < p.length; i++) c = CRC_TABLE[(c ^ p[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface PngChunk {
  type: string;
  data: Uint8Array;
}

/** True when the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

function invalid(message: string): AppError {
  return new AppError('image_invalid', message, { field: 'image' });
}

/** Splits a PNG into chunks, checking lengths, CRCs, IHDR first and IEND last. Throws AppError(image_invalid). */
export function readPngChunks(bytes: Uint8Array): PngChunk[] {
  if (!isPng(bytes)) throw invalid('This is not a PNG file (bad signature).');
  if (bytes.length > MAX_IMAGE_BYTES) throw invalid(`The image is larger than ${MAX_IMAGE_BYTES} bytes.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let pos = 8;
  while (pos < bytes.length) {
    if (pos + 12 > bytes.length) throw invalid('The PNG is truncated inside a chunk header.');
    const length = view.getUint32(pos);
    const typeBytes = bytes.subarray(pos + 4, pos + 8);
    const type = String.fromCharCode(...typeBytes);
    if (!/^[A-Za-z]{4}$/.test(type)) throw invalid(`The PNG has a malformed chunk type at byte ${pos + 4}.`);
    if (length > 0x7fffffff || pos + 12 + length > bytes.length) throw invalid(`The PNG chunk ${type} runs past the end of the file.`);
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    const crc = view.getUint32(pos + 8 + length);
    if (crc !== crc32(typeBytes, data)) throw invalid(`The PNG chunk ${type} has a bad CRC (corrupt file).`);
    chunks.push({ type, data });
    pos += 12 + length;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR') throw invalid('The PNG does not start with an IHDR chunk.');
  if (chunks[chunks.length - 1]?.type !== 'IEND') throw invalid('The PNG has no IEND chunk.');
  return chunks;
}

/** Serialises chunks back into a PNG file, computing each CRC. */
export function writePngChunks(chunks: PngChunk[]): Uint8Array {
  const total = 8 + chunks.reduce((n, c) => n + 12 + c.data.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(PNG_SIGNATURE, 0);
  let pos = 8;
  for (const c of chunks) {
    const typeBytes = Uint8Array.from(c.type, (ch) => ch.charCodeAt(0));
    view.setUint32(pos, c.data.length);
    out.set(typeBytes, pos + 4);
    out.set(c.data, pos + 8);
    view.setUint32(pos + 8 + c.data.length, crc32(typeBytes, c.data));
    pos += 12 + c.data.length;
  }
  return out;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** Parses an iTXt or tEXt chunk into keyword and text (iTXt compressed text is inflated). */
function parseTextChunk(c: PngChunk): { keyword: string; text: string } | undefined {
  const nul = c.data.indexOf(0);
  if (nul < 1 || nul > 79) return undefined;
  const keyword = latin1.decode(c.data.subarray(0, nul));
  if (c.type === 'tEXt') return { keyword, text: latin1.decode(c.data.subarray(nul + 1)) };
  const flag = c.data[nul + 1];
  const method = c.data[nul + 2];
  const langEnd = c.data.indexOf(0, nul + 3);
  if (langEnd < 0) return undefined;
  const transEnd = c.data.indexOf(0, langEnd + 1);
  if (transEnd < 0) return undefined;
  let raw = c.data.subarray(transEnd + 1);
  if (flag === 1) {
    if (method !== 0) return undefined;
    raw = inflateSync(raw, { maxOutputLength: MAX_IMAGE_BYTES });
  } else if (flag !== 0) {
    return undefined;
  }
  return { keyword, text: utf8.decode(raw) };
}

/** The uncompressed iTXt chunk OB 3.0 wants: keyword, flag 0, method 0, empty language and translated keyword. */
function itxtChunk(keyword: string, text: string): PngChunk {
  const kw = encoder.encode(keyword);
  const body = encoder.encode(text);
  const data = new Uint8Array(kw.length + 5 + body.length);
  data.set(kw, 0);
  // kw NUL, compression flag 0, method 0, language '' NUL, translated keyword '' NUL (already zero)
  data.set(body, kw.length + 5);
  return { type: 'iTXt', data };
}

/**
 * Bakes a credential into a PNG: removes any earlier `openbadgecredential` / `clrcredential` chunk and inserts one
 * uncompressed iTXt right after IHDR (keyword `clrcredential` for a ClrCredential unless `kind` says otherwise).
 * Throws AppError(image_invalid) for a bad PNG.
 * @example const baked = bakePng(pngBytes, signedCredential)
 */
export function bakePng(png: Uint8Array, payload: BakePayload, opts: { kind?: 'ob3' | 'clr' } = {}): Uint8Array {
  const keyword: Keyword = (opts.kind ?? safeKind(payload)) === 'clr' ? 'clrcredential' : 'openbadgecredential';
  let text: string;
  try {
    text = payloadText(payload).text;
  } catch (e) {
    throw new AppError('bake_failed', (e as Error).message, { field: 'credential' });
  }
  const chunks = readPngChunks(png).filter((c) => {
    if (c.type !== 'iTXt' && c.type !== 'tEXt') return true;
    const parsed = safeParse(c);
    return parsed?.keyword !== 'openbadgecredential' && parsed?.keyword !== 'clrcredential';
  });
  chunks.splice(1, 0, itxtChunk(keyword, text));
  return writePngChunks(chunks);
}

function safeKind(payload: BakePayload): 'ob3' | 'clr' {
  try {
    return payloadKind(payload);
  } catch {
    return 'ob3';
  }
}

function safeParse(c: PngChunk): { keyword: string; text: string } | undefined {
  try {
    return parseTextChunk(c);
  } catch {
    return undefined;
  }
}

/**
 * Extracts the baked credential from a PNG (first `openbadgecredential`, else `clrcredential`, else OB 2.0
 * `openbadges`). Throws AppError(image_invalid) for a bad PNG, AppError(unbake_failed) when nothing is baked.
 */
export function unbakePng(png: Uint8Array): UnbakedPayload {
  const found = new Map<Keyword, string>();
  for (const c of readPngChunks(png)) {
    if (c.type !== 'iTXt' && c.type !== 'tEXt') continue;
    const parsed = safeParse(c);
    if (!parsed || !(parsed.keyword in KEYWORDS)) continue;
    const kw = parsed.keyword as Keyword;
    if (!found.has(kw)) found.set(kw, parsed.text);
  }
  for (const kw of ['openbadgecredential', 'clrcredential', 'openbadges'] as const) {
    const text = found.get(kw);
    if (text !== undefined) {
      if (text.trim() === '') throw new AppError('unbake_failed', `The PNG's ${kw} chunk is empty.`, { field: 'image' });
      return { format: 'png', kind: KEYWORDS[kw], payload: text.trim(), payloadType: classifyPayload(text) };
    }
  }
  throw new AppError('unbake_failed', 'This PNG has no baked credential (no openbadgecredential iTXt chunk).', { field: 'image' });
}
