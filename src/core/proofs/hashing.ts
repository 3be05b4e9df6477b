/** Transformation + hashing of each suite: canonical document and proof config, SHA-256 each, proof hash first. */
import { createHash } from 'node:crypto';
import canonicalizeJcs from 'canonicalize';
import { canonizeRdfc } from '../canon/index.ts';
import type { DocumentLoader } from '../jsonld/document-loader.ts';
import type { Cryptosuite } from './types.ts';

/** The intermediate values of a proof, exposed for golden-vector tests. */
export interface ProofHashes {
  canonicalDocument: string;
  canonicalProofConfig: string;
  documentHash: Uint8Array;
  proofHash: Uint8Array;
  /** proofHash || documentHash: the bytes that are signed. */
  hashData: Uint8Array;
}

function sha256(text: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(text, 'utf8').digest());
}

async function canonicalize(suite: Cryptosuite, doc: object, documentLoader?: DocumentLoader): Promise<string> {
  if (suite === 'eddsa-jcs-2022') {
    const out = canonicalizeJcs(doc);
    if (out === undefined) throw new Error('The document cannot be serialized with JCS.');
    return out;
  }
  return canonizeRdfc(doc, documentLoader ? { documentLoader } : {});
}

/**
 * Canonicalizes the unsecured document and the proof config (which carries the document's @context) and hashes them.
 * @example const { hashData } = await hashForProof('eddsa-rdfc-2022', unsecured, proofConfig)
 */
export async function hashForProof(
  suite: Cryptosuite,
  unsecuredDocument: object,
  proofConfig: object,
  documentLoader?: DocumentLoader,
): Promise<ProofHashes> {
  const [canonicalDocument, canonicalProofConfig] = await Promise.all([
    canonicalize(suite, unsecuredDocument, documentLoader),
    canonicalize(suite, proofConfig, documentLoader),
  ]);
  const documentHash = sha256(canonicalDocument);
  const proofHash = sha256(canonicalProofConfig);
  const hashData = new Uint8Array(64);
  hashData.set(proofHash, 0);
  hashData.set(documentHash, 32);
  return { canonicalDocument, canonicalProofConfig, documentHash, proofHash, hashData };
}

/** The suite of a proof object, or undefined when we do not support it. */
export function suiteOf(proof: { type?: unknown; cryptosuite?: unknown }): Cryptosuite | undefined {
  if (proof.type === 'DataIntegrityProof') {
    if (proof.cryptosuite === 'eddsa-rdfc-2022' || proof.cryptosuite === 'eddsa-2022') return 'eddsa-rdfc-2022';
    if (proof.cryptosuite === 'eddsa-jcs-2022') return 'eddsa-jcs-2022';
    return undefined;
  }
  if (proof.type === 'Ed25519Signature2020') return 'Ed25519Signature2020';
  return undefined;
}
