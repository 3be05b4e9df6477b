import { describe, expect, it } from 'vitest';
import { evaluateRule, type EvaluationContext, type HeldCredential, type Rule, type TraceNode } from '../../../src/core/stacking/index.ts';
import { A, ANALYST, NAMES, NOW, OTHER_ISSUER, OTHER_SQL, held, leaf } from './fixtures.ts';

interface Case {
  name: string;
  rule: Rule;
  held: HeldCredential[];
  ctx?: EvaluationContext;
  satisfied: boolean;
  progress?: { earned: number; required: number; unit?: 'components' | 'credits' };
  /** Expected message per node path ('' = root). */
  messages: Record<string, string>;
  /** Indexes into `held` of the credentials counted at the root, in any order. */
  used?: number[];
  credits?: number;
}

const basics = held(A.basics, '2026-01-10', { credits: 6 });
const sql = held(A.sql, '2026-02-15', { credits: 4 });
const stats = held(A.stats, '2026-03-20', { credits: 4 });

const cases: Case[] = [
  // allOf
  {
    name: 'allOf: every component earned',
    rule: { type: 'allOf', children: [leaf(A.basics), leaf(A.sql)] },
    held: [basics, sql],
    satisfied: true,
    progress: { earned: 2, required: 2 },
    messages: { '': 'Complete: all 2 earned.', '/children/0': 'Data Basics: earned on 2026-01-10.' },
    used: [0, 1],
    credits: 10,
  },
  {
    name: 'allOf: one missing is named',
    rule: { type: 'allOf', children: [leaf(A.basics), leaf(A.sql), leaf(A.stats)] },
    held: [basics],
    satisfied: false,
    progress: { earned: 1, required: 3 },
    messages: { '': 'Earned 1 of 3; needs 2 more: SQL, Statistics.', '/children/1': 'SQL: not yet earned.' },
    used: [0],
  },
  // anyOf
  {
    name: 'anyOf: none held',
    rule: { type: 'anyOf', children: [leaf(A.basics), leaf(A.sql)] },
    held: [],
    satisfied: false,
    progress: { earned: 0, required: 1 },
    messages: { '': 'Needs one of: Data Basics, SQL.' },
  },
  {
    name: 'anyOf: one is enough',
    rule: { type: 'anyOf', children: [leaf(A.basics), leaf(A.sql)] },
    held: [sql],
    satisfied: true,
    messages: { '': 'Complete: earned SQL.' },
    used: [0],
  },
  // nOf
  {
    name: 'nOf: needs 2 more of the missing ones',
    rule: { type: 'nOf', n: 3, children: [leaf(A.basics), leaf(A.sql), leaf(A.stats), leaf(A.viz)] },
    held: [stats],
    satisfied: false,
    progress: { earned: 1, required: 3 },
    messages: { '': 'Earned 1 of the 3 required; needs 2 more of: Data Basics, SQL, Visualisation.' },
  },
  {
    name: 'nOf: satisfied, every earned component is counted',
    rule: { type: 'nOf', n: 2, children: [leaf(A.basics), leaf(A.sql), leaf(A.stats)] },
    held: [basics, sql, stats],
    satisfied: true,
    progress: { earned: 2, required: 2 },
    messages: { '': 'Complete: earned 3 of the 2 required (Data Basics, SQL, Statistics).' },
    used: [0, 1, 2],
    credits: 14,
  },
  // minCredits
  {
    name: 'minCredits: earned 14 of 18 credits',
    rule: { type: 'minCredits', credits: 18, children: [leaf(A.basics), leaf(A.sql), leaf(A.stats), leaf(A.viz)] },
    held: [basics, sql, stats],
    satisfied: false,
    progress: { earned: 14, required: 18, unit: 'credits' },
    messages: { '': 'Earned 14 of 18 credits; needs 4 more from: Visualisation.' },
    used: [0, 1, 2],
    credits: 14,
  },
  {
    name: 'minCredits: leaf credits stand in when the credential carries none',
    rule: { type: 'minCredits', credits: 5, children: [leaf(A.python, { credits: 5 }), leaf(A.sql)] },
    held: [held(A.python, '2026-05-01')],
    satisfied: true,
    progress: { earned: 5, required: 5, unit: 'credits' },
    messages: { '': 'Complete: earned 5 of 5 credits.' },
    credits: 5,
  },
  {
    name: 'minCredits: of two copies of a component, the one with more credits counts',
    rule: { type: 'minCredits', credits: 6, children: [leaf(A.basics)] },
    held: [held(A.basics, '2025-01-01', { credits: 6 }), held(A.basics, '2026-05-01', { credits: 3 })],
    satisfied: true,
    messages: { '': 'Complete: earned 6 of 6 credits.' },
    used: [0],
    credits: 6,
  },
  // nesting of operators
  {
    name: 'nesting: progress mixes components and credits',
    rule: {
      type: 'allOf',
      children: [
        { type: 'anyOf', label: 'Foundations', children: [leaf(A.basics), leaf(A.python)] },
        { type: 'minCredits', credits: 8, label: 'Electives', children: [leaf(A.sql), leaf(A.stats), leaf(A.viz)] },
      ],
    },
    held: [basics, sql],
    satisfied: false,
    progress: { earned: 1.5, required: 2 },
    messages: {
      '': 'Earned 1 of 2; needs 1 more: Electives.',
      '/children/0': 'Complete: earned Data Basics.',
      '/children/1': 'Earned 4 of 8 credits; needs 4 more from: Statistics, Visualisation.',
    },
  },
  // within
  {
    name: 'within: components inside 12 months',
    rule: { type: 'allOf', within: 'P12M', children: [leaf(A.basics), leaf(A.sql)] },
    held: [basics, sql],
    satisfied: true,
    messages: { '': 'Complete: all 2 earned. All counted within 12 months: the earliest counted was 2026-01-10 and the latest 2026-02-15.' },
  },
  {
    name: 'within: components too far apart',
    rule: { type: 'allOf', within: 'P12M', children: [leaf(A.basics), leaf(A.sql)] },
    held: [held(A.basics, '2024-01-10'), sql],
    satisfied: false,
    progress: { earned: 1, required: 2 },
    messages: {
      '':
        'Earned 1 of 2; needs 1 more: Data Basics. Components must be earned within 12 months; the earliest counted was 2024-01-10 and the latest 2026-02-15, more than 12 months apart.',
      '/children/0': 'Data Basics was earned on 2024-01-10, outside the window counted here (2026-02-15 to 2027-02-15).',
    },
  },
  {
    name: 'within: a re-earned credential inside the window counts',
    rule: { type: 'allOf', within: 'P6M', children: [leaf(A.basics), leaf(A.sql)] },
    held: [held(A.basics, '2023-05-01'), held(A.basics, '2026-01-05'), sql],
    satisfied: true,
    messages: { '/children/0': 'Data Basics: earned on 2026-01-05.' },
    used: [1, 2],
  },
  // order
  {
    name: 'after: earned in order',
    rule: { type: 'allOf', children: [leaf(A.basics, { key: 'basics' }), leaf(A.sql, { after: ['basics'] })] },
    held: [basics, sql],
    satisfied: true,
    messages: { '/children/1': 'SQL: earned on 2026-02-15.' },
  },
  {
    name: 'after: earned before the prerequisite',
    rule: { type: 'allOf', children: [leaf(A.basics, { key: 'basics' }), leaf(A.sql, { after: ['basics'] })] },
    held: [held(A.basics, '2026-03-01'), held(A.sql, '2026-01-01')],
    satisfied: false,
    messages: { '/children/1': 'SQL must be earned after Data Basics: it was earned on 2026-01-01, before Data Basics (2026-03-01).' },
  },
  {
    name: 'after: prerequisite not yet earned',
    rule: { type: 'allOf', children: [leaf(A.basics, { key: 'basics' }), leaf(A.sql, { after: ['basics'] })] },
    held: [sql],
    satisfied: false,
    messages: { '/children/1': 'SQL must be earned after Data Basics, which is not yet earned.' },
  },
  // validity
  {
    name: 'validOnly: expired does not count',
    rule: { type: 'allOf', validOnly: true, children: [leaf(A.basics), leaf(A.sql)] },
    held: [held(A.basics, '2025-03-01', { validUntil: new Date('2026-03-01T00:00:00Z') }), sql],
    satisfied: false,
    messages: { '/children/0': 'Data Basics expired on 2026-03-01, so it does not count.' },
  },
  {
    name: 'validOnly: suspended does not count',
    rule: { type: 'allOf', validOnly: true, children: [leaf(A.basics)] },
    held: [held(A.basics, '2026-01-10', { status: 'suspended', statusChangedAt: new Date('2026-06-01T00:00:00Z') })],
    satisfied: false,
    messages: { '/children/0': 'Data Basics is suspended since 2026-06-01, so it does not count.' },
  },
  {
    name: 'revoked never counts, even without validOnly',
    rule: { type: 'allOf', children: [leaf(A.basics)] },
    held: [held(A.basics, '2026-01-10', { status: 'revoked', statusChangedAt: new Date('2026-07-01T00:00:00Z') })],
    satisfied: false,
    messages: { '/children/0': 'Data Basics was revoked on 2026-07-01, so it does not count.' },
  },
  {
    name: 'without validOnly an expired credential still counts, and says so',
    rule: { type: 'allOf', children: [leaf(A.basics)] },
    held: [held(A.basics, '2025-01-10', { status: 'expired', validUntil: new Date('2026-01-10T00:00:00Z') })],
    satisfied: true,
    messages: { '/children/0': 'Data Basics: earned on 2025-01-10; it expired on 2026-01-10 but still counts here.' },
  },
  {
    name: 'validOnly is inherited and can be switched off below',
    rule: { type: 'allOf', validOnly: true, children: [leaf(A.basics, { validOnly: false }), leaf(A.sql)] },
    held: [held(A.basics, '2025-01-10', { status: 'expired' }), held(A.sql, '2025-01-10', { status: 'expired' })],
    satisfied: false,
    messages: { '/children/0': 'Data Basics: earned on 2025-01-10; it expired but still counts here.', '/children/1': 'SQL expired, so it does not count.' },
  },
  {
    name: 'a valid re-issue is preferred over an expired copy',
    rule: leaf(A.basics, { validOnly: false }),
    held: [held(A.basics, '2026-02-01', { status: 'expired' }), held(A.basics, '2025-06-01')],
    satisfied: true,
    messages: { '': 'Data Basics: earned on 2025-06-01.' },
    used: [1],
  },
  // equivalences and issuers
  {
    name: 'equivalence: an external credential accepted as the same component',
    rule: { type: 'allOf', children: [leaf(A.sql, { equivalents: [{ issuerId: OTHER_ISSUER, achievementId: OTHER_SQL }] })] },
    held: [held(OTHER_SQL, '2026-05-05', { issuerId: OTHER_ISSUER, origin: 'imported', achievementName: 'SQL (Other U)' })],
    satisfied: true,
    messages: { '/children/0': 'SQL: earned on 2026-05-05 as SQL (Other U) (accepted as equivalent).' },
  },
  {
    name: 'equivalence: the same achievement id from another issuer does not count',
    rule: leaf(A.sql, { equivalents: [{ issuerId: OTHER_ISSUER, achievementId: OTHER_SQL }] }),
    held: [held(OTHER_SQL, '2026-05-05', { issuerId: 'did:web:forger.example', origin: 'imported' })],
    satisfied: false,
    messages: { '': 'SQL: not yet earned.' },
  },
  {
    name: 'ours: an imported credential claiming our achievement does not count',
    rule: leaf(A.sql),
    held: [held(A.sql, '2026-05-05', { origin: 'imported', issuerId: 'did:web:forger.example' })],
    satisfied: false,
    messages: { '': 'SQL: not yet earned.' },
  },
  // minimum results
  {
    name: 'minResult: Percent at or above the minimum',
    rule: leaf(A.sql, { achievement: { achievementId: A.sql, minResult: { resultDescription: 'urn:rd:quiz', minValue: 80 } } }),
    held: [held(A.sql, '2026-02-01', { results: [{ resultDescription: 'urn:rd:quiz', value: '80%' }] })],
    satisfied: true,
    messages: { '': 'SQL: earned on 2026-02-01.' },
  },
  {
    name: 'minResult: below the minimum',
    rule: leaf(A.sql, { achievement: { achievementId: A.sql, minResult: { resultDescription: 'urn:rd:quiz', minValue: 80, name: 'Final quiz' } } }),
    held: [held(A.sql, '2026-02-01', { results: [{ resultDescription: 'urn:rd:quiz', value: '72' }] })],
    satisfied: false,
    messages: { '': 'SQL: the result for Final quiz is 72, below the required 80.' },
  },
  {
    name: 'minResult: no such result',
    rule: leaf(A.sql, { achievement: { achievementId: A.sql, minResult: { resultDescription: 'urn:rd:quiz', minValue: 80, name: 'Final quiz' } } }),
    held: [held(A.sql, '2026-02-01')],
    satisfied: false,
    messages: { '': 'SQL: has no result for Final quiz; at least 80 is required.' },
  },
  {
    name: 'minResult: ordered scale (rubric level)',
    rule: leaf(A.viz, {
      achievement: { achievementId: A.viz, minResult: { resultDescription: 'urn:rd:rubric', minValue: 'urn:lvl:proficient', scale: ['urn:lvl:novice', 'urn:lvl:proficient', 'urn:lvl:expert'] } },
    }),
    held: [held(A.viz, '2026-02-01', { results: [{ resultDescription: 'urn:rd:rubric', achievedLevel: 'urn:lvl:expert' }] })],
    satisfied: true,
    messages: { '': 'Visualisation: earned on 2026-02-01.' },
  },
  // nested pathways
  {
    name: 'nested pathway: holding its credential counts',
    rule: { type: 'allOf', children: [{ type: 'pathway', pathwayId: ANALYST.id }, leaf(A.python)] },
    ctx: { pathways: { [ANALYST.id]: ANALYST }, achievementNames: NAMES },
    held: [held(A.analyst, '2026-06-01'), held(A.python, '2026-07-01')],
    satisfied: true,
    messages: { '/children/0': 'Data Analyst: earned on 2026-06-01.' },
    used: [0, 1],
  },
  {
    name: 'nested pathway: not yet awarded shows its own progress',
    rule: { type: 'allOf', children: [{ type: 'pathway', pathwayId: ANALYST.id }, leaf(A.python)] },
    ctx: { pathways: { [ANALYST.id]: ANALYST }, achievementNames: NAMES },
    held: [held(A.basics, '2026-06-01'), held(A.python, '2026-07-01')],
    satisfied: false,
    progress: { earned: 1.5, required: 2 },
    messages: {
      '/children/0': 'Data Analyst: not yet awarded; 50% of its requirements met.',
      '': 'Earned 1 of 2; needs 1 more: Data Analyst.',
      '/children/0/pathway': 'Earned 1 of 2; needs 1 more: SQL.',
      '/children/0/pathway/children/1': 'SQL: not yet earned.',
    },
  },
];

