// Every shipped 1EdTech and W3C vector through verifyCredential: positives verify, negatives fail on the right
// check id, revoked and expired ones are reported as such. Offline except for a fake fetcher.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { verifyCredential } from '../../../src/core/verify/index.ts';
import type { Check, VerificationResult } from '../../../src/core/verify/types.ts';
import { readStandardsJson, standardsPath } from '../../helpers/standards.ts';
import { fakeFetcher } from './fake-fetcher.ts';

const now = new Date('2026-12-04T20:00:00Z');
const V = 'vectors/1edtech-validator/ob30';
const bytes = (rel: string) => new Uint8Array(readFileSync(standardsPath(rel)));
const statuses = (r: VerificationResult, id: Check['id']) => r.checks.filter((c) => c.id === id).map((c) => c.status);
const failing = (r: VerificationResult) => [...new Set(r.checks.filter((c) => c.status === 'invalid').map((c) => c.id))];

/** Positive vectors: every supported proof verifies. `summary` and `expect` record where a strict rule differs. */
const POSITIVE: { file: string; summary: VerificationResult['summary']; expect?: Partial<Record<Check['id'], Check['status'][]>> }[] = [
  { file: 'vectors/1edtech-impl-guide/ob/signed-credential.json', summary: 'valid' },
  { file: 'vectors/1edtech-impl-guide/clr/signed-credential.json', summary: 'valid', expect: { nested_credentials: ['valid'] } },
  { file: 'vectors/1edtech-validator/clr20/simple.json', summary: 'valid', expect: { nested_credentials: ['valid'] } },
  // VC 1.1 CLR: its own proof is valid; 5 of its 6 nested credentials are signed by a did:key while naming a urn:uuid issuer.
  { file: 'vectors/1edtech-validator/clr20/simple_v1.json', summary: 'invalid', expect: { proof: ['valid'], issuer_key_controller: ['valid'], nested_credentials: ['invalid'] } },
  // Its proof is valid but its did:key signer is not its urn:uuid issuer; nested endorsements lack the required name.
  { file: 'vectors/1edtech-validator/clr20/complex.json', summary: 'invalid', expect: { proof: ['valid'], issuer_key_controller: ['invalid'], nested_credentials: ['invalid'] } },
  { file: `${V}/baked/simple-json.png`, summary: 'valid' },
  { file: `${V}/baked/simple-json.svg`, summary: 'valid' },
  { file: `${V}/baked/simple-json.png.extracted.json`, summary: 'valid' },
  { file: `${V}/baked/simple-json.svg.extracted.json`, summary: 'valid' },
  { file: `${V}/legacy-vc11/simple_v1.json`, summary: 'valid' },
  { file: `${V}/legacy-vc11/simple-eddsa-2022.json`, summary: 'valid' },
  { file: `${V}/valid-vc2/simple.json`, summary: 'valid' },
  { file: `${V}/valid-vc2/simple-context-alias.json`, summary: 'valid' },
  { file: `${V}/valid-vc2/simple-context-version-3.0.2.json`, summary: 'valid' },
  { file: `${V}/valid-vc2/simple-did-web-method.json`, summary: 'valid' },
  { file: `${V}/valid-vc2/endorsement-valid.json`, summary: 'valid' },
  // Strict rule: the did:key that signed it is not the issuer (urn:uuid); reported apart from the valid proof.
  { file: `${V}/valid-vc2/simple-did-key-method.json`, summary: 'invalid', expect: { proof: ['valid'], issuer_key_controller: ['invalid'] } },
  // An unknown extra proof type is "could not check", never valid; the eddsa-rdfc-2022 proof verifies.
  { file: `${V}/valid-vc2/simple-multiple-proofs.json`, summary: 'unknown', expect: { proof: ['unknown', 'valid'], issuer_key_controller: ['valid'] } },
  // Outer proof valid; its embedded endorsements carry dummy proofs (cryptosuite typo) and are flagged on their own.
  { file: `${V}/valid-vc2/complete.json`, summary: 'invalid', expect: { proof: ['valid'], issuer_key_controller: ['valid'], endorsements: ['invalid'], revocation_status: ['unknown'] } },
  // VC-JWT (RS256, header jwk): signature and claims valid; a header key names no controller, so the issuer's
  // control of it cannot be confirmed (decision 021).
  ...['simple-jwt.png', 'simple-jwt.svg', 'simple-jwt_v1.png', 'simple-jwt_v1.svg', 'simple-jwt.png.jwt', 'simple-jwt_v1.svg.jwt'].map((f) => ({
    file: `${V}/baked/${f}`,
    summary: 'unknown' as const,
    expect: { proof: ['valid' as const], issuer_key_controller: ['unknown' as const], ob_schema: ['valid' as const] },
  })),
  // CLR VC-JWT: RS256 signature valid; its payload uses withdrawn draft contexts, so it fails JSON-LD and type checks.
  { file: 'vectors/1edtech-validator/clr20/simple.jwt', summary: 'invalid', expect: { proof: ['valid'], jsonld_valid: ['invalid'], context_and_type: ['invalid'] } },
  // ecdsa-sd-2023 (selective disclosure) is not a suite we verify: "could not check", never valid.
  { file: `${V}/valid-vc2/ecdsa-sd-2023-derived.json`, summary: 'unknown', expect: { proof: ['unknown'], issuer_key_controller: ['unknown'] } },
  // Needs the https://w3id.org/citizenship/v4rc1 context, which is not shipped: never fetched, so JSON-LD fails.
  { file: 'vectors/w3c-vc-di-eddsa/eddsa-rdfc-2022/employ/signedDataInt.json', summary: 'invalid', expect: { jsonld_valid: ['invalid'], proof: ['unknown'] } },
  // W3C vc-di-eddsa vectors are not Open Badges (AlumniCredential …) and their did:key is not the issuer URL.
  ...['eddsa-rdfc-2022/signedDataInt.json', 'eddsa-jcs-2022/signedJCS.json', 'Ed25519Signature2020/signedEdSig.json', 'proof-set-chain/signedProofSet1.json', 'proof-set-chain/signedProofSet2.json'].map((f) => ({
    file: `vectors/w3c-vc-di-eddsa/${f}`,
    summary: 'invalid' as const,
    expect: { jsonld_valid: ['valid' as const], context_and_type: ['invalid' as const], issuer_key_controller: ['invalid' as const] },
  })),
];

