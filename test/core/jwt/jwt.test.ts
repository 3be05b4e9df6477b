import { createPublicKey, generateKeyPairSync, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CompactSign, importJWK, jwtVerify, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  decodeVcJwt, p256JwkFromRandom, publicJwkOf, signVcJwt, verifyVcJwt, type VcJwtAlg,
} from '../../../src/core/jwt/index.ts';
import { AppError } from '../../../src/core/errors.ts';
import { generateJwtKeyPair } from '../../../src/services/jwt-keys.ts';
import { standardsPath } from '../../helpers/standards.ts';
import { buildFixtureCredential } from '../../fixtures/credentials.ts';

const vector = (rel: string) => readFileSync(standardsPath(`vectors/1edtech-validator/${rel}`), 'utf8').trim();
const statusOf = (r: { checks: { id: string; status: string }[] }) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed = generateKeyPairSync('ed25519');
const p256 = p256JwkFromRandom((n) => new Uint8Array(n).fill(7));
const KEYS: Record<VcJwtAlg, JWK> = {
  RS256: rsa.privateKey.export({ format: 'jwk' }) as JWK,
  ES256: p256,
  EdDSA: ed.privateKey.export({ format: 'jwk' }) as JWK,
};
const credential = buildFixtureCredential({ n: 1, recipientId: 'did:example:learner1', issuerId: 'https://northbridge.example/issuers/1' });

/** Independent check of the JWS with node:crypto only (no jose). */
function nodeVerifies(jwt: string, alg: VcJwtAlg, publicJwk: JWK): boolean {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const key = createPublicKey({ key: publicJwk as never, format: 'jwk' });
  const data = Buffer.from(`${h}.${p}`);
  const sig = Buffer.from(s, 'base64url');
  if (alg === 'EdDSA') return nodeVerify(null, data, key, sig);
  if (alg === 'ES256') return nodeVerify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig);
  return nodeVerify('sha256', data, key, sig);
}

describe('1EdTech VC-JWT vectors', () => {
  it.each(['ob30/baked/simple-jwt.png.jwt', 'ob30/baked/simple-jwt.svg.jwt', 'ob30/baked/simple-jwt_v1.png.jwt', 'ob30/baked/simple-jwt_v1.svg.jwt', 'clr20/simple.jwt'])(
    '%s verifies with its header jwk (RS256), claims matching',
    async (file) => {
      const r = await verifyVcJwt(vector(file));
      expect(r.checks.filter((c) => c.status !== 'valid')).toEqual([]);
      expect(r.summary).toBe('valid');
      expect(r.alg).toBe('RS256');
      expect(r.oneEdTechAccepted).toBe(true);
    },
  );
  it('flags the vectors that omit sub only under requireSub', async () => {
    const r = await verifyVcJwt(vector('ob30/baked/simple-jwt.png.jwt'), { requireSub: true });
    expect(statusOf(r)).toMatchObject({ jwt_signature: 'valid', jwt_claims: 'valid', jwt_subject: 'invalid' });
  });
  it('reports a JWT without kid or jwk as a header error with the signature unchecked', async () => {
    const r = await verifyVcJwt(vector('ob30/legacy-vc11/simple.jwt'));
    expect(statusOf(r)).toMatchObject({ jwt_header: 'invalid', jwt_key: 'unknown', jwt_signature: 'unknown', jwt_claims: 'valid' });
  });
  it('reports an unresolvable kid as could-not-check', async () => {
    const r = await verifyVcJwt(vector('ob30/legacy-vc11/velocity.jwt'));
    expect(statusOf(r)).toMatchObject({ jwt_header: 'valid', jwt_key: 'unknown', jwt_signature: 'unknown' });
    expect(r.summary).toBe('unknown');
    expect(r.decoded?.form).toBe('vc1');
  });
});

