/**
 * SVG baking (OB 3.0 `docformat.md`): `<openbadges:credential>` directly after the `<svg …>` start tag, with
 * `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`; JSON in CDATA, or a VC-JWT in a `verify` attribute.
 * Reading also accepts the CLR namespace and OB 2.0 `<openbadges:assertion verify="…">`. A small scanner, not an
 * XML parser: no entities are expanded beyond the five predefined ones, so no XXE.
 */
import { AppError } from '../errors.ts';
import { classifyPayload, MAX_IMAGE_BYTES, payloadKind, payloadText, type BakePayload, type UnbakedPayload } from './types.ts';

export const OB3_SVG_NS = 'https://purl.imsglobal.org/ob/v3p0';
export const CLR_SVG_NS = 'https://purl.imsglobal.org/clr/v2p0';
export const OB2_SVG_NS = 'http://openbadges.org';

interface StartTag {
  start: number;
  /** Index just after `>`. */
  end: number;
  name: string;
  attrs: Map<string, string>;
  selfClosing: boolean;
}

function invalid(message: string): AppError {
  return new AppError('image_invalid', message, { field: 'image' });
}

function decodeEntities(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Parses the start tag beginning at `start` (which points at `<`). */
function parseStartTag(svg: string, start: number): StartTag {
  const nameMatch = /^<([A-Za-z_][\w.:-]*)/.exec(svg.slice(start, start + 256));
  if (!nameMatch) throw invalid(`Malformed tag at character ${start}.`);
  const attrs = new Map<string, string>();
  const attrRe = /\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')|\s*(\/?)>/y;
  let pos = start + nameMatch[0].length;
  for (;;) {
    attrRe.lastIndex = pos;
    const m = attrRe.exec(svg);
    if (!m) throw invalid(`Malformed attributes in <${nameMatch[1]}> at character ${pos}.`);
    if (m[1] === undefined) return { start, end: attrRe.lastIndex, name: nameMatch[1]!, attrs, selfClosing: m[5] === '/' };
    attrs.set(m[1], decodeEntities(m[3] ?? m[4] ?? ''));
    pos = attrRe.lastIndex;
  }
}

/** Finds the root `<svg>` start tag, skipping the XML declaration, comments, doctype and processing instructions. */
function findRoot(svg: string): StartTag {
  let pos = svg.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    const lt = svg.indexOf('<', pos);
    if (lt < 0) throw invalid('This is not an SVG file (no <svg> element).');
    if (svg.startsWith('<?', lt)) pos = endOf(svg, '?>', lt);
    else if (svg.startsWith('<!--', lt)) pos = endOf(svg, '-->', lt);
    else if (svg.startsWith('<!', lt)) pos = endOfDoctype(svg, lt);
    else {
      const tag = parseStartTag(svg, lt);
      if (tag.name !== 'svg' && !tag.name.endsWith(':svg')) throw invalid(`The root element is <${tag.name}>, not <svg>.`);
      return tag;
    }
  }
}

function endOf(svg: string, marker: string, from: number): number {
  const i = svg.indexOf(marker, from);
  if (i < 0) throw invalid('The SVG is truncated.');
  return i + marker.length;
}

function endOfDoctype(svg: string, from: number): number {
  // A DOCTYPE may hold an internal subset in [ … ]; we skip it (and never expand what it declares).
  const bracket = svg.indexOf('[', from);
  const close = svg.indexOf('>', from);
  if (close < 0) throw invalid('The SVG is truncated in its DOCTYPE.');
  if (bracket >= 0 && bracket < close) return endOf(svg, ']>', bracket) ;
  return close + 1;
}

function prefixFor(root: StartTag, ns: string): string | undefined {
  for (const [k, v] of root.attrs) if (k.startsWith('xmlns:') && v === ns) return k.slice(6);
  return undefined;
}

interface Found {
  tag: StartTag;
  /** Index just after the element's end. */
  end: number;
  content: string;
}

/** Finds the first `<prefix:local …>` element after the root start tag, with its text (CDATA or escaped text). */
function findElement(svg: string, root: StartTag, qname: string): Found | undefined {
  const re = new RegExp(`<${qname.replace(/[.]/g, '\\.')}(?=[\\s/>])`, 'g');
  re.lastIndex = root.end;
  const m = re.exec(svg);
  if (!m) return undefined;
  const tag = parseStartTag(svg, m.index);
  if (tag.selfClosing) return { tag, end: tag.end, content: '' };
  const close = `</${qname}`;
  let pos = tag.end;
  let content = '';
  for (;;) {
    const cdata = svg.indexOf('<![CDATA[', pos);
    const endTag = svg.indexOf(close, pos);
    if (endTag < 0) throw invalid(`The <${qname}> element is not closed.`);
    if (cdata >= 0 && cdata < endTag) {
      content += decodeEntities(svg.slice(pos, cdata));
      const cend = svg.indexOf(']]>', cdata + 9);
      if (cend < 0) throw invalid(`Unterminated CDATA in <${qname}>.`);
      content += svg.slice(cdata + 9, cend);
      pos = cend + 3;
    } else {
      content += decodeEntities(svg.slice(pos, endTag));
      const gt = svg.indexOf('>', endTag);
      if (gt < 0) throw invalid(`The <${qname}> element is not closed.`);
      return { tag, end: gt + 1, content };
    }
  }
}

