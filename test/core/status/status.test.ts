import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  buildStatusEntry, buildStatusListCredential, clearBit, createBitstring, decodeList, encodeList, getBit, getStatusValue,
  pickRandomFreeIndex, randomInt, readCredentialStatus, readOneEdTechRevocationList, setBit, setStatusValue, statusListUrlOf,
} from '../../../src/core/status/index.ts';
import { AppError } from '../../../src/core/errors.ts';
import { checkJsonLd } from '../../../src/core/jsonld/index.ts';
import { readStandardsJson } from '../../helpers/standards.ts';

/** Deterministic "random" bytes for tests (xorshift). */
function seeded(seed = 42): (n: number) => Uint8Array {
  let x = seed;
  return (n) => Uint8Array.from({ length: n }, () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return x & 0xff;
  });
}

describe('bitstring', () => {
  it('is MSB-first and round-trips through encode/decode', () => {
    const bits = createBitstring();
    expect(bits.length).toBe(16384);
    setBit(bits, 0);
    setBit(bits, 9);
    setBit(bits, 131071);
    expect(bits[0]).toBe(0x80);
    expect(bits[1]).toBe(0x40);
    expect(bits[16383]).toBe(0x01);
    expect(getBit(bits, 9)).toBe(true);
    clearBit(bits, 9);
    expect(getBit(bits, 9)).toBe(false);
    const encoded = encodeList(bits);
    expect(encoded).toMatch(/^uH4sI[A-Za-z0-9_-]+$/);
    expect(encoded).not.toContain('=');
    expect(Buffer.from(decodeList(encoded)).equals(Buffer.from(bits))).toBe(true);
  });

  it('refuses short lists, bad indexes, bad data and gzip bombs with typed errors', () => {
    expect(() => createBitstring(1024)).toThrow(AppError);
    const bits = createBitstring();
    expect(() => setBit(bits, 131072)).toThrow(/outside the list/);
    expect(() => getBit(bits, -1)).toThrow(AppError);
    expect(() => decodeList('u!!!')).toThrow(AppError);
    expect(() => decodeList('uAAAA')).toThrow(/not GZIP/);
    const bomb = 'u' + gzipSync(new Uint8Array(2 * 1024 * 1024)).toString('base64url');
    expect(() => decodeList(bomb, 1024 * 1024)).toThrow(/inflates beyond/);
  });

  it('reads and writes multi-bit status values', () => {
    const bits = createBitstring();
    setStatusValue(bits, 5, 0b10, 2);
    expect(getStatusValue(bits, 5, 2)).toBe(2);
    expect(getBit(bits, 10)).toBe(true);
    expect(getBit(bits, 11)).toBe(false);
    expect(() => setStatusValue(bits, 5, 4, 2)).toThrow(AppError);
  });

  it('decodes the 1EdTech test list: 131,072 bits, only bit 23 set', () => {
    const list = readStandardsJson('vectors/1edtech-validator/ob30/status-list/testlist.bitstring-status-list-credential.json');
    const bits = decodeList(list.credentialSubject.encodedList);
    expect(bits.length * 8).toBe(131072);
    const set = [];
    for (let i = 0; i < 131072; i++) if (getBit(bits, i)) set.push(i);
    expect(set).toEqual([23]);
  });
});

describe('status list credential and entry', () => {
  it('builds an unsigned list credential that is valid JSON-LD, and an entry id <list>#<index>', async () => {
    const bits = createBitstring();
    setBit(bits, 94567);
    const vc = buildStatusListCredential({
      id: 'https://northbridge.example/status/1', issuer: 'did:key:z6Mkabc', purpose: 'revocation',
      encodedList: encodeList(bits), validFrom: new Date('2026-12-04T20:00:00Z'), ttl: 300000,
    });
    expect(vc).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      validFrom: '2026-12-04T20:00:00Z',
      credentialSubject: { id: 'https://northbridge.example/status/1#list', type: 'BitstringStatusList', statusPurpose: 'revocation', ttl: 300000 },
    });
    expect(await checkJsonLd(vc)).toEqual({ ok: true });
    const entry = buildStatusEntry('https://northbridge.example/status/1', 94567, 'revocation');
    expect(entry).toEqual({
      id: 'https://northbridge.example/status/1#94567', type: 'BitstringStatusListEntry', statusPurpose: 'revocation',
      statusListIndex: '94567', statusListCredential: 'https://northbridge.example/status/1',
    });
    expect(readCredentialStatus(entry, 'urn:uuid:x', vc)).toEqual({ ok: true, status: 'revoked', purpose: 'revocation', value: 1 });
    expect(readCredentialStatus(buildStatusEntry(vc.id, 94566), 'urn:uuid:x', vc)).toMatchObject({ ok: true, status: 'valid' });
    expect(() => buildStatusEntry('https://x.example/s#frag', 1)).toThrow(AppError);
    expect(() => buildStatusListCredential({ ...vc, id: vc.id, purpose: 'nope' as never, encodedList: encodeList(bits), validFrom: vc.validFrom })).toThrow(/statusPurpose/);
  });
});

