/**
 * The `proof` and `issuer_key_controller` steps for a VC-JWT: the JWT module's per-check log (format, header,
 * algorithm, key, signature, claim mapping iss/jti/nbf/exp/sub) folded into one `proof` entry.
 */
import { createJwtKeyResolver, verifyVcJwt, type JwtCheck, type VcJwtAlg } from '../jwt/index.ts';
import type { Check, ProofSuiteName, VerifyOptions } from './types.ts';
import { check, errorMessage, isObject } from './check-helpers.ts';
import { didFetcher } from './fetching.ts';

const ALG_SUITES: Record<VcJwtAlg, ProofSuiteName> = { ES256: 'vc-jwt-es256', RS256: 'vc-jwt-rs256', EdDSA: 'vc-jwt-eddsa' };
const PROOF_PARTS = ['jwt_format', 'jwt_header', 'jwt_algorithm', 'jwt_key', 'jwt_signature', 'jwt_claims', 'jwt_subject'];

/** Verifies a compact JWS; returns the credential it carries (when decodable) and its proof checks. */
export async function checkJwtProof(jwt: string, opts: VerifyOptions): Promise<{ credential?: Record<string, unknown>; checks: Check[] }> {
  try {
    const algorithms = (Object.keys(ALG_SUITES) as VcJwtAlg[]).filter((a) => (opts.allowedSuites ?? Object.values(ALG_SUITES)).includes(ALG_SUITES[a]));
    const resolveKey = createJwtKeyResolver(opts.fetcher ? { fetcher: didFetcher(opts.fetcher) } : {});
    const r = await verifyVcJwt(jwt, { resolveKey, algorithms });
    const parts = r.checks.filter((c) => PROOF_PARTS.includes(c.id));
    const worst = parts.find((c) => c.status === 'invalid') ?? parts.find((c) => c.status === 'unknown');
    const details = { format: 'vc-jwt', alg: r.alg, jwtChecks: r.checks, ...(r.oneEdTechAccepted === false ? { oneEdTechAccepted: false } : {}) };
    const alg = r.alg ?? 'unknown algorithm';
    const proof = worst
      ? check('proof', worst.status, worst.status === 'invalid' ? `The VC-JWT (${alg}) is not valid: ${worst.message}` : `The VC-JWT (${alg}) could not be fully checked: ${worst.message}`, details)
      : check('proof', 'valid', `The VC-JWT ${alg} signature is valid and its registered claims match the credential.`, details);
    const checks: Check[] = [proof];
    const credential = isObject(r.credential) ? (r.credential as Record<string, unknown>) : undefined;
    if (credential) checks.push(controllerCheck(r.checks));
    return credential ? { credential, checks } : { checks };
  } catch (e) {
    return { checks: [check('proof', 'invalid', `The VC-JWT could not be checked: ${errorMessage(e)}`)] };
  }
}

function controllerCheck(jwtChecks: JwtCheck[]): Check {
  const c = jwtChecks.find((x) => x.id === 'jwt_key_controller');
  if (c) return check('issuer_key_controller', c.status, c.message, c.details);
  const key = jwtChecks.find((x) => x.id === 'jwt_key');
  if (key?.status !== 'valid') {
    return check('issuer_key_controller', 'unknown', 'Without a usable key, nothing shows that the issuer controls the signing key.');
  }
  // Decision 021: a key carried in the JWT header (or a bare JWK URL) names no controller, so the issuer's
  // control of it cannot be confirmed: "could not check", never valid.
  return check('issuer_key_controller', 'unknown', 'The JWT carries its own key (or a key document naming no owner), so nothing shows that the issuer controls it.', key.details);
}