describe('signVcJwt round trips', () => {
  it.each(['ES256', 'RS256', 'EdDSA'] as const)('%s with kid: verifies with our verifier and with node:crypto alone', async (alg) => {
    const kid = `https://northbridge.example/keys/${alg}`;
    const jwt = await signVcJwt(credential, { alg, privateKey: KEYS[alg], kid });
    const publicJwk = await publicJwkOf(KEYS[alg]);
    expect(publicJwk).not.toHaveProperty('d');
    expect(nodeVerifies(jwt, alg, publicJwk)).toBe(true);
    const d = decodeVcJwt(jwt);
    expect(d.header).toEqual({ alg, typ: 'JWT', kid });
    expect(d.payload).toMatchObject({
      iss: 'https://northbridge.example/issuers/1', jti: credential.id, sub: 'did:example:learner1',
      nbf: Date.parse(credential.validFrom) / 1000, exp: Date.parse(credential.validUntil!) / 1000,
    });
    expect(d.credential).toEqual(credential);
    // jose's own JWT API (claims validated against a fixed clock) accepts what we emit.
    const viaJose = await jwtVerify(jwt, await importJWK(publicJwk, alg), { algorithms: [alg], issuer: 'https://northbridge.example/issuers/1', subject: 'did:example:learner1', currentDate: new Date('2027-01-01T00:00:00Z'), typ: 'JWT' });
    expect(viaJose.payload.jti).toBe(credential.id);
    await expect(jwtVerify(jwt, await importJWK(publicJwk, alg), { currentDate: new Date('2026-11-30T00:00:00Z') })).rejects.toThrow(/nbf/);
    const r = await verifyVcJwt(jwt, { resolveKey: async (ref) => (ref.kid === kid ? publicJwk : undefined) });
    expect(r.checks.filter((c) => c.status !== 'valid')).toEqual([]);
    expect(r.oneEdTechAccepted).toBe(alg !== 'EdDSA');
    if (alg === 'EdDSA') expect(r.checks.find((c) => c.id === 'jwt_algorithm')?.message).toMatch(/1EdTech validator only accepts RS256 and ES256/);
  });

  it.each(['ES256', 'RS256', 'EdDSA'] as const)('%s with embedded jwk (KeyObject and JWK private keys)', async (alg) => {
    const keyObject = alg === 'RS256' ? rsa.privateKey : alg === 'EdDSA' ? ed.privateKey : KEYS.ES256;
    const jwt = await signVcJwt(credential, { alg, privateKey: keyObject, embedJwk: true });
    expect(decodeVcJwt(jwt).header.jwk).not.toHaveProperty('d');
    expect((await verifyVcJwt(jwt)).summary).toBe('valid');
  });

  it('jose-independent: a node:crypto-made ES256 JWS of our payload verifies with our verifier', async () => {
    const header = { alg: 'ES256', typ: 'JWT', jwk: await publicJwkOf(p256) };
    const payload = { ...credential, iss: 'https://northbridge.example/issuers/1', jti: credential.id, sub: 'did:example:learner1', nbf: Date.parse(credential.validFrom) / 1000, exp: Date.parse(credential.validUntil!) / 1000 };
    const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    const { sign } = await import('node:crypto');
    const sig = sign('sha256', Buffer.from(input), { key: (await import('node:crypto')).createPrivateKey({ key: p256 as never, format: 'jwk' }), dsaEncoding: 'ieee-p1363' });
    expect((await verifyVcJwt(`${input}.${sig.toString('base64url')}`)).summary).toBe('valid');
  });

  it('refuses bad options with typed errors', async () => {
    await expect(signVcJwt(credential, { alg: 'ES256', privateKey: p256, kid: 'k', embedJwk: true })).rejects.toMatchObject({ code: 'validation_failed', field: 'kid' });
    await expect(signVcJwt(credential, { alg: 'RS256', privateKey: p256, kid: 'k' })).rejects.toMatchObject({ code: 'key_invalid' });
    await expect(signVcJwt({ ...credential, validFrom: undefined }, { alg: 'ES256', privateKey: p256, kid: 'k' })).rejects.toMatchObject({ field: 'validFrom' });
    await expect(signVcJwt(credential, { alg: 'HS256' as never, privateKey: p256, kid: 'k' })).rejects.toBeInstanceOf(AppError);
    await expect(signVcJwt(credential, { alg: 'ES256', privateKey: p256, embedJwk: p256 as never })).rejects.toMatchObject({ code: 'key_invalid' });
  });
});

