/** Verifies every Data Integrity proof on a document; never throws, whatever the input. */
import { base58btcDecode } from '../crypto/base58.ts';
import { ed25519Verify } from '../crypto/ed25519.ts';
import { decodeEd25519Multikey } from '../crypto/multikey.ts';
import { resolveVerificationMethod } from '../did/resolve.ts';
import { describeJsonLdError } from '../jsonld/check.ts';
import { checkKeyController } from './controller.ts';
import { hashForProof, suiteOf } from './hashing.ts';
import type { Cryptosuite, ProofCode, ProofResult, ProofsVerification, ProofStatus, VerifyOptions } from './types.ts';

const ALL_SUITES: readonly Cryptosuite[] = ['eddsa-rdfc-2022', 'eddsa-jcs-2022', 'Ed25519Signature2020'];
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const isObject = (x: unknown): x is Record<string, any> => !!x && typeof x === 'object' && !Array.isArray(x);
const asArray = (x: unknown): unknown[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/**
 * Verifies all proofs on a document (proof sets and previousProof chains) and checks key controller vs issuer.
 * @example const r = await verifyDataIntegrity(credential, { fetcher }); r.proofs.forEach((p) => console.log(p.status))
 */
export async function verifyDataIntegrity(doc: unknown, opts: VerifyOptions = {}): Promise<ProofsVerification> {
  let proofs: ProofResult[];
  try {
    proofs = await verifyAll(doc, opts);
  } catch (e) {
    proofs = [result(0, undefined, 'invalid', 'proof_malformed', `The proofs could not be checked: ${e instanceof Error ? e.message : String(e)}`)];
  }
  const controller = checkKeyController(doc, proofs);
  const verified = proofs.some((p) => p.status === 'valid') && !proofs.some((p) => p.status === 'invalid');
  return { verified, proofs, controller };
}

async function verifyAll(doc: unknown, opts: VerifyOptions): Promise<ProofResult[]> {
  if (!isObject(doc)) return [result(0, undefined, 'invalid', 'proof_malformed', 'The document is not a JSON object.')];
  const all = asArray(doc.proof);
  if (all.length === 0) return [result(0, undefined, 'invalid', 'proof_missing', 'The document has no embedded proof.')];
  const { proof: _p, ...unsecured } = doc;
  return Promise.all(all.map((p, i) => verifyOne(unsecured, all, p, i, opts)));
}

function contextStartsWith(docCtx: unknown, proofCtx: unknown): boolean {
  const d = asArray(docCtx);
  const pc = asArray(proofCtx);
  return pc.length <= d.length && pc.every((c, k) => JSON.stringify(c) === JSON.stringify(d[k]));
}

function result(i: number, p: unknown, status: ProofStatus, code: ProofCode, message: string, extra: Partial<ProofResult> = {}): ProofResult {
  const o = isObject(p) ? p : {};
  return {
    proofIndex: i,
    type: typeof o.type === 'string' ? o.type : undefined,
    cryptosuite: typeof o.cryptosuite === 'string' ? o.cryptosuite : undefined,
    verificationMethod: typeof o.verificationMethod === 'string' ? o.verificationMethod : undefined,
    status,
    code,
    message,
    ...extra,
  };
}

async function verifyOne(unsecured: Record<string, unknown>, all: unknown[], p: unknown, i: number, opts: VerifyOptions): Promise<ProofResult> {
  const n = `Proof ${i + 1}`;
  if (!isObject(p)) return result(i, p, 'invalid', 'proof_malformed', `${n} is not an object.`);
  const suite = suiteOf(p);
  const name = String(p.cryptosuite ?? p.type ?? 'unknown');
  if (!suite || !(opts.allowedSuites ?? ALL_SUITES).includes(suite)) {
    return result(i, p, 'unknown', 'proof_suite_unsupported', `${n} uses "${name}", which is not a proof suite we check.`);
  }
  if (typeof p.proofValue !== 'string' || !p.proofValue.startsWith('z')) {
    return result(i, p, 'invalid', 'proof_malformed', `${n} has no base58btc proofValue (it must start with "z").`);
  }
  let signature: Uint8Array;
  try {
    signature = base58btcDecode(p.proofValue.slice(1));
  } catch {
    return result(i, p, 'invalid', 'proof_malformed', `${n}'s proofValue is not valid base58btc.`);
  }
  if (signature.length !== 64) return result(i, p, 'invalid', 'signature_invalid', `${n}'s signature is ${signature.length} bytes, not 64.`);
  const expectedPurpose = opts.expectedProofPurpose ?? 'assertionMethod';
  if (p.proofPurpose !== expectedPurpose) {
    return result(i, p, 'invalid', 'proof_purpose_mismatch', `${n} has proofPurpose "${String(p.proofPurpose)}", expected "${expectedPurpose}".`);
  }
  for (const field of ['created', 'expires'] as const) {
    if (p[field] !== undefined && (typeof p[field] !== 'string' || !DATE_TIME.test(p[field]) || Number.isNaN(Date.parse(p[field])))) {
      return result(i, p, 'invalid', 'proof_malformed', `${n}'s "${field}" is not a date-time with a time zone.`);
    }
  }
  if (opts.now && typeof p.expires === 'string' && Date.parse(p.expires) < opts.now.getTime()) {
    return result(i, p, 'invalid', 'proof_expired', `${n} expired on ${p.expires}.`);
  }
  if (opts.domain !== undefined && !asArray(p.domain).includes(opts.domain)) {
    return result(i, p, 'invalid', 'domain_mismatch', `${n} is not bound to the domain "${opts.domain}".`);
  }
  if (opts.challenge !== undefined && p.challenge !== opts.challenge) {
    return result(i, p, 'invalid', 'challenge_mismatch', `${n} does not carry the expected challenge.`);
  }
  // Chains (VC DI §4.2): the proofs named by previousProof are part of what this proof signed.
  const input: Record<string, unknown> = { ...unsecured };
  const previous = asArray(p.previousProof);
  if (previous.length > 0) {
    const matching = previous.map((id) => all.find((q) => isObject(q) && q.id === id && q !== p));
    if (matching.some((m) => m === undefined)) {
      return result(i, p, 'invalid', 'previous_proof_missing', `${n} refers to a previousProof that is not on the document.`);
    }
    input.proof = matching.length === 1 ? matching[0] : matching;
  }
  const vm = await resolveVerificationMethod(p.verificationMethod, { fetcher: opts.fetcher, allowFragmentKey: opts.allowFragmentKey ?? true });
  if (!vm.ok) return result(i, p, vm.code === 'vm_fetch_failed' ? 'unknown' : 'invalid', vm.code, `${n}: ${vm.message}`);
  const extra = { controller: vm.controller, keySource: vm.keySource };
  if (vm.assertionMethod === false && expectedPurpose === 'assertionMethod') {
    return result(i, p, 'invalid', 'proof_purpose_mismatch', `${n}: the key is not listed under assertionMethod by its controller.`, extra);
  }
  let publicKey: Uint8Array;
  try {
    publicKey = decodeEd25519Multikey(vm.publicKeyMultibase ?? '');
  } catch {
    return result(i, p, 'invalid', 'key_type_unsupported', `${n}: the verification method is not an Ed25519 Multikey.`, extra);
  }
  const { proofValue: _v, ...config } = p;
  if (config['@context'] !== undefined && !contextStartsWith(unsecured['@context'], config['@context'])) {
    return result(i, p, 'invalid', 'proof_malformed', `${n}'s @context does not match the start of the document's @context.`, extra);
  }
  const proofConfig = { ...config, '@context': unsecured['@context'] };
  let hashData: Uint8Array;
  try {
    hashData = (await hashForProof(suite, input, proofConfig, opts.documentLoader)).hashData;
  } catch (e) {
    const d = describeJsonLdError(e);
    // An unknown context is "could not check" (we never fetch contexts); an undefined term is a defect.
    return result(i, p, d.code === 'unknown_context' ? 'unknown' : 'invalid', d.code, `${n} could not be checked: ${d.message}`, extra);
  }
  if (!ed25519Verify(hashData, signature, publicKey)) {
    return result(i, p, 'invalid', 'signature_invalid', `${n}'s signature does not match the document: it was changed after signing or signed with another key.`, extra);
  }
  return result(i, p, 'valid', 'proof_valid', `${n} (${name}) is valid.`, extra);
}
