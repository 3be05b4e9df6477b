/** What an unbaked image held. */
export interface UnbakedPayload {
  format: 'png' | 'svg';
  /** `ob3` (openbadgecredential), `clr` (clrcredential) or `ob2` (legacy openbadges assertion). */
  kind: 'ob3' | 'clr' | 'ob2';
  /** The raw text found: credential JSON, a compact JWS, or (OB 2.0) a URL. */
  payload: string;
  /** What the text looks like. */
  payloadType: 'json' | 'jwt' | 'url' | 'text';
}

/** A credential to bake: the signed JSON object, or a VC-JWT compact JWS string. */
export type BakePayload = object | string;

/** Largest image we read or bake (bytes). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

const JWS_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Classifies extracted text. */
export function classifyPayload(text: string): UnbakedPayload['payloadType'] {
  const t = text.trim();
  if (t.startsWith('{')) return 'json';
  if (JWS_RE.test(t)) return 'jwt';
  if (/^https?:\/\/\S+$/.test(t)) return 'url';
  return 'text';
}

/** Serialises what to bake: objects as compact JSON, strings must be a compact JWS. */
export function payloadText(payload: BakePayload): { text: string; isJwt: boolean } {
  if (typeof payload === 'string') {
    const t = payload.trim();
    if (!JWS_RE.test(t)) throw new TypeError('A string payload must be a compact JWS (VC-JWT).');
    return { text: t, isJwt: true };
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw new TypeError('The payload must be a credential object or a compact JWS.');
  return { text: JSON.stringify(payload), isJwt: false };
}

/** `clr` when the payload is a ClrCredential (JSON, or a JWT whose payload / vc claim is one), else `ob3`. */
export function payloadKind(payload: BakePayload): 'ob3' | 'clr' {
  let doc: unknown = payload;
  if (typeof payload === 'string') {
    try {
      const body = JSON.parse(Buffer.from(payload.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
      doc = typeof body.vc === 'object' && body.vc !== null ? body.vc : body;
    } catch {
      return 'ob3';
    }
  }
  const type = (doc as { type?: unknown } | null)?.type;
  return (Array.isArray(type) ? type : [type]).includes('ClrCredential') ? 'clr' : 'ob3';
}
