/** Adds a Data Integrity proof (eddsa-rdfc-2022 by default) to a document; several proofs make a proof set. */
import { base58btcEncode } from '../crypto/base58.ts';
import { AppError } from '../errors.ts';
import { describeJsonLdError } from '../jsonld/check.ts';
import { hashForProof } from './hashing.ts';
import type { Cryptosuite, DataIntegrityProof, SignOptions } from './types.ts';

const DI_CONTEXT = 'https://w3id.org/security/data-integrity/v2';
const ED2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';
const VC2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';

/** xsd:dateTimeStamp without milliseconds when they are zero (as the vectors write it). */
export function formatProofDate(d: Date): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new AppError('validation_failed', 'The proof date is not a valid date.', { field: 'created' });
  const iso = d.toISOString();
  return iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso;
}

function asArray<T>(x: T | T[] | undefined): T[] {
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}

/** The document's @context, with the suite's context appended when the document would not define the proof terms. */
function contextFor(doc: Record<string, unknown>, suite: Cryptosuite): unknown {
  const ctx = doc['@context'];
  const list = asArray(ctx as unknown);
  if (list.length === 0) return ctx;
  if (suite === 'Ed25519Signature2020') return list.includes(ED2020_CONTEXT) ? ctx : [...list, ED2020_CONTEXT];
  return list.includes(VC2_CONTEXT) || list.includes(DI_CONTEXT) ? ctx : [...list, DI_CONTEXT];
}

/**
 * Creates the proof for an unsecured document (no `proof` member) without attaching it.
 * @example const proof = await createProof(unsecured, { signer, created: now })
 */
export async function createProof(unsecured: Record<string, unknown>, opts: SignOptions): Promise<DataIntegrityProof> {
  const suite = opts.cryptosuite ?? 'eddsa-rdfc-2022';
  const config: Record<string, unknown> = {};
  if (opts.id !== undefined) config.id = opts.id;
  if (suite === 'Ed25519Signature2020') {
    config.type = 'Ed25519Signature2020';
  } else {
    config.type = 'DataIntegrityProof';
    config.cryptosuite = suite;
  }
  config.created = formatProofDate(opts.created);
  if (opts.expires) config.expires = formatProofDate(opts.expires);
  config.verificationMethod = opts.signer.id;
  config.proofPurpose = opts.proofPurpose ?? 'assertionMethod';
  if (opts.previousProof !== undefined) config.previousProof = opts.previousProof;
  if (opts.domain !== undefined) config.domain = opts.domain;
  if (opts.challenge !== undefined) config.challenge = opts.challenge;
  if (opts.nonce !== undefined) config.nonce = opts.nonce;
  const proofConfig = { ...config, '@context': unsecured['@context'] };
  // eddsa-jcs-2022 keeps the document's @context on the proof itself (VC DI EdDSA §3.3.1).
  if (suite === 'eddsa-jcs-2022' && unsecured['@context'] !== undefined) config['@context'] = unsecured['@context'];
  let hashData: Uint8Array;
  try {
    hashData = (await hashForProof(suite, unsecured, proofConfig, opts.documentLoader)).hashData;
  } catch (e) {
    // Safe mode refused the document: name the term or context so the issuer can fix it.
    const d = describeJsonLdError(e);
    throw new AppError(d.code, `The credential cannot be signed: ${d.message}`, { field: d.field ?? '@context', cause: e });
  }
  const signature = opts.signer.sign(hashData);
  if (!(signature instanceof Uint8Array) || signature.length !== 64) {
    throw new AppError('internal_error', 'The signer did not return a 64-byte Ed25519 signature.');
  }
  return { ...config, proofValue: 'z' + base58btcEncode(signature) } as DataIntegrityProof;
}

/**
 * Signs a document: returns a copy with the new proof added (a proof set when proofs exist; `previousProof` chains).
 * @example const signed = await signDataIntegrity(credential, { signer, created: new Date('2026-01-01T00:00:00Z') })
 */
export async function signDataIntegrity<T extends Record<string, unknown>>(doc: T, opts: SignOptions): Promise<T & { proof: DataIntegrityProof | DataIntegrityProof[] }> {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new AppError('validation_failed', 'Only a JSON object can be signed.');
  const suite = opts.cryptosuite ?? 'eddsa-rdfc-2022';
  const existing = asArray(doc.proof as DataIntegrityProof | DataIntegrityProof[] | undefined);
  const { proof: _drop, ...rest } = doc;
  const unsecured: Record<string, unknown> = { ...rest };
  const ctx = contextFor(unsecured, suite);
  if (ctx !== unsecured['@context'] && ctx !== undefined) unsecured['@context'] = ctx;
  const previous = asArray(opts.previousProof);
  if (previous.length > 0) {
    const matching = previous.map((id) => {
      const p = existing.find((e) => e && e.id === id);
      if (!p) throw new AppError('validation_failed', `previousProof "${id}" does not match the id of any proof on the document.`, { field: 'previousProof' });
      return p;
    });
    unsecured.proof = matching.length === 1 ? matching[0] : matching;
  }
  const proof = await createProof(unsecured, opts);
  const { proof: _p, ...out } = unsecured;
  const proofs = [...existing, proof];
  return { ...out, proof: proofs.length === 1 ? proof : proofs } as T & { proof: DataIntegrityProof | DataIntegrityProof[] };
}
