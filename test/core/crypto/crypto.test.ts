import { describe, expect, it } from 'vitest';
import {
  base58btcDecode,
  base58btcEncode,
  createEd25519Signer,
  decodeEd25519Multikey,
  decodeP256Multikey,
  ed25519KeyPairFromSeed,
  ed25519Sign,
  ed25519Verify,
  encodeEd25519Multikey,
  encodeP256Multikey,
  generateEd25519KeyPair,
  multibaseDecode,
  multibaseEncode,
} from '../../../src/core/crypto/index.ts';

const fixedRandom = (n: number) => new Uint8Array(n).map((_, i) => (i * 7 + 3) & 0xff);

describe('base58btc and multibase', () => {
  it('matches known encodings, including leading zeros', () => {
    expect(base58btcEncode(new TextEncoder().encode('Hello World!'))).toBe('2NEpo7TZRRrLZSi2U');
    expect(base58btcEncode(new Uint8Array([0, 0, 1]))).toBe('112');
    expect([...base58btcDecode('112')]).toEqual([0, 0, 1]);
    expect(base58btcEncode(new Uint8Array())).toBe('');
  });

  it('round-trips random bytes', () => {
    for (let len = 0; len < 70; len += 7) {
      const bytes = fixedRandom(len);
      expect([...base58btcDecode(base58btcEncode(bytes))]).toEqual([...bytes]);
      expect([...multibaseDecode(multibaseEncode(bytes, 'u'))]).toEqual([...bytes]);
    }
  });

  it('rejects characters outside the alphabet and unknown prefixes', () => {
    expect(() => base58btcDecode('0OIl')).toThrow(/base58btc/);
    expect(() => multibaseDecode('m0123')).toThrow(/prefix "m"/);
  });
});

describe('Ed25519 and Multikey', () => {
  it('generates keys from injected randomness, deterministically', () => {
    const a = generateEd25519KeyPair(fixedRandom);
    const b = generateEd25519KeyPair(fixedRandom);
    expect(a.publicKey).toEqual(b.publicKey);
    expect(encodeEd25519Multikey(a.publicKey)).toMatch(/^z6Mk/);
  });

  it('matches the RFC 8032 test 1 key and signature', () => {
    const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    const { publicKey } = ed25519KeyPairFromSeed(seed);
    expect(Buffer.from(publicKey).toString('hex')).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    const sig = ed25519Sign(new Uint8Array(), seed);
    expect(Buffer.from(sig).toString('hex')).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    expect(ed25519Verify(new Uint8Array(), sig, publicKey)).toBe(true);
    expect(ed25519Verify(new Uint8Array([1]), sig, publicKey)).toBe(false);
    expect(ed25519Verify(new Uint8Array(), sig.slice(1), publicKey)).toBe(false);
  });

  it('signer signs with the prepared key', () => {
    const kp = generateEd25519KeyPair(fixedRandom);
    const signer = createEd25519Signer(kp.secretKey, 'did:key:x#x');
    expect(ed25519Verify(new Uint8Array([1, 2]), signer.sign(new Uint8Array([1, 2])), kp.publicKey)).toBe(true);
  });

  it('decodes z6Mk Multikeys and rejects other headers, lengths and bases', () => {
    const kp = generateEd25519KeyPair(fixedRandom);
    expect(decodeEd25519Multikey(encodeEd25519Multikey(kp.publicKey))).toEqual(kp.publicKey);
    const p256 = multibaseEncode(new Uint8Array([0x80, 0x24, ...new Uint8Array(33)]));
    expect(() => decodeEd25519Multikey(p256)).toThrow(/0xed01/);
    expect(() => decodeEd25519Multikey('z6MkjZRsdasZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi')).toThrow();
    expect(() => decodeEd25519Multikey('u7QE')).toThrow(/"z"/);
  });

  it('round-trips a P-256 JWK through its zDn Multikey', () => {
    const jwk = { kty: 'EC' as const, crv: 'P-256' as const, x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' };
    const mk = encodeP256Multikey(jwk);
    expect(mk).toMatch(/^zDn/);
    expect(decodeP256Multikey(mk)).toEqual(jwk);
  });
});
