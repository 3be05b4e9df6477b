/** Adapter to the baking module: the credential text (JSON or compact JWS) baked into a PNG or SVG. */
import { AppError } from '../errors.ts';
import { unbakeImage } from '../baking/index.ts';

/**
 * The baked credential text, or undefined when the image holds none. Throws with a plain message when the
 * image is unreadable or holds an Open Badges 2.0 assertion (not verifiable as OB 3.0).
 */
export function extractBakedCredential(bytes: Uint8Array, _format: 'png' | 'svg'): string | undefined {
  try {
    const r = unbakeImage(bytes);
    if (r.kind === 'ob2') throw new Error('it holds an Open Badges 2.0 assertion, which is not an Open Badges 3.0 credential');
    return r.payload;
  } catch (e) {
    if (e instanceof AppError && e.code === 'unbake_failed') return undefined;
    throw e;
  }
}
