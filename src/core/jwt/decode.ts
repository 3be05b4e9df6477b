/** Parses a compact JWS VC-JWT without verifying it. */
import { AppError } from '../errors.ts';
import type { Json } from './claims.ts';

export interface DecodedVcJwt {
  header: Json;
  payload: Json;
  /**
   * The credential: the payload without the JWT registered claims (OB 3.0 / VC 2.0 form), or its `vc` claim
   * (VC 1.1 form). Any Data Integrity proof inside verifies against this object.
   */
  credential: Json;
  form: 'vc2' | 'vc1';
}

const isRec = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const SEGMENT = /^[A-Za-z0-9_-]*$/;
/** RFC 7519 registered claims: JWT envelope, not credential content. */
const REGISTERED_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti']);

function part(segment: string, what: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('jwt_invalid', `The JWT ${what} is not base64url-encoded JSON.`, { field: what });
  }
  if (!isRec(value)) throw new AppError('jwt_invalid', `The JWT ${what} must be a JSON object.`, { field: what });
  return value;
}

/**
 * Splits and decodes a VC-JWT (no signature check). Throws AppError(jwt_invalid) when it is not a compact JWS
 * carrying a credential.
 * @example const { credential, form } = decodeVcJwt(jwt)
 */
export function decodeVcJwt(jwt: string, maxLength = 1024 * 1024): DecodedVcJwt {
  if (typeof jwt !== 'string') throw new AppError('jwt_invalid', 'A VC-JWT must be a string.', { field: 'jwt' });
  const t = jwt.trim();
  if (t.length > maxLength) throw new AppError('jwt_invalid', `The JWT is longer than ${maxLength} characters.`, { field: 'jwt' });
  const segments = t.split('.');
  if (segments.length !== 3 || !segments.every((s) => SEGMENT.test(s)) || !segments[0] || !segments[1]) {
    throw new AppError('jwt_invalid', 'This is not a compact JWS (three base64url parts separated by dots).', { field: 'jwt' });
  }
  const header = part(segments[0], 'header');
  const payload = part(segments[1], 'payload');
  if (isRec(payload.vc)) return { header, payload, credential: payload.vc, form: 'vc1' };
  if (!('credentialSubject' in payload) && !('@context' in payload)) {
    throw new AppError('jwt_invalid', 'The JWT payload holds no credential (neither the credential itself nor a "vc" claim).', { field: 'payload' });
  }
  const credential: Json = {};
  for (const [k, v] of Object.entries(payload)) if (!REGISTERED_CLAIMS.has(k)) credential[k] = v;
  return { header, payload, credential, form: 'vc2' };
}
