import { compileRule, indexHoldings, type CompiledRule } from './compile.ts';
import { RuleEvaluator, fractionOf } from './evaluate.ts';
import type { EvaluationContext, HeldCredential, PathwayDefinition } from './types.ts';

/** One learner × one pathway, in the compact form a backfill or a funnel needs. */
export interface BatchOutcome {
  learnerId: string;
  pathwayId: string;
  satisfied: boolean;
  fraction: number;
  creditsEarned: number;
  usedCredentialIds: string[];
  /** The learner already holds the pathway's target credential (issued here, not revoked). */
  holdsTarget: boolean;
  /** Per top-level step of the rule (its root's children; the root itself for a single leaf): met or not. */
  steps: boolean[];
}

/** A learner and everything they hold. */
export interface LearnerHoldings {
  learnerId: string;
  credentials: readonly HeldCredential[];
}

/** Pathways compiled once, evaluated for many learners without building explanations. */
export interface BatchEvaluator {
  evaluateLearner(learner: LearnerHoldings, now: Date): BatchOutcome[];
}

/**
 * Compile every pathway once for evaluating many learners (backfills, funnels, benchmarks).
 * Learners holding nothing a pathway (or a pathway nested in it) mentions are answered without evaluation.
 */
export function createBatchEvaluator(pathways: readonly PathwayDefinition[], ctx: EvaluationContext = {}): BatchEvaluator {
  const byId: Record<string, PathwayDefinition> = { ...ctx.pathways };
  for (const p of pathways) byId[p.id] = p;
  const context: EvaluationContext = { ...ctx, pathways: byId };
  const compiled = new Map<string, CompiledRule>();
  for (const p of Object.values(byId)) compiled.set(p.id, compileRule(p.rule, byId));
  const relevant = new Map<string, Set<string>>();
  const reach = (id: string, seen: Set<string>, out: Set<string>) => {
    if (seen.has(id)) return;
    seen.add(id);
    const c = compiled.get(id);
    if (!c) return;
    for (const a of c.achievementIds) out.add(a);
    for (const p of Object.values(byId)) if (c.achievementIds.has(p.targetAchievementId)) reach(p.id, seen, out);
  };
  for (const p of pathways) {
    const out = new Set<string>();
    reach(p.id, new Set(), out);
    relevant.set(p.id, out);
  }

  return {
    evaluateLearner(learner, now) {
      const holdings = indexHoldings(learner.credentials);
      const evaluator = new RuleEvaluator(holdings, now.getTime(), context, compiled);
      const out: BatchOutcome[] = [];
      for (const p of pathways) {
        const target = holdings.byAchievement.get(p.targetAchievementId);
        const holdsTarget = !!target?.some((c) => c.origin === 'issued' && c.status !== 'revoked');
        let touches = false;
        for (const a of relevant.get(p.id)!) {
          if (holdings.byAchievement.has(a)) {
            touches = true;
            break;
          }
        }
        if (!touches) {
          const steps = stepCount(p.rule);
          out.push({ learnerId: learner.learnerId, pathwayId: p.id, satisfied: false, fraction: 0, creditsEarned: 0, usedCredentialIds: [], holdsTarget, steps: new Array<boolean>(steps).fill(false) });
          continue;
        }
        const r = evaluator.evaluate(compiled.get(p.id)!);
        out.push({
          learnerId: learner.learnerId,
          pathwayId: p.id,
          satisfied: r.satisfied,
          fraction: fractionOf(r),
          creditsEarned: r.counted.reduce((a, x) => a + x.credits, 0),
          usedCredentialIds: r.counted.map((x) => x.credential.id),
          holdsTarget,
          steps: r.children.length ? r.children.map((c) => c.satisfied) : [r.satisfied],
        });
      }
      return out;
    },
  };
}

function stepCount(rule: PathwayDefinition['rule']): number {
  return 'children' in rule && Array.isArray(rule.children) ? rule.children.length : 1;
}

/** Evaluate every pathway for every learner, yielding outcomes as it goes (constant memory per learner). */
export function* evaluateLearners(
  pathways: readonly PathwayDefinition[],
  learners: Iterable<LearnerHoldings>,
  now: Date,
  ctx: EvaluationContext = {},
): Generator<BatchOutcome> {
  const batch = createBatchEvaluator(pathways, ctx);
  for (const learner of learners) yield* batch.evaluateLearner(learner, now);
}
