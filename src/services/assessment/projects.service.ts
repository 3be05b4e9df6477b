/**
 * Projects: a brief and a rubric; learner submissions (text, links, files with type and size limits);
 * the assessor review queue (score the rubric, feedback, accept or ask for resubmission). Assessors and
 * staff see only their organization's submissions; files are served only to the learner and that staff.
 */
import { randomUUID } from 'node:crypto';
import { isHttpUrl } from '../../core/assessment/module-input.ts';
import { assertValidRubric, scoreRubric, type Rubric, type RubricChoice } from '../../core/assessment/rubric.ts';
import { parseRubricText } from '../../core/assessment/rubric-text.ts';
import { checkSubmissionFile, SUBMISSION_LIMITS } from '../../core/assessment/submission-files.ts';
import { AppError, type FieldIssue } from '../../core/errors.ts';
import { findLearner } from '../../db/repositories/learners.repository.ts';
import { findEnrolment, findModule } from '../../db/repositories/modules.repository.ts';
import {
  findProject, findProjectAnyOrg, findSubmissionAnyOrg, insertProject, insertSubmission, listProjects, listReviewQueue, listSubmissions, recordReview, setEvidencePublic,
  updateProject, type Project, type QueueItem, type Submission, type SubmissionFile,
} from '../../db/repositories/projects.repository.ts';
import { withTransaction, type Db } from '../../db/transaction.ts';
import { audit } from '../audit.service.ts';
import { can, requirePermission, type Auth } from '../auth.ts';
import type { Clock } from '../deps.ts';
import type { Mailer } from '../mailer.ts';
import type { SubmissionFileStore } from './file-store.ts';
import { findLearnerForUser, requireLearner } from './learner-identity.ts';
import { requireAssessmentStaff } from './modules.service.ts';
import type { EvidenceListener } from './quizzes.service.ts';

export interface ProjectsDeps {
  db: Db;
  clock: Clock;
  files: SubmissionFileStore;
  mailer?: Mailer;
  publicUrl?: string;
  evidence?: EvidenceListener;
}

export interface SubmissionInput {
  text?: string;
  links?: string[] | string;
  files?: Array<{ name: string; bytes: Uint8Array }>;
}

export interface ReviewInput {
  levels: RubricChoice;
  feedback?: string;
  decision: 'accept' | 'resubmit';
}

function rubricFrom(input: { rubric?: unknown; rubricText?: unknown }): Rubric {
  if (typeof input.rubricText === 'string') return parseRubricText(input.rubricText);
  return assertValidRubric(input.rubric as Rubric);
}

function text(v: unknown, field: string, max: number, required: boolean): string {
  const s = typeof v === 'string' ? v.trim() : '';
  if (required && !s) throw new AppError('validation_failed', `${field} is required.`, { field });
  if (s.length > max) throw new AppError('validation_failed', `${field} is longer than ${max} characters.`, { field });
  return s;
}

export class ProjectsService {
  constructor(private readonly deps: ProjectsDeps) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Create a project in a module (`assessments:write`); the rubric as JSON or in its text form. */
  async create(auth: Auth, moduleId: string, input: { title?: unknown; brief?: unknown; rubric?: unknown; rubricText?: unknown }): Promise<Project> {
    const a = requirePermission(auth, 'assessments:write');
    if (!(await findModule(this.deps.db, a.organizationId, moduleId))) throw new AppError('module_not_found', undefined, { field: 'moduleId' });
    const now = this.now();
    const p: Project = {
      id: randomUUID(), organizationId: a.organizationId, moduleId, title: text(input.title, 'title', 200, true),
      brief: text(input.brief, 'brief', 50_000, true), rubric: rubricFrom(input), createdAt: now, updatedAt: now,
    };
    await withTransaction(this.deps.db, async (trx) => {
      await insertProject(trx, p);
      await audit({ db: trx, clock: this.deps.clock }, a, 'project.create', { type: 'project', id: p.id }, { moduleId, title: p.title });
    });
    return p;
  }

  async update(auth: Auth, projectId: string, input: { title?: unknown; brief?: unknown; rubric?: unknown; rubricText?: unknown }): Promise<Project> {
    const a = requirePermission(auth, 'assessments:write');
    const current = await this.get(a, projectId);
    const p: Project = {
      ...current,
      title: input.title === undefined ? current.title : text(input.title, 'title', 200, true),
      brief: input.brief === undefined ? current.brief : text(input.brief, 'brief', 50_000, true),
      rubric: input.rubric === undefined && input.rubricText === undefined ? current.rubric : rubricFrom(input),
      updatedAt: this.now(),
    };
    await withTransaction(this.deps.db, async (trx) => {
      await updateProject(trx, p);
      await audit({ db: trx, clock: this.deps.clock }, a, 'project.update', { type: 'project', id: p.id }, { title: p.title });
    });
    return p;
  }

