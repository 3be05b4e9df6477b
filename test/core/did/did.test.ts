import { describe, expect, it } from 'vitest';
import { createEd25519Signer, encodeEd25519Multikey, generateEd25519KeyPair } from '../../../src/core/crypto/index.ts';
import {
  buildDidDocument,
  buildKeyDocument,
  didKeyDocument,
  didKeyFromPublicKey,
  didKeyVerificationMethodId,
  didWebFromUrl,
  didWebToUrl,
  httpsProfileVerificationMethodId,
  resolveVerificationMethod,
  type Fetcher,
} from '../../../src/core/did/index.ts';
import { signDataIntegrity, verifyDataIntegrity } from '../../../src/core/proofs/index.ts';

const rnd = (salt: number) => (n: number) => new Uint8Array(n).map((_, i) => (i * 31 + salt) & 0xff);
const keyA = generateEd25519KeyPair(rnd(1));
const keyB = generateEd25519KeyPair(rnd(2));
const mkA = encodeEd25519Multikey(keyA.publicKey);
const mkB = encodeEd25519Multikey(keyB.publicKey);
const created = new Date('2026-01-02T03:04:05Z');

function servingFetcher(docs: Record<string, unknown>, log: string[] = []): Fetcher {
  return async (url) => {
    log.push(url);
    if (!(url in docs)) return { status: 404, contentType: 'text/plain', body: new Uint8Array() };
    return { status: 200, contentType: 'application/json', body: new TextEncoder().encode(JSON.stringify(docs[url])) };
  };
}

function credential(issuer: string) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:1b6e2f2c-8f5b-4d7a-9a51-6c2f0d1e9a11',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer, type: ['Profile'], name: 'Example College' },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: { id: 'https://example.org/a/1', type: ['Achievement'], name: 'Welding', criteria: { narrative: 'Weld.' } },
    },
  };
}

describe('did:key', () => {
  it('derives the DID document offline', () => {
    const did = didKeyFromPublicKey(keyA.publicKey);
    expect(did).toBe(`did:key:${mkA}`);
    const doc = didKeyDocument(did);
    expect(doc.verificationMethod).toEqual([{ id: didKeyVerificationMethodId(mkA), type: 'Multikey', controller: did, publicKeyMultibase: mkA }]);
    expect(doc.assertionMethod).toEqual([didKeyVerificationMethodId(mkA)]);
  });

  it('rejects a fragment that is not its key', async () => {
    const r = await resolveVerificationMethod(`did:key:${mkA}#${mkB}`);
    expect(r).toMatchObject({ ok: false, code: 'vm_invalid' });
  });
});

describe('did:web', () => {
  it('maps URLs both ways, with ports and paths', () => {
    expect(didWebFromUrl('https://badges.example.org')).toBe('did:web:badges.example.org');
    expect(didWebFromUrl('https://badges.example.org:8443/base/', 'issuers/42')).toBe('did:web:badges.example.org%3A8443:base:issuers:42');
    expect(didWebToUrl('did:web:badges.example.org')).toBe('https://badges.example.org/.well-known/did.json');
    expect(didWebToUrl('did:web:badges.example.org%3A8443:base:issuers:42#key-1')).toBe('https://badges.example.org:8443/base/issuers/42/did.json');
    expect(() => didWebToUrl('did:web:bad host')).toThrow();
    expect(() => didWebToUrl('did:web:example.org:..')).toThrow(/path segment/);
  });

  it('lists every key (rotation) in verificationMethod and, as strings, in assertionMethod', () => {
    const did = 'did:web:example.org:issuers:1';
    const doc = buildDidDocument({ id: did, keys: [{ id: '#key-1', publicKeyMultibase: mkA }, { id: `${did}#key-2`, publicKeyMultibase: mkB }] });
    expect(doc.verificationMethod.map((v) => v.id)).toEqual([`${did}#key-1`, `${did}#key-2`]);
    expect(doc.assertionMethod).toEqual([`${did}#key-1`, `${did}#key-2`]);
    expect(doc.verificationMethod.every((v) => v.controller === did && v.type === 'Multikey')).toBe(true);
  });

  it('verifies credentials signed by the old and the new key, fetching the DID document', async () => {
    const did = didWebFromUrl('https://example.org', 'issuers/1');
    const doc = buildDidDocument({ id: did, keys: [{ id: '#key-1', publicKeyMultibase: mkA }, { id: '#key-2', publicKeyMultibase: mkB }] });
    const log: string[] = [];
    const fetcher = servingFetcher({ [didWebToUrl(did)]: doc }, log);
    for (const [key, frag] of [[keyA, '#key-1'], [keyB, '#key-2']] as const) {
      const signed = await signDataIntegrity(credential(did), { signer: createEd25519Signer(key.secretKey, did + frag), created });
      const r = await verifyDataIntegrity(signed, { fetcher });
      expect(r.proofs[0]).toMatchObject({ status: 'valid', controller: did, keySource: 'document' });
      expect(r.controller.status).toBe('valid');
    }
    expect(log).toEqual(['https://example.org/issuers/1/did.json', 'https://example.org/issuers/1/did.json']);
    // A key removed from the document no longer verifies.
    const onlyB = buildDidDocument({ id: did, keys: [{ id: '#key-2', publicKeyMultibase: mkB }] });
    const signedA = await signDataIntegrity(credential(did), { signer: createEd25519Signer(keyA.secretKey, did + '#key-1'), created });
    const r = await verifyDataIntegrity(signedA, { fetcher: servingFetcher({ [didWebToUrl(did)]: onlyB }) });
    expect(r.proofs[0]).toMatchObject({ status: 'invalid', code: 'vm_not_found' });
  });

  it('a listed key that is not an assertionMethod is rejected for assertion proofs', async () => {
    const did = 'did:web:example.org';
    const doc = { ...buildDidDocument({ id: did, keys: [{ id: '#key-1', publicKeyMultibase: mkA }] }), assertionMethod: [] };
    const r = await resolveVerificationMethod(`${did}#key-1`, { fetcher: servingFetcher({ [didWebToUrl(did)]: doc }) });
    expect(r).toMatchObject({ ok: true, assertionMethod: false });
  });
});

