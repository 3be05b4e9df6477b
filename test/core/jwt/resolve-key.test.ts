import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { createJwtKeyResolver, p256JwkFromRandom, publicJwkOf, signVcJwt, verifyVcJwt } from '../../../src/core/jwt/index.ts';
import { encodeEd25519Multikey } from '../../../src/core/crypto/index.ts';
import { didKeyFromPublicKey, didWebToUrl } from '../../../src/core/did/index.ts';
import { buildFixtureCredential } from '../../fixtures/credentials.ts';

const statusOf = (r: { checks: { id: string; status: string }[] }) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));

function fetcherOf(routes: Record<string, unknown>) {
  return async (url: string) => {
    if (!(url in routes)) return { status: 404, contentType: 'text/plain', body: new Uint8Array() };
    return { status: 200, contentType: 'application/json', body: new TextEncoder().encode(JSON.stringify(routes[url])) };
  };
}

const ed = generateKeyPairSync('ed25519');
const edJwk = ed.privateKey.export({ format: 'jwk' }) as JWK;
const edPublic = Buffer.from(edJwk.x!, 'base64url');
const mk = encodeEd25519Multikey(new Uint8Array(edPublic));
const didKey = didKeyFromPublicKey(new Uint8Array(edPublic));
const p256 = p256JwkFromRandom((n) => new Uint8Array(n).fill(5));

describe('createJwtKeyResolver', () => {
  it('did:key kid: offline, and the key controller must be the issuer', async () => {
    const vc = buildFixtureCredential({ issuerId: didKey, recipientId: 'did:example:l' });
    const jwt = await signVcJwt(vc, { alg: 'EdDSA', privateKey: edJwk, kid: `${didKey}#${mk}` });
    const r = await verifyVcJwt(jwt, { resolveKey: createJwtKeyResolver() });
    expect(statusOf(r)).toMatchObject({ jwt_key: 'valid', jwt_key_controller: 'valid', jwt_signature: 'valid' });
    expect(r.summary).toBe('valid');
    const other = buildFixtureCredential({ issuerId: 'https://impostor.example/issuer', recipientId: 'did:example:l' });
    const forged = await signVcJwt(other, { alg: 'EdDSA', privateKey: edJwk, kid: `${didKey}#${mk}` });
    const r2 = await verifyVcJwt(forged);
    expect(statusOf(r2)).toMatchObject({ jwt_signature: 'valid', jwt_key_controller: 'invalid' });
    expect(r2.summary).toBe('invalid');
  });

  it('HTTPS issuer with a #z6Mk fragment kid resolves offline', async () => {
    const issuer = 'https://northbridge.example/issuers/1';
    const jwt = await signVcJwt(buildFixtureCredential({ issuerId: issuer, recipientId: 'did:example:l' }), { alg: 'EdDSA', privateKey: edJwk, kid: `${issuer}#${mk}` });
    expect(statusOf(await verifyVcJwt(jwt))).toMatchObject({ jwt_key: 'valid', jwt_key_controller: 'valid', jwt_signature: 'valid' });
  });

  it('did:web kid with a publicKeyJwk (P-256) through the fetcher', async () => {
    const did = 'did:web:northbridge.example:issuers:1';
    const vmId = `${did}#key-1`;
    const doc = { '@context': ['https://www.w3.org/ns/did/v1'], id: did, verificationMethod: [{ id: vmId, type: 'JsonWebKey', controller: did, publicKeyJwk: await publicJwkOf(p256) }], assertionMethod: [vmId] };
    const jwt = await signVcJwt(buildFixtureCredential({ issuerId: did, recipientId: 'did:example:l' }), { alg: 'ES256', privateKey: p256, kid: vmId });
    const r = await verifyVcJwt(jwt, { resolveKey: createJwtKeyResolver({ fetcher: fetcherOf({ [didWebToUrl(did)]: doc }) }) });
    expect(statusOf(r)).toMatchObject({ jwt_key: 'valid', jwt_key_controller: 'valid', jwt_signature: 'valid' });
    const offline = await verifyVcJwt(jwt);
    expect(statusOf(offline)).toMatchObject({ jwt_key: 'unknown', jwt_signature: 'unknown' });
  });

  it('kid URL returning a bare JWK or a JWKS; 404 is could-not-check; a wrong key fails the signature', async () => {
    const kid = 'https://northbridge.example/keys/jwt-1';
    const vc = buildFixtureCredential({ issuerId: 'https://northbridge.example/issuers/1', recipientId: 'did:example:l' });
    const jwt = await signVcJwt(vc, { alg: 'ES256', privateKey: p256, kid });
    const pub = { ...(await publicJwkOf(p256)), kid };
    expect((await verifyVcJwt(jwt, { resolveKey: createJwtKeyResolver({ fetcher: fetcherOf({ [kid]: pub }) }) })).summary).toBe('valid');
    expect((await verifyVcJwt(jwt, { resolveKey: createJwtKeyResolver({ fetcher: fetcherOf({ [kid]: { keys: [pub] } }) }) })).summary).toBe('valid');
    expect(statusOf(await verifyVcJwt(jwt, { resolveKey: createJwtKeyResolver({ fetcher: fetcherOf({}) }) }))).toMatchObject({ jwt_key: 'unknown' });
    const other = await publicJwkOf(p256JwkFromRandom((n) => new Uint8Array(n).fill(6)));
    expect(statusOf(await verifyVcJwt(jwt, { resolveKey: createJwtKeyResolver({ fetcher: fetcherOf({ [kid]: other }) }) }))).toMatchObject({ jwt_signature: 'invalid' });
    expect(statusOf(await verifyVcJwt(jwt, { resolveKey: createJwtKeyResolver({ fetcher: fetcherOf({ [kid]: p256 }) }) }))).toMatchObject({ jwt_key: 'invalid' });
  });

  it('a throwing or empty resolver is could-not-check, never a crash', async () => {
    const jwt = await signVcJwt(buildFixtureCredential(), { alg: 'ES256', privateKey: p256, kid: 'https://x.example/k' });
    expect(statusOf(await verifyVcJwt(jwt, { resolveKey: async () => { throw new Error('boom'); } }))).toMatchObject({ jwt_key: 'unknown', jwt_signature: 'unknown' });
    expect(statusOf(await verifyVcJwt(jwt, { resolveKey: async () => undefined }))).toMatchObject({ jwt_key: 'unknown' });
  });
});
