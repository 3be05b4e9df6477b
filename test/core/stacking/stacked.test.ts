import { describe, expect, it } from 'vitest';
import { stackedCredits, stackedEvidence, stackingAssociations, type Rule, type StackedComponent } from '../../../src/core/stacking/index.ts';

const comp = (achievementId: string, day: string, credits: number, verify = true): StackedComponent => ({
  credentialId: `urn:uuid:${achievementId}-cred`, achievementId, achievementObId: `https://uni.example/achievements/${achievementId}`,
  achievementName: achievementId.toUpperCase(), issuedAt: new Date(`${day}T00:00:00Z`), credits, ...(verify ? { verifyUrl: `https://uni.example/v/${achievementId}` } : {}),
});

describe('stacked credential parts', () => {
  const parts = [comp('sql', '2026-03-01', 4), comp('basics', '2026-01-01', 6), comp('ext', '2026-02-01', 2.5, false)];

  it('lists every component as evidence, in the order earned, linking to its verify page', () => {
    expect(stackedEvidence(parts)).toEqual([
      { type: 'Evidence', id: 'https://uni.example/v/basics', name: 'BASICS', description: 'Component credential urn:uuid:basics-cred, earned on 2026-01-01.', genre: 'Component credential' },
      { type: 'Evidence', name: 'EXT', description: 'Component credential urn:uuid:ext-cred, earned on 2026-02-01.', genre: 'Component credential' },
      { type: 'Evidence', id: 'https://uni.example/v/sql', name: 'SQL', description: 'Component credential urn:uuid:sql-cred, earned on 2026-03-01.', genre: 'Component credential' },
    ]);
  });

  it('adds up the credits', () => {
    expect(stackedCredits(parts)).toBe(12.5);
    expect(stackedCredits([])).toBe(0);
  });

  it('associates every component isPartOf the target and orders prerequisites with precedes', () => {
    const rule: Rule = { type: 'allOf', children: [
      { type: 'credential', key: 'b', achievement: { achievementId: 'basics' } },
      { type: 'credential', after: ['b'], achievement: { achievementId: 'sql' } },
      { type: 'credential', after: ['b'], achievement: { achievementId: 'missing' } },
    ] };
    const target = 'https://uni.example/achievements/analyst';
    expect(stackingAssociations(rule, target, parts.slice(0, 2))).toEqual([
      { associationType: 'isPartOf', sourceId: 'https://uni.example/achievements/sql', targetId: target },
      { associationType: 'isPartOf', sourceId: 'https://uni.example/achievements/basics', targetId: target },
      { associationType: 'precedes', sourceId: 'https://uni.example/achievements/basics', targetId: 'https://uni.example/achievements/sql' },
    ]);
  });
});
