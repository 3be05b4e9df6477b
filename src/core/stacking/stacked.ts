/**
 * What a stacked credential says about its parts: evidence entries citing each component credential, the
 * summed creditsEarned, and CLR 2.0 associations (`isPartOf` the target, `precedes` for ordered parts).
 */
import { leafRefs, walkRule } from './walk.ts';
import type { Rule } from './types.ts';

/** One component credential counted toward a stacked credential. */
export interface StackedComponent {
  /** The credential's document id (`urn:uuid:…`). */
  credentialId: string;
  /** Platform achievement id (what rules name) and the OB Achievement `id` inside the credential. */
  achievementId: string;
  achievementObId: string;
  achievementName: string;
  issuedAt: Date;
  /** Public page where anyone can verify the component (absent for an imported credential without one). */
  verifyUrl?: string;
  credits: number;
}

/** An OB 3.0 Evidence entry (plain object; the credential builder checks it). */
export interface ComponentEvidence {
  type: 'Evidence';
  id?: string;
  name: string;
  description: string;
  genre: string;
}

/** Evidence entries for the stacked credential: one per component, linking to where it can be verified. */
export function stackedEvidence(components: readonly StackedComponent[]): ComponentEvidence[] {
  return [...components]
    .sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime() || a.achievementName.localeCompare(b.achievementName))
    .map((c) => ({
      type: 'Evidence' as const,
      ...(c.verifyUrl ? { id: c.verifyUrl } : {}),
      name: c.achievementName,
      description: `Component credential ${c.credentialId}, earned on ${c.issuedAt.toISOString().slice(0, 10)}.`,
      genre: 'Component credential',
    }));
}

/** The stacked credential's creditsEarned: the components' credits added up (2 decimals). */
export function stackedCredits(components: readonly StackedComponent[]): number {
  return Math.round(components.reduce((a, c) => a + c.credits, 0) * 100) / 100;
}

export interface Association {
  associationType: 'isPartOf' | 'precedes';
  sourceId: string;
  targetId: string;
}

/**
 * CLR associations for a bundle: every component achievement `isPartOf` the target achievement, and
 * `precedes` from a prerequisite's achievement to the achievement that must come after it (rule `after`).
 * Only achievements present in `components` are named (a CLR may only associate what it contains).
 */
export function stackingAssociations(rule: Rule, targetObId: string, components: readonly StackedComponent[]): Association[] {
  const obIds = new Map<string, string>();
  for (const c of components) obIds.set(c.achievementId, c.achievementObId);
  const out: Association[] = [];
  const seen = new Set<string>();
  const add = (a: Association) => {
    const k = `${a.associationType}|${a.sourceId}|${a.targetId}`;
    if (!seen.has(k) && a.sourceId !== a.targetId) {
      seen.add(k);
      out.push(a);
    }
  };
  for (const ob of new Set(obIds.values())) add({ associationType: 'isPartOf', sourceId: ob, targetId: targetObId });

  const byKey = new Map<string, string[]>();
  const afters: { achievements: string[]; after: string[] }[] = [];
  walkRule(rule, (node) => {
    if (node.type !== 'credential') return;
    const present = leafRefs(node).map((r) => obIds.get(r.achievementId)).filter((x): x is string => !!x);
    if (node.key) byKey.set(node.key, present);
    if (node.after?.length) afters.push({ achievements: present, after: node.after });
  });
  for (const { achievements, after } of afters) {
    for (const key of after) {
      for (const source of byKey.get(key) ?? []) for (const target of achievements) add({ associationType: 'precedes', sourceId: source, targetId: target });
    }
  }
  return out;
}
