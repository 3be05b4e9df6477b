/** Badge baking: put a signed credential into a PNG or SVG and get it back out. */
import { AppError } from '../errors.ts';
import { bakePng, isPng, unbakePng } from './png.ts';
import { bakeSvg, isSvg, unbakeSvg } from './svg.ts';
import type { BakePayload, UnbakedPayload } from './types.ts';

export { bakePng, unbakePng, isPng, readPngChunks, writePngChunks, crc32, PNG_SIGNATURE, type PngChunk } from './png.ts';
export { bakeSvg, unbakeSvg, isSvg, OB3_SVG_NS, CLR_SVG_NS, OB2_SVG_NS } from './svg.ts';
export { MAX_IMAGE_BYTES, classifyPayload, payloadKind, type BakePayload, type UnbakedPayload } from './types.ts';

/** Which image format the bytes are, if any. */
export function detectImageFormat(bytes: Uint8Array): 'png' | 'svg' | undefined {
  if (isPng(bytes)) return 'png';
  if (isSvg(bytes)) return 'svg';
  return undefined;
}

/**
 * Extracts the baked credential from a PNG or SVG. Throws AppError(image_invalid | unbake_failed), never anything else.
 * @example const { payload, payloadType } = unbakeImage(bytes) // payloadType 'json' → JSON.parse(payload)
 */
export function unbakeImage(bytes: Uint8Array): UnbakedPayload {
  try {
    const format = detectImageFormat(bytes);
    if (format === 'png') return unbakePng(bytes);
    if (format === 'svg') return unbakeSvg(bytes);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('image_invalid', `The image could not be read: ${(e as Error).message}`, { field: 'image', cause: e });
  }
  throw new AppError('image_invalid', 'Only PNG and SVG images can hold a baked credential.', { field: 'image' });
}

/**
 * Bakes a credential into a PNG or SVG (format detected from the bytes); returns the same format.
 * Throws AppError(image_invalid | bake_failed).
 */
export function bakeImage(bytes: Uint8Array, payload: BakePayload): { format: 'png' | 'svg'; bytes: Uint8Array } {
  try {
    const format = detectImageFormat(bytes);
    if (format === 'png') return { format, bytes: bakePng(bytes, payload) };
    if (format === 'svg') return { format, bytes: new TextEncoder().encode(bakeSvg(bytes, payload)) };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('bake_failed', `The image could not be baked: ${(e as Error).message}`, { field: 'image', cause: e });
  }
  throw new AppError('image_invalid', 'Only PNG and SVG images can be baked.', { field: 'image' });
}
