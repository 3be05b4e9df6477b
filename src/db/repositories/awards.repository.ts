/** Award rules per micro-credential, awards (exactly once per learner and achievement) and external completions. */
import type { AwardEvaluation, AwardRule } from '../../core/assessment/award-rule.ts';
import type { Db } from '../transaction.ts';
import type { ExternalCompletionsTable } from '../tables/assessment.ts';
import { fromDbBool, fromJson, toDbBool, toJson } from '../util.ts';

export interface StoredAwardRule {
  achievementId: string;
  organizationId: string;
  rule: AwardRule;
  /** creditsEarned written into the credential (null: the achievement's creditsAvailable). */
  credits: number | null;
  createdAt: string;
  updatedAt: string;
}

/** Create or replace the award rule of a micro-credential. */
export async function upsertAwardRule(db: Db, r: StoredAwardRule): Promise<void> {
  await db.insertInto('award_rules').values({
    achievement_id: r.achievementId, organization_id: r.organizationId, rule_json: toJson(r.rule), credits: r.credits,
    created_at: r.createdAt, updated_at: r.updatedAt,
  }).onConflict((oc) => oc.column('achievement_id').doUpdateSet({ rule_json: toJson(r.rule), credits: r.credits, updated_at: r.updatedAt }))
    .execute();
}

export async function findAwardRule(db: Db, organizationId: string, achievementId: string): Promise<StoredAwardRule | undefined> {
  const r = await db.selectFrom('award_rules').selectAll().where('organization_id', '=', organizationId).where('achievement_id', '=', achievementId).executeTakeFirst();
  return r ? { achievementId: r.achievement_id, organizationId: r.organization_id, rule: fromJson<AwardRule>(r.rule_json, { requirements: [] }), credits: r.credits, createdAt: r.created_at, updatedAt: r.updated_at } : undefined;
}

export async function listAwardRules(db: Db, organizationId: string): Promise<StoredAwardRule[]> {
  const rows = await db.selectFrom('award_rules').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').execute();
  return rows.map((r) => ({ achievementId: r.achievement_id, organizationId: r.organization_id, rule: fromJson<AwardRule>(r.rule_json, { requirements: [] }), credits: r.credits, createdAt: r.created_at, updatedAt: r.updated_at }));
}

export interface Award {
  id: string;
  organizationId: string;
  learnerId: string;
  achievementId: string;
  credentialId: string | null;
  evaluation: AwardEvaluation;
  createdAt: string;
}

/**
 * Claim the (learner, achievement) award. Returns false when it is already claimed, by this or another
 * transaction or app instance (the unique constraint decides). Call inside the issuing transaction.
 */
export async function claimAward(db: Db, a: Award): Promise<boolean> {
  const res = await db.insertInto('awards').values({
    id: a.id, organization_id: a.organizationId, learner_id: a.learnerId, achievement_id: a.achievementId,
    credential_id: a.credentialId, evaluation_json: toJson(a.evaluation), created_at: a.createdAt,
  }).onConflict((oc) => oc.columns(['learner_id', 'achievement_id']).doNothing()).executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function setAwardCredential(db: Db, organizationId: string, awardId: string, credentialId: string): Promise<void> {
  await db.updateTable('awards').set({ credential_id: credentialId }).where('organization_id', '=', organizationId).where('id', '=', awardId).execute();
}

export async function findAward(db: Db, organizationId: string, learnerId: string, achievementId: string): Promise<Award | undefined> {
  const r = await db.selectFrom('awards').selectAll()
    .where('organization_id', '=', organizationId).where('learner_id', '=', learnerId).where('achievement_id', '=', achievementId).executeTakeFirst();
  return r ? { id: r.id, organizationId: r.organization_id, learnerId: r.learner_id, achievementId: r.achievement_id, credentialId: r.credential_id, evaluation: fromJson<AwardEvaluation>(r.evaluation_json, null as never), createdAt: r.created_at } : undefined;
}

/** Distinct learners awarded any of the achievements. */
export async function countAwards(db: Db, organizationId: string, achievementIds: string[]): Promise<number> {
  if (achievementIds.length === 0) return 0;
  const r = await db.selectFrom('awards').select((eb) => eb.fn.count<number>('learner_id').distinct().as('n'))
    .where('organization_id', '=', organizationId).where('achievement_id', 'in', achievementIds).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export interface ExternalCompletion {
  id: string;
  organizationId: string;
  externalEventId: string;
  learnerId: string;
  targetKind: 'quiz' | 'module';
  targetId: string;
  percent: number | null;
  passed: boolean;
  completedAt: string;
  source: 'api' | 'xapi';
  requestHash: string;
  createdAt: string;
}

function toCompletion(r: ExternalCompletionsTable): ExternalCompletion {
  return {
    id: r.id, organizationId: r.organization_id, externalEventId: r.external_event_id, learnerId: r.learner_id,
    targetKind: r.target_kind as ExternalCompletion['targetKind'], targetId: r.target_id, percent: r.percent,
    passed: fromDbBool(r.passed), completedAt: r.completed_at, source: r.source as ExternalCompletion['source'],
    requestHash: r.request_hash, createdAt: r.created_at,
  };
}

/** Insert unless the (organization, external event id) exists; returns the stored row and whether it is new. */
export async function insertCompletionOnce(db: Db, c: ExternalCompletion): Promise<{ completion: ExternalCompletion; created: boolean }> {
  const res = await db.insertInto('external_completions').values({
    id: c.id, organization_id: c.organizationId, external_event_id: c.externalEventId, learner_id: c.learnerId,
    target_kind: c.targetKind, target_id: c.targetId, percent: c.percent, passed: toDbBool(c.passed), completed_at: c.completedAt,
    source: c.source, request_hash: c.requestHash, created_at: c.createdAt,
  }).onConflict((oc) => oc.columns(['organization_id', 'external_event_id']).doNothing()).executeTakeFirst();
  const row = await db.selectFrom('external_completions').selectAll()
    .where('organization_id', '=', c.organizationId).where('external_event_id', '=', c.externalEventId).executeTakeFirstOrThrow();
  return { completion: toCompletion(row), created: Number(res.numInsertedOrUpdatedRows ?? 0) > 0 };
}

export async function listCompletionsOfLearner(db: Db, organizationId: string, learnerId: string): Promise<ExternalCompletion[]> {
  const rows = await db.selectFrom('external_completions').selectAll()
    .where('organization_id', '=', organizationId).where('learner_id', '=', learnerId).orderBy('completed_at').execute();
  return rows.map(toCompletion);
}
