/** The wallet's pure rules: credential state, share-link expiry and status, filters, generated badge PNG. */
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { AppError } from '../../src/core/errors.ts';
import { shareExpiryOf, shareStatus } from '../../src/services/wallet-shares.service.ts';
import { hexagonPng } from '../../src/services/wallet-images.ts';
import { filterWallet, walletState, type WalletCredential } from '../../src/services/wallet-view.ts';

const now = new Date('2026-12-04T20:00:00.000Z');

describe('walletState', () => {
  it.each([
    [{ validUntil: null }, 'valid'],
    [{ validUntil: '2026-12-04T20:00:00.000Z' }, 'expired'],
    [{ validUntil: '2026-12-05T00:00:00.000Z' }, 'valid'],
    [{ validUntil: '2020-01-01T00:00:00.000Z', suspendedAt: '2026-01-01T00:00:00Z' }, 'suspended'],
    [{ validUntil: null, suspendedAt: '2026-01-01T00:00:00Z', revokedAt: '2026-02-01T00:00:00Z' }, 'revoked'],
  ])('%j → %s', (c, state) => expect(walletState(c, now)).toBe(state));
});

describe('share link expiry (the LINK, not the credential)', () => {
  it.each([
    ['never', undefined, null],
    ['', undefined, null],
    ['1d', undefined, '2026-12-05T20:00:00.000Z'],
    ['1w', undefined, '2026-12-11T20:00:00.000Z'],
    ['30d', undefined, '2027-01-03T20:00:00.000Z'],
    ['date', '2027-01-31', '2027-01-31T23:59:59.999Z'],
  ])('%s %s → %s', (expiry, on, expected) => expect(shareExpiryOf(expiry, on, now)).toBe(expected));

  it.each([['date', '2026-12-03', 'expiresOn'], ['date', '31/01/2027', 'expiresOn'], ['forever', undefined, 'expiry']])('refuses %s %s naming %s', (expiry, on, field) => {
    try {
      shareExpiryOf(expiry, on, now);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).field).toBe(field);
    }
  });

  it('withdrawn wins over expired, expired over active', () => {
    expect(shareStatus({ revokedAt: null, expiresAt: null }, now)).toBe('active');
    expect(shareStatus({ revokedAt: null, expiresAt: '2026-12-04T20:00:00.000Z' }, now)).toBe('expired');
    expect(shareStatus({ revokedAt: '2026-12-01T00:00:00Z', expiresAt: '2026-12-02T00:00:00Z' }, now)).toBe('withdrawn');
  });
});

describe('filterWallet', () => {
  const c = (name: string, issuer: string, state: WalletCredential['state'], visibility: 'public' | 'private', competencies: string[] = []) =>
    ({ kind: 'issued', id: name, name, issuer: { id: issuer, name: issuer }, state, visibility, display: { competencies: competencies.map((n) => ({ name: n })), results: [], evidence: [], types: [], issuer: {} } }) as unknown as WalletCredential;
  const all = [c('SQL Basics', 'Partner', 'valid', 'public', ['Querying']), c('Python', 'Northbridge', 'expired', 'private'), c('Welding', 'Northbridge', 'revoked', 'private')];
  it.each([
    [{}, ['SQL Basics', 'Python', 'Welding']],
    [{ q: 'query' }, ['SQL Basics']],
    [{ q: 'NORTH' }, ['Python', 'Welding']],
    [{ state: 'expired' }, ['Python']],
    [{ visibility: 'public' }, ['SQL Basics']],
    [{ issuer: 'Northbridge', state: 'revoked' }, ['Welding']],
    [{ state: 'all', visibility: 'all', issuer: 'all' }, ['SQL Basics', 'Python', 'Welding']],
  ])('%j', (f, names) => expect(filterWallet(all, f).map((x) => x.name)).toEqual(names));
});

describe('hexagonPng', () => {
  it('is a valid 256×256 RGBA PNG, coloured in the middle and transparent in the corner', () => {
    const png = PNG.sync.read(Buffer.from(hexagonPng('#1f4e79')));
    expect([png.width, png.height]).toEqual([256, 256]);
    const at = (x: number, y: number) => [...png.data.subarray((y * 256 + x) * 4, (y * 256 + x) * 4 + 4)];
    expect(at(128, 128)).toEqual([0x1f, 0x4e, 0x79, 255]);
    expect(at(2, 2)).toEqual([0, 0, 0, 0]);
  });
});
