/** The `proof` and `issuer_key_controller` steps for embedded Data Integrity proofs. */
import { verifyDataIntegrity, type Cryptosuite } from '../proofs/index.ts';
import type { Check, ProofSuiteName, VerifyOptions } from './types.ts';
import { check, errorMessage } from './check-helpers.ts';
import { didFetcher } from './fetching.ts';

const DI_SUITES: readonly Cryptosuite[] = ['eddsa-rdfc-2022', 'eddsa-jcs-2022', 'Ed25519Signature2020'];

/** Plain-language name of a proof for messages. */
function suiteLabel(type: string | undefined, cryptosuite: string | undefined): string {
  return cryptosuite ? `${type ?? 'proof'} (${cryptosuite})` : (type ?? 'proof');
}

/** Verifies every embedded proof: one `proof` check per proof, then `issuer_key_controller`. */
export async function checkEmbeddedProofs(credential: Record<string, unknown>, opts: VerifyOptions): Promise<Check[]> {
  const allowed = (opts.allowedSuites ?? DI_SUITES).filter((s): s is Cryptosuite => (DI_SUITES as readonly ProofSuiteName[]).includes(s));
  try {
    const fetcher = opts.fetcher ? didFetcher(opts.fetcher) : undefined;
    const r = await verifyDataIntegrity(credential, { ...(fetcher ? { fetcher } : {}), now: opts.now, allowedSuites: allowed });
    const checks: Check[] = r.proofs.map((p) => {
      const label = suiteLabel(p.type, p.cryptosuite);
      const details: Record<string, unknown> = { proofIndex: p.proofIndex, code: p.code, type: p.type, cryptosuite: p.cryptosuite, verificationMethod: p.verificationMethod };
      if (p.controller) details.controller = p.controller;
      if (p.keySource) details.keySource = p.keySource;
      const message =
        p.status === 'valid'
          ? `The ${label} signature is valid: the credential has not been changed since it was signed.`
          : p.status === 'unknown'
            ? `The ${label} signature could not be checked: ${p.message}`
            : `The ${label} signature is not valid: ${p.message}`;
      return check('proof', p.status, message, details);
    });
    const c = r.controller;
    checks.push(
      check('issuer_key_controller', c.status, c.message, { code: c.code, issuer: c.issuer, controllers: c.controllers }),
    );
    return checks;
  } catch (e) {
    return [check('proof', 'invalid', `The proofs could not be checked: ${errorMessage(e)}`)];
  }
}
