/** Pathways, their versions, awards (exactly once per pathway and learner) and staff events. */
import type { Selectable } from 'kysely';
import type { Rule } from '../../core/stacking/types.ts';
import type { Db } from '../transaction.ts';
import type { PathwayAwardsTable, PathwayEventsTable, PathwaysTable } from '../tables/pathways.ts';
import { fromJson, isUniqueViolation, toJson } from '../util.ts';

export type RevocationPolicy = 'suspend' | 'revoke' | 'keep';
export type PathwayStatus = 'active' | 'archived';
export type AwardStatus = 'issuing' | 'awarded' | 'suspended' | 'revoked';

export interface Pathway {
  id: string;
  organizationId: string;
  name: string;
  description: string | null;
  targetAchievementId: string;
  rule: Rule;
  revocationPolicy: RevocationPolicy;
  version: number;
  status: PathwayStatus;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PathwayAward {
  id: string;
  organizationId: string;
  pathwayId: string;
  learnerId: string;
  pathwayVersion: number;
  status: AwardStatus;
  round: number;
  credentialId: string | null;
  componentIds: string[];
  lapsedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PathwayEvent {
  id: string;
  organizationId: string;
  pathwayId: string;
  learnerId: string | null;
  kind: string;
  message: string;
  credentialId: string | null;
  createdAt: string;
}

const toPathway = (r: Selectable<PathwaysTable>): Pathway => ({
  id: r.id, organizationId: r.organization_id, name: r.name, description: r.description,
  targetAchievementId: r.target_achievement_id, rule: fromJson<Rule>(r.rule_json, { type: 'allOf', children: [] }),
  revocationPolicy: r.revocation_policy as RevocationPolicy, version: Number(r.version), status: r.status as PathwayStatus,
  createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
});

const toAward = (r: Selectable<PathwayAwardsTable>): PathwayAward => ({
  id: r.id, organizationId: r.organization_id, pathwayId: r.pathway_id, learnerId: r.learner_id,
  pathwayVersion: Number(r.pathway_version), status: r.status as AwardStatus, round: Number(r.round),
  credentialId: r.credential_id, componentIds: fromJson<string[]>(r.component_ids_json, []), lapsedAt: r.lapsed_at,
  createdAt: r.created_at, updatedAt: r.updated_at,
});

const toEvent = (r: Selectable<PathwayEventsTable>): PathwayEvent => ({
  id: r.id, organizationId: r.organization_id, pathwayId: r.pathway_id, learnerId: r.learner_id, kind: r.kind,
  message: r.message, credentialId: r.credential_id, createdAt: r.created_at,
});

/** Inserts a pathway and its first version; false when the organization already has a pathway for that target. */
export async function insertPathway(db: Db, p: Pathway): Promise<boolean> {
  try {
    await db.insertInto('pathways').values({
      id: p.id, organization_id: p.organizationId, name: p.name, description: p.description,
      target_achievement_id: p.targetAchievementId, rule_json: toJson(p.rule), revocation_policy: p.revocationPolicy,
      version: p.version, status: p.status, created_by: p.createdBy, created_at: p.createdAt, updated_at: p.updatedAt,
    }).execute();
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
  await insertVersion(db, p);
  return true;
}

async function insertVersion(db: Db, p: Pathway): Promise<void> {
  await db.insertInto('pathway_versions').values({
    pathway_id: p.id, organization_id: p.organizationId, version: p.version, name: p.name,
    target_achievement_id: p.targetAchievementId, rule_json: toJson(p.rule), revocation_policy: p.revocationPolicy,
    created_by: p.createdBy, created_at: p.updatedAt,
  }).execute();
}

/**
 * Saves a new version of a pathway if it is still at `expectedVersion` (optimistic: two editors cannot both win);
 * false when someone saved first or the pathway is not the organization's.
 */
export async function updatePathway(db: Db, p: Pathway, expectedVersion: number): Promise<boolean> {
  const res = await db.updateTable('pathways').set({
    name: p.name, description: p.description, rule_json: toJson(p.rule), revocation_policy: p.revocationPolicy,
    version: p.version, status: p.status, updated_at: p.updatedAt,
  }).where('organization_id', '=', p.organizationId).where('id', '=', p.id).where('version', '=', expectedVersion).executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) return false;
  await insertVersion(db, p);
  return true;
}

/** One pathway of an organization, or undefined. */
export async function findPathway(db: Db, organizationId: string, id: string): Promise<Pathway | undefined> {
  const r = await db.selectFrom('pathways').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return r ? toPathway(r) : undefined;
}

/** An organization's pathways, by name. */
export async function listPathways(db: Db, organizationId: string, status?: PathwayStatus): Promise<Pathway[]> {
  let q = db.selectFrom('pathways').selectAll().where('organization_id', '=', organizationId);
  if (status) q = q.where('status', '=', status);
  return (await q.orderBy('name').orderBy('id').execute()).map(toPathway);
}

/** Versions of a pathway, newest first. */
export async function listPathwayVersions(db: Db, organizationId: string, id: string): Promise<{ version: number; createdAt: string; createdBy: string | null }[]> {
  const rows = await db.selectFrom('pathway_versions').select(['version', 'created_at', 'created_by'])
    .where('organization_id', '=', organizationId).where('pathway_id', '=', id).orderBy('version', 'desc').execute();
  return rows.map((r) => ({ version: Number(r.version), createdAt: r.created_at, createdBy: r.created_by }));
}

/** The award row of (pathway, learner), or undefined. */
export async function findAward(db: Db, organizationId: string, pathwayId: string, learnerId: string): Promise<PathwayAward | undefined> {
  const r = await db.selectFrom('pathway_awards').selectAll().where('organization_id', '=', organizationId)
    .where('pathway_id', '=', pathwayId).where('learner_id', '=', learnerId).executeTakeFirst();
  return r ? toAward(r) : undefined;
}

/** The award whose stacked credential is `credentialId`, or undefined. */
export async function findAwardByCredential(db: Db, organizationId: string, credentialId: string): Promise<PathwayAward | undefined> {
  const r = await db.selectFrom('pathway_awards').selectAll().where('organization_id', '=', organizationId)
    .where('credential_id', '=', credentialId).executeTakeFirst();
  return r ? toAward(r) : undefined;
}

/** Every award of a learner in an organization. */
export async function listAwardsOfLearner(db: Db, organizationId: string, learnerId: string): Promise<PathwayAward[]> {
  const rows = await db.selectFrom('pathway_awards').selectAll().where('organization_id', '=', organizationId)
    .where('learner_id', '=', learnerId).execute();
  return rows.map(toAward);
}

/** Awards of a pathway by status (for funnels). */
export async function countAwardsByStatus(db: Db, organizationId: string, pathwayId: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom('pathway_awards').select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('organization_id', '=', organizationId).where('pathway_id', '=', pathwayId).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/**
 * Claims the award of (pathway, learner): inserts the row in status `issuing`. Returns false when a row exists
 * already (another event, instance or backfill got there first): the unique (pathway_id, learner_id) decides.
 */
export async function claimAward(db: Db, a: PathwayAward): Promise<boolean> {
  try {
    await db.insertInto('pathway_awards').values({
      id: a.id, organization_id: a.organizationId, pathway_id: a.pathwayId, learner_id: a.learnerId,
      pathway_version: a.pathwayVersion, status: a.status, round: a.round, credential_id: a.credentialId,
      component_ids_json: toJson(a.componentIds), lapsed_at: a.lapsedAt, created_at: a.createdAt, updated_at: a.updatedAt,
    }).execute();
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

export interface AwardPatch {
  status?: AwardStatus;
  round?: number;
  credentialId?: string | null;
  componentIds?: string[];
  lapsedAt?: string | null;
  pathwayVersion?: number;
  updatedAt: string;
}

/**
 * Moves an award from the state the caller saw (`status`, `round`) to a new one; false when another writer
 * moved it first (compare-and-set, so concurrent events apply a transition once).
 */
export async function transitionAward(db: Db, id: string, from: { status: AwardStatus; round: number }, patch: AwardPatch): Promise<boolean> {
  const res = await db.updateTable('pathway_awards').set({
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(patch.round !== undefined ? { round: patch.round } : {}),
    ...(patch.credentialId !== undefined ? { credential_id: patch.credentialId } : {}),
    ...(patch.componentIds !== undefined ? { component_ids_json: toJson(patch.componentIds) } : {}),
    ...(patch.lapsedAt !== undefined ? { lapsed_at: patch.lapsedAt } : {}),
    ...(patch.pathwayVersion !== undefined ? { pathway_version: patch.pathwayVersion } : {}),
    updated_at: patch.updatedAt,
  }).where('id', '=', id).where('status', '=', from.status).where('round', '=', from.round).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Records something staff should know. */
export async function insertPathwayEvent(db: Db, e: PathwayEvent): Promise<void> {
  await db.insertInto('pathway_events').values({
    id: e.id, organization_id: e.organizationId, pathway_id: e.pathwayId, learner_id: e.learnerId, kind: e.kind,
    message: e.message, credential_id: e.credentialId, created_at: e.createdAt,
  }).execute();
}

/** Recent events of an organization (optionally one pathway), newest first. */
export async function listPathwayEvents(db: Db, organizationId: string, opts: { pathwayId?: string; limit: number }): Promise<PathwayEvent[]> {
  let q = db.selectFrom('pathway_events').selectAll().where('organization_id', '=', organizationId);
  if (opts.pathwayId) q = q.where('pathway_id', '=', opts.pathwayId);
  return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute()).map(toEvent);
}

/** The rule of one saved version of a pathway, or undefined. */
export async function findPathwayVersionRule(db: Db, organizationId: string, id: string, version: number): Promise<Rule | undefined> {
  const r = await db.selectFrom('pathway_versions').select('rule_json').where('organization_id', '=', organizationId)
    .where('pathway_id', '=', id).where('version', '=', version).executeTakeFirst();
  return r ? fromJson<Rule>(r.rule_json, { type: 'allOf', children: [] }) : undefined;
}
