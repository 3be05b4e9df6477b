/** Learning modules, their enrolments and their question banks. Every query is scoped by organization. */
import type { Question } from '../../core/assessment/questions.ts';
import type { Db } from '../transaction.ts';
import type { ModulesTable } from '../tables/assessment.ts';
import { fromJson, toJson } from '../util.ts';

export type ModuleSectionKind = 'markdown' | 'link' | 'media';

/** One content section: markdown text, a link, or embedded media by URL. */
export interface ModuleSection {
  id: string;
  kind: ModuleSectionKind;
  title: string;
  body?: string;
  url?: string;
}

export type EnrolmentMode = 'open' | 'staff';
export type ModuleStatus = 'draft' | 'published' | 'archived';

export interface LearningModule {
  id: string;
  organizationId: string;
  title: string;
  summary: string;
  sections: ModuleSection[];
  competencyIds: string[];
  achievementIds: string[];
  enrolment: EnrolmentMode;
  status: ModuleStatus;
  createdAt: string;
  updatedAt: string;
}

function toModule(r: ModulesTable): LearningModule {
  return {
    id: r.id,
    organizationId: r.organization_id,
    title: r.title,
    summary: r.summary,
    sections: fromJson<ModuleSection[]>(r.sections_json, []),
    competencyIds: fromJson<string[]>(r.competency_ids_json, []),
    achievementIds: fromJson<string[]>(r.achievement_ids_json, []),
    enrolment: r.enrolment as EnrolmentMode,
    status: r.status as ModuleStatus,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toRow(m: LearningModule): ModulesTable {
  return {
    id: m.id,
    organization_id: m.organizationId,
    title: m.title,
    summary: m.summary,
    sections_json: toJson(m.sections),
    competency_ids_json: toJson(m.competencyIds),
    achievement_ids_json: toJson(m.achievementIds),
    enrolment: m.enrolment,
    status: m.status,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
  };
}

export async function insertModule(db: Db, m: LearningModule): Promise<void> {
  await db.insertInto('modules').values(toRow(m)).execute();
}

/** Replace a module's editable fields. */
export async function updateModule(db: Db, m: LearningModule): Promise<void> {
  const { id: _id, organization_id: _org, created_at: _c, ...rest } = toRow(m);
  await db.updateTable('modules').set(rest).where('organization_id', '=', m.organizationId).where('id', '=', m.id).execute();
}

export async function findModule(db: Db, organizationId: string, id: string): Promise<LearningModule | undefined> {
  const row = await db.selectFrom('modules').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return row ? toModule(row) : undefined;
}

/** A module by id in any organization (public catalogue pages resolve the organization from it). */
export async function findModuleAnyOrg(db: Db, id: string): Promise<LearningModule | undefined> {
  const row = await db.selectFrom('modules').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toModule(row) : undefined;
}

export async function listModules(db: Db, organizationId: string, opts: { status?: ModuleStatus } = {}): Promise<LearningModule[]> {
  let q = db.selectFrom('modules').selectAll().where('organization_id', '=', organizationId);
  if (opts.status) q = q.where('status', '=', opts.status);
  return (await q.orderBy('created_at', 'desc').orderBy('id').execute()).map(toModule);
}

/** Published modules of every organization (learner catalogue). */
export async function listPublishedModules(db: Db, limit: number): Promise<LearningModule[]> {
  const rows = await db.selectFrom('modules').selectAll().where('status', '=', 'published').orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map(toModule);
}

export interface Enrolment {
  id: string;
  organizationId: string;
  moduleId: string;
  learnerId: string;
  enrolledBy: string | null;
  createdAt: string;
}

/** Enrol a learner; returns true when a new enrolment was made, false when already enrolled. */
export async function insertEnrolment(db: Db, e: Enrolment): Promise<boolean> {
  const res = await db.insertInto('module_enrolments')
    .values({ id: e.id, organization_id: e.organizationId, module_id: e.moduleId, learner_id: e.learnerId, enrolled_by: e.enrolledBy, created_at: e.createdAt })
    .onConflict((oc) => oc.columns(['module_id', 'learner_id']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findEnrolment(db: Db, organizationId: string, moduleId: string, learnerId: string): Promise<Enrolment | undefined> {
  const r = await db.selectFrom('module_enrolments').selectAll()
    .where('organization_id', '=', organizationId).where('module_id', '=', moduleId).where('learner_id', '=', learnerId)
    .executeTakeFirst();
  return r ? { id: r.id, organizationId: r.organization_id, moduleId: r.module_id, learnerId: r.learner_id, enrolledBy: r.enrolled_by, createdAt: r.created_at } : undefined;
}

/** Module ids a set of learner records is enrolled in. */
export async function listEnrolledModuleIds(db: Db, learnerIds: string[]): Promise<string[]> {
  if (learnerIds.length === 0) return [];
  const rows = await db.selectFrom('module_enrolments').select('module_id').where('learner_id', 'in', learnerIds).execute();
  return rows.map((r) => r.module_id);
}

export interface EnrolledLearner {
  learnerId: string;
  email: string;
  name: string | null;
  enrolledAt: string;
}

export async function listEnrolledLearners(db: Db, organizationId: string, moduleId: string): Promise<EnrolledLearner[]> {
  const rows = await db.selectFrom('module_enrolments as e')
    .innerJoin('learners as l', 'l.id', 'e.learner_id')
    .select(['e.learner_id', 'l.email', 'l.name', 'e.created_at'])
    .where('e.organization_id', '=', organizationId).where('e.module_id', '=', moduleId)
    .orderBy('e.created_at').execute();
  return rows.map((r) => ({ learnerId: r.learner_id, email: r.email, name: r.name, enrolledAt: r.created_at }));
}

/** A bank question with its position; the definition holds the answers and never leaves the server. */
export interface BankQuestion {
  question: Question;
  moduleId: string;
  position: number;
}

export async function insertBankQuestion(
  db: Db,
  input: { organizationId: string; moduleId: string; question: Question; now: string },
): Promise<void> {
  const max = await db.selectFrom('bank_questions').select((eb) => eb.fn.max('position').as('p'))
    .where('module_id', '=', input.moduleId).executeTakeFirst();
  await db.insertInto('bank_questions').values({
    id: input.question.id,
    organization_id: input.organizationId,
    module_id: input.moduleId,
    position: Number(max?.p ?? 0) + 1,
    definition_json: toJson(input.question),
    archived_at: null,
    created_at: input.now,
    updated_at: input.now,
  }).execute();
}

export async function updateBankQuestion(db: Db, organizationId: string, question: Question, now: string): Promise<boolean> {
  const res = await db.updateTable('bank_questions').set({ definition_json: toJson(question), updated_at: now })
    .where('organization_id', '=', organizationId).where('id', '=', question.id).where('archived_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Archive (soft-delete) a question: attempts already drawn keep their copy. */
export async function archiveBankQuestion(db: Db, organizationId: string, id: string, now: string): Promise<boolean> {
  const res = await db.updateTable('bank_questions').set({ archived_at: now })
    .where('organization_id', '=', organizationId).where('id', '=', id).where('archived_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** The module's live bank in authoring order. */
export async function listBankQuestions(db: Db, organizationId: string, moduleId: string): Promise<BankQuestion[]> {
  const rows = await db.selectFrom('bank_questions').selectAll()
    .where('organization_id', '=', organizationId).where('module_id', '=', moduleId).where('archived_at', 'is', null)
    .orderBy('position').execute();
  return rows.map((r) => ({ question: fromJson<Question>(r.definition_json, null as never), moduleId: r.module_id, position: r.position }));
}

/** Learner records of an organization matching any of the emails (or already linked to the user). */
export async function findLearnersForUser(db: Db, organizationId: string, userId: string, emails: string[]): Promise<Array<{ id: string; email: string; name: string | null }>> {
  let q = db.selectFrom('learners').select(['id', 'email', 'name', 'created_at']).where('organization_id', '=', organizationId);
  q = emails.length ? q.where((eb) => eb.or([eb('user_id', '=', userId), eb('email', 'in', emails)])) : q.where('user_id', '=', userId);
  const rows = await q.orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, email: r.email, name: r.name }));
}

/** Link a learner record to the user account that proved it holds the email. */
export async function linkLearnerUser(db: Db, organizationId: string, learnerId: string, userId: string): Promise<void> {
  await db.updateTable('learners').set({ user_id: userId }).where('organization_id', '=', organizationId).where('id', '=', learnerId).where('user_id', 'is', null).execute();
}

/** How many of the ids are competencies of the organization. */
export async function countCompetencies(db: Db, organizationId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.selectFrom('competencies').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', organizationId).where('id', 'in', ids).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** How many of the ids are micro-credentials of the organization. */
export async function countAchievements(db: Db, organizationId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.selectFrom('achievements').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', organizationId).where('id', 'in', ids).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Competency names of an organization by id. */
export async function competencyNames(db: Db, organizationId: string, ids: string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const rows = await db.selectFrom('competencies').select(['id', 'name']).where('organization_id', '=', organizationId).where('id', 'in', ids).execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

/** Learner record ids, in every organization, of a user (linked, or holding one of the user's verified emails). */
export async function listLearnerIdsForUser(db: Db, userId: string, emails: string[]): Promise<string[]> {
  const rows = await db.selectFrom('learners').select('id')
    .where((eb) => (emails.length ? eb.or([eb('user_id', '=', userId), eb('email', 'in', emails)]) : eb('user_id', '=', userId)))
    .execute();
  return rows.map((r) => r.id);
}
