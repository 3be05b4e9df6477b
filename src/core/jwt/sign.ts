/** Signs a credential as an OB 3.0 VC-JWT (payload = credential + iss/jti/nbf/sub/exp). */
import { CompactSign } from 'jose';
import { AppError } from '../errors.ts';
import { claimsFor, type Json } from './claims.ts';
import { hasPrivateMembers, isJwk, publicJwkOf, toJoseKey, type KeyInput, type VcJwtAlg } from './keys.ts';

export interface SignVcJwtOptions {
  /** ES256 or RS256 (both accepted by the 1EdTech validator); EdDSA is verifiable but rejected there. */
  alg: VcJwtAlg;
  privateKey: KeyInput;
  /** URL or DID URL that dereferences to the public JWK. Give this or `embedJwk`. */
  kid?: string;
  /** Put the public JWK in the header: `true` derives it from the private key, or pass it. */
  embedJwk?: boolean | Record<string, unknown>;
}

const encoder = new TextEncoder();

/**
 * Signs `credential` as a compact JWS in the OB 3.0 VC-JWT form. The header holds only alg, typ ("JWT") and
 * kid or jwk. Add any Data Integrity proof to the credential *before* calling this.
 * @example const jwt = await signVcJwt(vc, { alg: 'RS256', privateKey: rsaJwk, kid: 'https://x.example/keys/1' })
 */
export async function signVcJwt(credential: object, opts: SignVcJwtOptions): Promise<string> {
  const vc = credential as Json;
  if (typeof vc !== 'object' || vc === null || Array.isArray(vc)) {
    throw new AppError('validation_failed', 'The credential must be a JSON object.', { field: 'credential' });
  }
  if (!['ES256', 'RS256', 'EdDSA'].includes(opts.alg)) {
    throw new AppError('proof_suite_unsupported', `VC-JWT alg must be ES256, RS256 or EdDSA (got ${String(opts.alg)}).`, { field: 'alg' });
  }
  const claims = claimsFor(vc);
  for (const [claim, field] of [['iss', 'issuer'], ['jti', 'id'], ['nbf', 'validFrom']] as const) {
    if (claims[claim] === undefined) {
      throw new AppError('validation_failed', `The credential needs ${field} to fill the ${claim} claim.`, { field });
    }
  }
  if (vc.validUntil !== undefined && claims.exp === undefined) {
    throw new AppError('validation_failed', 'validUntil is not a valid date-time.', { field: 'validUntil' });
  }
  if (!!opts.kid === !!opts.embedJwk) {
    throw new AppError('validation_failed', 'Give exactly one of kid or embedJwk: the header names the key one way.', { field: 'kid' });
  }
  const header: Record<string, unknown> = { alg: opts.alg, typ: 'JWT' };
  if (opts.kid) header.kid = opts.kid;
  else {
    const jwk = opts.embedJwk === true ? await publicJwkOf(opts.privateKey) : (opts.embedJwk as Record<string, unknown>);
    if (!isJwk(jwk) || hasPrivateMembers(jwk)) {
      throw new AppError('key_invalid', 'The embedded jwk must be a public JWK (no "d").', { field: 'embedJwk' });
    }
    header.jwk = jwk;
  }
  const key = await toJoseKey(opts.privateKey, opts.alg, 'privateKey');
  // The credential's own members first, then the registered claims (which win on a name clash).
  const payload = { ...vc, ...claims };
  try {
    return await new CompactSign(encoder.encode(JSON.stringify(payload)))
      .setProtectedHeader(header as { alg: string })
      .sign(key);
  } catch (e) {
    throw new AppError('key_invalid', `Signing failed: ${(e as Error).message}. Is privateKey a private ${opts.alg} key?`, { field: 'privateKey', cause: e });
  }
}
