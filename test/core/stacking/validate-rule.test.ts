import { describe, expect, it } from 'vitest';
import { validateRule, type PathwayDefinition, type ValidationContext } from '../../../src/core/stacking/index.ts';
import { A, ANALYST, OTHER_ISSUER, OTHER_SQL, leaf } from './fixtures.ts';

const ctx: ValidationContext = {
  knownAchievementIds: Object.values(A),
  achievements: {
    [A.basics]: { name: 'Data Basics', creditsAvailable: 6, resultDescriptionIds: ['urn:rd:quiz'] },
    [A.sql]: { name: 'SQL', creditsAvailable: 4 },
    [A.stats]: { name: 'Statistics', creditsAvailable: 4 },
  },
  pathways: [ANALYST],
  self: { targetAchievementId: A.scientist },
};

interface Case {
  name: string;
  rule: unknown;
  ctx?: ValidationContext;
  issues: { path: string; message: string | RegExp }[];
}

const cases: Case[] = [
  { name: 'a valid nested rule', rule: { type: 'allOf', within: 'P12M', children: [leaf(A.basics, { key: 'b' }), leaf(A.sql, { after: ['b'] }), { type: 'pathway', pathwayId: ANALYST.id }] }, issues: [] },
  { name: 'external leaf needs no local achievement', rule: leaf(OTHER_SQL, { achievement: { achievementId: OTHER_SQL, issuerId: OTHER_ISSUER } }), issues: [] },
  { name: 'not an object', rule: 'allOf', issues: [{ path: '', message: /must be a JSON object/ }] },
  { name: 'unknown node type', rule: { type: 'someOf', children: [] }, issues: [{ path: '/type', message: 'Unknown node type "someOf": use allOf, anyOf, nOf, minCredits, credential or pathway.' }] },
  { name: 'empty children', rule: { type: 'allOf', children: [] }, issues: [{ path: '/children', message: 'allOf needs a non-empty list of children.' }] },
  {
    name: 'unknown credential',
    rule: { type: 'anyOf', children: [leaf('urn:uuid:nope')] },
    issues: [{ path: '/children/0/achievement/achievementId', message: /Unknown micro-credential "urn:uuid:nope"/ }],
  },
  { name: 'missing achievement id', rule: { type: 'credential', achievement: {} }, issues: [{ path: '/achievement/achievementId', message: 'achievementId must be a non-empty string.' }] },
  { name: 'bad external issuer', rule: leaf('x', { achievement: { achievementId: 'x', issuerId: 'nobody' } }), issues: [{ path: '/achievement/issuerId', message: /DID or URL/ }] },
  {
    name: 'impossible N',
    rule: { type: 'nOf', n: 3, children: [leaf(A.basics), leaf(A.sql)] },
    issues: [{ path: '/n', message: 'Impossible: needs 3 of only 2 components.' }],
  },
  { name: 'N of zero', rule: { type: 'nOf', n: 0, children: [leaf(A.basics)] }, issues: [{ path: '/n', message: 'n must be a whole number of at least 1, not 0.' }] },
  { name: 'fractional N', rule: { type: 'nOf', n: 1.5, children: [leaf(A.basics)] }, issues: [{ path: '/n', message: 'n must be a whole number of at least 1, not 1.5.' }] },
  { name: 'negative credits', rule: { type: 'minCredits', credits: -3, children: [leaf(A.basics)] }, issues: [{ path: '/credits', message: 'credits cannot be negative (-3).' }] },
  { name: 'zero credits', rule: { type: 'minCredits', credits: 0, children: [leaf(A.basics)] }, issues: [{ path: '/credits', message: 'credits must be more than 0.' }] },
  {
    name: 'credits no combination can reach',
    rule: { type: 'minCredits', credits: 20, children: [leaf(A.basics), leaf(A.sql), leaf(A.stats)] },
    issues: [{ path: '/credits', message: 'Impossible: needs 20 credits but its components offer at most 14.' }],
  },
  { name: 'unknown credits are not judged', rule: { type: 'minCredits', credits: 50, children: [leaf(A.basics), leaf(A.viz)] }, issues: [] },
  { name: 'negative leaf credits', rule: leaf(A.basics, { credits: -1 }), issues: [{ path: '/credits', message: 'credits must be a number of at least 0.' }] },
  { name: 'bad duration', rule: { type: 'allOf', within: '12 months', children: [leaf(A.basics)] }, issues: [{ path: '/within', message: /ISO-8601 duration such as P12M/ }] },
  { name: 'zero duration', rule: { type: 'allOf', within: 'P0D', children: [leaf(A.basics)] }, issues: [{ path: '/within', message: /ISO-8601 duration/ }] },
  { name: 'within on a leaf', rule: leaf(A.basics, { within: 'P1Y' }), issues: [{ path: '/within', message: /applies to groups/ }] },
  {
    name: 'after an unknown key',
    rule: { type: 'allOf', children: [leaf(A.basics), leaf(A.sql, { after: ['basics'] })] },
    issues: [{ path: '/children/1/after', message: 'after refers to "basics", but no leaf has that key.' }],
  },
  {
    name: 'order cycle',
    rule: { type: 'allOf', children: [leaf(A.basics, { key: 'b', after: ['s'] }), leaf(A.sql, { key: 's', after: ['b'] })] },
    issues: [{ path: '/children/0/after', message: 'The order has a cycle: b → s → b; no learner could ever satisfy it.' }],
  },
  {
    name: 'duplicate key',
    rule: { type: 'allOf', children: [leaf(A.basics, { key: 'k' }), leaf(A.sql, { key: 'k' })] },
    issues: [{ path: '/children/1/key', message: 'key "k" is already used at /children/0.' }],
  },
  {
    name: 'the same credential twice in a group',
    rule: { type: 'allOf', children: [leaf(A.basics), leaf(A.sql, { equivalents: [{ achievementId: A.basics }] })] },
    issues: [{ path: '/children/1', message: 'Data Basics is already listed in this group (child 1); one credential cannot count twice.' }],
  },
  {
    name: 'minResult without a number',
    rule: leaf(A.basics, { achievement: { achievementId: A.basics, minResult: { resultDescription: 'urn:rd:quiz', minValue: 'B' } } }),
    issues: [{ path: '/achievement/minResult/minValue', message: /must be a number/ }],
  },
  {
    name: 'minResult on an unknown result description',
    rule: leaf(A.basics, { achievement: { achievementId: A.basics, minResult: { resultDescription: 'urn:rd:nope', minValue: 80 } } }),
    issues: [{ path: '/achievement/minResult/resultDescription', message: 'Data Basics has no result description "urn:rd:nope".' }],
  },
  {
    name: 'minResult value off its scale',
    rule: leaf(A.sql, { achievement: { achievementId: A.sql, minResult: { resultDescription: 'r', minValue: 'A+', scale: ['C', 'B', 'A'] } } }),
    issues: [{ path: '/achievement/minResult/minValue', message: 'minValue "A+" is not one of the scale’s values (C, B, A).' }],
  },
  { name: 'requiring its own credential', rule: leaf(A.scientist), issues: [{ path: '/achievement/achievementId', message: /cannot require its own credential/ }] },
  { name: 'unknown pathway', rule: { type: 'pathway', pathwayId: 'pw-none' }, issues: [{ path: '/pathwayId', message: 'Unknown pathway "pw-none".' }] },
];

