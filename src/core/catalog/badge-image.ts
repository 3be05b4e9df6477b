/**
 * Badge images for micro-credentials: PNG or SVG uploads checked by their bytes (not their name), a size
 * limit, SVG made safe to serve (no scripts, foreign objects, event handlers or external references), and a
 * generated default badge with the name's initials in the organisation's colour.
 */
import { createHash } from 'node:crypto';
import sanitizeHtml from 'sanitize-html';
import { AppError } from '../errors.ts';
import type { BadgeImage, BadgeImageFile } from './types.ts';

export const BADGE_IMAGE_MAX_BYTES = 512 * 1024;

export interface BadgeUpload {
  bytes: Uint8Array;
  /** File name as uploaded (its extension is checked against the content). */
  filename?: string | null;
  /** Media type the client declared. */
  declaredType?: string | null;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Names the format of some bytes by their magic number (for checks and messages). */
export function sniffImageType(bytes: Uint8Array): 'png' | 'svg' | 'jpeg' | 'gif' | 'webp' | 'pdf' | 'unknown' {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (starts(PNG_MAGIC)) return 'png';
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (starts([0x25, 0x50, 0x44, 0x46])) return 'pdf';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
  // An XML prolog, comments and a doctype may come before the root element.
  const rest = head.replace(/^\s*(<\?xml[^>]*\?>\s*)?((<!--[\s\S]*?-->|<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>)\s*)*/i, '');
  if (/^<svg[\s>]/i.test(rest)) return 'svg';
  return 'unknown';
}

const NAMES: Record<string, string> = { png: 'a PNG', svg: 'an SVG', jpeg: 'a JPEG', gif: 'a GIF', webp: 'a WebP', pdf: 'a PDF', unknown: 'not a recognised' };

function imageError(message: string): AppError {
  return new AppError('image_invalid', message, { field: 'image' });
}

/**
 * Checks an uploaded badge image and returns it ready to store (SVG sanitised).
 * @example checkBadgeImage({ bytes: pngBytes, filename: 'badge.png' }).mediaType // 'image/png'
 */
export function checkBadgeImage(upload: BadgeUpload, maxBytes = BADGE_IMAGE_MAX_BYTES): BadgeImageFile {
  const { bytes } = upload;
  if (bytes.length === 0) throw imageError('The image file is empty.');
  if (bytes.length > maxBytes) {
    throw imageError(`The image is ${Math.ceil(bytes.length / 1024)} KB; the limit is ${Math.floor(maxBytes / 1024)} KB.`);
  }
  const kind = sniffImageType(bytes);
  const ext = /\.([a-z0-9]+)$/i.exec(upload.filename ?? '')?.[1]?.toLowerCase();
  const claimed = ext === 'png' || upload.declaredType === 'image/png' ? 'png'
    : ext === 'svg' || upload.declaredType === 'image/svg+xml' ? 'svg' : null;
  if (kind !== 'png' && kind !== 'svg') {
    const label = kind === 'unknown' ? 'is not a PNG or SVG image' : `is ${NAMES[kind]} image`;
    const named = claimed ? `The file is named or declared as ${claimed.toUpperCase()} but its content ${label}` : `The file ${label}`;
    throw imageError(`${named}; upload a PNG or SVG.`);
  }
  if (claimed && claimed !== kind) {
    throw imageError(`The file is named or declared as ${claimed.toUpperCase()} but its content is ${NAMES[kind]} image; rename it or upload the right file.`);
  }
  if (kind === 'png') {
    // The first chunk of a PNG is IHDR (bytes 12–15).
    if (bytes.length < 33 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') throw imageError('The PNG file is damaged (no IHDR header).');
    return { mediaType: 'image/png', bytes };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw imageError('The SVG file is not valid UTF-8 text.');
  }
  const safe = sanitizeSvg(text);
  return { mediaType: 'image/svg+xml', bytes: new TextEncoder().encode(safe) };
}

const FORBIDDEN: [RegExp, string][] = [
  [/<\s*script/i, 'contains a script'],
  [/<\s*foreignObject/i, 'contains a foreignObject element'],
  [/<!ENTITY/i, 'declares XML entities'],
  [/[\s"'/]on[a-z]+\s*=/i, 'has an event handler attribute (such as onload)'],
  [/javascript\s*:/i, 'contains a javascript: link'],
  [/href\s*=\s*(["'])\s*(?!#|data:image\/(png|jpeg|gif|webp);base64,)/i, 'references an external resource (href)'],
  [/url\(\s*(["']?)\s*(?!#)/i, 'references an external resource (url(…))'],
  [/@import/i, 'imports an external stylesheet'],
  [/<\s*(iframe|embed|object|audio|video|a)[\s>/]/i, 'contains an element not allowed in a badge (iframe, embed, object, audio, video or link)'],
];

const SVG_TAGS = [
  'svg', 'g', 'defs', 'title', 'desc', 'metadata', 'symbol', 'use', 'image', 'switch', 'style',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'textPath',
  'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker',
  'filter', 'feGaussianBlur', 'feOffset', 'feBlend', 'feColorMatrix', 'feComposite', 'feFlood', 'feMerge',
  'feMergeNode', 'feMorphology', 'feDropShadow',
];
const SVG_ATTRS = [
  'xmlns', 'xmlns:xlink', 'version', 'id', 'class', 'style', 'viewBox', 'preserveAspectRatio', 'width', 'height', 'x', 'y',
  'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'd', 'points', 'transform', 'fill', 'fill-opacity',
  'fill-rule', 'clip-rule', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit',
  'stroke-dasharray', 'stroke-dashoffset', 'stroke-opacity', 'opacity', 'clip-path', 'mask', 'filter', 'offset',
  'stop-color', 'stop-opacity', 'gradientUnits', 'gradientTransform', 'spreadMethod', 'patternUnits',
  'patternTransform', 'clipPathUnits', 'maskUnits', 'font-family', 'font-size', 'font-weight', 'font-style',
  'text-anchor', 'dominant-baseline', 'alignment-baseline', 'letter-spacing', 'dx', 'dy', 'href', 'xlink:href',
  'role', 'aria-label', 'aria-hidden', 'focusable', 'in', 'in2', 'result', 'stdDeviation', 'mode', 'values', 'type',
  'operator', 'k1', 'k2', 'k3', 'k4', 'flood-color', 'flood-opacity', 'markerWidth', 'markerHeight', 'refX', 'refY',
  'orient', 'visibility', 'display', 'xml:space', 'lang', 'xml:lang',
];

/**
 * Rejects SVG with active or external content (naming what was found), then keeps only known SVG elements
 * and presentation attributes.
 */
export function sanitizeSvg(text: string): string {
  for (const [re, what] of FORBIDDEN) {
    if (re.test(text)) throw imageError(`The SVG ${what}; badge images must be self-contained drawings.`);
  }
  const clean = sanitizeHtml(text, {
    allowedTags: SVG_TAGS,
    allowedAttributes: { '*': SVG_ATTRS },
    allowedSchemes: ['data'],
    allowedSchemesAppliedToAttributes: ['href', 'xlink:href'],
    allowProtocolRelative: false,
    parser: { xmlMode: true, decodeEntities: true },
    selfClosing: ['path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'stop', 'use', 'image', 'feOffset',
      'feGaussianBlur', 'feBlend', 'feColorMatrix', 'feComposite', 'feFlood', 'feMergeNode', 'feMorphology', 'feDropShadow'],
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'foreignObject', 'iframe', 'noscript', 'textarea', 'option'],
  }).trim();
  if (!/^<svg[\s>]/.test(clean)) throw imageError('The SVG has no <svg> root element.');
  return clean;
}

const STOP_WORDS = new Set(['a', 'an', 'and', 'the', 'of', 'in', 'for', 'to', 'on', 'with', '&']);

/** Up to two initials from a name, skipping small words ("Data Analysis for Business" → "DA"). */
export function initialsOf(name: string): string {
  const words = name.split(/[\s\-_/:]+/u).filter((w) => /[\p{L}\p{N}]/u.test(w));
  const main = words.filter((w) => !STOP_WORDS.has(w.toLowerCase()));
  const picked = (main.length ? main : words).slice(0, 2);
  const letters = picked.map((w) => [...w.replace(/[^\p{L}\p{N}]/gu, '')][0] ?? '').join('');
  return letters.toLocaleUpperCase() || '?';
}

function hexToRgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? h.split('').map((c) => c + c).join('') : h;
  return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

function luminance([r, g, b]: [number, number, number]): number {
  const ch = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
}

/** WCAG contrast ratio of a colour against white. */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hexToRgb(hex)) + 0.05);
}

/** Darkens a colour until white text on it reaches 4.5:1 (WCAG AA). */
export function accessibleColor(hex: string): string {
  if (!/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(hex)) hex = '#1f4e79';
  let [r, g, b] = hexToRgb(hex);
  while (contrastWithWhite(toHex(r, g, b)) < 4.5) { r = Math.floor(r * 0.9); g = Math.floor(g * 0.9); b = Math.floor(b * 0.9); }
  return toHex(r, g, b);
}

function toHex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** A stable colour for an organisation that has not chosen one, derived from its id. */
export function colorFromSeed(seed: string): string {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  const hue = h % 360, s = 0.55, l = 0.32;
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return accessibleColor(toHex(f(0), f(8), f(4)));
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * A default badge: a hexagon in the organisation's colour with the name's initials.
 * @example defaultBadgeSvg('Data Basics', '#1f4e79') // '<svg …>…DB…</svg>'
 */
export function defaultBadgeSvg(name: string, color: string): string {
  const fill = accessibleColor(color);
  const initials = escapeXml(initialsOf(name));
  const label = escapeXml(name);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256" role="img" aria-label="${label}">` +
    `<title>${label}</title>` +
    `<polygon points="128,8 232,68 232,188 128,248 24,188 24,68" fill="${fill}"/>` +
    `<polygon points="128,26 216,77 216,179 128,230 40,179 40,77" fill="none" stroke="#ffffff" stroke-opacity="0.6" stroke-width="4"/>` +
    `<text x="128" y="128" dy="0.35em" text-anchor="middle" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" ` +
    `font-size="${initials.length > 1 ? 84 : 104}" font-weight="700" fill="#ffffff">${initials}</text></svg>`;
}

/** The generated default badge's bytes. */
export function defaultBadgeFile(name: string, color: string): BadgeImageFile {
  return { mediaType: 'image/svg+xml', bytes: new TextEncoder().encode(defaultBadgeSvg(name, color)) };
}

/** Hex SHA-256 of image bytes (the key they are stored under). */
export function imageDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The reference a definition keeps to an image file. */
export function badgeImageRef(file: BadgeImageFile, generated: boolean, caption: string | null): BadgeImage {
  return { mediaType: file.mediaType, sha256: imageDigest(file.bytes), generated, caption };
}
