import { parseDuration, type Duration } from './duration.ts';
import { isGroup, leafRefs } from './walk.ts';
import type { AchievementRef, GroupNode, HeldCredential, LeafNode, PathwayDefinition, Rule } from './types.ts';

/** Per-leaf facts computed once per rule. */
export interface LeafInfo {
  node: LeafNode;
  path: string;
  /** Inherited `validOnly`. */
  validOnly: boolean;
  /** Accepted achievements (for a pathway leaf: its target, ours only). */
  refs: AchievementRef[];
  after: string[];
}

/** Per-group facts computed once per rule. */
export interface GroupInfo {
  node: GroupNode;
  path: string;
  validOnly: boolean;
  within: Duration | null;
  /** Every achievement ref in the subtree (to list the candidate window starts). */
  refs: AchievementRef[];
}

/** A rule prepared for fast repeated evaluation (compile once, evaluate for many learners). */
export interface CompiledRule {
  rule: Rule;
  leaves: Map<Rule, LeafInfo>;
  groups: Map<Rule, GroupInfo>;
  byKey: Map<string, LeafInfo>;
  /** Every achievement id the rule can be affected by. */
  achievementIds: Set<string>;
}

/** A learner's credentials indexed by achievement id. */
export interface Holdings {
  byAchievement: Map<string, HeldCredential[]>;
  all: HeldCredential[];
}

/** Index a learner's credentials by achievement id (do it once per learner, evaluate many rules). */
export function indexHoldings(credentials: readonly HeldCredential[]): Holdings {
  const byAchievement = new Map<string, HeldCredential[]>();
  for (const c of credentials) {
    const list = byAchievement.get(c.achievementId);
    if (list) list.push(c);
    else byAchievement.set(c.achievementId, [c]);
  }
  return { byAchievement, all: credentials as HeldCredential[] };
}

/**
 * Prepare a rule (assumed valid: run `validateRule` when saving) for evaluation.
 * `pathways` resolves `pathway` leaves to their target achievement.
 */
export function compileRule(rule: Rule, pathways: Record<string, PathwayDefinition> = {}): CompiledRule {
  const leaves = new Map<Rule, LeafInfo>();
  const groups = new Map<Rule, GroupInfo>();
  const byKey = new Map<string, LeafInfo>();
  const achievementIds = new Set<string>();

  const go = (node: Rule, path: string, validOnly: boolean): AchievementRef[] => {
    const vo = node.validOnly ?? validOnly;
    if (isGroup(node)) {
      const refs: AchievementRef[] = [];
      node.children.forEach((c, i) => refs.push(...go(c, `${path}/children/${i}`, vo)));
      groups.set(node, { node, path, validOnly: vo, within: node.within ? parseDuration(node.within) : null, refs });
      return refs;
    }
    const leaf = node as LeafNode;
    let refs: AchievementRef[];
    if (leaf.type === 'pathway') {
      const target = pathways[leaf.pathwayId]?.targetAchievementId;
      refs = target ? [{ achievementId: target }] : [];
    } else {
      refs = leafRefs(leaf);
    }
    for (const r of refs) achievementIds.add(r.achievementId);
    const info: LeafInfo = { node: leaf, path, validOnly: vo, refs, after: leaf.after ?? [] };
    leaves.set(leaf, info);
    if (leaf.key) byKey.set(leaf.key, info);
    return refs;
  };
  go(rule, '', false);
  return { rule, leaves, groups, byKey, achievementIds };
}
