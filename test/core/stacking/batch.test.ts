import { describe, expect, it } from 'vitest';
import { createBatchEvaluator, evaluateLearners, evaluateRule, type PathwayDefinition, type Rule } from '../../../src/core/stacking/index.ts';
import { A, ANALYST, NOW, held, leaf } from './fixtures.ts';

const SCIENTIST: PathwayDefinition = {
  id: 'pw-scientist',
  name: 'Data Scientist',
  targetAchievementId: A.scientist,
  rule: { type: 'allOf', children: [{ type: 'pathway', pathwayId: ANALYST.id }, leaf(A.python)] } as Rule,
};
const CREDITS: PathwayDefinition = {
  id: 'pw-credits',
  targetAchievementId: 'urn:uuid:00000000-0000-4000-8000-0000000000c1',
  rule: { type: 'minCredits', credits: 8, within: 'P12M', children: [leaf(A.basics), leaf(A.sql), leaf(A.stats)] },
};

const learners = [
  { learnerId: 'l1', credentials: [held(A.basics, '2026-01-01', { credits: 4 }), held(A.sql, '2026-02-01', { credits: 4 })] },
  { learnerId: 'l2', credentials: [held(A.analyst, '2026-03-01'), held(A.python, '2026-04-01')] },
  { learnerId: 'l3', credentials: [] },
  { learnerId: 'l4', credentials: [held(A.viz, '2026-01-01')] },
  { learnerId: 'l5', credentials: [held(A.basics, '2026-01-01'), held(A.python, '2026-04-01'), held(A.sql, '2026-01-01', { status: 'revoked' })] },
];

describe('batch evaluation', () => {
  const pathways = [ANALYST, SCIENTIST, CREDITS];

  it('agrees with evaluateRule for every learner and pathway', () => {
    const ctx = { pathways: Object.fromEntries(pathways.map((p) => [p.id, p])) };
    const outcomes = [...evaluateLearners(pathways, learners, NOW)];
    expect(outcomes).toHaveLength(learners.length * pathways.length);
    for (const o of outcomes) {
      const learner = learners.find((l) => l.learnerId === o.learnerId)!;
      const pathway = pathways.find((p) => p.id === o.pathwayId)!;
      const single = evaluateRule(pathway.rule, learner.credentials, NOW, ctx);
      expect({ id: `${o.learnerId}/${o.pathwayId}`, satisfied: o.satisfied, fraction: o.fraction, credits: o.creditsEarned, used: o.usedCredentialIds }).toEqual({
        id: `${o.learnerId}/${o.pathwayId}`,
        satisfied: single.satisfied,
        fraction: single.progress.fraction,
        credits: single.creditsEarned,
        used: single.used.map((u) => u.id),
      });
    }
  });

  it('reports who qualifies and who already holds the target', () => {
    const outcomes = createBatchEvaluator(pathways).evaluateLearner(learners[1]!, NOW);
    expect(outcomes.map((o) => [o.pathwayId, o.satisfied, o.holdsTarget])).toEqual([
      ['pw-analyst', false, true],
      ['pw-scientist', true, false],
      ['pw-credits', false, false],
    ]);
    const l1 = createBatchEvaluator(pathways).evaluateLearner(learners[0]!, NOW);
    expect(l1.map((o) => [o.pathwayId, o.satisfied, o.fraction])).toEqual([
      ['pw-analyst', true, 1],
      ['pw-scientist', false, 0.495], // the analyst part is met but not yet awarded (0.99), python missing
      ['pw-credits', true, 1],
    ]);
  });

  it('answers learners holding nothing relevant without evaluation', () => {
    const outcomes = createBatchEvaluator(pathways).evaluateLearner(learners[3]!, NOW);
    expect(outcomes.every((o) => !o.satisfied && o.fraction === 0 && o.usedCredentialIds.length === 0)).toBe(true);
  });
});