  async get(auth: Auth, projectId: string): Promise<Project> {
    const a = requireAssessmentStaff(auth);
    const p = await findProject(this.deps.db, a.organizationId, projectId);
    if (!p) throw new AppError('project_not_found', undefined, { field: 'projectId' });
    return p;
  }

  async list(auth: Auth, moduleId: string): Promise<Project[]> {
    const a = requireAssessmentStaff(auth);
    return listProjects(this.deps.db, a.organizationId, moduleId);
  }

  /** Projects of a module for its learners (brief and rubric are public to them). */
  async projectsOfModule(organizationId: string, moduleId: string): Promise<Project[]> {
    return listProjects(this.deps.db, organizationId, moduleId);
  }

  /** The project as the enrolled learner sees it, with their submissions (newest first) and feedback. */
  async forLearner(auth: Auth, projectId: string): Promise<{ project: Project; submissions: Submission[]; canSubmit: boolean }> {
    const { project, learnerId } = await this.learnerContext(auth, projectId);
    const submissions = await listSubmissions(this.deps.db, project.organizationId, projectId, learnerId);
    return { project, submissions, canSubmit: submissions.every((x) => x.status === 'resubmission_requested') };
  }

  private async learnerContext(auth: Auth, projectId: string) {
    const db = this.deps.db;
    const row = await findProjectAnyOrg(db, projectId);
    if (!row) throw new AppError('project_not_found', undefined, { field: 'projectId' });
    const m = await findModule(db, row.organizationId, row.moduleId);
    if (!m || m.status !== 'published') throw new AppError('project_not_found', undefined, { field: 'projectId' });
    const learner = await requireLearner(db, auth, row.organizationId);
    if (!(await findEnrolment(db, row.organizationId, m.id, learner.id))) throw new AppError('not_enrolled');
    return { project: row, learnerId: learner.id };
  }

  /**
   * Submit work: text, up to 10 http(s) links and up to 5 files (allowed types, ≤ 10 MB each, content
   * checked). Refused while an earlier submission waits for review or after one was accepted.
   */
  async submit(auth: Auth, projectId: string, input: SubmissionInput): Promise<Submission> {
    const { project, learnerId } = await this.learnerContext(auth, projectId);
    const body = text(input.text, 'text', SUBMISSION_LIMITS.text, false);
    const links = (Array.isArray(input.links) ? input.links : (input.links ?? '').split(/\s+/)).map((l) => l.trim()).filter(Boolean);
    const issues: FieldIssue[] = links.flatMap((l, i) => (isHttpUrl(l) ? [] : [{ field: `links.${i}`, message: `“${l}” is not an http(s) link.` }]));
    if (links.length > SUBMISSION_LIMITS.links) issues.push({ field: 'links', message: `At most ${SUBMISSION_LIMITS.links} links.` });
    const files = input.files ?? [];
    if (files.length > SUBMISSION_LIMITS.files) issues.push({ field: 'files', message: `At most ${SUBMISSION_LIMITS.files} files.` });
    if (issues.length) throw new AppError('validation_failed', issues[0]!.message, { issues });
    const checked = files.map((f, i) => ({ ...checkSubmissionFile(f, `files.${i}`), bytes: f.bytes }));
    if (!body && links.length === 0 && checked.length === 0) {
      throw new AppError('validation_failed', 'Add some text, a link or a file.', { field: 'text' });
    }
    const earlier = await listSubmissions(this.deps.db, project.organizationId, projectId, learnerId);
    if (earlier.some((e) => e.status === 'submitted')) throw new AppError('submission_pending');
    if (earlier.some((e) => e.status === 'accepted')) throw new AppError('submission_already_reviewed', 'Your submission was already accepted.');

    const stored: SubmissionFile[] = [];
    for (const f of checked) {
      const storedName = randomUUID();
      await this.deps.files.put(project.organizationId, storedName, f.bytes);
      stored.push({ id: randomUUID(), name: f.name, type: f.type, size: f.bytes.length, storedName });
    }
    const s: Submission = {
      id: randomUUID(), organizationId: project.organizationId, projectId, learnerId, text: body, links, files: stored, status: 'submitted',
      submittedAt: this.now(), reviewedAt: null, reviewerUserId: null, rubricLevels: null, rubricScore: null, feedback: null,
      evidencePublic: false,
    };
    await insertSubmission(this.deps.db, s);
    return s;
  }

  /** Submissions waiting for review in the caller's organization (`assessments:review`), oldest first. */
  async queue(auth: Auth): Promise<QueueItem[]> {
    const a = requirePermission(auth, 'assessments:review');
    return listReviewQueue(this.deps.db, a.organizationId);
  }

