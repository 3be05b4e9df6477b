/**
 * Learning modules: staff authoring, enrolment (self-enrolment in open modules, staff by form or CSV),
 * the learner catalogue and per-module progress reports.
 */
import { randomUUID } from 'node:crypto';
import { validateModuleFields } from '../../core/assessment/module-input.ts';
import { parseCsv } from '../../core/csv.ts';
import { AppError, type FieldIssue } from '../../core/errors.ts';
import { countAwards } from '../../db/repositories/awards.repository.ts';
import { upsertLearner } from '../../db/repositories/learners.repository.ts';
import { listUserEmails } from '../../db/repositories/users.repository.ts';
import {
  countAchievements, countCompetencies, findEnrolment, findModule, findModuleAnyOrg, insertEnrolment, insertModule,
  listEnrolledLearners, listEnrolledModuleIds, listLearnerIdsForUser, listModules, listPublishedModules, updateModule, type EnrolledLearner,
  type LearningModule,
} from '../../db/repositories/modules.repository.ts';
import { countAcceptedLearners, listProjects } from '../../db/repositories/projects.repository.ts';
import { listQuizzes, quizStats } from '../../db/repositories/quizzes.repository.ts';
import { withTransaction, type Db } from '../../db/transaction.ts';
import { audit } from '../audit.service.ts';
import { requirePermission, type Auth, type OrgAuth } from '../auth.ts';
import type { Clock } from '../deps.ts';
import { checkEmail } from '../accounts.service.ts';
import { ensureLearnerForUser, findLearnerForUser } from './learner-identity.ts';

export interface ModulesDeps {
  db: Db;
  clock: Clock;
}

export interface ModuleProgress {
  moduleId: string;
  enrolled: number;
  attempted: number;
  passed: number;
  projectsAccepted: number;
  awarded: number;
}

export interface CsvEnrolmentResult {
  enrolled: number;
  alreadyEnrolled: number;
  errors: FieldIssue[];
}

/** Staff may read modules with `assessments:write` (authors) or `assessments:review` (assessors). */
export function requireAssessmentStaff(auth: Auth): OrgAuth {
  try {
    return requirePermission(auth, 'assessments:write');
  } catch (e) {
    if (e instanceof AppError && e.code === 'forbidden') return requirePermission(auth, 'assessments:review');
    throw e;
  }
}

export class ModulesService {
  constructor(private readonly deps: ModulesDeps) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private async checkRefs(db: Db, organizationId: string, m: { competencyIds: string[]; achievementIds: string[] }): Promise<void> {
    if ((await countCompetencies(db, organizationId, m.competencyIds)) !== m.competencyIds.length) {
      throw new AppError('competency_not_found', 'A competency is not one of this organization’s.', { field: 'competencyIds' });
    }
    if ((await countAchievements(db, organizationId, m.achievementIds)) !== m.achievementIds.length) {
      throw new AppError('achievement_not_found', 'A micro-credential is not one of this organization’s.', { field: 'achievementIds' });
    }
  }

  /** Create a module (`assessments:write`). */
  async create(auth: Auth, input: Record<string, unknown>): Promise<LearningModule> {
    const a = requirePermission(auth, 'assessments:write');
    const fields = validateModuleFields(input, () => randomUUID().slice(0, 8));
    const now = this.now();
    const m: LearningModule = { id: randomUUID(), organizationId: a.organizationId, ...fields, createdAt: now, updatedAt: now };
    await withTransaction(this.deps.db, async (trx) => {
      await this.checkRefs(trx, a.organizationId, m);
      await insertModule(trx, m);
      await audit({ db: trx, clock: this.deps.clock }, a, 'module.create', { type: 'module', id: m.id }, { title: m.title });
    });
    return m;
  }

