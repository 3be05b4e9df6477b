/** Data Integrity proofs: eddsa-rdfc-2022 (default), eddsa-jcs-2022, Ed25519Signature2020; proof sets and chains. */
export { createProof, formatProofDate, signDataIntegrity } from './sign.ts';
export { verifyDataIntegrity } from './verify.ts';
export { checkKeyController, issuerIdOf } from './controller.ts';
export { hashForProof, suiteOf, type ProofHashes } from './hashing.ts';
export type {
  ControllerCheck,
  Cryptosuite,
  DataIntegrityProof,
  ProofCode,
  ProofResult,
  ProofSigner,
  ProofsVerification,
  ProofStatus,
  SignOptions,
  VerifyOptions,
} from './types.ts';
