/** Projects (brief + rubric) and their submissions, with the assessor review queue. */
import type { Selectable } from 'kysely';
import type { Rubric, RubricChoice, RubricScore } from '../../core/assessment/rubric.ts';
import type { Db } from '../transaction.ts';
import type { ProjectSubmissionsTable, ProjectsTable } from '../tables/assessment.ts';
import { fromDbBool, fromJson, toDbBool, toJson } from '../util.ts';

export interface Project {
  id: string;
  organizationId: string;
  moduleId: string;
  title: string;
  brief: string;
  rubric: Rubric;
  createdAt: string;
  updatedAt: string;
}

function toProject(r: ProjectsTable): Project {
  return {
    id: r.id, organizationId: r.organization_id, moduleId: r.module_id, title: r.title, brief: r.brief,
    rubric: fromJson<Rubric>(r.rubric_json, { criteria: [] }), createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

export async function insertProject(db: Db, p: Project): Promise<void> {
  await db.insertInto('projects').values({
    id: p.id, organization_id: p.organizationId, module_id: p.moduleId, title: p.title, brief: p.brief,
    rubric_json: toJson(p.rubric), created_at: p.createdAt, updated_at: p.updatedAt,
  }).execute();
}

export async function updateProject(db: Db, p: Project): Promise<void> {
  await db.updateTable('projects').set({ title: p.title, brief: p.brief, rubric_json: toJson(p.rubric), updated_at: p.updatedAt })
    .where('organization_id', '=', p.organizationId).where('id', '=', p.id).execute();
}

export async function findProject(db: Db, organizationId: string, id: string): Promise<Project | undefined> {
  const r = await db.selectFrom('projects').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return r ? toProject(r) : undefined;
}

export async function listProjects(db: Db, organizationId: string, moduleId?: string): Promise<Project[]> {
  let q = db.selectFrom('projects').selectAll().where('organization_id', '=', organizationId);
  if (moduleId) q = q.where('module_id', '=', moduleId);
  return (await q.orderBy('created_at').orderBy('id').execute()).map(toProject);
}

/** A stored file of a submission; `storedName` is the safe name on disk, never the uploaded name. */
export interface SubmissionFile {
  id: string;
  name: string;
  type: string;
  size: number;
  storedName: string;
}

export type SubmissionStatus = 'submitted' | 'accepted' | 'resubmission_requested';

export interface Submission {
  id: string;
  organizationId: string;
  projectId: string;
  learnerId: string;
  text: string;
  links: string[];
  files: SubmissionFile[];
  status: SubmissionStatus;
  submittedAt: string;
  reviewedAt: string | null;
  reviewerUserId: string | null;
  rubricLevels: RubricChoice | null;
  rubricScore: RubricScore | null;
  feedback: string | null;
  /** The learner made the evidence page of this submission public. */
  evidencePublic: boolean;
}

function toSubmission(r: Selectable<ProjectSubmissionsTable>): Submission {
  return {
    id: r.id, organizationId: r.organization_id, projectId: r.project_id, learnerId: r.learner_id, text: r.text,
    links: fromJson<string[]>(r.links_json, []), files: fromJson<SubmissionFile[]>(r.files_json, []),
    status: r.status as SubmissionStatus, submittedAt: r.submitted_at, reviewedAt: r.reviewed_at,
    reviewerUserId: r.reviewer_user_id, rubricLevels: fromJson<RubricChoice | null>(r.rubric_levels_json, null),
    rubricScore: fromJson<RubricScore | null>(r.rubric_score_json, null), feedback: r.feedback,
    evidencePublic: fromDbBool(r.evidence_public),
  };
}

export async function insertSubmission(db: Db, s: Omit<Submission, 'evidencePublic'>): Promise<void> {
  await db.insertInto('project_submissions').values({
    id: s.id, organization_id: s.organizationId, project_id: s.projectId, learner_id: s.learnerId, text: s.text,
    links_json: toJson(s.links), files_json: toJson(s.files), status: s.status, submitted_at: s.submittedAt,
    reviewed_at: null, reviewer_user_id: null, rubric_levels_json: null, rubric_score_json: null, feedback: null,
  }).execute();
}

export async function findSubmission(db: Db, organizationId: string, id: string): Promise<Submission | undefined> {
  const r = await db.selectFrom('project_submissions').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return r ? toSubmission(r) : undefined;
}

/** A submission by id in any organization; callers must check who may see it. */
export async function findSubmissionAnyOrg(db: Db, id: string): Promise<Submission | undefined> {
  const r = await db.selectFrom('project_submissions').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toSubmission(r) : undefined;
}

/** Submissions of one learner record to one project, newest first. */
export async function listSubmissions(db: Db, organizationId: string, projectId: string, learnerId: string): Promise<Submission[]> {
  const rows = await db.selectFrom('project_submissions').selectAll()
    .where('organization_id', '=', organizationId).where('project_id', '=', projectId).where('learner_id', '=', learnerId)
    .orderBy('submitted_at', 'desc').execute();
  return rows.map(toSubmission);
}

export async function listSubmissionsOfLearner(db: Db, organizationId: string, learnerId: string): Promise<Submission[]> {
  const rows = await db.selectFrom('project_submissions').selectAll()
    .where('organization_id', '=', organizationId).where('learner_id', '=', learnerId).orderBy('submitted_at', 'desc').execute();
  return rows.map(toSubmission);
}

export interface QueueItem {
  submission: Submission;
  projectTitle: string;
  learnerEmail: string;
  learnerName: string | null;
}

/** The assessor queue of one organization: submissions waiting for review, oldest first. */
export async function listReviewQueue(db: Db, organizationId: string, opts: { status?: SubmissionStatus; limit?: number } = {}): Promise<QueueItem[]> {
  const rows = await db.selectFrom('project_submissions as s')
    .innerJoin('projects as p', 'p.id', 's.project_id')
    .innerJoin('learners as l', 'l.id', 's.learner_id')
    .selectAll('s')
    .select(['p.title as project_title', 'l.email as learner_email', 'l.name as learner_name'])
    .where('s.organization_id', '=', organizationId)
    .where('s.status', '=', opts.status ?? 'submitted')
    .orderBy('s.submitted_at').limit(opts.limit ?? 200).execute();
  return rows.map((r) => ({ submission: toSubmission(r), projectTitle: r.project_title, learnerEmail: r.learner_email, learnerName: r.learner_name }));
}

/**
 * Record an assessor's review of a submission still waiting for one. Returns false when it was already
 * reviewed (two assessors at once: the first wins).
 */
export async function recordReview(
  db: Db,
  input: {
    organizationId: string; id: string; status: Exclude<SubmissionStatus, 'submitted'>; reviewerUserId: string | null;
    rubricLevels: RubricChoice; rubricScore: RubricScore; feedback: string; now: string;
  },
): Promise<boolean> {
  const res = await db.updateTable('project_submissions').set({
    status: input.status, reviewed_at: input.now, reviewer_user_id: input.reviewerUserId,
    rubric_levels_json: toJson(input.rubricLevels), rubric_score_json: toJson(input.rubricScore), feedback: input.feedback,
  }).where('organization_id', '=', input.organizationId).where('id', '=', input.id).where('status', '=', 'submitted').executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Distinct learners with an accepted submission to any of the projects. */
export async function countAcceptedLearners(db: Db, organizationId: string, projectIds: string[]): Promise<number> {
  if (projectIds.length === 0) return 0;
  const r = await db.selectFrom('project_submissions').select((eb) => eb.fn.count<number>('learner_id').distinct().as('n'))
    .where('organization_id', '=', organizationId).where('project_id', 'in', projectIds).where('status', '=', 'accepted').executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** A project by id in any organization; callers check access (learner enrolment) themselves. */
export async function findProjectAnyOrg(db: Db, id: string): Promise<Project | undefined> {
  const r = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toProject(r) : undefined;
}

/** The learner shows or hides the public evidence page of their submission. */
export async function setEvidencePublic(db: Db, organizationId: string, id: string, learnerId: string, visible: boolean): Promise<boolean> {
  const res = await db.updateTable('project_submissions').set({ evidence_public: toDbBool(visible) })
    .where('organization_id', '=', organizationId).where('id', '=', id).where('learner_id', '=', learnerId).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
