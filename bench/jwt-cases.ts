/**
 * The measured operations of the VC-JWT benchmark, shared by the main thread and the worker threads
 * (bench/worker-pool.ts): signVcJwt / verifyVcJwt for ES256, RS256 and EdDSA on realistic OB 3.0 credentials,
 * and raw node:crypto sign/verify of the same JWS signing input with the same key (the limit).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { signVcJwt, verifyVcJwt, publicJwkOf, p256JwkFromRandom, type VcJwtAlg } from '../src/core/jwt/index.ts';
import { buildFixtureCredential } from '../test/fixtures/credentials.ts';

export const JWT_ALGS = ['ES256', 'RS256', 'EdDSA'] as const satisfies readonly VcJwtAlg[];
const OPS = ['issue', 'verify', 'raw sign', 'raw verify'] as const;
export type JwtCaseName = `${VcJwtAlg} ${(typeof OPS)[number]}`;
export const JWT_CASES: readonly JwtCaseName[] = JWT_ALGS.flatMap((alg) => OPS.map((op) => `${alg} ${op}` as const));

const N = 256;
const KID = 'https://issuer.example/keys/1';

/** Node's sign/verify arguments for a JWS algorithm (ES256 signatures are raw r‖s, as in a JWS). */
function nodeParams(alg: VcJwtAlg, key: KeyObject) {
  return { digest: alg === 'EdDSA' ? null : 'sha256', key: alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key };
}

/** Builds the credentials, keys and signed copies, and returns one function per case. */
export async function setupCases(): Promise<Record<JwtCaseName, (i: number) => unknown>> {
  const creds = Array.from({ length: N }, (_, n) => buildFixtureCredential({ n, recipientId: `did:example:l${n}` }));
  const keys: Record<VcJwtAlg, JWK> = {
    ES256: p256JwkFromRandom((n) => new Uint8Array(n).fill(9)),
    RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as JWK,
    EdDSA: generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as JWK,
  };
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`benchmark sanity check failed: ${what}`);
  };
  const out = {} as Record<JwtCaseName, (i: number) => unknown>;
  for (const alg of JWT_ALGS) {
    const privateKey = keys[alg];
    const pub = await publicJwkOf(privateKey);
    const resolveKey = async () => pub;
    const jwts = await Promise.all(creds.map((c) => signVcJwt(c, { alg, privateKey, kid: KID })));
    const priv = nodeParams(alg, createPrivateKey({ key: privateKey as never, format: 'jwk' }));
    const verifier = nodeParams(alg, createPublicKey({ key: pub as never, format: 'jwk' }));
    const inputs = jwts.map((j) => Buffer.from(j.slice(0, j.lastIndexOf('.'))));
    const sigs = inputs.map((d) => nodeSign(priv.digest, d, priv.key));
    out[`${alg} issue`] = (i) => signVcJwt(creds[i % N]!, { alg, privateKey, kid: KID });
    out[`${alg} verify`] = async (i) => {
      const r = await verifyVcJwt(jwts[i % N]!, { resolveKey });
      check(r.summary === 'valid', `${alg} verifyVcJwt: ${r.summary}`);
    };
    out[`${alg} raw sign`] = (i) => nodeSign(priv.digest, inputs[i % N]!, priv.key);
    out[`${alg} raw verify`] = (i) => check(nodeVerify(verifier.digest, inputs[i % N]!, verifier.key, sigs[i % N]!), `${alg} raw verify`);
  }
  return out;
}