  /** Replace a module's definition (`assessments:write`). */
  async update(auth: Auth, id: string, input: Record<string, unknown>): Promise<LearningModule> {
    const a = requirePermission(auth, 'assessments:write');
    const current = await this.get(a, id);
    const fields = validateModuleFields({ ...current, ...input }, () => randomUUID().slice(0, 8));
    const m: LearningModule = { ...current, ...fields, updatedAt: this.now() };
    await withTransaction(this.deps.db, async (trx) => {
      await this.checkRefs(trx, a.organizationId, m);
      await updateModule(trx, m);
      await audit({ db: trx, clock: this.deps.clock }, a, 'module.update', { type: 'module', id }, { title: m.title, status: m.status });
    });
    return m;
  }

  /** One module of the caller's organization (staff). */
  async get(auth: Auth, id: string): Promise<LearningModule> {
    const a = requireAssessmentStaff(auth);
    const m = await findModule(this.deps.db, a.organizationId, id);
    if (!m) throw new AppError('module_not_found', undefined, { field: 'moduleId' });
    return m;
  }

  /** The caller's organization's modules (staff). */
  async list(auth: Auth): Promise<LearningModule[]> {
    const a = requireAssessmentStaff(auth);
    return listModules(this.deps.db, a.organizationId);
  }

  /** Published modules anyone may see, newest first. */
  async catalogue(limit = 100): Promise<LearningModule[]> {
    return listPublishedModules(this.deps.db, Math.min(Math.max(limit, 1), 500));
  }

  /** A module as a learner sees it (published only), with whether the signed-in user is enrolled. */
  async forLearner(auth: Auth, id: string): Promise<{ module: LearningModule; enrolled: boolean; learnerId: string | null }> {
    const m = await findModuleAnyOrg(this.deps.db, id);
    if (!m || m.status !== 'published') throw new AppError('module_not_found', undefined, { field: 'moduleId' });
    const learner = await findLearnerForUser(this.deps.db, auth, m.organizationId);
    const enrolled = learner ? Boolean(await findEnrolment(this.deps.db, m.organizationId, m.id, learner.id)) : false;
    return { module: m, enrolled, learnerId: learner?.id ?? null };
  }

  /** Modules the signed-in user is enrolled in (any organization). */
  async myModules(auth: Auth): Promise<LearningModule[]> {
    if (!auth.userId) return [];
    const emails = (await listUserEmails(this.deps.db, auth.userId)).filter((e) => e.verifiedAt !== null).map((e) => e.email);
    const moduleIds = new Set(await listEnrolledModuleIds(this.deps.db, await listLearnerIdsForUser(this.deps.db, auth.userId, emails)));
    return (await listPublishedModules(this.deps.db, 500)).filter((m) => moduleIds.has(m.id));
  }

  /** Self-enrolment of the signed-in learner in an open, published module (verified email needed). */
  async selfEnrol(auth: Auth, moduleId: string): Promise<{ learnerId: string; created: boolean }> {
    const m = await findModuleAnyOrg(this.deps.db, moduleId);
    if (!m || m.status !== 'published') throw new AppError('module_not_found', undefined, { field: 'moduleId' });
    if (m.enrolment !== 'open') throw new AppError('enrolment_closed');
    return withTransaction(this.deps.db, async (trx) => {
      const learner = await ensureLearnerForUser(trx, auth, m.organizationId, this.now());
      const created = await insertEnrolment(trx, { id: randomUUID(), organizationId: m.organizationId, moduleId, learnerId: learner.id, enrolledBy: null, createdAt: this.now() });
      return { learnerId: learner.id, created };
    });
  }

