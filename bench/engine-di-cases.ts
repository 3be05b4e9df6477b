/**
 * The measured operations of the Data Integrity benchmark, shared by the main thread and the worker threads:
 * our eddsa-rdfc-2022 / eddsa-jcs-2022 issue and verify, Digital Bazaar's stack, and raw node:crypto Ed25519.
 */
// @ts-expect-error untyped ESM package
import * as vc from '@digitalbazaar/vc';
// @ts-expect-error untyped ESM package
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
// @ts-expect-error untyped ESM package
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
// @ts-expect-error untyped ESM package
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { createEd25519Signer, ed25519PrivateKeyObject, ed25519PublicKeyObject, encodeEd25519Multikey, encodeEd25519SecretMultikey, ed25519KeyPairFromSeed } from '../src/core/crypto/index.ts';
import { sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { didKeyDocument, didKeyFromPublicKey, didKeyVerificationMethodId } from '../src/core/did/index.ts';
import { staticDocumentLoader } from '../src/core/jsonld/index.ts';
import { signDataIntegrity, verifyDataIntegrity } from '../src/core/proofs/index.ts';
import { buildFixtureCredential } from '../test/fixtures/credentials.ts';

export const CASES = [
  'ours rdfc issue',
  'ours rdfc verify',
  'ours jcs issue',
  'ours jcs verify',
  'digitalbazaar rdfc issue',
  'digitalbazaar rdfc verify',
  'raw Ed25519 sign',
  'raw Ed25519 verify',
] as const;
export type CaseName = (typeof CASES)[number];

const N = 64;
const created = new Date('2026-03-01T12:00:00Z');

async function dbLoader(url: string) {
  if (url.startsWith('did:key:')) {
    const doc = didKeyDocument(url);
    const document = url.includes('#') ? { '@context': 'https://w3id.org/security/multikey/v1', ...doc.verificationMethod[0] } : doc;
    return { contextUrl: null, documentUrl: url, document };
  }
  return staticDocumentLoader(url);
}

/** Builds the credentials, keys and signed copies, and returns one function per case. */
export async function setupCases(): Promise<Record<CaseName, (i: number) => unknown>> {
  const seed = new Uint8Array(32).map((_, i) => (i * 29 + 7) & 0xff);
  const { publicKey } = ed25519KeyPairFromSeed(seed);
  const mk = encodeEd25519Multikey(publicKey);
  const did = didKeyFromPublicKey(publicKey);
  const vmId = didKeyVerificationMethodId(mk);
  const signer = createEd25519Signer(seed, vmId);
  const creds = Array.from({ length: N }, (_, n) => buildFixtureCredential({ n, issuerId: did, recipientId: `did:example:learner-${n}` }) as unknown as Record<string, unknown>);
  const rdfcSigned = await Promise.all(creds.map((c) => signDataIntegrity(c, { signer, created })));
  const jcsSigned = await Promise.all(creds.map((c) => signDataIntegrity(c, { signer, created, cryptosuite: 'eddsa-jcs-2022' })));
  const keyPair = await Ed25519Multikey.from({ id: vmId, controller: did, publicKeyMultibase: mk, secretKeyMultibase: encodeEd25519SecretMultikey(seed) });
  const dbSuite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022, date: created });
  const dbVerifySuite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  const now = new Date('2027-06-01T00:00:00Z');
  const priv = ed25519PrivateKeyObject(seed);
  const pub = ed25519PublicKeyObject(publicKey);
  const data = creds.map((_, i) => new Uint8Array(64).fill(i));
  const sigs = data.map((d) => nodeSign(null, d, priv));
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`benchmark sanity check failed: ${what}`);
  };
  return {
    'ours rdfc issue': (i) => signDataIntegrity(creds[i % N]!, { signer, created }),
    'ours rdfc verify': async (i) => check((await verifyDataIntegrity(rdfcSigned[i % N])).verified, 'rdfc verify'),
    'ours jcs issue': (i) => signDataIntegrity(creds[i % N]!, { signer, created, cryptosuite: 'eddsa-jcs-2022' }),
    'ours jcs verify': async (i) => check((await verifyDataIntegrity(jcsSigned[i % N])).verified, 'jcs verify'),
    'digitalbazaar rdfc issue': (i) => vc.issue({ credential: { ...creds[i % N] }, suite: dbSuite, documentLoader: dbLoader, now: created }),
    'digitalbazaar rdfc verify': async (i) =>
      check(
        (await vc.verifyCredential({ credential: rdfcSigned[i % N], suite: dbVerifySuite, documentLoader: dbLoader, now, checkStatus: async () => ({ verified: true }) })).verified,
        'digitalbazaar verify',
      ),
    'raw Ed25519 sign': (i) => nodeSign(null, data[i % N]!, priv),
    'raw Ed25519 verify': (i) => nodeVerify(null, data[i % N]!, pub, sigs[i % N]!),
  };
}