function toText(svg: Uint8Array | string): string {
  if (typeof svg === 'string') return svg;
  if (svg.length > MAX_IMAGE_BYTES) throw invalid(`The image is larger than ${MAX_IMAGE_BYTES} bytes.`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(svg);
  } catch {
    throw invalid('The SVG is not valid UTF-8 text.');
  }
}

/** True when the bytes look like an SVG document. */
export function isSvg(bytes: Uint8Array | string): boolean {
  const head = typeof bytes === 'string' ? bytes.slice(0, 4096) : new TextDecoder().decode(bytes.subarray(0, 4096));
  return /<svg[\s>]/.test(head);
}

/**
 * Extracts the credential baked into an SVG (OB 3.0 `credential`, CLR `credential`, or OB 2.0 `assertion`):
 * the `verify` attribute if present (JWT / OB 2.0 URL), else the element text (JSON in CDATA).
 * Throws AppError(image_invalid) for a malformed SVG, AppError(unbake_failed) when nothing is baked.
 */
export function unbakeSvg(svg: Uint8Array | string): UnbakedPayload {
  const text = toText(svg);
  const root = findRoot(text);
  const candidates: [string, string, UnbakedPayload['kind']][] = [
    [OB3_SVG_NS, 'credential', 'ob3'],
    [CLR_SVG_NS, 'credential', 'clr'],
    [OB2_SVG_NS, 'assertion', 'ob2'],
  ];
  for (const [ns, local, kind] of candidates) {
    const prefix = prefixFor(root, ns);
    if (!prefix) continue;
    const el = findElement(text, root, `${prefix}:${local}`);
    if (!el) continue;
    const payload = (el.tag.attrs.get('verify') ?? el.content).trim();
    if (!payload) throw new AppError('unbake_failed', `The SVG's <${prefix}:${local}> element is empty.`, { field: 'image' });
    return { format: 'svg', kind, payload, payloadType: classifyPayload(payload) };
  }
  throw new AppError('unbake_failed', 'This SVG has no baked credential (no openbadges:credential element).', { field: 'image' });
}

/**
 * Bakes a credential into an SVG: declares the namespace on `<svg>` (OB 3.0, or CLR 2.0 for a ClrCredential),
 * removes an earlier baked credential and inserts `<prefix:credential>` right after the start tag (JSON in CDATA,
 * or a JWT in `verify`).
 * @example const baked = bakeSvg(svgText, signedCredential)
 */
export function bakeSvg(svg: Uint8Array | string, payload: BakePayload, opts: { kind?: 'ob3' | 'clr' } = {}): string {
  let text = toText(svg);
  let body: { text: string; isJwt: boolean };
  let kind: 'ob3' | 'clr';
  try {
    body = payloadText(payload);
    kind = opts.kind ?? payloadKind(payload);
  } catch (e) {
    throw new AppError('bake_failed', (e as Error).message, { field: 'credential' });
  }
  const ns = kind === 'clr' ? CLR_SVG_NS : OB3_SVG_NS;
  let root = findRoot(text);
  // Re-bake replaces: drop every earlier credential element, OB 3.0 or CLR.
  for (const oldNs of [OB3_SVG_NS, CLR_SVG_NS]) {
    const oldPrefix = prefixFor(root, oldNs);
    if (!oldPrefix) continue;
    for (let el = findElement(text, root, `${oldPrefix}:credential`); el; el = findElement(text, root, `${oldPrefix}:credential`)) {
      text = text.slice(0, el.tag.start).replace(/[ \t]*\n?[ \t]*$/, '') + text.slice(el.end);
    }
  }
  let prefix = prefixFor(root, ns);
  if (!prefix) {
    const wanted = kind === 'clr' ? 'clr' : 'openbadges';
    prefix = root.attrs.has(`xmlns:${wanted}`) ? `${wanted}3` : wanted;
    const close = text.lastIndexOf(root.selfClosing ? '/>' : '>', root.end);
    text = `${text.slice(0, close).replace(/\s+$/, '')} xmlns:${prefix}="${ns}"${text.slice(close)}`;
    root = findRoot(text);
  }
  const element = body.isJwt
    ? `<${prefix}:credential verify="${escapeAttr(body.text)}"></${prefix}:credential>`
    : `<${prefix}:credential><![CDATA[${body.text.replace(/]]>/g, ']]]]><![CDATA[>')}]]></${prefix}:credential>`;
  if (root.selfClosing) {
    const open = text.slice(0, root.end - 2).replace(/\s+$/, '') + '>';
    return `${open}\n  ${element}\n</${root.name}>${text.slice(root.end)}`;
  }
  return `${text.slice(0, root.end)}\n  ${element}${text.slice(root.end)}`;
}