describe('validateRule', () => {
  it.each(cases)('$name', (c) => {
    const issues = validateRule(c.rule, c.ctx ?? ctx);
    expect(issues).toHaveLength(c.issues.length);
    c.issues.forEach((want, i) => {
      expect(issues[i]!.path).toBe(want.path);
      if (typeof want.message === 'string') expect(issues[i]!.message).toBe(want.message);
      else expect(issues[i]!.message).toMatch(want.message);
    });
  });

  it('finds a cycle across nested pathways and points at the leaf that closes it', () => {
    // Data Scientist (being saved) requires Data Analyst; Data Analyst is changed to require Data Scientist.
    const analyst: PathwayDefinition = { ...ANALYST, rule: { type: 'allOf', children: [leaf(A.basics), leaf(A.scientist)] } };
    const issues = validateRule(
      { type: 'allOf', children: [leaf(A.python), { type: 'pathway', pathwayId: ANALYST.id }] },
      { ...ctx, pathways: [analyst], self: { id: 'pw-scientist', targetAchievementId: A.scientist } },
    );
    expect(issues).toEqual([{ path: '/children/1', message: 'Cycle across nested pathways: this pathway → Data Analyst → this pathway.' }]);
  });

  it('finds a cycle through a credential leaf naming another pathway’s target', () => {
    const analyst: PathwayDefinition = { ...ANALYST, rule: { type: 'pathway', pathwayId: 'pw-scientist' } };
    const issues = validateRule(leaf(A.analyst), { ...ctx, pathways: [analyst], self: { id: 'pw-scientist', targetAchievementId: A.scientist } });
    expect(issues.map((i) => i.message)).toEqual(['Cycle across nested pathways: this pathway → Data Analyst → this pathway.']);
  });

  it('a pathway cannot contain itself', () => {
    const issues = validateRule({ type: 'pathway', pathwayId: 'pw-x' }, { ...ctx, self: { id: 'pw-x', targetAchievementId: A.scientist } });
    expect(issues.map((i) => i.message)).toContain('Cycle: the pathway cannot contain itself.');
  });

  it('rejects rules that are too deep', () => {
    let rule: unknown = leaf(A.basics);
    for (let i = 0; i < 25; i++) rule = { type: 'allOf', children: [rule] };
    expect(validateRule(rule, ctx).some((i) => /nested too deeply/.test(i.message))).toBe(true);
  });
});
