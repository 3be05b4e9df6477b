/** Key controller == issuer id, reported apart from the signature (some vectors disagree with the strict rule). */
import type { ControllerCheck, ProofResult } from './types.ts';

/** The issuer id of a credential (`issuer` string or `issuer.id`), if any. */
export function issuerIdOf(doc: unknown): string | undefined {
  if (!doc || typeof doc !== 'object') return undefined;
  const issuer = (doc as Record<string, unknown>).issuer;
  if (typeof issuer === 'string') return issuer;
  if (issuer && typeof issuer === 'object' && typeof (issuer as Record<string, unknown>).id === 'string') {
    return (issuer as Record<string, string>).id;
  }
  return undefined;
}

/**
 * Checks that the controller of every valid proof's key is the credential's issuer id.
 * @example checkKeyController(credential, result.proofs).status // 'valid' | 'invalid' | 'unknown'
 */
export function checkKeyController(doc: unknown, proofs: ProofResult[]): ControllerCheck {
  const issuer = issuerIdOf(doc);
  const valid = proofs.filter((p) => p.status === 'valid' && p.controller !== undefined);
  const controllers = [...new Set(valid.map((p) => p.controller!))];
  if (issuer === undefined) {
    return { status: 'unknown', code: 'issuer_missing', message: 'The document has no issuer id to compare the key controller with.', issuer, controllers };
  }
  if (valid.length === 0) {
    return { status: 'unknown', code: 'controller_unknown', message: 'No valid proof, so the key controller could not be compared with the issuer.', issuer, controllers };
  }
  const mismatched = controllers.filter((c) => c !== issuer);
  if (mismatched.length > 0) {
    return {
      status: 'invalid',
      code: 'controller_mismatch',
      message: `The signing key belongs to "${mismatched[0]}", not to the issuer "${issuer}".`,
      issuer,
      controllers,
    };
  }
  return { status: 'valid', code: 'controller_matches_issuer', message: `The signing key is controlled by the issuer "${issuer}".`, issuer, controllers };
}
