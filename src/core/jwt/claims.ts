/**
 * VC-JWT claim mapping, OB 3.0 form (STANDARDS §2.2): iss = issuer.id, jti = id, nbf = validFrom,
 * sub = credentialSubject.id, exp = validUntil. VC 1.1 JWTs wrap the credential in a `vc` claim and use
 * issuanceDate / expirationDate; there the claims may stand in for fields the credential leaves out.
 */

export type Json = Record<string, unknown>;
const isRec = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export type ClaimName = 'iss' | 'jti' | 'nbf' | 'sub' | 'exp';

export interface ClaimComparison {
  claim: ClaimName;
  /** The credential field it maps to, e.g. `issuer.id`. */
  field: string;
  /** Value derived from the credential (NumericDate for dates). */
  expected?: string | number;
  /** Value found in the JWT. */
  actual?: unknown;
  outcome: 'match' | 'mismatch' | 'missing_claim' | 'missing_field' | 'both_absent' | 'claim_supplies_field';
}

/** Seconds since the epoch for an ISO date-time (floor), or undefined if it does not parse. */
export function toNumericDate(iso: unknown): number | undefined {
  if (typeof iso !== 'string') return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** The issuer id: a string issuer, or the embedded Profile's id. */
export function issuerIdOf(credential: Json): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  return isRec(issuer) && typeof issuer.id === 'string' ? issuer.id : undefined;
}

function subjectIdOf(credential: Json): string | undefined {
  const s = Array.isArray(credential.credentialSubject) ? credential.credentialSubject[0] : credential.credentialSubject;
  return isRec(s) && typeof s.id === 'string' ? s.id : undefined;
}

/** The registered claims a credential maps to (what `signVcJwt` puts in the payload). */
export function claimsFor(credential: Json, form: 'vc2' | 'vc1' = 'vc2'): Partial<Record<ClaimName, string | number>> {
  const out: Partial<Record<ClaimName, string | number>> = {};
  const iss = issuerIdOf(credential);
  if (iss) out.iss = iss;
  if (typeof credential.id === 'string') out.jti = credential.id;
  const from = form === 'vc1' ? (credential.issuanceDate ?? credential.validFrom) : credential.validFrom;
  const nbf = toNumericDate(from);
  if (nbf !== undefined) out.nbf = nbf;
  const sub = subjectIdOf(credential);
  if (sub) out.sub = sub;
  const until = form === 'vc1' ? (credential.expirationDate ?? credential.validUntil) : credential.validUntil;
  const exp = toNumericDate(until);
  if (exp !== undefined) out.exp = exp;
  return out;
}

const FIELDS: Record<ClaimName, { vc2: string; vc1: string }> = {
  iss: { vc2: 'issuer.id', vc1: 'issuer.id' },
  jti: { vc2: 'id', vc1: 'id' },
  nbf: { vc2: 'validFrom', vc1: 'issuanceDate' },
  sub: { vc2: 'credentialSubject.id', vc1: 'credentialSubject.id' },
  exp: { vc2: 'validUntil', vc1: 'expirationDate' },
};

/** Compares each of iss/jti/nbf/sub/exp both ways: claim → field and field → claim. */
export function compareClaims(payload: Json, credential: Json, form: 'vc2' | 'vc1'): ClaimComparison[] {
  const expected = claimsFor(credential, form);
  return (Object.keys(FIELDS) as ClaimName[]).map((claim) => {
    const field = FIELDS[claim][form];
    const exp = expected[claim];
    const act = payload[claim];
    const base = { claim, field, ...(exp !== undefined ? { expected: exp } : {}), ...(act !== undefined ? { actual: act } : {}) };
    if (exp === undefined && act === undefined) return { ...base, outcome: 'both_absent' as const };
    if (exp === undefined) return { ...base, outcome: form === 'vc1' ? ('claim_supplies_field' as const) : ('missing_field' as const) };
    if (act === undefined) return { ...base, outcome: 'missing_claim' as const };
    return { ...base, outcome: act === exp ? ('match' as const) : ('mismatch' as const) };
  });
}
