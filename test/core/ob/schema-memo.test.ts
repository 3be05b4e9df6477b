import { describe, expect, it } from 'vitest';
import { buildAchievementCredential, buildEmailIdentity, type AchievementCredentialInput } from '../../../src/core/ob/index.ts';
import { SchemaPassMemo } from '../../../src/core/ob/schema-memo.ts';
import { validateOb3Credential } from '../../../src/core/schema/index.ts';

const issuer = { id: 'https://northbridge.example/issuers/1', name: 'Northbridge' };
const achievement = { id: 'https://northbridge.example/achievements/1', name: 'Data Basics', description: 'Basics.', criteria: { narrative: 'Pass the quiz.' } };
const input = (n: number, over: Partial<AchievementCredentialInput> = {}): AchievementCredentialInput => ({
  id: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
  issuer,
  validFrom: new Date(`2026-12-0${n}T20:00:00Z`),
  credentialSubject: { identifier: [buildEmailIdentity(`learner${n}@example.com`, `salt${n}`)], achievement, creditsEarned: n },
  credentialStatus: {
    id: `https://badges.example.edu/status/list-${n}#${n * 17}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation',
    statusListIndex: String(n * 17), statusListCredential: `https://badges.example.edu/status/list-${n}`,
  },
  credentialSchema: true,
  ...over,
});

describe('SchemaPassMemo with buildAchievementCredential', () => {
  it('builds the same credential with or without the memo, and remembers one shape for values that only differ', () => {
    const memo = new SchemaPassMemo();
    for (const n of [1, 2, 3]) {
      const memoised = buildAchievementCredential(input(n), { memo });
      expect(memoised).toEqual(buildAchievementCredential(input(n)));
      expect(validateOb3Credential(memoised).valid).toBe(true);
    }
    expect(memo.size).toBe(1);
  });

  it('keeps apart credentials whose fixed parts differ (issuer, achievement, members present)', () => {
    const memo = new SchemaPassMemo();
    buildAchievementCredential(input(1), { memo });
    buildAchievementCredential(input(1, { issuer: { ...issuer, name: 'Other' } }), { memo });
    buildAchievementCredential(input(1, { credentialSubject: { identifier: [buildEmailIdentity('a@example.com', 's')], achievement: { ...achievement, name: 'Other' } } }), { memo });
    buildAchievementCredential(input(1, { validUntil: new Date('2028-01-01T00:00:00Z') }), { memo });
    expect(memo.size).toBe(4);
  });

  it('never memoises a credential with free-form results or evidence: each gets the full schema run', () => {
    const memo = new SchemaPassMemo();
    const withResult = input(1, { credentialSubject: { ...input(1).credentialSubject, result: [{ type: ['Result'], value: '80' }] } });
    const withEvidence = input(2, { evidence: [{ id: 'https://northbridge.example/evidence/1', type: ['Evidence'], narrative: 'Project.' }] });
    for (const i of [withResult, withEvidence]) {
      const vc = buildAchievementCredential(i, { memo });
      expect(memo.keyOf(vc as unknown as Record<string, unknown>)).toBeUndefined();
    }
    expect(memo.size).toBe(0);
  });

  it('compares generated values by shape only, and forgets everything when full', () => {
    const memo = new SchemaPassMemo(2);
    const a = memo.keyOf({ id: 'urn:uuid:aaaa-1111', validFrom: '2026-12-04T20:00:00Z', name: 'x' });
    const b = memo.keyOf({ id: 'urn:uuid:bbbb-2222', validFrom: '2027-01-05T21:30:00Z', name: 'x' });
    const c = memo.keyOf({ id: 'not a uri', validFrom: '2026-12-04T20:00:00Z', name: 'x' });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    memo.add(a!); memo.add(c!);
    expect(memo.has(b!)).toBe(true);
    memo.add('third');
    expect(memo.size).toBe(1);
    expect(memo.has(a!)).toBe(false);
  });
});
