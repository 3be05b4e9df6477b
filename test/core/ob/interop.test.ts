// The whole engine on what our builders emit: sign (eddsa-rdfc-2022) → verify with ours and with Digital Bazaar's
// stack → bake → unbake → verify again; endorsements signed by another key; CLR bundles; VC-JWT of a DI-signed VC.
// @ts-expect-error untyped ESM package
import * as vc from '@digitalbazaar/vc';
// @ts-expect-error untyped ESM package
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
// @ts-expect-error untyped ESM package
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { describe, expect, it } from 'vitest';
import { createEd25519Signer, encodeEd25519Multikey, generateEd25519KeyPair } from '../../../src/core/crypto/index.ts';
import { didKeyDocument, didKeyFromPublicKey, didKeyVerificationMethodId } from '../../../src/core/did/index.ts';
import { staticDocumentLoader } from '../../../src/core/jsonld/index.ts';
import { signDataIntegrity, verifyDataIntegrity } from '../../../src/core/proofs/index.ts';
import { buildClrCredential, buildEmailIdentity, type EndorsementCredential } from '../../../src/core/ob/index.ts';
import { validateClrCredential, validateOb3Credential } from '../../../src/core/schema/index.ts';
import { bakePng, bakeSvg, unbakePng, unbakeSvg } from '../../../src/core/baking/index.ts';
import { p256JwkFromRandom, signVcJwt, verifyVcJwt } from '../../../src/core/jwt/index.ts';
import { buildFixtureCredential, fixtureAchievement, fixtureEndorsement } from '../../fixtures/credentials.ts';

function keyFor(seed: number) {
  const key = generateEd25519KeyPair((n) => new Uint8Array(n).map((_, i) => (i * seed + 11) & 0xff));
  const mk = encodeEd25519Multikey(key.publicKey);
  const did = didKeyFromPublicKey(key.publicKey);
  return { did, signer: createEd25519Signer(key.secretKey, didKeyVerificationMethodId(mk)) };
}
const issuerKey = keyFor(7);
const employerKey = keyFor(31);
const created = new Date('2026-12-01T10:00:00Z');

async function dbLoader(url: string) {
  if (url.startsWith('did:key:')) {
    const doc = didKeyDocument(url);
    const document = url.includes('#') ? { '@context': 'https://w3id.org/security/multikey/v1', ...doc.verificationMethod[0] } : doc;
    return { contextUrl: null, documentUrl: url, document };
  }
  return staticDocumentLoader(url);
}

async function dbVerify(credential: unknown) {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  const r = await vc.verifyCredential({ credential, suite, documentLoader: dbLoader, now: new Date('2027-01-01T00:00:00Z'), checkStatus: async () => ({ verified: true }) });
  return { verified: r.verified as boolean, error: String(r.error?.errors?.[0]?.message ?? r.error?.message ?? '') };
}

async function signedEndorsement(n: number): Promise<EndorsementCredential> {
  const e = fixtureEndorsement(n);
  return signDataIntegrity({ ...e, issuer: { ...e.issuer, id: employerKey.did } } as unknown as Record<string, unknown>, { signer: employerKey.signer, created }) as unknown as Promise<EndorsementCredential>;
}

async function signedCredential(n: number) {
  const endorsement = await signedEndorsement(n);
  const unsigned = buildFixtureCredential({ n, issuerId: issuerKey.did, endorsement });
  return signDataIntegrity(unsigned as unknown as Record<string, unknown>, { signer: issuerKey.signer, created });
}

describe('builder output through the whole engine', () => {
  it('fixture credentials with a signed endorsement verify with ours and Digital Bazaar; tampering fails both', async () => {
    for (let n = 0; n < 5; n++) {
      const signed = await signedCredential(n);
      expect(validateOb3Credential(signed).valid).toBe(true);
      const ours = await verifyDataIntegrity(signed);
      expect(ours.verified).toBe(true);
      expect(ours.controller.status).toBe('valid');
      expect(await dbVerify(signed)).toEqual({ verified: true, error: '' });
      const endorsement = (signed.endorsement as Record<string, unknown>[])[0]!;
      expect((await verifyDataIntegrity(endorsement)).verified).toBe(true);
      expect((await dbVerify(endorsement)).verified).toBe(true);
      const tampered = structuredClone(signed) as Record<string, any>;
      tampered.credentialSubject.result[0].value = '100';
      expect((await verifyDataIntegrity(tampered)).verified).toBe(false);
      expect((await dbVerify(tampered)).verified).toBe(false);
    }
  }, 120_000);

  it('baked into PNG and SVG, the unbaked credential still verifies', async () => {
    const signed = await signedCredential(9);
    const png = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
    for (const payload of [unbakePng(bakePng(png, signed)).payload, unbakeSvg(bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', signed)).payload]) {
      const back = JSON.parse(payload);
      expect(back).toEqual(signed);
      expect((await verifyDataIntegrity(back)).verified).toBe(true);
    }
  }, 60_000);

  it('a CLR bundle of signed credentials, itself signed, verifies (outer and every nested proof)', async () => {
    const nested = [await signedCredential(0), await signedCredential(1)];
    const clr = buildClrCredential({
      id: 'urn:uuid:c1a00000-0000-4000-8000-0000000000aa',
      name: 'Data Analyst pathway: component credentials',
      issuer: { id: issuerKey.did, name: 'Northbridge Institute of Technology' },
      validFrom: created,
      credentialSubject: {
        identifier: [buildEmailIdentity('learner0@mail.example', 'c0ffee-5a17')],
        verifiableCredential: nested,
        association: [{ associationType: 'precedes', sourceId: fixtureAchievement(0).id, targetId: fixtureAchievement(1).id }],
      },
    });
    const signed = await signDataIntegrity(clr as unknown as Record<string, unknown>, { signer: issuerKey.signer, created });
    expect(validateClrCredential(signed).valid).toBe(true);
    expect((await verifyDataIntegrity(signed)).verified).toBe(true);
    expect((await dbVerify(signed)).verified).toBe(true);
    for (const inner of (signed.credentialSubject as { verifiableCredential: unknown[] }).verifiableCredential) {
      expect((await verifyDataIntegrity(inner)).verified).toBe(true);
    }
  }, 120_000);

  it('a DI-signed credential wrapped as an ES256 VC-JWT verifies both ways', async () => {
    const signed = await signedCredential(3);
    const jwk = p256JwkFromRandom((n) => new Uint8Array(n).fill(3));
    const jwt = await signVcJwt(signed, { alg: 'ES256', privateKey: jwk, embedJwk: true });
    const r = await verifyVcJwt(jwt);
    expect(r.summary).toBe('valid');
    expect((await verifyDataIntegrity(r.credential)).verified).toBe(true);
  }, 60_000);
});