function byPath(t: TraceNode, out = new Map<string, TraceNode>()): Map<string, TraceNode> {
  out.set(t.path, t);
  for (const c of t.children) byPath(c, out);
  return out;
}

describe('evaluateRule', () => {
  it.each(cases)('$name', (c) => {
    const r = evaluateRule(c.rule, c.held, NOW, c.ctx ?? { achievementNames: NAMES });
    expect(r.satisfied).toBe(c.satisfied);
    expect(r.trace.satisfied).toBe(c.satisfied);
    if (c.progress) {
      expect(r.progress).toMatchObject({ earned: c.progress.earned, required: c.progress.required, unit: c.progress.unit ?? 'components' });
      expect(r.progress.fraction).toBeCloseTo(c.satisfied ? 1 : c.progress.earned / c.progress.required, 3);
    }
    const nodes = byPath(r.trace);
    for (const [path, message] of Object.entries(c.messages)) {
      expect(nodes.get(path)?.message, `message at "${path}"`).toBe(message);
    }
    if (c.used) expect(r.used.map((u) => u.id).sort()).toEqual(c.used.map((i) => c.held[i]!.id).sort());
    if (c.credits !== undefined) expect(r.creditsEarned).toBe(c.credits);
  });

  it('is pure: the same inputs give the same trace, and time matters only through `now`', () => {
    const rule: Rule = { type: 'allOf', validOnly: true, children: [leaf(A.basics)] };
    const h = [held(A.basics, '2026-01-10', { validUntil: new Date('2027-01-10T00:00:00Z') })];
    expect(evaluateRule(rule, h, NOW)).toEqual(evaluateRule(rule, h, NOW));
    expect(evaluateRule(rule, h, new Date('2027-02-01T00:00:00Z')).satisfied).toBe(false);
  });

  it('the trace carries labels and the counted credential ids per node', () => {
    const rule: Rule = { type: 'allOf', label: 'Data track', children: [leaf(A.basics), leaf(A.sql)] };
    const r = evaluateRule(rule, [basics, sql], NOW, { achievementNames: NAMES });
    expect(r.trace.label).toBe('Data track');
    expect(r.trace.children.map((c) => c.label)).toEqual(['Data Basics', 'SQL']);
    expect(r.trace.children[0]!.credentialIds).toEqual([basics.id]);
    expect(r.trace.children[1]!.path).toBe('/children/1');
  });

  it('one credential listed under two credit groups counts once', () => {
    const rule: Rule = {
      type: 'minCredits',
      credits: 10,
      children: [{ type: 'anyOf', children: [leaf(A.basics)] }, { type: 'anyOf', children: [leaf(A.basics, { key: 'again' })] }],
    };
    const r = evaluateRule(rule, [basics], NOW, { achievementNames: NAMES });
    expect(r.creditsEarned).toBe(6);
    expect(r.satisfied).toBe(false);
  });

  it('nested pathways that loop do not recurse forever', () => {
    const loopA = { id: 'a', name: 'A', targetAchievementId: A.analyst, rule: { type: 'pathway', pathwayId: 'b' } as Rule };
    const loopB = { id: 'b', name: 'B', targetAchievementId: A.scientist, rule: { type: 'pathway', pathwayId: 'a' } as Rule };
    const r = evaluateRule(loopA.rule, [], NOW, { pathways: { a: loopA, b: loopB } });
    expect(r.satisfied).toBe(false);
  });
});