describe('HTTPS issuers', () => {
  it('takes the key from a z6Mk fragment without fetching', async () => {
    const issuer = 'https://example.org/issuers/9';
    const vm = httpsProfileVerificationMethodId(issuer, mkA);
    const r = await resolveVerificationMethod(vm);
    expect(r).toEqual({ ok: true, id: vm, controller: issuer, type: 'Multikey', publicKeyMultibase: mkA, keySource: 'fragment' });
    expect(await resolveVerificationMethod(vm, { allowFragmentKey: false })).toMatchObject({ ok: false, code: 'vm_fetch_failed' });
  });

  it('resolves a dedicated key URL document and a #key-1 inside a profile', async () => {
    const issuer = 'https://example.org/issuers/9';
    const keyUrl = 'https://example.org/keys/abc';
    const profile = { id: issuer, type: 'Profile', verificationMethod: [{ id: `${issuer}#key-1`, type: 'Multikey', controller: issuer, publicKeyMultibase: mkB }], assertionMethod: [`${issuer}#key-1`] };
    const fetcher = servingFetcher({ [keyUrl]: buildKeyDocument({ id: keyUrl, controller: issuer, publicKeyMultibase: mkA }), [issuer]: profile });
    const signed = await signDataIntegrity(credential(issuer), { signer: createEd25519Signer(keyA.secretKey, keyUrl), created });
    const r = await verifyDataIntegrity(signed, { fetcher });
    expect(r.proofs[0]).toMatchObject({ status: 'valid', controller: issuer });
    expect(await resolveVerificationMethod(`${issuer}#key-1`, { fetcher })).toMatchObject({ ok: true, publicKeyMultibase: mkB, assertionMethod: true });
  });

  it('reports fetch failures as vm_fetch_failed and wrong documents as invalid', async () => {
    const broken: Fetcher = async () => {
      throw new Error('timeout');
    };
    expect(await resolveVerificationMethod('https://example.org/k', { fetcher: broken })).toMatchObject({ ok: false, code: 'vm_fetch_failed' });
    expect(await resolveVerificationMethod('https://example.org/k', { fetcher: servingFetcher({}) })).toMatchObject({ ok: false, code: 'vm_fetch_failed' });
    const wrongId = servingFetcher({ 'https://example.org/k': { id: 'https://evil.example/k', controller: 'x', publicKeyMultibase: mkA } });
    expect(await resolveVerificationMethod('https://example.org/k', { fetcher: wrongId })).toMatchObject({ ok: false, code: 'vm_invalid' });
    for (const bad of [undefined, 42, '', 'z6Mk', 'did:example:123', 'xxx:abc']) {
      const r = await resolveVerificationMethod(bad);
      expect(r.ok, String(bad)).toBe(false);
    }
  });

  it('key controller vs issuer is a separate check', async () => {
    const signed = await signDataIntegrity(credential('https://example.org/issuers/other'), {
      signer: createEd25519Signer(keyA.secretKey, httpsProfileVerificationMethodId('https://example.org/issuers/9', mkA)),
      created,
    });
    const r = await verifyDataIntegrity(signed);
    expect(r.proofs[0]!.status).toBe('valid');
    expect(r.controller).toMatchObject({ status: 'invalid', code: 'controller_mismatch' });
  });
});
