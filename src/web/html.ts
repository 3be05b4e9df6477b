/**
 * HTML building: the `html` tagged template escapes every interpolated value unless it is `SafeHtml`
 * (from `html`, `raw` or `markdown`). Arrays are concatenated; null, undefined and booleans render nothing.
 */
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** A string known to be safe HTML. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function render(v: unknown): string {
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false || v === true) return '';
  return escapeHtml(String(v));
}

/**
 * Builds HTML with every interpolation escaped.
 * @example html`<p class="${cls}">${userText}</p>`
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Marks a trusted string as HTML (never pass user input). */
export function raw(s: string): SafeHtml {
  return new SafeHtml(s);
}

/** Joins fragments with a separator. */
export function join(parts: unknown[], sep: SafeHtml | string = ''): SafeHtml {
  return new SafeHtml(parts.map(render).join(sep instanceof SafeHtml ? sep.value : escapeHtml(sep)));
}

const MARKDOWN_TAGS = [
  'p', 'br', 'strong', 'em', 'b', 'i', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h2', 'h3', 'h4', 'h5', 'h6',
  'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del',
];

/** Renders user markdown to sanitised HTML: no scripts, styles, images or raw attributes; links get rel=nofollow. */
export function markdown(md: string | null | undefined): SafeHtml {
  if (!md) return new SafeHtml('');
  const dirty = marked.parse(md, { async: false, gfm: true, breaks: false }) as string;
  const clean = sanitizeHtml(dirty, {
    allowedTags: MARKDOWN_TAGS,
    allowedAttributes: { a: ['href', 'title'], th: ['align'], td: ['align'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
      h1: 'h2',
    },
  });
  return new SafeHtml(clean);
}
