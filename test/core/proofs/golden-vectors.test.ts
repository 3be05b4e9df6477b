// Golden vectors: sign with the published keys and dates, compare canonical forms, hashes and proofValue byte for byte.
import { describe, expect, it } from 'vitest';
import { createEd25519Signer, decodeEd25519SecretMultikey, ed25519KeyPairFromSeed, encodeEd25519Multikey } from '../../../src/core/crypto/index.ts';
import { createProof, hashForProof, signDataIntegrity, verifyDataIntegrity, type Cryptosuite } from '../../../src/core/proofs/index.ts';
import { readStandardsJson, readStandardsText } from '../../helpers/standards.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe.each(['ob', 'clr'])('1EdTech implementation-guide vector (%s)', (name) => {
  const dir = `vectors/1edtech-impl-guide/${name}`;
  const keypair = readStandardsJson(`${dir}/keypair.json`);
  const seed = Buffer.from(keypair['privateKeyHex(seed||pub, 64 bytes)'].slice(0, 64), 'hex');
  const unsigned = readStandardsJson(`${dir}/unsigned-credential.json`);
  const options = readStandardsJson(`${dir}/proof-options.json`);
  const expected = readStandardsJson(`${dir}/expected.json`);

  it('derives the published Multikey from the seed', () => {
    expect(encodeEd25519Multikey(ed25519KeyPairFromSeed(seed).publicKey)).toBe(keypair.publicKeyMultibase);
  });

  it('reproduces the canonical N-Quads and both hashes', async () => {
    const h = await hashForProof('eddsa-rdfc-2022', unsigned, { ...options, '@context': unsigned['@context'] });
    expect(h.canonicalDocument).toBe(readStandardsText(`${dir}/document-canon.nq`));
    expect(h.canonicalProofConfig).toBe(readStandardsText(`${dir}/proof-canon.nq`));
    expect(hex(h.documentHash)).toBe(expected.documentHashHex);
    expect(hex(h.proofHash)).toBe(expected.proofHashHex);
    expect(hex(h.hashData)).toBe(expected['hashDataHex(proofHash||documentHash)']);
  });

  it('reproduces the proofValue and the signed credential', async () => {
    const signer = createEd25519Signer(seed, options.verificationMethod);
    const signed = await signDataIntegrity(unsigned, { signer, created: new Date(options.created) });
    expect((signed.proof as any).proofValue).toBe(expected['proofValue(base58btc multibase)']);
    const vector = readStandardsJson(`${dir}/signed-credential.json`);
    // The CLR vector writes its single proof as a one-element array; same proof.
    expect(signed).toEqual({ ...vector, proof: Array.isArray(vector.proof) ? vector.proof[0] : vector.proof });
    const r = await verifyDataIntegrity(signed);
    expect(r.verified).toBe(true);
    expect(r.controller.status).toBe('valid');
  });
});

const W3C = 'vectors/w3c-vc-di-eddsa';
const w3cKey = readStandardsJson(`${W3C}/keyPair.json`);
const w3cSeed = decodeEd25519SecretMultikey(w3cKey.privateKeyMultibase);

describe.each([
  ['eddsa-rdfc-2022', 'eddsa-rdfc-2022', 'DataInt'],
  ['Ed25519Signature2020', 'Ed25519Signature2020', 'EdSig'],
  ['eddsa-jcs-2022', 'eddsa-jcs-2022', 'JCS'],
] as const)('W3C vc-di-eddsa vector %s', (folder, suite, tag) => {
  const dir = `${W3C}/${folder}`;
  const text = (f: string) => readStandardsText(`${dir}/${f}${tag}.txt`).trim();
  const config = readStandardsJson(`${dir}/proofConfig${tag}.json`);
  const signedVector = readStandardsJson(`${dir}/signed${tag}.json`);
  const { proof: _p, ...unsigned } = signedVector;

  it('reproduces canonical forms and hashes', async () => {
    const h = await hashForProof(suite as Cryptosuite, unsigned, config);
    expect(h.canonicalDocument.trim()).toBe(text('canonDoc'));
    expect(h.canonicalProofConfig.trim()).toBe(text('proofCanon'));
    expect(hex(h.documentHash)).toBe(text('docHash'));
    expect(hex(h.proofHash)).toBe(text('proofHash'));
    expect(hex(h.hashData)).toBe(text('combinedHash'));
  });

  it('reproduces the signature and verifies the signed vector', async () => {
    const signer = createEd25519Signer(w3cSeed, config.verificationMethod);
    const proof = await createProof(unsigned, { signer, created: new Date(config.created), cryptosuite: suite as Cryptosuite });
    expect(proof.proofValue).toBe(text('sigBTC58'));
    expect(proof).toEqual(signedVector.proof);
    const r = await verifyDataIntegrity(signedVector);
    expect(r.proofs).toMatchObject([{ status: 'valid', code: 'proof_valid' }]);
  });
});

describe('W3C vc-di-eddsa proof sets and chains', () => {
  const pairs = Object.values(readStandardsJson(`${W3C}/proof-set-chain/multiKeyPairs.json`)) as Array<{ publicKeyMultibase: string; privateKeyMultibase: string }>;
  const seedFor = (vm: string) => {
    const pair = pairs.find((p) => vm.endsWith('#' + p.publicKeyMultibase));
    if (!pair) throw new Error(`no key for ${vm}`);
    return decodeEd25519SecretMultikey(pair.privateKeyMultibase);
  };

  it.each(['signedProofSet1', 'signedProofSet2', 'signedProofChain1', 'signedProofChain2'])('re-signs every proof of %s byte for byte', async (name) => {
    const vector = readStandardsJson(`${W3C}/proof-set-chain/${name}.json`);
    const proofs = Array.isArray(vector.proof) ? vector.proof : [vector.proof];
    const { proof: _p, ...unsigned } = vector;
    let doc: Record<string, unknown> = unsigned;
    for (const p of proofs) {
      const { proofValue: _v, type: _t, cryptosuite, created, verificationMethod, proofPurpose, ...rest } = p;
      expect(proofPurpose).toBe('assertionMethod');
      doc = await signDataIntegrity(doc, {
        signer: createEd25519Signer(seedFor(verificationMethod), verificationMethod),
        created: new Date(created),
        cryptosuite,
        ...rest,
      });
    }
    expect(doc).toEqual(vector);
    const r = await verifyDataIntegrity(vector);
    expect(r.proofs.map((x) => x.status)).toEqual(proofs.map(() => 'valid'));
  });
});