  /** One submission with its project, for an assessor of the same organization. */
  async forReview(auth: Auth, submissionId: string): Promise<{ submission: Submission; project: Project; learnerEmail: string }> {
    const a = requirePermission(auth, 'assessments:review');
    const s = await findSubmissionAnyOrg(this.deps.db, submissionId);
    if (!s || s.organizationId !== a.organizationId) throw new AppError('submission_not_found');
    const project = (await findProject(this.deps.db, a.organizationId, s.projectId))!;
    const learner = await findLearner(this.deps.db, a.organizationId, s.learnerId);
    return { submission: s, project, learnerEmail: learner?.email ?? '' };
  }

  /**
   * Score the rubric, write feedback and accept or ask for a resubmission (`assessments:review`). The first
   * review wins (submission_already_reviewed for a second). Accepting triggers award evaluation; the learner is emailed.
   */
  async review(auth: Auth, submissionId: string, input: ReviewInput): Promise<Submission> {
    const { submission, project, learnerEmail } = await this.forReview(auth, submissionId);
    const a = requirePermission(auth, 'assessments:review');
    if (input.decision !== 'accept' && input.decision !== 'resubmit') {
      throw new AppError('validation_failed', 'Choose accept or ask for a resubmission.', { field: 'decision' });
    }
    const rubricScore = scoreRubric(project.rubric, input.levels ?? {});
    const feedback = text(input.feedback, 'feedback', 20_000, input.decision === 'resubmit');
    const status = input.decision === 'accept' ? 'accepted' : 'resubmission_requested';
    await withTransaction(this.deps.db, async (trx) => {
      const ok = await recordReview(trx, {
        organizationId: a.organizationId, id: submissionId, status, reviewerUserId: a.userId ?? null, rubricLevels: input.levels,
        rubricScore, feedback, now: this.now(),
      });
      if (!ok) throw new AppError('submission_already_reviewed');
      await audit({ db: trx, clock: this.deps.clock }, a, 'submission.review', { type: 'submission', id: submissionId }, { status, percent: rubricScore.percent });
    });
    if (learnerEmail && this.deps.mailer) {
      const link = this.deps.publicUrl ? `${this.deps.publicUrl}/learn/projects/${project.id}` : '';
      await this.deps.mailer.send({
        to: learnerEmail, kind: 'submission_reviewed',
        subject: status === 'accepted' ? `Your project “${project.title}” was accepted` : `Please resubmit your project “${project.title}”`,
        text: `${status === 'accepted' ? 'Your project was accepted.' : 'The assessor asked you to resubmit your project.'}\n\nFeedback:\n${feedback || '(none)'}\n\n${link}`,
      });
    }
    if (status === 'accepted') await this.deps.evidence?.evidenceChanged(a.organizationId, submission.learnerId);
    return (await findSubmissionAnyOrg(this.deps.db, submissionId))!;
  }

  /**
   * A submission file, served only to the learner who submitted it and to staff of its organization
   * (assessors and authors). Everyone else gets submission_not_found, never a hint it exists.
   */
  async readFile(auth: Auth, submissionId: string, fileId: string): Promise<{ file: SubmissionFile; bytes: Buffer }> {
    const s = await findSubmissionAnyOrg(this.deps.db, submissionId);
    const file = s?.files.find((f) => f.id === fileId);
    if (!s || !file) throw new AppError('submission_not_found');
    const staff = auth.organizationId === s.organizationId && (can(auth, 'assessments:review') || can(auth, 'assessments:write'));
    const own = !staff && auth.userId ? (await findLearnerForUser(this.deps.db, auth, s.organizationId))?.id === s.learnerId : false;
    if (!staff && !own) throw new AppError('submission_not_found');
    return { file, bytes: await this.deps.files.get(s.organizationId, file.storedName) };
  }

  /** The learner shows or hides the public evidence page their credential links to. */
  async setEvidencePublic(auth: Auth, submissionId: string, visible: boolean): Promise<void> {
    const s = await findSubmissionAnyOrg(this.deps.db, submissionId);
    const learner = s ? await findLearnerForUser(this.deps.db, auth, s.organizationId) : undefined;
    if (!s || !learner || !(await setEvidencePublic(this.deps.db, s.organizationId, s.id, learner.id, visible))) throw new AppError('submission_not_found');
  }

  /**
   * The public evidence page of a submission: what the learner submitted (text and links, not files) and the
   * assessor's feedback — only while the learner keeps it public; the learner themself always sees it.
   */
  async evidence(auth: Auth, submissionId: string): Promise<{ submission: Submission; project: Project; isOwner: boolean } | null> {
    const s = await findSubmissionAnyOrg(this.deps.db, submissionId);
    if (!s || s.status !== 'accepted') throw new AppError('submission_not_found');
    const isOwner = auth.userId ? (await findLearnerForUser(this.deps.db, auth, s.organizationId))?.id === s.learnerId : false;
    if (!s.evidencePublic && !isOwner) return null;
    return { submission: s, project: (await findProject(this.deps.db, s.organizationId, s.projectId))!, isOwner };
  }
}