describe('readers', () => {
  const list = readStandardsJson('vectors/1edtech-validator/ob30/status-list/testlist.bitstring-status-list-credential.json');
  const entry = (over: Record<string, unknown> = {}) => ({
    id: `${list.id}#23`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '23', statusListCredential: list.id, ...over,
  });

  it('reports the 1EdTech revoked vector as revoked (numeric index accepted with a note)', () => {
    const vc = readStandardsJson('vectors/1edtech-validator/ob30/status-list/credential-status-revoked.json');
    const r = readCredentialStatus({ ...vc.credentialStatus, statusListCredential: list.id }, vc.id, list);
    expect(r).toMatchObject({ ok: true, status: 'revoked', value: 1, notes: [expect.stringContaining('string')] });
    expect(statusListUrlOf(vc.credentialStatus)).toBe(vc.credentialStatus.statusListCredential);
  });

  it('answers valid for an unset bit, suspended for a suspension list, and the spec errors', () => {
    expect(readCredentialStatus(entry({ statusListIndex: '22' }), 'x', list)).toMatchObject({ ok: true, status: 'valid', value: 0 });
    const suspension = { ...list, credentialSubject: { ...list.credentialSubject, statusPurpose: 'suspension' } };
    expect(readCredentialStatus(entry({ statusPurpose: 'suspension' }), 'x', suspension)).toMatchObject({ ok: true, status: 'suspended' });
    expect(readCredentialStatus(entry({ statusPurpose: 'suspension' }), 'x', list)).toMatchObject({ ok: false, code: 'PURPOSE_MISMATCH' });
    expect(readCredentialStatus(entry({ statusListIndex: '131072' }), 'x', list)).toMatchObject({ ok: false, code: 'RANGE_ERROR' });
    expect(readCredentialStatus(entry({ statusSize: 2, statusMessage: [] }), 'x', list)).toMatchObject({ ok: false, code: 'STATUS_LIST_LENGTH_ERROR' });
    const short = { ...list, credentialSubject: { ...list.credentialSubject, encodedList: 'u' + gzipSync(new Uint8Array(1024)).toString('base64url') } };
    expect(readCredentialStatus(entry(), 'x', short)).toMatchObject({ ok: false, code: 'STATUS_LIST_LENGTH_ERROR' });
    expect(readCredentialStatus(entry({ statusListIndex: '-1' }), 'x', list)).toMatchObject({ ok: false, code: 'MALFORMED_VALUE_ERROR' });
    expect(readCredentialStatus(entry(), 'x', { ...list, type: ['VerifiableCredential'] })).toMatchObject({ ok: false, code: 'STATUS_VERIFICATION_ERROR' });
    expect(readCredentialStatus(entry(), 'x', { ...list, validUntil: '2020-01-01T00:00:00Z' }, new Date('2026-01-01T00:00:00Z'))).toMatchObject({ ok: false, code: 'STATUS_VERIFICATION_ERROR' });
    expect(readCredentialStatus(entry({ statusListCredential: 'https://other.example/list' }), 'x', list)).toMatchObject({ ok: false, code: 'STATUS_VERIFICATION_ERROR' });
    expect(readCredentialStatus({ type: 'Other' }, 'x', list)).toMatchObject({ ok: false, code: 'UNSUPPORTED_STATUS_TYPE' });
    for (const junk of [null, 'x', 42, [], {}]) expect(readCredentialStatus(entry(), 'x', junk).ok).toBe(false);
  });

  it('reads the W3C example list (all zero) as valid', () => {
    const w3cList = readStandardsJson('examples/w3c-bitstring-status-list/bitstring-status-list-credential.json');
    const vc = readStandardsJson('examples/w3c-bitstring-status-list/revocable-credential.json');
    expect(readCredentialStatus(vc.credentialStatus, vc.id, w3cList)).toEqual({ ok: true, status: 'valid', purpose: 'revocation', value: 0 });
  });

  it('maps statusMessage for multi-bit entries', () => {
    const bits = createBitstring(131072 * 2);
    setStatusValue(bits, 7, 3, 2);
    const l = buildStatusListCredential({ id: 'https://x.example/m', issuer: 'did:web:x.example', purpose: 'message', encodedList: encodeList(bits), validFrom: '2026-01-01T00:00:00Z' });
    const e = { ...buildStatusEntry(l.id, 7, 'message'), statusSize: 2, statusMessage: [{ status: '0x0', message: 'ok' }, { status: '0x3', message: 'under review' }] };
    expect(readCredentialStatus(e, 'x', l)).toEqual({ ok: true, status: 'flagged', purpose: 'message', value: 3, message: 'under review' });
  });

  it('reads legacy StatusList2021 lists (base64url without the multibase prefix)', () => {
    const bits = createBitstring();
    setBit(bits, 100);
    const legacy = {
      id: 'https://x.example/sl21', type: ['VerifiableCredential', 'StatusList2021Credential'],
      credentialSubject: { id: 'https://x.example/sl21#list', type: 'StatusList2021', statusPurpose: 'revocation', encodedList: gzipSync(bits).toString('base64url') },
    };
    const e = { id: 'https://x.example/sl21#100', type: 'StatusList2021Entry', statusPurpose: 'revocation', statusListIndex: '100', statusListCredential: legacy.id };
    expect(readCredentialStatus(e, 'x', legacy)).toMatchObject({ ok: true, status: 'revoked' });
    expect(readCredentialStatus({ ...e, statusListIndex: '101' }, 'x', legacy)).toMatchObject({ ok: true, status: 'valid' });
  });

  it('reads 1EdTech revocation lists by credential id', () => {
    const doc = { revokedCredential: [{ id: 'urn:uuid:a', revocationReason: 'Issued in error' }, { id: 'urn:uuid:b', revoked: false }, { id: 'urn:uuid:c', revoked: true }] };
    expect(readOneEdTechRevocationList('urn:uuid:a', doc)).toEqual({ ok: true, status: 'revoked', purpose: 'revocation', value: 1, message: 'Issued in error' });
    expect(readOneEdTechRevocationList('urn:uuid:b', doc)).toMatchObject({ status: 'valid' });
    expect(readOneEdTechRevocationList('urn:uuid:c', doc)).toMatchObject({ status: 'revoked' });
    expect(readOneEdTechRevocationList('urn:uuid:z', doc)).toMatchObject({ status: 'valid' });
    expect(readCredentialStatus({ id: 'https://x.example/rl', type: '1EdTechRevocationList' }, 'urn:uuid:a', doc)).toMatchObject({ status: 'revoked' });
    expect(readOneEdTechRevocationList('urn:uuid:a', { revokedCredential: 'x' })).toMatchObject({ ok: false });
  });
});

describe('pickRandomFreeIndex', () => {
  it('returns unused indexes, spread over the list, and fails when full', () => {
    const random = seeded();
    const used = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const idx = pickRandomFreeIndex(used, 131072, random);
      expect(used.has(idx)).toBe(false);
      used.add(idx);
    }
    const sorted = [...used].sort((a, b) => a - b);
    expect(sorted[0]!).toBeLessThan(1000);
    expect(sorted[999]!).toBeGreaterThan(130000);
    const nearlyFull = new Set(Array.from({ length: 127 }, (_, i) => i));
    expect(pickRandomFreeIndex(nearlyFull, 128, random)).toBe(127);
    const bits = createBitstring();
    bits.fill(0xff);
    clearBit(bits, 4242);
    expect(pickRandomFreeIndex((i) => getBit(bits, i), 131072, random)).toBe(4242);
    expect(() => pickRandomFreeIndex(new Set([0, 1]), 2, random)).toThrow(expect.objectContaining({ code: 'status_list_full' }));
    bits.fill(0xff);
    expect(() => pickRandomFreeIndex((i) => getBit(bits, i), 131072, random)).toThrow(AppError);
  });
  it('randomInt is unbiased in range', () => {
    const random = seeded(7);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[randomInt(3, random)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });
});
