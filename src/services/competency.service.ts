/**
 * Competency frameworks and competencies: CRUD scoped to the caller's organization, CSV import that
 * validates every row before writing anything, and the public competency document.
 */
import { AppError } from '../core/errors.ts';
import { planCompetencyImport } from '../core/catalog/competency-csv.ts';
import {
  validateCompetencyFields, validateFrameworkFields, type CompetencyFieldsInput,
} from '../core/catalog/competency-input.ts';
import { asJsonLd, competencyAsAchievement } from '../core/catalog/ob-achievement.ts';
import type { Competency, CompetencyFramework } from '../core/catalog/types.ts';
import type { Achievement } from '../core/ob/types.ts';
import { CompetencyRepository, type CompetencyListFilter } from '../db/repositories/competency.repository.ts';
import { withTransaction, type Db } from '../db/transaction.ts';
import { audit } from './audit.service.ts';
import { can, requirePermission, type Auth, type OrgAuth } from './auth.ts';

export interface CatalogDeps {
  db: Db;
  clock: { now(): Date };
  /** Public base URL (no trailing slash): OB ids and public pages live under it. */
  publicUrl: string;
  newId?: () => string;
}

/** Reading the catalog: any member, or a token that may write competencies or micro-credentials. */
export function requireCatalogRead(auth: Auth): OrgAuth {
  if (can(auth, 'competencies:write') || can(auth, 'achievements:write')) return auth as OrgAuth;
  return requirePermission(auth, 'org:read');
}

export interface ImportResult {
  created: number;
  updated: number;
  /** Existing competencies whose name and description the file repeats (alignments may still be added). */
  unchanged: number;
  frameworksCreated: number;
  rows: number;
}

export class CompetencyService {
  private readonly newId: () => string;

  constructor(private readonly deps: CatalogDeps) {
    this.newId = deps.newId ?? (() => crypto.randomUUID());
  }

