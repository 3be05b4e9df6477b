/**
 * JSON-LD validity in safe mode: the document must expand with no dropped term, no relative
 * IRI and only known contexts. This is the same guard `eddsa-rdfc-2022` signing relies on.
 */
import jsonld from 'jsonld';
import { staticDocumentLoader, type DocumentLoader } from './document-loader.ts';

/** Result of a JSON-LD validity check; never thrown. */
export type JsonLdCheck =
  | { ok: true }
  | { ok: false; code: 'unknown_context' | 'jsonld_invalid'; message: string; term?: string; field?: string };

/** Turns any jsonld / loader failure into a message that names the term or context at fault. */
export function describeJsonLdError(e: unknown): Extract<JsonLdCheck, { ok: false }> {
  const seen = new Set<unknown>();
  let cur: any = e;
  while (cur && typeof cur === 'object' && !seen.has(cur)) {
    seen.add(cur);
    if (cur.name === 'AppError' && cur.code === 'unknown_context') {
      return { ok: false, code: 'unknown_context', message: cur.message, field: '@context', term: cur.details?.url };
    }
    const event = cur.details?.event;
    if (event && typeof event.code === 'string') return describeEvent(event);
    cur = cur.details?.cause ?? cur.cause;
  }
  const msg = e instanceof Error ? e.message : String(e);
  const detail = (e as any)?.details?.code ? ` (${(e as any).details.code})` : '';
  return { ok: false, code: 'jsonld_invalid', message: `The document is not valid JSON-LD: ${msg}${detail}` };
}

function describeEvent(event: { code: string; message?: string; details?: any }): Extract<JsonLdCheck, { ok: false }> {
  const d = event.details ?? {};
  const term: string | undefined =
    typeof d.property === 'string' ? d.property : typeof d.type === 'string' ? d.type : typeof d.id === 'string' ? d.id : undefined;
  const messages: Record<string, string> = {
    'invalid property': `The term "${term}" is not defined by any of the document's contexts.`,
    'relative @type reference': `The type "${term}" is not defined by any of the document's contexts (it would be a relative IRI).`,
    'relative @id reference': `The id "${term}" is a relative IRI; use an absolute IRI such as urn:uuid:… or https://….`,
    'null @id value': 'An "id" is null.',
    'reserved @id value': `The id "${term}" looks like a JSON-LD keyword.`,
    'empty object': 'The document is an empty object.',
    'object with only @id': 'The document holds nothing but an id.',
  };
  const message = messages[event.code] ?? `The document is not valid JSON-LD: ${event.message ?? event.code}.`;
  return term === undefined
    ? { ok: false, code: 'jsonld_invalid', message }
    : { ok: false, code: 'jsonld_invalid', message, term, field: term };
}

/**
 * Checks that a document is valid JSON-LD over known contexts (safe-mode expansion). Never throws.
 * @example const r = await checkJsonLd(credential); if (!r.ok) console.log(r.message)
 */
export async function checkJsonLd(doc: unknown, documentLoader: DocumentLoader = staticDocumentLoader): Promise<JsonLdCheck> {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { ok: false, code: 'jsonld_invalid', message: 'The document must be a JSON object.' };
  }
  if (!('@context' in doc)) {
    return { ok: false, code: 'jsonld_invalid', message: 'The document has no "@context".', field: '@context' };
  }
  try {
    await jsonld.expand(doc as any, { documentLoader, safe: true, base: null } as any);
    return { ok: true };
  } catch (e) {
    return describeJsonLdError(e);
  }
}
