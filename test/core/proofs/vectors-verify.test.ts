// Every proof in the shipped vectors: positives verify offline, negatives fail with the right code; tampering fails.
import { describe, expect, it } from 'vitest';
import { verifyDataIntegrity } from '../../../src/core/proofs/index.ts';
import { readStandardsJson } from '../../helpers/standards.ts';

const V = 'vectors/1edtech-validator';

const positives = [
  'vectors/1edtech-impl-guide/ob/signed-credential.json',
  'vectors/1edtech-impl-guide/clr/signed-credential.json',
  `${V}/ob30/valid-vc2/simple.json`,
  `${V}/ob30/valid-vc2/complete.json`,
  `${V}/ob30/valid-vc2/endorsement-valid.json`,
  `${V}/ob30/valid-vc2/simple-context-alias.json`,
  `${V}/ob30/valid-vc2/simple-context-version-3.0.2.json`,
  `${V}/ob30/valid-vc2/simple-did-key-method.json`,
  `${V}/ob30/valid-vc2/simple-did-web-method.json`,
  `${V}/ob30/baked/simple-json.png.extracted.json`,
  `${V}/ob30/baked/simple-json.svg.extracted.json`,
  `${V}/ob30/status-list/credential-status-revoked.json`,
  `${V}/ob30/status-list/credential-status-revoked-blank-nodes.json`,
  `${V}/ob30/status-list/testlist.bitstring-status-list-credential.json`,
  `${V}/ob30/legacy-vc11/simple-eddsa-2022.json`,
  `${V}/ob30/legacy-vc11/simple_v1.json`,
  `${V}/ob30/negative/simple-err-expired.json`,
  `${V}/ob30/negative/simple-err-issued.json`,
  `${V}/clr20/simple.json`,
  `${V}/clr20/complex.json`,
  `${V}/clr20/simple_v1.json`,
  'vectors/w3c-vc-di-eddsa/eddsa-rdfc-2022/signedDataInt.json',
  'vectors/w3c-vc-di-eddsa/eddsa-jcs-2022/signedJCS.json',
  'vectors/w3c-vc-di-eddsa/Ed25519Signature2020/signedEdSig.json',
];

describe('positive vectors verify offline', () => {
  it.each(positives)('%s', async (file) => {
    const r = await verifyDataIntegrity(readStandardsJson(file));
    expect(r.proofs.map((p) => `${p.status}:${p.code}`)).toEqual(r.proofs.map(() => 'valid:proof_valid'));
    expect(r.verified).toBe(true);
  });

  it('HTTPS-issuer vectors take the key from the fragment and match the issuer', async () => {
    const r = await verifyDataIntegrity(readStandardsJson(`${V}/ob30/valid-vc2/simple.json`));
    expect(r.proofs[0]).toMatchObject({ keySource: 'fragment', controller: 'https://example.com/issuers/876543' });
    expect(r.controller).toMatchObject({ status: 'valid', code: 'controller_matches_issuer' });
  });

  it('multiple proofs: the unknown suite is reported apart, the eddsa proof is valid', async () => {
    const r = await verifyDataIntegrity(readStandardsJson(`${V}/ob30/valid-vc2/simple-multiple-proofs.json`));
    expect(r.proofs.map((p) => p.status)).toEqual(['unknown', 'valid']);
    expect(r.proofs[0]!.code).toBe('proof_suite_unsupported');
    expect(r.verified).toBe(true);
  });

  it('ecdsa-sd-2023 is reported as unknown, never valid', async () => {
    const r = await verifyDataIntegrity(readStandardsJson(`${V}/ob30/valid-vc2/ecdsa-sd-2023-derived.json`));
    expect(r.proofs[0]).toMatchObject({ status: 'unknown', code: 'proof_suite_unsupported' });
    expect(r.verified).toBe(false);
  });

  it('W3C proof sets and chains verify every proof', async () => {
    for (const name of ['signedProofSet1', 'signedProofSet2', 'signedProofChain1', 'signedProofChain2']) {
      const r = await verifyDataIntegrity(readStandardsJson(`vectors/w3c-vc-di-eddsa/proof-set-chain/${name}.json`));
      expect(r.proofs.every((p) => p.status === 'valid'), name).toBe(true);
    }
  });
});

