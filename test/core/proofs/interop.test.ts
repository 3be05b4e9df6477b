// Interop with Digital Bazaar's stack (@digitalbazaar/vc + data-integrity + eddsa-rdfc-2022): each verifies the other.
// @ts-expect-error untyped ESM package
import * as vc from '@digitalbazaar/vc';
// @ts-expect-error untyped ESM package
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
// @ts-expect-error untyped ESM package
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
// @ts-expect-error untyped ESM package
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { describe, expect, it } from 'vitest';
import { createEd25519Signer, encodeEd25519Multikey, encodeEd25519SecretMultikey, generateEd25519KeyPair } from '../../../src/core/crypto/index.ts';
import { didKeyDocument, didKeyFromPublicKey, didKeyVerificationMethodId } from '../../../src/core/did/index.ts';
import { staticDocumentLoader } from '../../../src/core/jsonld/index.ts';
import { signDataIntegrity, verifyDataIntegrity } from '../../../src/core/proofs/index.ts';
import { generateCredential } from '../../helpers/ob-generator.ts';
import { readStandardsJson } from '../../helpers/standards.ts';

const key = generateEd25519KeyPair((n) => new Uint8Array(n).map((_, i) => (i * 13 + 5) & 0xff));
const mk = encodeEd25519Multikey(key.publicKey);
const did = didKeyFromPublicKey(key.publicKey);
const vmId = didKeyVerificationMethodId(mk);
const created = new Date('2026-03-01T12:00:00Z');

/** DB's loader: our static contexts plus did:key documents and their verification methods. */
async function dbLoader(url: string) {
  if (url.startsWith('did:key:')) {
    const doc = didKeyDocument(url);
    const document = url.includes('#') ? { '@context': 'https://w3id.org/security/multikey/v1', ...doc.verificationMethod[0] } : doc;
    return { contextUrl: null, documentUrl: url, document };
  }
  return staticDocumentLoader(url);
}

function asIssuedBy(doc: Record<string, any>, issuer: string): Record<string, any> {
  const copy = structuredClone(doc);
  if (typeof copy.issuer === 'object') copy.issuer.id = issuer;
  else copy.issuer = issuer;
  // Nested (CLR) credentials keep their own proofs; Digital Bazaar's stack checks only the outer proof.
  delete copy.proof;
  delete copy.validUntil;
  return copy;
}

async function dbVerify(credential: unknown) {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  return vc.verifyCredential({ credential, suite, documentLoader: dbLoader, now: new Date('2026-07-01T00:00:00Z'), checkStatus: async () => ({ verified: true }) });
}

describe('interop with Digital Bazaar', () => {
  it('the 1EdTech vector signed by us verifies in their stack (HTTPS fragment key served as a Multikey)', async () => {
    const signed = readStandardsJson('vectors/1edtech-impl-guide/ob/signed-credential.json');
    const vm = signed.proof.verificationMethod as string;
    const issuer = vm.split('#')[0]!;
    const loader = async (url: string) => {
      if (url === vm) return { contextUrl: null, documentUrl: url, document: { '@context': 'https://w3id.org/security/multikey/v1', id: vm, type: 'Multikey', controller: issuer, publicKeyMultibase: vm.split('#')[1] } };
      if (url === issuer) return { contextUrl: null, documentUrl: url, document: { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: issuer, assertionMethod: [vm] } };
      return staticDocumentLoader(url);
    };
    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    const r = await vc.verifyCredential({ credential: signed, suite, documentLoader: loader, now: new Date('2026-06-01T00:00:00Z') });
    expect(r.verified, JSON.stringify(r.error ?? r.results?.[0]?.error)).toBe(true);
  });

  it('40 generated credentials signed by us verify with their stack; tampered ones do not', async () => {
    let checked = 0;
    for (let seed = 1000; checked < 40; seed++) {
      const doc = asIssuedBy(generateCredential(seed), did);
      if (doc['@context'][0] !== 'https://www.w3.org/ns/credentials/v2') continue;
      let signed;
      try {
        signed = await signDataIntegrity(doc, { signer: createEd25519Signer(key.secretKey, vmId), created });
      } catch {
        continue; // the generator also makes documents that no one can sign (jsonld errors); covered elsewhere
      }
      const r = await dbVerify(signed);
      expect(r.verified, `seed ${seed}: ${String(r.error?.errors?.[0]?.message ?? r.error?.message ?? r.results?.[0]?.error?.message)}`).toBe(true);
      const tampered = { ...signed, name: `${String(signed.name)}!` };
      expect((await dbVerify(tampered)).verified).toBe(false);
      checked++;
    }
  }, 120_000);

  it('credentials signed by their stack verify with ours', async () => {
    const keyPair = await Ed25519Multikey.from({ id: vmId, controller: did, publicKeyMultibase: mk, secretKeyMultibase: encodeEd25519SecretMultikey(key.secretKey) });
    let checked = 0;
    for (let seed = 2000; checked < 20; seed++) {
      const doc = asIssuedBy(generateCredential(seed), did);
      if (doc['@context'][0] !== 'https://www.w3.org/ns/credentials/v2') continue;
      const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022, date: created });
      let signed;
      try {
        signed = await vc.issue({ credential: structuredClone(doc), suite, documentLoader: dbLoader, now: created });
      } catch {
        continue;
      }
      const r = await verifyDataIntegrity(signed);
      expect(r.proofs.map((p) => p.status), `seed ${seed}`).toEqual(['valid']);
      expect(r.controller.status).toBe('valid');
      // Same bytes as ours, since both are deterministic over the same canonical form.
      const ours = await signDataIntegrity(doc, { signer: createEd25519Signer(key.secretKey, vmId), created });
      expect(ours.proof).toEqual(signed.proof);
      checked++;
    }
  }, 120_000);
});
