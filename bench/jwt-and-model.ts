/**
 * Single-core throughput of the VC-JWT formats (ES256, RS256, EdDSA) on realistic OB 3.0 credentials, next to
 * raw node:crypto signing of the same bytes (the limit), plus the OB builder + schema guard, status list encoding
 * and PNG/SVG baking. Run with `npm run bench`.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import type { JWK } from 'jose';
import { signVcJwt, verifyVcJwt, publicJwkOf, p256JwkFromRandom, type VcJwtAlg } from '../src/core/jwt/index.ts';
import { validateOb3Credential } from '../src/core/schema/index.ts';
import { createBitstring, decodeList, encodeList, setBit } from '../src/core/status/index.ts';
import { bakePng, bakeSvg, unbakePng, unbakeSvg } from '../src/core/baking/index.ts';
import { buildFixtureCredential } from '../test/fixtures/credentials.ts';

async function rate(label: string, minMs: number, fn: (i: number) => unknown | Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await fn(i);
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < minMs) await fn(n++);
  const perSec = (n * 1000) / (performance.now() - t0);
  console.log(`  ${label.padEnd(44)} ${perSec.toFixed(0).padStart(9)} /s`);
  return perSec;
}

/** Prints the figures; `ms` is the minimum measuring time per line. */
export async function runJwtAndModelBench(ms = 1500): Promise<void> {
  console.log('\n== VC-JWT and OB model (single core) ==');
  const creds = Array.from({ length: 256 }, (_, n) => buildFixtureCredential({ n, recipientId: `did:example:l${n}` }));
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as JWK;
  const ed = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as JWK;
  const keys: Record<VcJwtAlg, JWK> = { ES256: p256JwkFromRandom((n) => new Uint8Array(n).fill(9)), RS256: rsa, EdDSA: ed };
  const nodeAlg = { ES256: 'sha256', RS256: 'sha256', EdDSA: null } as const;
  for (const alg of ['ES256', 'RS256', 'EdDSA'] as const) {
    const pub = await publicJwkOf(keys[alg]);
    const jwts = await Promise.all(creds.map((c) => signVcJwt(c, { alg, privateKey: keys[alg], kid: 'https://x.example/k' })));
    const issue = await rate(`${alg} issue (signVcJwt)`, ms, (i) => signVcJwt(creds[i % 256]!, { alg, privateKey: keys[alg], kid: 'https://x.example/k' }));
    const verify = await rate(`${alg} verify (verifyVcJwt, all checks)`, ms, (i) => verifyVcJwt(jwts[i % 256]!, { resolveKey: async () => pub }));
    const priv = createPrivateKey({ key: keys[alg] as never, format: 'jwk' });
    const pubKey = createPublicKey({ key: pub as never, format: 'jwk' });
    const inputs = jwts.map((j) => Buffer.from(j.slice(0, j.lastIndexOf('.'))));
    const sigs = inputs.map((d) => nodeSign(nodeAlg[alg], d, alg === 'ES256' ? { key: priv, dsaEncoding: 'ieee-p1363' } : priv));
    const rawSign = await rate(`${alg} raw node:crypto sign of the same bytes`, ms, (i) => nodeSign(nodeAlg[alg], inputs[i % 256]!, alg === 'ES256' ? { key: priv, dsaEncoding: 'ieee-p1363' } : priv));
    const rawVerify = await rate(`${alg} raw node:crypto verify`, ms, (i) => nodeVerify(nodeAlg[alg], inputs[i % 256]!, alg === 'ES256' ? { key: pubKey, dsaEncoding: 'ieee-p1363' } : pubKey, sigs[i % 256]!));
    console.log(`  ${alg}: issue at ${((issue / rawSign) * 100).toFixed(0)}% of raw signing, verify at ${((verify / rawVerify) * 100).toFixed(0)}% of raw verify`);
  }
  await rate('buildFixtureCredential (builders + schema guard)', ms, (i) => buildFixtureCredential({ n: i }));
  await rate('validateOb3Credential', ms, (i) => validateOb3Credential(creds[i % 256]));
  const bits = createBitstring();
  for (let i = 0; i < 1000; i++) setBit(bits, (i * 7919) % 131072);
  const encoded = encodeList(bits);
  await rate('encodeList (131,072 bits, 1,000 set)', ms, () => encodeList(bits));
  await rate('decodeList', ms, () => decodeList(encoded));
  const png = bakePng(new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')), creds[0]!);
  await rate('bakePng (re-bake, realistic credential)', ms, (i) => bakePng(png, creds[i % 256]!));
  await rate('unbakePng', ms, () => unbakePng(png));
  const svg = bakeSvg('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4"/></svg>', creds[0]!);
  await rate('bakeSvg (re-bake)', ms, (i) => bakeSvg(svg, creds[i % 256]!));
  await rate('unbakeSvg', ms, () => unbakeSvg(svg));
}

if (import.meta.url === `file://${process.argv[1]}`) await runJwtAndModelBench();
