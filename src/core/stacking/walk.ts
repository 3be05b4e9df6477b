import type { AchievementRef, GroupNode, LeafNode, PathwayDefinition, Rule } from './types.ts';

const GROUP_TYPES = new Set(['allOf', 'anyOf', 'nOf', 'minCredits']);

/** Whether a node is a group (has children). */
export function isGroup(node: Rule): node is GroupNode {
  return GROUP_TYPES.has(node.type);
}

/** Whether a node is a leaf (a credential or a nested pathway). */
export function isLeaf(node: Rule): node is LeafNode {
  return node.type === 'credential' || node.type === 'pathway';
}

/** Visit every node depth-first with its JSON pointer; tolerant of malformed trees (skips non-objects). */
export function walkRule(rule: unknown, visit: (node: Rule, path: string, depth: number) => void): void {
  const go = (node: unknown, path: string, depth: number) => {
    if (!node || typeof node !== 'object' || depth > 64) return;
    visit(node as Rule, path, depth);
    const children = (node as { children?: unknown }).children;
    if (Array.isArray(children)) children.forEach((c, i) => go(c, `${path}/children/${i}`, depth + 1));
  };
  go(rule, '', 0);
}

/** Every achievement ref a credential leaf accepts (the achievement and its equivalents). */
export function leafRefs(leaf: LeafNode): AchievementRef[] {
  if (leaf.type !== 'credential') return [];
  return [leaf.achievement, ...(leaf.equivalents ?? [])].filter((r) => r && typeof r === 'object');
}

/** A stable key for an achievement ref: `issuer|achievement` (issuer empty for ours). */
export function refKey(ref: AchievementRef): string {
  return `${ref.issuerId ?? ''}|${ref.achievementId}`;
}

/**
 * The ids of the pathways a rule depends on directly: `pathway` leaves, and credential leaves
 * naming (as ours) the target achievement of another pathway.
 */
export function pathwayDependencies(rule: unknown, pathways: Iterable<PathwayDefinition>): Set<string> {
  const byTarget = new Map<string, string[]>();
  for (const p of pathways) byTarget.set(p.targetAchievementId, [...(byTarget.get(p.targetAchievementId) ?? []), p.id]);
  const deps = new Set<string>();
  walkRule(rule, (node) => {
    if (node.type === 'pathway' && typeof node.pathwayId === 'string') deps.add(node.pathwayId);
    if (node.type === 'credential') {
      for (const ref of leafRefs(node)) {
        if (ref.issuerId === undefined) for (const id of byTarget.get(ref.achievementId) ?? []) deps.add(id);
      }
    }
  });
  return deps;
}

/** Every achievement id a rule can be affected by (ours and external), e.g. to find pathways an event touches. */
export function ruleAchievementIds(rule: Rule, pathways: Record<string, PathwayDefinition> = {}): Set<string> {
  const ids = new Set<string>();
  walkRule(rule, (node) => {
    if (node.type === 'credential') for (const ref of leafRefs(node)) ids.add(ref.achievementId);
    if (node.type === 'pathway') {
      const target = pathways[node.pathwayId]?.targetAchievementId;
      if (target) ids.add(target);
    }
  });
  return ids;
}
