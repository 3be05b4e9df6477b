import { afterEach, describe, expect, it } from 'vitest';
import { ed25519Verify } from '../../src/core/crypto/ed25519.ts';
import { decodeEd25519Multikey } from '../../src/core/crypto/multikey.ts';
import { didKeyDocument } from '../../src/core/did/did-key.ts';
import { AppError } from '../../src/core/errors.ts';
import { LocalKeyStore } from '../../src/services/key-store.ts';
import { buildTestApp, signUpIssuer, type TestApp } from '../helpers/app.ts';
import { DIALECTS } from '../helpers/db.ts';

const data = new TextEncoder().encode('credential bytes to sign');

describe.each(DIALECTS)('key store and issuer identity on %s', (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('did:web: rotation keeps earlier signatures verifiable through the DID document', async () => {
    t = await buildTestApp({ dialect, publicUrl: 'https://badges.example.edu' });
    const c = await signUpIssuer(t, { org: 'Northbridge Institute' });
    const orgId = (await t.services.sessions.resolve(c.cookie))!.auth.organizationId!;
    const first = await t.services.keyStore.getSigner(orgId);
    expect(first.issuerId).toBe('did:web:badges.example.edu:issuers:northbridge-institute');
    expect(first.verificationMethodId).toBe(`${first.issuerId}#${first.publicKeyMultibase}`);
    const sig1 = first.sign(data);

    const rotated = await t.services.keyStore.rotate(orgId);
    const second = await t.services.keyStore.getSigner(orgId);
    expect(second.keyId).toBe(rotated.keyId);
    expect(second.keyId).not.toBe(first.keyId);
    expect(second.issuerId).toBe(first.issuerId);

    const res = await t.app.inject({ url: '/issuers/northbridge-institute/did.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/did+json');
    const doc = res.json() as { id: string; verificationMethod: Array<{ id: string; controller: string; publicKeyMultibase: string }>; assertionMethod: string[] };
    expect(doc.id).toBe(first.issuerId);
    expect(doc.assertionMethod).toEqual([second.verificationMethodId, first.verificationMethodId]);
    // The earlier signature still verifies with the key the document publishes under the earlier verification method id.
    const oldVm = doc.verificationMethod.find((vm) => vm.id === first.verificationMethodId)!;
    expect(oldVm.controller).toBe(doc.id);
    expect(ed25519Verify(data, sig1, decodeEd25519Multikey(oldVm.publicKeyMultibase))).toBe(true);
    const newVm = doc.verificationMethod.find((vm) => vm.id === second.verificationMethodId)!;
    expect(ed25519Verify(data, second.sign(data), decodeEd25519Multikey(newVm.publicKeyMultibase))).toBe(true);
    expect(ed25519Verify(data, sig1, decodeEd25519Multikey(newVm.publicKeyMultibase))).toBe(false);
  });

  it('did:key: each key is its own issuer id, the old did:key still resolves and verifies', async () => {
    t = await buildTestApp({ dialect });
    const c = await signUpIssuer(t, { org: 'Harbor College' });
    const orgId = (await t.services.sessions.resolve(c.cookie))!.auth.organizationId!;
    const first = await t.services.keyStore.getSigner(orgId);
    expect(first.issuerId).toBe(`did:key:${first.publicKeyMultibase}`);
    const sig1 = first.sign(data);
    await t.services.keyStore.rotate(orgId);
    const second = await t.services.keyStore.getSigner(orgId);
    expect(second.issuerId).not.toBe(first.issuerId);
    const oldDoc = didKeyDocument(first.issuerId);
    expect(oldDoc.assertionMethod).toContain(first.verificationMethodId);
    expect(ed25519Verify(data, sig1, decodeEd25519Multikey(oldDoc.verificationMethod[0]!.publicKeyMultibase!))).toBe(true);
    // The profile lists earlier did:keys as other identifiers; the DID document route is for did:web only.
    const profile = (await t.app.inject({ url: '/issuers/harbor-college', headers: { accept: 'application/ld+json' } })).json() as { id: string; otherIdentifier: Array<{ identifier: string }> };
    expect(profile.id).toBe(second.issuerId);
    expect(profile.otherIdentifier.map((o) => o.identifier)).toEqual([first.issuerId]);
    expect((await t.app.inject({ url: '/issuers/harbor-college/did.json' })).statusCode).toBe(404);
  });

  it('stores the secret encrypted and refuses a different master key', async () => {
    t = await buildTestApp({ dialect });
    const c = await signUpIssuer(t);
    const orgId = (await t.services.sessions.resolve(c.cookie))!.auth.organizationId!;
    const signer = await t.services.keyStore.getSigner(orgId);
    const rows = await t.services.deps.db.selectFrom('issuer_keys').selectAll().where('organization_id', '=', orgId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.encrypted_secret).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(rows[0]!.public_key_multibase).toBe(signer.publicKeyMultibase);
    const other = new LocalKeyStore({ ...t.services.deps, config: { ...t.services.config, masterKey: Buffer.alloc(32, 1) } });
    await expect(other.getSigner(orgId)).rejects.toMatchObject({ code: 'master_key_invalid' });
    await expect(other.getSigner(orgId)).rejects.toBeInstanceOf(AppError);
  });
});