describe('positive vectors', () => {
  it.each(POSITIVE)('$file', async ({ file, summary, expect: exp }) => {
    const r = await verifyCredential(bytes(file), { now });
    const proofs = statuses(r, 'proof');
    expect(proofs.length).toBeGreaterThan(0);
    if (!exp?.proof) expect(proofs.every((s) => s === 'valid'), JSON.stringify(r.checks, null, 1)).toBe(true);
    for (const [id, want] of Object.entries(exp ?? {})) expect(statuses(r, id as Check['id']), id).toEqual(want);
    expect(r.summary, JSON.stringify(r.checks.filter((c) => c.status !== 'valid'), null, 1)).toBe(summary);
  });

  it('W3C proof chains: the chained proofs verify and the deliberately broken ones do not', async () => {
    const c1 = await verifyCredential(bytes('vectors/w3c-vc-di-eddsa/proof-set-chain/signedProofChain1.json'), { now });
    expect(statuses(c1, 'proof')).toEqual(['valid', 'valid', 'valid']);
  });
});

/** Negative vectors and the check id each must fail on (other checks may fail too, e.g. the signature). */
const NEGATIVE: [string, Check['id'][]][] = [
  ['negative/simple-err-context.json', ['context_and_type', 'proof']],
  ['negative/simple-err-type.json', ['context_and_type', 'proof']],
  ['negative/simple-err-credential-subject-type.json', ['ob_schema', 'jsonld_valid', 'proof']],
  ['negative/simple-err-credential-subject-identifier-type.json', ['ob_schema', 'jsonld_valid', 'proof']],
  ['negative/simple-err-credential-subject-result-type.json', ['ob_schema', 'jsonld_valid', 'proof']],
  ['negative/simple-err-credential-subject-profile-type.json', ['jsonld_valid', 'proof']],
  ['negative/simple-err-credential-subject-achievement-result-description-type.json', ['jsonld_valid', 'proof']],
  ['negative/simple-err-evidence-type.json', ['jsonld_valid', 'proof']],
  ['negative/simple-err-issuer-type.json', ['ob_schema', 'jsonld_valid', 'proof']],
  ['negative/simple-err-issuer-otheridentifier-type.json', ['ob_schema', 'jsonld_valid', 'proof']],
  ['negative/simple-err-issuer-parentorg-type.json', ['ob_schema', 'jsonld_valid', 'proof']],
  ['negative/simple-err-issuer.json', ['ob_schema']],
  ['negative/simple-err-expired.json', ['validity_window']],
  ['negative/simple-err-issued.json', ['validity_window']],
  ['negative/simple-err-proof-method.json', ['proof']],
  ['negative/simple-err-proof-method-no-scheme.json', ['proof']],
  ['negative/simple-err-proof-method-unknown-did-method.json', ['proof']],
  ['negative/simple-err-proof-method-unknown-scheme.json', ['proof']],
  ['negative/simple-err-proof-value.json', ['proof']],
  ['negative/endorsement-err-schema-status-refresh.json', ['proof']],
  // A JWT with neither kid nor jwk in its header, and an old context.
  ['../ob30/legacy-vc11/simple.jwt', ['proof', 'jsonld_valid']],
];