describe('verifyVcJwt failures', () => {
  const pub = () => publicJwkOf(p256);
  async function rawSign(header: Record<string, unknown>, payload: Record<string, unknown>): Promise<string> {
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header as { alg: string }).sign(await importJWK(p256, 'ES256'));
  }
  const good = () => ({ ...credential, iss: 'https://northbridge.example/issuers/1', jti: credential.id, sub: 'did:example:learner1', nbf: Date.parse(credential.validFrom) / 1000, exp: Date.parse(credential.validUntil!) / 1000 });

  it('detects any tampering with the payload', async () => {
    const jwt = await signVcJwt(credential, { alg: 'ES256', privateKey: p256, embedJwk: true });
    const [h, , s] = jwt.split('.');
    const tampered = { ...decodeVcJwt(jwt).payload, name: 'Forged' };
    const r = await verifyVcJwt(`${h}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${s}`);
    expect(statusOf(r).jwt_signature).toBe('invalid');
    expect(r.summary).toBe('invalid');
  });

  it.each([
    ['iss differs from issuer.id', { iss: 'https://evil.example' }, 'iss'],
    ['jti differs from id', { jti: 'urn:uuid:other' }, 'jti'],
    ['nbf differs from validFrom', { nbf: 1 }, 'nbf'],
    ['exp missing while validUntil is set', { exp: undefined }, 'exp'],
    ['iss missing', { iss: undefined }, 'iss'],
  ])('claims check fails when %s', async (_, override, claim) => {
    const jwt = await rawSign({ alg: 'ES256', jwk: await pub() }, { ...good(), ...override });
    const r = await verifyVcJwt(jwt);
    expect(statusOf(r)).toMatchObject({ jwt_signature: 'valid', jwt_claims: 'invalid' });
    expect(r.checks.find((c) => c.id === 'jwt_claims')?.message).toContain(claim);
  });

  it('exp present without validUntil fails both ways; sub mismatch fails', async () => {
    const { validUntil: _v, ...noUntil } = credential;
    const r1 = await verifyVcJwt(await rawSign({ alg: 'ES256', jwk: await pub() }, { ...noUntil, ...good(), validUntil: undefined }));
    expect(statusOf(r1).jwt_claims).toBe('invalid');
    const r2 = await verifyVcJwt(await rawSign({ alg: 'ES256', jwk: await pub() }, { ...good(), sub: 'did:example:someone-else' }));
    expect(statusOf(r2).jwt_subject).toBe('invalid');
  });

  it('enforces the header rules', async () => {
    const priv = { ...(await pub()), d: p256.d };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ alg: 'ES256', jwk: await pub(), cty: 'vc' }, /not allowed by OB 3.0: cty/],
      [{ alg: 'ES256', jwk: await pub(), typ: 'vc+jwt' }, /typ must be "JWT"/],
      [{ alg: 'ES256', jwk: priv }, /private key material/],
    ];
    for (const [header, message] of cases) {
      const r = await verifyVcJwt(await rawSign(header, good()));
      const hc = r.checks.find((c) => c.id === 'jwt_header')!;
      expect(hc.status).toBe('invalid');
      expect(hc.message).toMatch(message);
      expect(r.summary).toBe('invalid');
    }
  });

  it('refuses alg none and algorithms outside the allow-list', async () => {
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(good())).toString('base64url')}.`;
    expect(statusOf(await verifyVcJwt(none))).toMatchObject({ jwt_algorithm: 'invalid', jwt_signature: 'invalid' });
    const jwt = await signVcJwt(credential, { alg: 'EdDSA', privateKey: KEYS.EdDSA, embedJwk: true });
    expect(statusOf(await verifyVcJwt(jwt, { algorithms: ['RS256', 'ES256'] })).jwt_algorithm).toBe('invalid');
  });

  it('never throws on garbage (fuzz)', async () => {
    const jwt = await signVcJwt(credential, { alg: 'ES256', privateKey: p256, embedJwk: true });
    const inputs: unknown[] = [undefined, null, 42, {}, '', '.', '..', 'a.b.c', 'x'.repeat(2_000_000), 'e30.e30.', `${jwt}x`, jwt.replace('.', '')];
    let x = 99;
    for (let i = 0; i < 200; i++) {
      const chars = jwt.split('');
      for (let k = 0; k < 3; k++) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        chars[x % chars.length] = 'A-_.x='[x % 6]!;
      }
      inputs.push(chars.join(''));
    }
    for (const input of inputs) {
      const r = await verifyVcJwt(input);
      expect(['valid', 'invalid', 'unknown']).toContain(r.summary);
      if (input !== jwt) expect(r.summary).not.toBe('valid');
    }
    expect(() => decodeVcJwt('e30.e30.')).toThrow(expect.objectContaining({ code: 'jwt_invalid' }));
  });
});

describe('keys', () => {
  it('p256JwkFromRandom is deterministic for the injected bytes and rejects out-of-range scalars', () => {
    const a = p256JwkFromRandom((n) => new Uint8Array(n).fill(1));
    expect(p256JwkFromRandom((n) => new Uint8Array(n).fill(1))).toEqual(a);
    let calls = 0;
    const b = p256JwkFromRandom((n) => (calls++ === 0 ? new Uint8Array(n).fill(0xff) : new Uint8Array(n).fill(2)));
    expect(calls).toBe(2);
    expect(b.d).toBe(Buffer.from(new Uint8Array(32).fill(2)).toString('base64url'));
    expect(() => createPublicKey({ key: a as never, format: 'jwk' })).not.toThrow();
  });
  it.each(['ES256', 'RS256', 'EdDSA'] as const)('generateJwtKeyPair(%s) gives a working pair (shell helper)', async (alg) => {
    const pair = await generateJwtKeyPair(alg, { kid: 'https://x.example/k' });
    expect(pair.publicJwk).not.toHaveProperty('d');
    const jwt = await signVcJwt(credential, { alg, privateKey: pair.privateJwk, kid: 'https://x.example/k' });
    expect((await verifyVcJwt(jwt, { resolveKey: async () => pair.publicJwk })).summary).toBe('valid');
  });
});
