/** Upload checks for logos and badge images: PNG or SVG only, size-limited, content sniffed, SVG sanitised. */
import sanitizeHtml from 'sanitize-html';
import { AppError } from '../core/errors.ts';

export const MAX_IMAGE_BYTES = 512 * 1024;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const SVG_TAGS = [
  'svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'defs', 'lineargradient',
  'radialgradient', 'stop', 'title', 'desc', 'clippath', 'mask', 'use', 'symbol',
];

/**
 * Checks an uploaded image and returns it as a `data:` URI. SVGs lose scripts, event handlers,
 * foreign objects and external references. Throws `image_invalid` naming the field.
 */
export function checkImage(bytes: Uint8Array, declaredType: string, field: string): { mimeType: 'image/png' | 'image/svg+xml'; dataUri: string; bytes: Uint8Array } {
  if (bytes.length === 0) throw new AppError('image_invalid', 'The file is empty.', { field });
  if (bytes.length > MAX_IMAGE_BYTES) throw new AppError('image_invalid', `The image must be at most ${MAX_IMAGE_BYTES / 1024} KB.`, { field });
  const isPng = PNG_MAGIC.every((b, i) => bytes[i] === b);
  if (isPng) {
    if (declaredType && declaredType !== 'image/png') throw new AppError('image_invalid', 'The file is a PNG but was sent as another type.', { field });
    return { mimeType: 'image/png', dataUri: `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`, bytes };
  }
  const text = Buffer.from(bytes).toString('utf8');
  if (!/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(text)) {
    throw new AppError('image_invalid', 'Upload a PNG or SVG image.', { field });
  }
  const clean = sanitizeHtml(text, {
    allowedTags: SVG_TAGS,
    allowedAttributes: {
      '*': ['id', 'class', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'width', 'height', 'd', 'points', 'fill', 'stroke',
        'stroke-width', 'stroke-linecap', 'stroke-linejoin', 'opacity', 'fill-opacity', 'stroke-opacity', 'transform', 'viewbox', 'viewBox',
        'xmlns', 'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline', 'offset', 'stop-color', 'stop-opacity',
        'gradientunits', 'gradientUnits', 'gradienttransform', 'clip-path', 'mask', 'preserveAspectRatio', 'role', 'aria-label', 'href'],
    },
    allowedSchemes: [],
    allowedSchemesAppliedToAttributes: ['href'],
    parser: { lowerCaseTags: false, lowerCaseAttributeNames: false },
    nonTextTags: ['style', 'script', 'foreignObject', 'foreignobject'],
  }).replace(/\shref="(?!#)[^"]*"/g, '');
  if (!/<svg[\s>]/.test(clean)) throw new AppError('image_invalid', 'The SVG could not be read.', { field });
  const out = Buffer.from(clean, 'utf8');
  return { mimeType: 'image/svg+xml', dataUri: `data:image/svg+xml;base64,${out.toString('base64')}`, bytes: new Uint8Array(out) };
}
