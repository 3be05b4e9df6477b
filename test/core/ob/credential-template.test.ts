import { describe, expect, it } from 'vitest';
import { buildAchievementCredential, buildEmailIdentity, type AchievementCredentialInput } from '../../../src/core/ob/index.ts';
import { isTemplate, refillAchievementCredential, type RefillValues } from '../../../src/core/ob/credential-template.ts';
import { validateOb3Credential } from '../../../src/core/schema/index.ts';

const issuer = { id: 'did:web:badges.example.edu:issuers:northbridge', name: 'Northbridge', url: 'https://northbridge.example' };
const achievement = {
  id: 'https://badges.example.edu/achievements/1', name: 'Data Basics', description: 'Basics.', criteria: { narrative: 'Pass the quiz.' },
  achievementType: 'MicroCredential' as const, creditsAvailable: 5, tag: ['data'],
};
const status = (n: number) => ({
  id: `https://badges.example.edu/status/list-${n % 3}#${n * 17}`, type: 'BitstringStatusListEntry' as const, statusPurpose: 'revocation',
  statusListIndex: String(n * 17), statusListCredential: `https://badges.example.edu/status/list-${n % 3}`,
  statusReference: `https://badges.example.edu/status/list-${n % 3}/suspension`,
});
const values = (n: number, shape: { until: boolean; credits: boolean }): RefillValues => ({
  id: `urn:uuid:01900000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  validFrom: new Date(Date.UTC(2026, 11, 1 + (n % 27), n % 24, n % 60, n % 60, n % 7 === 0 ? 0 : n % 1000)),
  ...(shape.until ? { validUntil: new Date(Date.UTC(2028, 11, 1 + (n % 27))) } : {}),
  identity: buildEmailIdentity(`learner${n}@example.com`, `${n}`.padStart(32, 'a')),
  credentialStatus: status(n),
  ...(shape.credits ? { creditsEarned: n % 6 } : {}),
});
/** What the service gives the builder for these values. */
const input = (v: RefillValues): AchievementCredentialInput => ({
  id: v.id, issuer, validFrom: v.validFrom, ...(v.validUntil ? { validUntil: v.validUntil } : {}), name: achievement.name,
  credentialSubject: { identifier: [v.identity], achievement, ...(v.creditsEarned !== undefined ? { creditsEarned: v.creditsEarned } : {}) },
  credentialStatus: v.credentialStatus, credentialSchema: true,
});

describe('refillAchievementCredential', () => {
  const shapes = [{ until: true, credits: true }, { until: false, credits: true }, { until: true, credits: false }, { until: false, credits: false }];

  it.each(shapes)('gives the builder\'s document, member for member and in order (validUntil: $until, credits: $credits)', (shape) => {
    const template = buildAchievementCredential(input(values(1, shape)));
    expect(isTemplate(template)).toBe(true);
    for (let n = 2; n < 120; n++) {
      const v = values(n, shape);
      const refilled = refillAchievementCredential(template, v);
      // JSON text equality also checks member order, which the signature's stored form depends on.
      expect(JSON.stringify(refilled)).toBe(JSON.stringify(buildAchievementCredential(input(v))));
    }
    expect(validateOb3Credential(refillAchievementCredential(template, values(200, shape))).valid).toBe(true);
  });

  it('leaves the template as it was', () => {
    const template = buildAchievementCredential(input(values(1, shapes[0]!)));
    const before = JSON.stringify(template);
    refillAchievementCredential(template, values(2, shapes[0]!));
    expect(JSON.stringify(template)).toBe(before);
  });

  it('checks each value as the builder does, naming the field at fault', () => {
    const template = buildAchievementCredential(input(values(1, shapes[0]!)));
    const v = values(2, shapes[0]!);
    const cases: [Partial<RefillValues>, string][] = [
      [{ id: 'not a uri' }, 'id'],
      [{ validFrom: 'yesterday' }, 'validFrom'],
      [{ validUntil: new Date('2020-01-01T00:00:00Z') }, 'validUntil'],
      [{ credentialStatus: { ...status(2), statusListIndex: '-1' } }, 'credentialStatus.statusListIndex'],
      [{ identity: { ...v.identity, identityHash: 'sha256$nothex' } }, 'credentialSubject.identifier[0].identityHash'],
      [{ creditsEarned: -1 }, 'credentialSubject.creditsEarned'],
    ];
    for (const [over, field] of cases) {
      expect(() => refillAchievementCredential(template, { ...v, ...over })).toThrow(expect.objectContaining({ code: 'validation_failed', field }));
    }
  });

  it('refuses a credential with per-credential content as a template, and values of another shape', () => {
    const base = input(values(1, shapes[0]!));
    const withResult = buildAchievementCredential({ ...base, credentialSubject: { ...base.credentialSubject, result: [{ type: ['Result'], value: '80' }] } });
    const withEvidence = buildAchievementCredential({ ...base, evidence: [{ id: 'https://northbridge.example/evidence/1', narrative: 'Project.' }] });
    const withDates = buildAchievementCredential({ ...base, credentialSubject: { ...base.credentialSubject, activityStartDate: '2026-01-01T00:00:00Z' } });
    for (const vc of [withResult, withEvidence, withDates]) {
      expect(isTemplate(vc)).toBe(false);
      expect(() => refillAchievementCredential(vc, values(2, shapes[0]!))).toThrow(/not a template/);
    }
    const template = buildAchievementCredential(base);
    expect(() => refillAchievementCredential(template, values(2, shapes[3]!))).toThrow(/exactly when the template has them/);
  });
});