describe('negative vectors fail on the right check', () => {
  it.each(NEGATIVE)('%s → %j', async (file, ids) => {
    const r = await verifyCredential(bytes(`${V}/${file}`), { now });
    expect(r.summary).toBe('invalid');
    for (const id of ids) expect(failing(r), `${id} in ${JSON.stringify(r.checks, null, 1)}`).toContain(id);
  });

  it('a tampered VC-JWT payload fails the proof', async () => {
    const jwt = readFileSync(standardsPath(`${V}/baked/simple-jwt.png.jwt`), 'utf8').trim();
    const [h, p, sig] = jwt.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8'));
    payload.name = 'Tampered';
    const r = await verifyCredential(`${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`, { now });
    expect(failing(r)).toEqual(['proof']);
    expect(r.checks.find((c) => c.id === 'proof')!.message).toMatch(/signature/);
  });

  it('only the validity window fails on the expired and not-yet-valid vectors; the reason says which', async () => {
    const expired = await verifyCredential(bytes(`${V}/negative/simple-err-expired.json`), { now });
    expect(failing(expired)).toEqual(['validity_window']);
    expect(expired.checks.find((c) => c.id === 'validity_window')!.details!.reason).toBe('expired');
    expect(expired.checks.find((c) => c.id === 'validity_window')!.message).toMatch(/expired on/);
    const future = await verifyCredential(bytes(`${V}/negative/simple-err-issued.json`), { now });
    const w = future.checks.find((c) => c.id === 'validity_window')!;
    expect(w.status).toBe('invalid');
    expect(w.details!.reason).toBe('not_yet_valid');
    expect(w.message).toMatch(/not valid yet/);
  });
});

