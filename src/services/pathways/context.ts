/**
 * Loading what pathway evaluation needs for one organization: its active pathways, achievement names, and the
 * credentials its learners hold (issued here, plus imported ones through the `external` port).
 */
import { pathwayDependencies, ruleAchievementIds, walkRule, type HeldCredential, type PathwayDefinition, type StackedComponent } from '../../core/stacking/index.ts';
import { listCredentialDocuments, listHeldCredentials } from '../../db/repositories/held-credentials.repository.ts';
import { listPathways, type Pathway } from '../../db/repositories/pathways.repository.ts';
import type { Db } from '../../db/transaction.ts';
import { verifyUrlOf } from '../credential-view.ts';
import type { AchievementCatalog, AchievementFacts } from './catalog.ts';

/** Credentials learners imported (the wallet plugs in here): by learner id, as held credentials. */
export type ExternalHoldings = (organizationId: string, learnerIds: readonly string[]) => Promise<Map<string, HeldCredential[]>>;

export interface OrgPathways {
  /** Active pathways, inner (nested) ones before the pathways that contain them. */
  pathways: Pathway[];
  defs: Record<string, PathwayDefinition>;
  names: Record<string, string>;
  facts: AchievementFacts[];
  /** Some rule asks for a minimum result, so credential documents must be read. */
  needsResults: boolean;
}

/** Pathway as the rule engine sees it. */
export const toDefinition = (p: Pathway): PathwayDefinition => ({ id: p.id, name: p.name, targetAchievementId: p.targetAchievementId, rule: p.rule });

/**
 * Loads an organization's active pathways and achievement facts (facts only when it has pathways, unless `names`);
 * nothing when none of them can be changed by a credential of the `touching` achievements.
 */
export async function loadOrgPathways(
  db: Db, catalog: AchievementCatalog, organizationId: string, opts: { names?: boolean; touching?: readonly string[] } = {},
): Promise<OrgPathways> {
  const all = await listPathways(db, organizationId, 'active');
  const defs = Object.fromEntries(all.map((p) => [p.id, toDefinition(p)]));
  // Most credential events touch no pathway: answer those (a whole group of them, `touching` their achievements) with one query.
  const touching = opts.touching;
  const touched = touching === undefined || all.some((p) => touching.some((a) => pathwayTouches(defs, p.id, a)));
  if ((all.length === 0 || !touched) && !opts.names) return { pathways: [], defs: {}, names: {}, facts: [], needsResults: false };
  // Event handling needs only the achievements the pathways mention (names for explanations); staff pages want all.
  const mentioned = new Set<string>();
  for (const d of Object.values(defs)) {
    mentioned.add(d.targetAchievementId);
    for (const id of ruleAchievementIds(d.rule, defs)) mentioned.add(id);
  }
  const facts = await catalog.facts(organizationId, opts.names ? undefined : [...mentioned]);
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen: Set<string>): number => {
    if (depth.has(id)) return depth.get(id)!;
    if (seen.has(id) || !defs[id]) return 0;
    seen.add(id);
    let d = 0;
    for (const dep of pathwayDependencies(defs[id]!.rule, Object.values(defs))) d = Math.max(d, depthOf(dep, seen) + 1);
    depth.set(id, d);
    return d;
  };
  const pathways = [...all].sort((a, b) => depthOf(a.id, new Set()) - depthOf(b.id, new Set()));
  let needsResults = false;
  for (const p of all) walkRule(p.rule, (n) => {
    if (n.type === 'credential' && [n.achievement, ...(n.equivalents ?? [])].some((r) => r?.minResult)) needsResults = true;
  });
  return { pathways, defs, names: Object.fromEntries(facts.map((f) => [f.id, f.name])), facts, needsResults };
}

/** Whether a credential of `achievementId` can change a pathway (directly, through a nested pathway, or as its target). */
export function pathwayTouches(defs: Record<string, PathwayDefinition>, pathwayId: string, achievementId: string): boolean {
  if (defs[pathwayId]?.targetAchievementId === achievementId) return true;
  const seen = new Set<string>();
  const walk = (id: string): boolean => {
    if (seen.has(id)) return false;
    seen.add(id);
    const def = defs[id];
    if (!def) return false;
    if (ruleAchievementIds(def.rule, defs).has(achievementId)) return true;
    for (const dep of pathwayDependencies(def.rule, Object.values(defs))) if (walk(dep)) return true;
    return false;
  };
  return walk(pathwayId);
}

/** The credentials each learner holds: issued by the organization, plus imported ones when the port is given. */
export async function loadHoldings(
  db: Db, organizationId: string, learnerIds: readonly string[], withResults: boolean, external?: ExternalHoldings,
): Promise<Map<string, HeldCredential[]>> {
  const held = await listHeldCredentials(db, organizationId, learnerIds, { withResults });
  if (external) {
    for (const [learnerId, list] of await external(organizationId, learnerIds)) held.get(learnerId)?.push(...list);
  }
  return held;
}

/** Describes the credentials a stacked credential was earned with (documents read for the OB achievement ids). */
export async function componentsOf(
  db: Db, organizationId: string, publicUrl: string, used: readonly HeldCredential[], names: Record<string, string>,
): Promise<StackedComponent[]> {
  const docs = await listCredentialDocuments(db, organizationId, used.filter((c) => c.origin === 'issued').map((c) => c.id));
  return used.map((c) => {
    const doc = docs.get(c.id);
    const parsed = doc ? (JSON.parse(doc.document) as { id?: string; credentialSubject?: { achievement?: { id?: string; name?: string } } }) : undefined;
    const achievement = parsed?.credentialSubject?.achievement;
    return {
      credentialId: parsed?.id ?? (c.origin === 'issued' ? `urn:uuid:${c.id}` : c.id),
      achievementId: c.achievementId,
      achievementObId: achievement?.id ?? c.achievementId,
      achievementName: names[c.achievementId] ?? achievement?.name ?? c.achievementName ?? c.achievementId,
      issuedAt: c.issuedAt,
      ...(doc ? { verifyUrl: verifyUrlOf(publicUrl, doc.verificationCode) } : /^https?:\/\//.test(c.id) ? { verifyUrl: c.id } : {}),
      credits: c.credits ?? 0,
    };
  });
}
