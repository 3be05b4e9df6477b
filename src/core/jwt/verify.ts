/**
 * Verifies an OB 3.0 VC-JWT and returns one entry per check (never throws): format, header rules, algorithm,
 * key, signature, claim mapping both ways, and the `sub` policy (separate, because 1EdTech's own samples omit it).
 */
import { compactVerify, type JWK } from 'jose';
import { compareClaims, issuerIdOf, type ClaimComparison, type Json } from './claims.ts';
import { decodeVcJwt, type DecodedVcJwt } from './decode.ts';
import { hasPrivateMembers, isJwk, keyFitsAlg, toJoseKey, type KeyInput, type VcJwtAlg } from './keys.ts';
import { createJwtKeyResolver } from './resolve-key.ts';

export type JwtCheckId =
  | 'jwt_format' | 'jwt_header' | 'jwt_algorithm' | 'jwt_key' | 'jwt_key_controller' | 'jwt_signature' | 'jwt_claims' | 'jwt_subject';

export interface JwtCheck {
  id: JwtCheckId;
  status: 'valid' | 'invalid' | 'unknown';
  message: string;
  details?: Record<string, unknown>;
}

/** What the key resolver is asked for: the header's kid and/or embedded jwk. */
export interface JwtKeyRef {
  kid?: string;
  jwk?: JWK;
  alg: string;
  /** The `iss` claim, so a resolver can insist the key belongs to the issuer. */
  iss?: string;
}

/** A resolver's answer: the key (with its controller when the source names one), or why there is none. */
export type JwtKeyResolution =
  | { key: KeyInput; controller?: string; source?: string; status?: undefined }
  | { key?: undefined; status: 'invalid' | 'unknown'; message: string };

/**
 * Returns the public key (bare, or as a resolution with its controller), or undefined when it cannot be found
 * (reported as "could not check").
 */
export type JwtKeyResolver = (ref: JwtKeyRef) => Promise<KeyInput | JwtKeyResolution | undefined>;

export interface VerifyVcJwtOptions {
  /** Default: `createJwtKeyResolver()` without a fetcher (header jwk, did:jwk, did:key, `#z6Mk…` fragments). */
  resolveKey?: JwtKeyResolver;
  /** Treat a missing `sub` as invalid when the credential subject has an id (default false: OB requires it, 1EdTech samples omit it). */
  requireSub?: boolean;
  /** Algorithms accepted (default ES256, RS256, EdDSA). */
  algorithms?: readonly VcJwtAlg[];
}

export interface VcJwtVerification {
  /** `valid` only when every check is valid; `unknown` when something could not be checked. */
  summary: 'valid' | 'invalid' | 'unknown';
  checks: JwtCheck[];
  decoded?: DecodedVcJwt;
  /** The credential carried by the JWT (payload, or its `vc` claim). */
  credential?: Json;
  alg?: string;
  /** False for EdDSA: we accept it, the 1EdTech validator does not. */
  oneEdTechAccepted?: boolean;
  claims?: ClaimComparison[];
}

const ALLOWED_HEADER = new Set(['alg', 'kid', 'jwk', 'typ']);


async function resolveKeySafely(resolver: JwtKeyResolver, ref: JwtKeyRef): Promise<JwtKeyResolution> {
  try {
    const r = await resolver(ref);
    if (r === undefined) return { status: 'unknown', message: 'The signing key could not be found (no usable kid or jwk).' };
    if (typeof r === 'object' && r !== null && ('status' in r || ('key' in r && !('kty' in r)))) {
      const res = r as JwtKeyResolution;
      return res.key === undefined && res.status === undefined ? { status: 'unknown', message: 'The signing key could not be found.' } : res;
    }
    return { key: r as KeyInput };
  } catch (e) {
    return { status: 'unknown', message: `The signing key could not be retrieved: ${(e as Error).message}` };
  }
}

/** The key's controller must be the issuer (iss, and the credential's issuer id). */
function controllerCheck(controller: string, payload: Json, credential: Json): JwtCheck {
  const iss = typeof payload.iss === 'string' ? payload.iss : issuerIdOf(credential);
  if (iss === controller) return { id: 'jwt_key_controller', status: 'valid', message: 'The signing key belongs to the issuer.', details: { controller } };
  return {
    id: 'jwt_key_controller', status: 'invalid', details: { controller, issuer: iss },
    message: `The signing key belongs to ${controller}, not to the issuer ${String(iss)}.`,
  };
}

