/** VC-JWT in the OB 3.0 form: sign (ES256, RS256, EdDSA), decode and verify with per-check results. */
export { signVcJwt, type SignVcJwtOptions } from './sign.ts';
export { decodeVcJwt, type DecodedVcJwt } from './decode.ts';
export {
  verifyVcJwt,
  type VerifyVcJwtOptions, type VcJwtVerification, type JwtCheck, type JwtCheckId, type JwtKeyRef, type JwtKeyResolver, type JwtKeyResolution,
} from './verify.ts';
export { claimsFor, compareClaims, toNumericDate, issuerIdOf, type ClaimComparison, type ClaimName } from './claims.ts';
export { publicJwkOf, p256JwkFromRandom, keyFitsAlg, hasPrivateMembers, type KeyInput, type VcJwtAlg } from './keys.ts';
export { createJwtKeyResolver } from './resolve-key.ts';