describe('negative vectors fail on the right code', () => {
  it.each([
    ['simple-err-proof-value.json', 'signature_invalid'],
    ['simple-err-proof-method.json', 'vm_invalid'],
    ['simple-err-proof-method-no-scheme.json', 'vm_invalid'],
    ['simple-err-proof-method-unknown-did-method.json', 'vm_unsupported_method'],
    ['simple-err-proof-method-unknown-scheme.json', 'vm_unsupported_method'],
    ['simple-err-context.json', 'jsonld_invalid'],
    ['simple-err-type.json', 'jsonld_invalid'],
    ['simple-err-evidence-type.json', 'jsonld_invalid'],
  ])('%s → %s', async (file, code) => {
    const r = await verifyDataIntegrity(readStandardsJson(`${V}/ob30/negative/${file}`));
    expect(r.proofs[0]).toMatchObject({ status: 'invalid', code });
    expect(r.verified).toBe(false);
  });

  it('simple-err-issuer: the proof is valid but there is no issuer id to match the key controller', async () => {
    const r = await verifyDataIntegrity(readStandardsJson(`${V}/ob30/negative/simple-err-issuer.json`));
    expect(r.proofs[0]!.status).toBe('valid');
    expect(r.controller.status).not.toBe('valid');
  });

  it('a context that is not shipped is "unknown" (contexts are never fetched)', async () => {
    const r = await verifyDataIntegrity(readStandardsJson('vectors/w3c-vc-di-eddsa/eddsa-rdfc-2022/employ/signedDataInt.json'));
    expect(r.proofs[0]).toMatchObject({ status: 'unknown', code: 'unknown_context' });
    expect(r.proofs[0]!.message).toContain('https://w3id.org/citizenship/v4rc1');
    expect(r.verified).toBe(false);
  });

  it('a key whose document needs fetching is "unknown" offline, never valid', async () => {
    const r = await verifyDataIntegrity(readStandardsJson(`${V}/ob30/legacy-vc11/credential-status-revoked-1edtech-revocation-list.json`));
    expect(r.proofs[0]).toMatchObject({ status: 'unknown', code: 'vm_fetch_failed' });
  });
});

function leafPaths(x: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (x && typeof x === 'object') {
    return Object.entries(x as Record<string, unknown>).flatMap(([k, v]) => leafPaths(v, [...path, Array.isArray(x) ? Number(k) : k]));
  }
  return [path];
}

function mutate(doc: any, path: (string | number)[]): any {
  const copy = structuredClone(doc);
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k];
  const last = path[path.length - 1]!;
  const v = o[last];
  o[last] = typeof v === 'string' ? v + 'x' : typeof v === 'number' ? v + 1 : typeof v === 'boolean' ? !v : 'x';
  return copy;
}

describe('any single-field change to a signed credential fails', () => {
  it.each(['vectors/1edtech-impl-guide/ob/signed-credential.json', `${V}/ob30/valid-vc2/complete.json`])('%s', async (file) => {
    const signed = readStandardsJson(file);
    const { proof, ...body } = signed;
    const paths = leafPaths(body);
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) {
      const r = await verifyDataIntegrity({ ...mutate(body, path), proof });
      expect(r.verified, `changing ${path.join('.')} still verified`).toBe(false);
    }
    for (const key of Object.keys(body).filter((k) => k !== '@context')) {
      const { [key]: _drop, ...rest } = body;
      expect((await verifyDataIntegrity({ ...rest, proof })).verified, `removing ${key}`).toBe(false);
    }
  }, 120_000);
});
