// Round trips for each suite, proof sets, and a fuzz run: verification never throws, whatever the input.
import { describe, expect, it } from 'vitest';
import { createEd25519Signer, didKeyVerificationMethodIdFor } from './fixtures.ts';
import { signDataIntegrity, verifyDataIntegrity, type Cryptosuite } from '../../../src/core/proofs/index.ts';
import jcs from 'canonicalize';
import { prng, generateCredential } from '../../helpers/ob-generator.ts';

const created = new Date('2026-02-03T04:05:06Z');
const { seed, vmId, did } = didKeyVerificationMethodIdFor(11);
const signer = createEd25519Signer(seed, vmId);

function credential(n: number) {
  const c = generateCredential(n);
  if (typeof c.issuer === 'object' && c.issuer) (c.issuer as Record<string, unknown>).id = did;
  else c.issuer = did;
  return c;
}

describe('sign → verify', () => {
  it.each(['eddsa-rdfc-2022', 'eddsa-jcs-2022', 'Ed25519Signature2020'] as Cryptosuite[])('%s round-trips and rejects a changed name', async (cryptosuite) => {
    const doc = { ...credential(3), name: 'Original' };
    const signed = await signDataIntegrity(doc, { signer, created, cryptosuite });
    const proof = signed.proof as Record<string, unknown>;
    expect(proof.created).toBe('2026-02-03T04:05:06Z');
    expect(proof.proofValue).toMatch(/^z[1-9A-HJ-NP-Za-km-z]{80,90}$/);
    const r = await verifyDataIntegrity(signed);
    expect(r.proofs).toMatchObject([{ status: 'valid', code: 'proof_valid', keySource: 'did:key', controller: did }]);
    expect(r.controller.status).toBe('valid');
    expect((await verifyDataIntegrity({ ...signed, name: 'Changed' })).proofs[0]).toMatchObject({ status: 'invalid', code: 'signature_invalid' });
  });

  it('refuses to sign a document with an undefined term or unknown context, naming it', async () => {
    const bad = { ...credential(8), favouriteColour: 'blue' };
    await expect(signDataIntegrity(bad, { signer, created })).rejects.toMatchObject({ code: 'jsonld_invalid', field: 'favouriteColour' });
    const unknown = { ...credential(8), '@context': ['https://www.w3.org/ns/credentials/v2', 'https://example.org/ctx.json'] };
    await expect(signDataIntegrity(unknown, { signer, created })).rejects.toMatchObject({ code: 'unknown_context' });
  });

  it('keeps milliseconds in created when they are not zero', async () => {
    const signed = await signDataIntegrity(credential(4), { signer, created: new Date('2026-02-03T04:05:06.789Z') });
    expect((signed.proof as Record<string, unknown>).created).toBe('2026-02-03T04:05:06.789Z');
    expect((await verifyDataIntegrity(signed)).verified).toBe(true);
  });

  it('adds a second proof as a proof set; both verify; a wrong previousProof is refused', async () => {
    const other = didKeyVerificationMethodIdFor(12);
    const once = await signDataIntegrity(credential(5), { signer, created, id: 'urn:uuid:p1' });
    const twice = await signDataIntegrity(once, { signer: createEd25519Signer(other.seed, other.vmId), created, previousProof: 'urn:uuid:p1' });
    expect(Array.isArray(twice.proof) && twice.proof.length).toBe(2);
    const r = await verifyDataIntegrity(twice);
    expect(r.proofs.map((p) => p.status)).toEqual(['valid', 'valid']);
    // The second key's controller is not the issuer: reported by the controller check, not the signature.
    expect(r.controller.code).toBe('controller_mismatch');
    await expect(signDataIntegrity(once, { signer, created, previousProof: 'urn:uuid:nope' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('checks proof purpose, domain, challenge and expiry when asked', async () => {
    const signed = await signDataIntegrity(credential(6), { signer, created, domain: 'example.org', challenge: 'c-1', expires: new Date('2026-03-01T00:00:00Z') });
    expect((await verifyDataIntegrity(signed, { domain: 'example.org', challenge: 'c-1', now: new Date('2026-02-10T00:00:00Z') })).verified).toBe(true);
    expect((await verifyDataIntegrity(signed, { domain: 'evil.example' })).proofs[0]!.code).toBe('domain_mismatch');
    expect((await verifyDataIntegrity(signed, { challenge: 'c-2' })).proofs[0]!.code).toBe('challenge_mismatch');
    expect((await verifyDataIntegrity(signed, { now: new Date('2026-04-01T00:00:00Z') })).proofs[0]!.code).toBe('proof_expired');
    expect((await verifyDataIntegrity(signed, { expectedProofPurpose: 'authentication' })).proofs[0]!.code).toBe('proof_purpose_mismatch');
    expect((await verifyDataIntegrity(signed, { allowedSuites: ['eddsa-jcs-2022'] })).proofs[0]).toMatchObject({ status: 'unknown', code: 'proof_suite_unsupported' });
  });
});

describe('verifyDataIntegrity never throws', () => {
  it('on 600 malformed inputs', async () => {
    const signed = await signDataIntegrity(credential(7), { signer, created });
    const r = prng(99);
    const junk = (depth: number): unknown => {
      const k = Math.floor(r() * 9);
      if (depth > 3 || k < 3) return [null, 0, -1.5, '', 'z', 'z6Mk', true, 'did:key:z6Mk#x', 'https://x', '@id'][Math.floor(r() * 10)];
      if (k < 6) return Array.from({ length: Math.floor(r() * 4) }, () => junk(depth + 1));
      const keys = ['proof', 'type', 'cryptosuite', 'proofValue', 'verificationMethod', 'proofPurpose', 'created', '@context', 'id', 'issuer', 'previousProof', 'name'];
      return Object.fromEntries(Array.from({ length: Math.floor(r() * 5) }, () => [keys[Math.floor(r() * keys.length)]!, junk(depth + 1)]));
    };
    const inputs: unknown[] = [undefined, null, 42, 'text', [], {}, { proof: null }, { proof: [] }, { proof: [null, 1, 'x'] }];
    for (let i = 0; i < 600; i++) {
      const base: Record<string, unknown> = i % 2 ? structuredClone(signed) : {};
      const proof = i % 3 ? { ...(signed.proof as object), ...(junk(1) as object) } : junk(0);
      inputs.push({ ...base, ...(junk(1) as object), proof });
    }
    let deep: unknown = 'x';
    for (let i = 0; i < 20000; i++) deep = { name: deep };
    inputs.push({ ...signed, credentialSubject: deep });
    for (const input of inputs) {
      const res = await verifyDataIntegrity(input);
      expect(res.proofs.length).toBeGreaterThan(0);
      for (const p of res.proofs) expect(['valid', 'invalid', 'unknown']).toContain(p.status);
      // Only an unchanged document may verify.
      if (res.verified) expect(jcs(input)).toBe(jcs(signed));
    }
  }, 120_000);
});