  private repo(db: Db = this.deps.db): CompetencyRepository {
    return new CompetencyRepository(db, this.newId);
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private async assertFrameworkNameFree(db: Db, orgId: string, name: string, exceptId?: string): Promise<void> {
    const clash = (await this.repo(db).listFrameworks(orgId)).find((f) => f.name.toLowerCase() === name.toLowerCase() && f.id !== exceptId);
    if (clash) throw new AppError('framework_name_taken', `A framework named "${clash.name}" already exists.`, { field: 'name' });
  }

  /** Lists the organization's frameworks. */
  async listFrameworks(auth: Auth): Promise<CompetencyFramework[]> {
    const { organizationId } = requireCatalogRead(auth);
    return this.repo().listFrameworks(organizationId);
  }

  /** One framework; framework_not_found when it is not the caller's organization's. */
  async getFramework(auth: Auth, id: string): Promise<CompetencyFramework> {
    const { organizationId } = requireCatalogRead(auth);
    const fw = await this.repo().findFramework(organizationId, id);
    if (!fw) throw new AppError('framework_not_found');
    return fw;
  }

  /** Creates a framework (names are unique per organization, ignoring case). */
  async createFramework(auth: Auth, input: { name?: unknown; description?: unknown }): Promise<CompetencyFramework> {
    const a = requirePermission(auth, 'competencies:write');
    const fields = validateFrameworkFields(input);
    return withTransaction(this.deps.db, async (trx) => {
      await this.assertFrameworkNameFree(trx, a.organizationId, fields.name);
      const fw = await this.repo(trx).createFramework(a.organizationId, fields, this.now());
      await audit({ db: trx, clock: this.deps.clock }, a, 'framework.create', { type: 'competency_framework', id: fw.id }, { name: fw.name });
      return fw;
    });
  }

  /** Renames or re-describes a framework. */
  async updateFramework(auth: Auth, id: string, input: { name?: unknown; description?: unknown }): Promise<CompetencyFramework> {
    const a = requirePermission(auth, 'competencies:write');
    const fields = validateFrameworkFields(input);
    await withTransaction(this.deps.db, async (trx) => {
      await this.assertFrameworkNameFree(trx, a.organizationId, fields.name, id);
      if (!(await this.repo(trx).updateFramework(a.organizationId, id, fields))) throw new AppError('framework_not_found');
      await audit({ db: trx, clock: this.deps.clock }, a, 'framework.update', { type: 'competency_framework', id }, { name: fields.name });
    });
    return this.getFramework(auth, id);
  }

  /** Deletes a framework and its competencies (issued achievement versions keep their snapshots). */
  async deleteFramework(auth: Auth, id: string): Promise<void> {
    const a = requirePermission(auth, 'competencies:write');
    await withTransaction(this.deps.db, async (trx) => {
      if (!(await this.repo(trx).deleteFramework(a.organizationId, id))) throw new AppError('framework_not_found');
      await audit({ db: trx, clock: this.deps.clock }, a, 'framework.delete', { type: 'competency_framework', id });
    });
  }

  /** Lists competencies, optionally of one framework or matching a search text. */
  async listCompetencies(auth: Auth, filter: CompetencyListFilter = {}): Promise<Competency[]> {
    const { organizationId } = requireCatalogRead(auth);
    return this.repo().listCompetencies(organizationId, { ...filter, limit: Math.min(Math.max(filter.limit ?? 1000, 1), 1000) });
  }

  /** One competency; competency_not_found when it is not the caller's organization's. */
  async getCompetency(auth: Auth, id: string): Promise<Competency> {
    const { organizationId } = requireCatalogRead(auth);
    const c = await this.repo().findCompetency(organizationId, id);
    if (!c) throw new AppError('competency_not_found');
    return c;
  }

  /** Creates a competency in a framework, with its external alignments. */
  async createCompetency(auth: Auth, input: CompetencyFieldsInput & { frameworkId?: unknown }): Promise<Competency> {
    const a = requirePermission(auth, 'competencies:write');
    if (typeof input.frameworkId !== 'string' || input.frameworkId === '') {
      throw new AppError('validation_failed', 'frameworkId is required: choose the framework the competency belongs to.', { field: 'frameworkId' });
    }
    const fields = validateCompetencyFields(input);
    const frameworkId = input.frameworkId;
    const id = await withTransaction(this.deps.db, async (trx) => {
      const newId = await this.repo(trx).createCompetency(a.organizationId, frameworkId, fields, this.now());
      await audit({ db: trx, clock: this.deps.clock }, a, 'competency.create', { type: 'competency', id: newId }, { code: fields.code });
      return newId;
    });
    return this.getCompetency(auth, id);
  }

  /** Replaces a competency's code, name, description and alignments. */
  async updateCompetency(auth: Auth, id: string, input: CompetencyFieldsInput): Promise<Competency> {
    const a = requirePermission(auth, 'competencies:write');
    const fields = validateCompetencyFields(input);
    await withTransaction(this.deps.db, async (trx) => {
      if (!(await this.repo(trx).updateCompetency(a.organizationId, id, fields))) throw new AppError('competency_not_found');
      await audit({ db: trx, clock: this.deps.clock }, a, 'competency.update', { type: 'competency', id }, { code: fields.code });
    });
    return this.getCompetency(auth, id);
  }

  /** Deletes a competency. */
  async deleteCompetency(auth: Auth, id: string): Promise<void> {
    const a = requirePermission(auth, 'competencies:write');
    await withTransaction(this.deps.db, async (trx) => {
      if (!(await this.repo(trx).deleteCompetency(a.organizationId, id))) throw new AppError('competency_not_found');
      await audit({ db: trx, clock: this.deps.clock }, a, 'competency.delete', { type: 'competency', id });
    });
  }

  /**
   * Imports competencies from CSV (`framework,code,name,description,alignment_url,alignment_code,alignment_framework`).
   * Every row is checked first; any problem throws csv_invalid with each row's errors and nothing is written.
   */
  async importCsv(auth: Auth, text: string): Promise<ImportResult> {
    const a = requirePermission(auth, 'competencies:write');
    return withTransaction(this.deps.db, async (trx) => {
      const repo = this.repo(trx);
      const plan = planCompetencyImport(text, await repo.importIndex(a.organizationId));
      const result = await repo.applyImport(a.organizationId, plan, this.now());
      const rows = plan.competencies.reduce((n, c) => n + c.rows.length, 0);
      await audit({ db: trx, clock: this.deps.clock }, a, 'competency.import', undefined, { ...result, rows });
      return { ...result, rows };
    });
  }

  /** A competency for its public page (no sign-in), with its JSON-LD document. */
  async getPublicCompetency(id: string): Promise<{ competency: Competency; document: { '@context': string[] } & Achievement }> {
    const c = await this.repo().findPublicCompetency(id);
    if (!c) throw new AppError('competency_not_found');
    return { competency: c, document: asJsonLd(competencyAsAchievement(this.deps.publicUrl, c)) };
  }
}