  /** Staff enrol one person by email (`assessments:write`); they sign in with that email to take part. */
  async enrol(auth: Auth, moduleId: string, input: { email: unknown; name?: unknown }): Promise<{ learnerId: string; created: boolean }> {
    const a = requirePermission(auth, 'assessments:write');
    await this.get(a, moduleId);
    const email = checkEmail(input.email);
    const name = typeof input.name === 'string' && input.name.trim() ? input.name.trim().slice(0, 200) : null;
    return withTransaction(this.deps.db, async (trx) => {
      const learner = await upsertLearner(trx, { id: randomUUID(), organizationId: a.organizationId, email, name, now: this.now() });
      const created = await insertEnrolment(trx, { id: randomUUID(), organizationId: a.organizationId, moduleId, learnerId: learner.id, enrolledBy: a.userId ?? null, createdAt: this.now() });
      if (created) await audit({ db: trx, clock: this.deps.clock }, a, 'module.enrol', { type: 'module', id: moduleId }, { email });
      return { learnerId: learner.id, created };
    });
  }

  /**
   * Staff enrol from CSV (columns `email`, optional `name`). Every row is checked first; rows with errors are
   * reported by row number and skipped, the valid rows are enrolled (already enrolled ones count apart).
   */
  async enrolCsv(auth: Auth, moduleId: string, csvText: string): Promise<CsvEnrolmentResult> {
    const a = requirePermission(auth, 'assessments:write');
    await this.get(a, moduleId);
    const table = parseCsv(csvText);
    if (!table.header.includes('email')) {
      throw new AppError('csv_invalid', 'The CSV needs an "email" column.', { issues: [{ field: 'row 1', message: 'No "email" column in the header.' }] });
    }
    const errors: FieldIssue[] = [];
    const valid: Array<{ email: string; name: string | null }> = [];
    const seen = new Set<string>();
    for (const r of table.rows) {
      if (Object.values(r.values).every((v) => v === '')) continue;
      try {
        const email = checkEmail(r.values.email);
        if (seen.has(email)) throw new AppError('validation_failed', `${email} appears twice in the file.`);
        seen.add(email);
        valid.push({ email, name: r.values.name?.slice(0, 200) || null });
      } catch (e) {
        errors.push({ field: `row ${r.row}: email`, message: e instanceof AppError ? e.message : String(e) });
      }
    }
    let enrolled = 0;
    let alreadyEnrolled = 0;
    await withTransaction(this.deps.db, async (trx) => {
      for (const row of valid) {
        const learner = await upsertLearner(trx, { id: randomUUID(), organizationId: a.organizationId, email: row.email, name: row.name, now: this.now() });
        const created = await insertEnrolment(trx, { id: randomUUID(), organizationId: a.organizationId, moduleId, learnerId: learner.id, enrolledBy: a.userId ?? null, createdAt: this.now() });
        if (created) enrolled++;
        else alreadyEnrolled++;
      }
      await audit({ db: trx, clock: this.deps.clock }, a, 'module.enrol_csv', { type: 'module', id: moduleId }, { enrolled, alreadyEnrolled, errors: errors.length });
    });
    return { enrolled, alreadyEnrolled, errors };
  }

  /** Learners enrolled in a module (staff). */
  async enrolled(auth: Auth, moduleId: string): Promise<EnrolledLearner[]> {
    const a = requireAssessmentStaff(auth);
    await this.get(a, moduleId);
    return listEnrolledLearners(this.deps.db, a.organizationId, moduleId);
  }

  /** Progress report: enrolled, attempted a quiz, passed a quiz, project accepted, awarded a linked credential. */
  async progress(auth: Auth, moduleId: string): Promise<ModuleProgress> {
    const a = requireAssessmentStaff(auth);
    const m = await this.get(a, moduleId);
    const db = this.deps.db;
    const quizIds = (await listQuizzes(db, a.organizationId, moduleId)).map((q) => q.id);
    const projectIds = (await listProjects(db, a.organizationId, moduleId)).map((p) => p.id);
    const stats = await quizStats(db, a.organizationId, quizIds);
    return {
      moduleId,
      enrolled: (await listEnrolledLearners(db, a.organizationId, moduleId)).length,
      attempted: stats.learnersAttempted,
      passed: stats.learnersPassed,
      projectsAccepted: await countAcceptedLearners(db, a.organizationId, projectIds),
      awarded: await countAwards(db, a.organizationId, m.achievementIds),
    };
  }
}
