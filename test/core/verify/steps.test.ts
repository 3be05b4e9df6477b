// The verifier's own steps and options on small, hand-made inputs.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkContextAndType } from '../../../src/core/verify/context-and-type.ts';
import { checkValidityWindow } from '../../../src/core/verify/validity-window.ts';
import { companionSuspensionEntry } from '../../../src/core/verify/status-step.ts';
import { collectEndorsements } from '../../../src/core/verify/nested.ts';
import { verifyCredential } from '../../../src/core/verify/index.ts';
import { standardsPath } from '../../helpers/standards.ts';

const now = new Date('2026-12-04T20:00:00Z');
const VC2 = 'https://www.w3.org/ns/credentials/v2';
const OB = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

describe('validity_window', () => {
  it.each([
    [{ validFrom: '2026-01-01T00:00:00Z' }, 'valid', undefined],
    [{ validFrom: '2026-01-01T00:00:00Z', validUntil: '2026-12-04T20:00:00Z' }, 'invalid', 'expired'],
    [{ validFrom: '2026-12-04T20:00:01Z' }, 'invalid', 'not_yet_valid'],
    [{ issuanceDate: '2020-01-01T00:00:00Z', expirationDate: '2021-01-01T00:00:00Z' }, 'invalid', 'expired'],
    [{ issuanceDate: '2020-01-01T00:00:00Z' }, 'valid', undefined],
    [{ validFrom: '2026-01-01' }, 'invalid', 'bad_date'],
    [{}, 'invalid', 'missing_start'],
  ] as const)('%j → %s %s', (vc, status, reason) => {
    const c = checkValidityWindow(vc as Record<string, unknown>, now);
    expect(c.status).toBe(status);
    expect(c.details?.reason).toBe(reason);
  });
});

describe('context_and_type', () => {
  it('names what is wrong', () => {
    expect(checkContextAndType({ '@context': [VC2, OB], type: ['VerifiableCredential', 'OpenBadgeCredential'] }).status).toBe('valid');
    expect(checkContextAndType({ '@context': [VC2, OB], type: ['VerifiableCredential', 'EndorsementCredential'] }).message).toContain('endorsement');
    expect(checkContextAndType({ '@context': [OB, VC2], type: ['VerifiableCredential', 'OpenBadgeCredential'] }).message).toContain('first @context');
    expect(checkContextAndType({ '@context': [VC2], type: ['VerifiableCredential', 'OpenBadgeCredential'] }).message).toContain('second @context');
    expect(checkContextAndType({ '@context': [VC2, OB], type: ['VerifiableCredential'] }).message).toContain('OpenBadgeCredential');
    expect(checkContextAndType({ '@context': [VC2, OB], type: ['VerifiableCredential', 'ClrCredential'] }).message).toContain('CLR 2.0 context');
  });
});

describe('status and endorsement helpers', () => {
  it('reads the suspension companion list only from a /suspension statusReference (decision 010)', () => {
    const entry = { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '42', statusListCredential: 'https://x.example/status/1', statusReference: 'https://x.example/status/1/suspension' };
    expect(companionSuspensionEntry(entry)).toEqual({ type: 'BitstringStatusListEntry', statusPurpose: 'suspension', statusListIndex: '42', statusListCredential: 'https://x.example/status/1/suspension' });
    expect(companionSuspensionEntry({ ...entry, statusReference: 'https://x.example/docs/status' })).toBeUndefined();
    expect(companionSuspensionEntry({ ...entry, statusPurpose: 'suspension' })).toBeUndefined();
  });

  it('finds endorsements on the credential, its achievement and its issuer, but not inside CLR-nested credentials', () => {
    const e = (n: string) => ({ id: n });
    const vc = {
      endorsement: [e('a')], endorsementJwt: ['x.y.z'], issuer: { endorsement: e('b') },
      credentialSubject: { achievement: { endorsement: [e('c')] }, verifiableCredential: [{ endorsement: [e('nested')] }] },
      proof: { endorsement: [e('proof')] },
    };
    expect(collectEndorsements(vc)).toEqual(expect.arrayContaining([e('a'), 'x.y.z', e('b'), e('c')]));
    expect(collectEndorsements(vc)).toHaveLength(4);
  });
});

describe('options', () => {
  const jcs = readFileSync(standardsPath('vectors/w3c-vc-di-eddsa/eddsa-jcs-2022/signedJCS.json'), 'utf8');
  const complete = readFileSync(standardsPath('vectors/1edtech-validator/ob30/valid-vc2/complete.json'), 'utf8');

  it('allowedSuites: a proof in a suite that is not allowed is "could not check"', async () => {
    const r = await verifyCredential(jcs, { now, allowedSuites: ['eddsa-rdfc-2022'] });
    expect(r.checks.find((c) => c.id === 'proof')!.status).toBe('unknown');
    const all = await verifyCredential(jcs, { now });
    expect(all.checks.find((c) => c.id === 'proof')!.status).toBe('valid');
  });

  it('maxDepth: endorsements below the limit are not checked and say so', async () => {
    const r = await verifyCredential(complete, { now, maxDepth: 0 });
    const e = r.checks.find((c) => c.id === 'endorsements')!;
    expect(e.status).toBe('unknown');
    expect(e.message).toMatch(/nested too deeply/);
    expect(r.children).toBeUndefined();
  });
});
