/** Checks a pathway as staff submit it: name, target micro-credential, revocation policy and the rule itself. */
import { AppError, type FieldIssue } from '../../core/errors.ts';
import { validateRule, type Rule } from '../../core/stacking/index.ts';
import { listPathways, type RevocationPolicy } from '../../db/repositories/pathways.repository.ts';
import type { Db } from '../../db/transaction.ts';
import type { AchievementCatalog } from './catalog.ts';
import { toDefinition } from './context.ts';

export interface PathwayInput {
  name: string;
  description: string | null;
  targetAchievementId: string;
  rule: Rule;
  revocationPolicy: RevocationPolicy;
}

const POLICIES: RevocationPolicy[] = ['suspend', 'revoke', 'keep'];

/**
 * Validates a pathway; throws `pathway_rule_invalid` (only the rule is wrong) or `validation_failed`, listing every
 * problem with its field (`rule/children/2/n` for a rule node).
 */
export async function checkPathwayInput(db: Db, catalog: AchievementCatalog, organizationId: string, raw: unknown, selfId?: string): Promise<PathwayInput> {
  const issues: FieldIssue[] = [];
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const name = typeof r.name === 'string' ? r.name.trim() : '';
  if (!name || name.length > 200) issues.push({ field: 'name', message: 'name is required (at most 200 characters).' });
  const description = typeof r.description === 'string' && r.description.trim() ? r.description.trim() : null;
  if (description && description.length > 5000) issues.push({ field: 'description', message: 'description must be at most 5000 characters.' });
  const policy = (r.revocationPolicy ?? 'suspend') as RevocationPolicy;
  if (!POLICIES.includes(policy)) issues.push({ field: 'revocationPolicy', message: 'revocationPolicy must be suspend, revoke or keep.' });
  const facts = await catalog.facts(organizationId);
  const target = typeof r.targetAchievementId === 'string' ? facts.find((f) => f.id === r.targetAchievementId) : undefined;
  if (!target) issues.push({ field: 'targetAchievementId', message: 'targetAchievementId must be one of this organization’s micro-credentials.' });
  else if (target.status === 'archived') issues.push({ field: 'targetAchievementId', message: `${target.name} is archived; restore it first.` });
  const others = (await listPathways(db, organizationId)).filter((p) => p.id !== selfId).map(toDefinition);
  const ruleIssues = validateRule(r.rule, {
    knownAchievementIds: facts.map((f) => f.id),
    achievements: Object.fromEntries(facts.map((f) => [f.id, { name: f.name, creditsAvailable: f.creditsAvailable, resultDescriptionIds: f.resultDescriptionIds }])),
    pathways: others,
    ...(typeof r.targetAchievementId === 'string' ? { self: { ...(selfId ? { id: selfId } : {}), targetAchievementId: r.targetAchievementId } } : {}),
  });
  issues.push(...ruleIssues.map((i) => ({ field: `rule${i.path}`, message: i.message })));
  if (issues.length) {
    const code = ruleIssues.length && issues.length === ruleIssues.length ? 'pathway_rule_invalid' : 'validation_failed';
    throw new AppError(code, issues.length === 1 ? issues[0]!.message : `The pathway has ${issues.length} problems.`, { issues });
  }
  return { name, description, targetAchievementId: target!.id, rule: r.rule as Rule, revocationPolicy: policy };
}
