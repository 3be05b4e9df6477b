/**
 * Stackable credentials: the rule language (see README.md), its validation, and its evaluation.
 */
import { compileRule, indexHoldings, type Holdings } from './compile.ts';
import { RuleEvaluator } from './evaluate.ts';
import { explain, progressOf } from './explain.ts';
import type { EvaluationContext, HeldCredential, Rule, RuleEvaluation } from './types.ts';

export type * from './types.ts';
export { validateRule, type ValidationContext } from './validate.ts';
export { compileRule, indexHoldings, type CompiledRule, type Holdings } from './compile.ts';
export { createBatchEvaluator, evaluateLearners, type BatchEvaluator, type BatchOutcome, type LearnerHoldings } from './batch.ts';
export { parseDuration, addDuration, describeDuration, type Duration } from './duration.ts';
export { ruleAchievementIds, pathwayDependencies, walkRule } from './walk.ts';
export { isExpired } from './evaluate.ts';
export { stackedEvidence, stackedCredits, stackingAssociations, type StackedComponent, type ComponentEvidence, type Association } from './stacked.ts';

/**
 * Evaluate a rule for one learner at `now`: satisfied or not, progress, a plain-language trace, and the
 * credentials counted (evidence for the stacked credential) with their summed credits.
 * @example evaluateRule({ type: 'allOf', children: [leafA, leafB] }, held, new Date('2026-12-04T00:00:00Z'))
 */
export function evaluateRule(
  rule: Rule,
  held: readonly HeldCredential[] | Holdings,
  now: Date,
  ctx: EvaluationContext = {},
): RuleEvaluation {
  const holdings = Array.isArray(held) ? indexHoldings(held) : (held as Holdings);
  const result = new RuleEvaluator(holdings, now.getTime(), ctx).evaluate(compileRule(rule, ctx.pathways));
  return {
    satisfied: result.satisfied,
    progress: progressOf(result),
    trace: explain(result, ctx),
    used: result.counted.map((c) => c.credential),
    creditsEarned: Math.round(result.counted.reduce((a, c) => a + c.credits, 0) * 100) / 100,
  };
}