function summarize(checks: JwtCheck[]): VcJwtVerification['summary'] {
  if (checks.some((c) => c.status === 'invalid')) return 'invalid';
  return checks.some((c) => c.status === 'unknown') ? 'unknown' : 'valid';
}

function headerCheck(header: Json): JwtCheck {
  const problems: string[] = [];
  const extra = Object.keys(header).filter((k) => !ALLOWED_HEADER.has(k));
  if (extra.length) problems.push(`header parameters not allowed by OB 3.0: ${extra.join(', ')}`);
  if (header.typ !== undefined && header.typ !== 'JWT') problems.push(`typ must be "JWT" (got ${JSON.stringify(header.typ)})`);
  if (header.jwk !== undefined) {
    if (!isJwk(header.jwk)) problems.push('jwk is not a JWK');
    else if (hasPrivateMembers(header.jwk as Record<string, unknown>)) problems.push('jwk contains private key material ("d")');
  }
  if (header.kid !== undefined && typeof header.kid !== 'string') problems.push('kid must be a string');
  if (header.kid === undefined && header.jwk === undefined) problems.push('neither kid nor jwk names the signing key');
  return problems.length
    ? { id: 'jwt_header', status: 'invalid', message: `The JWT header breaks the OB 3.0 rules: ${problems.join('; ')}.`, details: { header } }
    : { id: 'jwt_header', status: 'valid', message: 'The JWT header has only the allowed parameters.' };
}

function algCheck(alg: unknown, allowed: readonly VcJwtAlg[]): JwtCheck {
  if (typeof alg !== 'string' || !(allowed as readonly string[]).includes(alg)) {
    return { id: 'jwt_algorithm', status: 'invalid', message: `The algorithm ${JSON.stringify(alg)} is not accepted (use ${allowed.join(', ')}).` };
  }
  if (alg === 'EdDSA') {
    return {
      id: 'jwt_algorithm', status: 'valid', details: { alg, oneEdTechAccepted: false },
      message: 'EdDSA is accepted here, but the 1EdTech validator only accepts RS256 and ES256 JWTs.',
    };
  }
  return { id: 'jwt_algorithm', status: 'valid', message: `${alg} is an accepted algorithm.`, details: { alg, oneEdTechAccepted: true } };
}

const OUTCOME_TEXT: Record<ClaimComparison['outcome'], string> = {
  match: 'matches',
  mismatch: 'does not match',
  missing_claim: 'is missing from the JWT',
  missing_field: 'is in the JWT but not in the credential',
  both_absent: 'is absent on both sides',
  claim_supplies_field: 'is supplied by the JWT (VC 1.1 form)',
};

function claimsChecks(d: DecodedVcJwt, requireSub: boolean): { checks: JwtCheck[]; comparisons: ClaimComparison[] } {
  const comparisons = compareClaims(d.payload, d.credential, d.form);
  const bad = comparisons.filter((c) => {
    if (c.claim === 'sub') return false;
    if (c.outcome === 'mismatch' || c.outcome === 'missing_claim' || c.outcome === 'missing_field') return true;
    return c.outcome === 'both_absent' && c.claim !== 'exp';
  });
  const describe = (c: ClaimComparison) => `${c.claim} (${c.field}) ${OUTCOME_TEXT[c.outcome]}`;
  const claims: JwtCheck = bad.length
    ? { id: 'jwt_claims', status: 'invalid', message: `The JWT claims and the credential disagree: ${bad.map(describe).join('; ')}.`, details: { comparisons } }
    : { id: 'jwt_claims', status: 'valid', message: 'iss, jti, nbf and exp match the credential both ways.', details: { comparisons } };
  const sub = comparisons.find((c) => c.claim === 'sub')!;
  let subject: JwtCheck;
  if (sub.outcome === 'mismatch' || sub.outcome === 'missing_field') {
    subject = { id: 'jwt_subject', status: 'invalid', message: `The sub claim ${OUTCOME_TEXT[sub.outcome]} credentialSubject.id.`, details: { ...sub } };
  } else if (sub.outcome === 'missing_claim') {
    subject = requireSub
      ? { id: 'jwt_subject', status: 'invalid', message: 'The sub claim is missing; OB 3.0 requires it to equal credentialSubject.id.', details: { ...sub } }
      : { id: 'jwt_subject', status: 'valid', message: 'The sub claim is missing (OB 3.0 requires it; 1EdTech samples omit it): accepted by policy.', details: { ...sub, lenient: true } };
  } else {
    subject = { id: 'jwt_subject', status: 'valid', message: `The sub claim ${OUTCOME_TEXT[sub.outcome]} credentialSubject.id.`, details: { ...sub } };
  }
  return { checks: [claims, subject], comparisons };
}