describe('status vectors', () => {
  const LIST_URL = 'https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist';
  const list = readStandardsJson(`${V}/status-list/testlist.bitstring-status-list-credential.json`);

  it.each(['credential-status-revoked.json', 'credential-status-revoked-blank-nodes.json'])('%s is reported revoked when its shipped list is served', async (file) => {
    const fetcher = fakeFetcher({ [LIST_URL]: list });
    const r = await verifyCredential(bytes(`${V}/status-list/${file}`), { now, fetcher });
    const rev = r.checks.find((c) => c.id === 'revocation_status')!;
    expect(rev.status).toBe('invalid');
    expect(rev.details!.revoked).toBe(true);
    expect(rev.message).toMatch(/revoked/);
    expect(statuses(r, 'proof')).toEqual(['valid']);
    expect(fetcher.calls).toEqual([LIST_URL]);
  });

  it('remembers a verified list by its exact bytes; changed bytes are verified again', async () => {
    const verifiedLists = new Map<string, Record<string, unknown>>();
    const file = bytes(`${V}/status-list/credential-status-revoked.json`);
    const first = await verifyCredential(file, { now, fetcher: fakeFetcher({ [LIST_URL]: list }), verifiedLists });
    expect(first.checks.find((c) => c.id === 'revocation_status')!.status).toBe('invalid');
    expect(verifiedLists.size).toBe(1);
    const again = await verifyCredential(file, { now, fetcher: fakeFetcher({ [LIST_URL]: list }), verifiedLists });
    expect(again.checks.find((c) => c.id === 'revocation_status')!.status).toBe('invalid');
    expect(verifiedLists.size).toBe(1);
    const forged = { ...(list as object), validFrom: '2001-01-01T00:00:00Z' };
    const changed = await verifyCredential(file, { now, fetcher: fakeFetcher({ [LIST_URL]: forged }), verifiedLists });
    expect(changed.checks.find((c) => c.id === 'revocation_status')!.status).toBe('unknown');
    expect(verifiedLists.size).toBe(1);
  });

  it('an unreachable status list is "could not check", never "not revoked"', async () => {
    const r = await verifyCredential(bytes(`${V}/status-list/credential-status-revoked.json`), { now, fetcher: fakeFetcher({}) });
    const rev = r.checks.find((c) => c.id === 'revocation_status')!;
    expect(rev.status).toBe('unknown');
    expect(rev.message).toMatch(/could not be checked.*could not be fetched/);
    expect(r.summary).toBe('unknown');
    const offline = await verifyCredential(bytes(`${V}/status-list/credential-status-revoked.json`), { now });
    expect(offline.checks.find((c) => c.id === 'revocation_status')!.status).toBe('unknown');
  });

  it('a status list whose signature does not verify is "could not check"', async () => {
    const forged = structuredClone(list) as any;
    forged.credentialSubject.encodedList = readStandardsJson(`${V}/status-list/testlist.bitstring-status-list-credential.json`).credentialSubject.encodedList.replace(/.$/, 'A');
    forged.validFrom = '2020-01-01T00:00:00Z';
    const r = await verifyCredential(bytes(`${V}/status-list/credential-status-revoked.json`), { now, fetcher: fakeFetcher({ [LIST_URL]: forged }) });
    const rev = r.checks.find((c) => c.id === 'revocation_status')!;
    expect(rev.status).toBe('unknown');
    expect(rev.message).toMatch(/not validly signed/);
  });

  it('a 1EdTechRevocationList that lists the credential reports it revoked, with the reason', async () => {
    const file = `${V}/legacy-vc11/credential-status-revoked-1edtech-revocation-list.json`;
    const vc = readStandardsJson(file);
    const did = vc.issuer.id as string;
    const key = (vc.proof.verificationMethod as string).split('#')[1]!;
    const didDoc = {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [{ id: `${did}#${key}`, type: 'Multikey', controller: did, publicKeyMultibase: key }],
      assertionMethod: [`${did}#${key}`],
    };
    const didUrl = 'https://dc.1edtech.org/wellspring2022/wellspring-portal/org/da1e96e9-afcc-4eed-b9a2-2ddf7353214c/did.json';
    const listUrl = vc.credentialStatus.id as string;
    const revoked = { revokedCredential: [{ id: vc.id, revoked: true, revocationReason: 'Issued in error' }] };
    const r = await verifyCredential(bytes(file), { now, fetcher: fakeFetcher({ [didUrl]: didDoc, [listUrl]: revoked }) });
    expect(statuses(r, 'proof')).toEqual(['valid']);
    const rev = r.checks.find((c) => c.id === 'revocation_status')!;
    expect(rev.status).toBe('invalid');
    expect(rev.message).toContain('Issued in error');
    const clear = await verifyCredential(bytes(file), { now, fetcher: fakeFetcher({ [didUrl]: didDoc, [listUrl]: { revokedCredential: [] } }) });
    expect(clear.checks.find((c) => c.id === 'revocation_status')!.status).toBe('valid');
  });
});