/**
 * Verifies a VC-JWT. Never throws: every failure is a check entry.
 * @example const r = await verifyVcJwt(jwt, { resolveKey: async ({ kid }) => keysById.get(kid) }); r.summary === 'valid'
 */
export async function verifyVcJwt(jwt: unknown, opts: VerifyVcJwtOptions = {}): Promise<VcJwtVerification> {
  const allowed = opts.algorithms ?? ['ES256', 'RS256', 'EdDSA'];
  let decoded: DecodedVcJwt;
  try {
    decoded = decodeVcJwt(jwt as string);
  } catch (e) {
    const checks: JwtCheck[] = [{ id: 'jwt_format', status: 'invalid', message: (e as Error).message }];
    return { summary: 'invalid', checks };
  }
  const { header, payload } = decoded;
  const checks: JwtCheck[] = [{ id: 'jwt_format', status: 'valid', message: `A compact JWS carrying a credential (${decoded.form === 'vc1' ? 'VC 1.1 "vc" claim' : 'OB 3.0 / VC 2.0'} form).` }];
  checks.push(headerCheck(header));
  const algResult = algCheck(header.alg, allowed);
  checks.push(algResult);
  const alg = header.alg as VcJwtAlg;

  let key: KeyInput | undefined;
  if (algResult.status === 'valid') {
    const resolved = await resolveKeySafely(opts.resolveKey ?? createJwtKeyResolver(), {
      ...(typeof header.kid === 'string' ? { kid: header.kid } : {}),
      ...(isJwk(header.jwk) && !hasPrivateMembers(header.jwk as Record<string, unknown>) ? { jwk: header.jwk } : {}),
      alg,
      ...(typeof payload.iss === 'string' ? { iss: payload.iss } : {}),
    });
    if (resolved.key === undefined) {
      checks.push({ id: 'jwt_key', status: resolved.status, message: resolved.message });
    } else if (isJwk(resolved.key) && !keyFitsAlg(resolved.key, alg)) {
      checks.push({ id: 'jwt_key', status: 'invalid', message: `The key (${resolved.key.kty}) does not fit ${alg}.` });
    } else {
      key = resolved.key;
      const source = resolved.source ? ` (${resolved.source})` : '';
      checks.push({ id: 'jwt_key', status: 'valid', message: `The signing key was found${source}.`, ...(resolved.source ? { details: { source: resolved.source } } : {}) });
      if (resolved.controller !== undefined) checks.push(controllerCheck(resolved.controller, payload, decoded.credential));
    }
  }
  const keyCheck = checks.find((c) => c.id === 'jwt_key');
  if (key && keyCheck?.status === 'valid') {
    try {
      const joseKey = await toJoseKey(key, alg, 'key');
      await compactVerify((jwt as string).trim(), joseKey, { algorithms: [alg] });
      checks.push({ id: 'jwt_signature', status: 'valid', message: `The ${alg} signature is valid.` });
    } catch (e) {
      checks.push({ id: 'jwt_signature', status: 'invalid', message: `The signature does not verify: ${(e as Error).message}` });
    }
  } else {
    checks.push({ id: 'jwt_signature', status: keyCheck?.status === 'invalid' || algResult.status === 'invalid' ? 'invalid' : 'unknown', message: 'The signature could not be checked without a usable key and algorithm.' });
  }
  const { checks: claimChecks, comparisons } = claimsChecks(decoded, opts.requireSub ?? false);
  checks.push(...claimChecks);
  return {
    summary: summarize(checks),
    checks,
    decoded,
    credential: decoded.credential,
    alg: typeof header.alg === 'string' ? header.alg : undefined,
    oneEdTechAccepted: header.alg === 'RS256' || header.alg === 'ES256',
    claims: comparisons,
  };
}
