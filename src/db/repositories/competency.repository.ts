/**
 * Competency frameworks, competencies and their external alignments. Every query is scoped by organization;
 * rows are mapped to catalog objects before they leave.
 */
import { AppError } from '../../core/errors.ts';
import type { CompetencyImportPlan, ExistingCompetencyIndex } from '../../core/catalog/competency-csv.ts';
import type { Competency, CompetencyFields, CompetencyFramework, ExternalAlignment } from '../../core/catalog/types.ts';
import type { AlignmentTargetType } from '../../core/ob/types.ts';
import { withTransaction, type Db } from '../transaction.ts';
import type { CompetenciesTable, CompetencyAlignmentsTable } from '../tables/platform.ts';
import { isUniqueViolation } from '../util.ts';

type AlignmentRow = CompetencyAlignmentsTable;
const IMPORT_CHUNK = 500;
type CompetencyRow = CompetenciesTable & { framework_name: string };

function alignmentRowToAlignment(r: AlignmentRow): ExternalAlignment {
  return {
    targetName: r.target_name, targetUrl: r.target_url, targetCode: r.target_code,
    targetFramework: r.target_framework, targetType: r.target_type as AlignmentTargetType | null,
  };
}

function competencyRowToCompetency(r: CompetencyRow, alignments: AlignmentRow[]): Competency {
  return {
    id: r.id, organizationId: r.organization_id, frameworkId: r.framework_id, frameworkName: r.framework_name,
    code: r.code, name: r.name, description: r.description, createdAt: r.created_at,
    alignments: alignments.filter((a) => a.competency_id === r.id).map(alignmentRowToAlignment),
  };
}

export interface CompetencyListFilter {
  frameworkId?: string;
  /** Matches code or name (case-insensitive). */
  q?: string;
  limit?: number;
}

export class CompetencyRepository {
  constructor(private readonly db: Db, private readonly newId: () => string = () => crypto.randomUUID()) {}

  /** Creates a framework. */
  async createFramework(orgId: string, fields: { name: string; description: string | null }, now: string): Promise<CompetencyFramework> {
    const id = this.newId();
    await this.db.insertInto('competency_frameworks')
      .values({ id, organization_id: orgId, name: fields.name, description: fields.description, created_at: now }).execute();
    return { id, organizationId: orgId, name: fields.name, description: fields.description, createdAt: now, competencyCount: 0 };
  }

  /** Lists the organization's frameworks with their competency counts, by name. */
  async listFrameworks(orgId: string): Promise<CompetencyFramework[]> {
    const rows = await this.db.selectFrom('competency_frameworks as f')
      .leftJoin('competencies as c', (j) => j.onRef('c.framework_id', '=', 'f.id').on('c.organization_id', '=', orgId))
      .where('f.organization_id', '=', orgId)
      .groupBy(['f.id', 'f.organization_id', 'f.name', 'f.description', 'f.created_at'])
      .select(['f.id', 'f.organization_id', 'f.name', 'f.description', 'f.created_at', (eb) => eb.fn.count<number>('c.id').as('n')])
      .orderBy('f.name').execute();
    return rows.map((r) => ({ id: r.id, organizationId: r.organization_id, name: r.name, description: r.description, createdAt: r.created_at, competencyCount: Number(r.n) }));
  }

  /** One framework of the organization, or null. */
  async findFramework(orgId: string, id: string): Promise<CompetencyFramework | null> {
    return (await this.listFrameworks(orgId)).find((f) => f.id === id) ?? null;
  }

  /** Renames or re-describes a framework; false when it is not the organization's. */
  async updateFramework(orgId: string, id: string, fields: { name: string; description: string | null }): Promise<boolean> {
    const r = await this.db.updateTable('competency_frameworks').set({ name: fields.name, description: fields.description })
      .where('organization_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Deletes a framework and its competencies; false when it is not the organization's. */
  async deleteFramework(orgId: string, id: string): Promise<boolean> {
    return withTransaction(this.db, async (trx) => {
      const ids = trx.selectFrom('competencies').select('id').where('organization_id', '=', orgId).where('framework_id', '=', id);
      await trx.deleteFrom('achievement_competencies').where('competency_id', 'in', ids).execute();
      await trx.deleteFrom('competency_alignments').where('organization_id', '=', orgId).where('competency_id', 'in', ids).execute();
      await trx.deleteFrom('competencies').where('organization_id', '=', orgId).where('framework_id', '=', id).execute();
      const r = await trx.deleteFrom('competency_frameworks').where('organization_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    });
  }

  private async load(db: Db, orgId: string, where: { ids?: string[]; frameworkId?: string; q?: string; limit?: number }): Promise<Competency[]> {
    if (where.ids && where.ids.length === 0) return [];
    let q = db.selectFrom('competencies as c').innerJoin('competency_frameworks as f', 'f.id', 'c.framework_id')
      .where('c.organization_id', '=', orgId)
      .selectAll('c').select('f.name as framework_name');
    if (where.ids) q = q.where('c.id', 'in', where.ids);
    if (where.frameworkId) q = q.where('c.framework_id', '=', where.frameworkId);
    if (where.q) {
      const like = `%${where.q.toLowerCase().replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
      q = q.where((eb) => eb.or([eb(eb.fn('lower', ['c.code']), 'like', like), eb(eb.fn('lower', ['c.name']), 'like', like)]));
    }
    const rows = await q.orderBy('f.name').orderBy('c.code').limit(where.limit ?? 1000).execute();
    if (rows.length === 0) return [];
    const alignments = await db.selectFrom('competency_alignments').selectAll()
      .where('organization_id', '=', orgId).where('competency_id', 'in', rows.map((r) => r.id))
      .orderBy('target_framework').orderBy('target_url').execute();
    return rows.map((r) => competencyRowToCompetency(r, alignments));
  }

  /** Lists competencies, optionally of one framework or matching a search. */
  async listCompetencies(orgId: string, filter: CompetencyListFilter = {}): Promise<Competency[]> {
    return this.load(this.db, orgId, filter);
  }

  /** One competency of the organization, or null. */
  async findCompetency(orgId: string, id: string): Promise<Competency | null> {
    return (await this.load(this.db, orgId, { ids: [id] }))[0] ?? null;
  }

  /** Competencies of the organization among the given ids (unknown ids are left out). */
  async findCompetencies(orgId: string, ids: string[]): Promise<Competency[]> {
    return this.load(this.db, orgId, { ids });
  }

  /** A competency by id for its public page (any organization). */
  async findPublicCompetency(id: string): Promise<Competency | null> {
    const row = await this.db.selectFrom('competencies').select('organization_id').where('id', '=', id).executeTakeFirst();
    return row ? this.findCompetency(row.organization_id, id) : null;
  }

  private async insertAlignments(db: Db, orgId: string, competencyId: string, list: ExternalAlignment[]): Promise<void> {
    if (list.length === 0) return;
    await db.insertInto('competency_alignments').values(list.map((a) => ({
      id: this.newId(), organization_id: orgId, competency_id: competencyId, target_name: a.targetName, target_url: a.targetUrl,
      target_code: a.targetCode, target_framework: a.targetFramework, target_type: a.targetType,
    }))).execute();
  }

  private codeTaken(code: string): AppError {
    return new AppError('competency_code_taken', `The code "${code}" is already used in this framework; choose another.`, { field: 'code' });
  }

  /** Creates a competency with its alignments (one transaction); framework_not_found if not the org's. */
  async createCompetency(orgId: string, frameworkId: string, fields: CompetencyFields, now: string): Promise<string> {
    const id = this.newId();
    try {
      await withTransaction(this.db, async (trx) => {
        const fw = await trx.selectFrom('competency_frameworks').select('id').where('organization_id', '=', orgId).where('id', '=', frameworkId).executeTakeFirst();
        if (!fw) throw new AppError('framework_not_found', 'No such competency framework.', { field: 'frameworkId' });
        await trx.insertInto('competencies').values({
          id, organization_id: orgId, framework_id: frameworkId, code: fields.code, name: fields.name, description: fields.description, created_at: now,
        }).execute();
        await this.insertAlignments(trx, orgId, id, fields.alignments);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw this.codeTaken(fields.code);
      throw e;
    }
    return id;
  }

  /** Replaces a competency's fields and alignments; false when it is not the organization's. */
  async updateCompetency(orgId: string, id: string, fields: CompetencyFields): Promise<boolean> {
    try {
      return await withTransaction(this.db, async (trx) => {
        const r = await trx.updateTable('competencies').set({ code: fields.code, name: fields.name, description: fields.description })
          .where('organization_id', '=', orgId).where('id', '=', id).executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return false;
        await trx.deleteFrom('competency_alignments').where('organization_id', '=', orgId).where('competency_id', '=', id).execute();
        await this.insertAlignments(trx, orgId, id, fields.alignments);
        return true;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw this.codeTaken(fields.code);
      throw e;
    }
  }

  /** Deletes a competency (issued versions keep their snapshot of it); false when not the organization's. */
  async deleteCompetency(orgId: string, id: string): Promise<boolean> {
    return withTransaction(this.db, async (trx) => {
      const found = await trx.selectFrom('competencies').select('id').where('organization_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      if (!found) return false;
      await trx.deleteFrom('achievement_competencies').where('competency_id', '=', id).execute();
      await trx.deleteFrom('competency_alignments').where('organization_id', '=', orgId).where('competency_id', '=', id).execute();
      await trx.deleteFrom('competencies').where('organization_id', '=', orgId).where('id', '=', id).execute();
      return true;
    });
  }

  /** What the organization already holds, for planning a CSV import. */
  async importIndex(orgId: string): Promise<ExistingCompetencyIndex> {
    const fws = await this.db.selectFrom('competency_frameworks').select(['id', 'name']).where('organization_id', '=', orgId).execute();
    const comps = await this.db.selectFrom('competencies').select(['id', 'framework_id', 'code', 'name', 'description']).where('organization_id', '=', orgId).execute();
    const urls = await this.db.selectFrom('competency_alignments').select(['competency_id', 'target_url']).where('organization_id', '=', orgId).execute();
    const index: ExistingCompetencyIndex = new Map();
    const byId = new Map<string, { id: string; name: string; codes: Map<string, { id: string; alignmentUrls: string[]; name: string; description: string | null }> }>();
    for (const f of fws) {
      const entry = { id: f.id, name: f.name, codes: new Map() };
      byId.set(f.id, entry);
      if (!index.has(f.name.toLowerCase())) index.set(f.name.toLowerCase(), entry);
    }
    const compUrls = new Map<string, string[]>();
    for (const u of urls) compUrls.set(u.competency_id, [...(compUrls.get(u.competency_id) ?? []), u.target_url]);
    for (const c of comps) byId.get(c.framework_id)?.codes.set(c.code, { id: c.id, alignmentUrls: compUrls.get(c.id) ?? [], name: c.name, description: c.description });
    return index;
  }

  /** Writes a validated import plan in one transaction; returns how many competencies were created, updated and left as they were. */
  async applyImport(orgId: string, plan: CompetencyImportPlan, now: string): Promise<{ created: number; updated: number; unchanged: number; frameworksCreated: number }> {
    return withTransaction(this.db, async (trx) => {
      const fwIds = new Map<string, string>();
      let frameworksCreated = 0;
      for (const f of plan.frameworks) {
        let id = f.existingId;
        if (!id) {
          id = this.newId();
          await trx.insertInto('competency_frameworks').values({ id, organization_id: orgId, name: f.name, description: null, created_at: now }).execute();
          frameworksCreated++;
        }
        fwIds.set(f.name.toLowerCase(), id);
      }
      let created = 0, updated = 0, unchanged = 0;
      const inserts: CompetenciesTable[] = [];
      const alignments: { competencyId: string; alignment: ExternalAlignment }[] = [];
      for (const c of plan.competencies) {
        let id = c.existingId;
        if (!id) {
          id = this.newId();
          inserts.push({ id, organization_id: orgId, framework_id: fwIds.get(c.frameworkName.toLowerCase())!, code: c.code, name: c.name, description: c.description, created_at: now });
          created++;
        } else if (c.changed) {
          await trx.updateTable('competencies').set({ name: c.name, ...(c.description !== null ? { description: c.description } : {}) })
            .where('organization_id', '=', orgId).where('id', '=', id).execute();
          updated++;
        } else {
          unchanged++;
        }
        for (const a of c.alignments) alignments.push({ competencyId: id, alignment: a });
      }
      // Multi-row inserts in chunks: far fewer round trips, and within both engines' bound-parameter limits.
      for (let i = 0; i < inserts.length; i += IMPORT_CHUNK) await trx.insertInto('competencies').values(inserts.slice(i, i + IMPORT_CHUNK)).execute();
      for (let i = 0; i < alignments.length; i += IMPORT_CHUNK) {
        await trx.insertInto('competency_alignments').values(alignments.slice(i, i + IMPORT_CHUNK).map(({ competencyId, alignment: a }) => ({
          id: this.newId(), organization_id: orgId, competency_id: competencyId, target_name: a.targetName, target_url: a.targetUrl,
          target_code: a.targetCode, target_framework: a.targetFramework, target_type: a.targetType,
        }))).execute();
      }
      return { created, updated, unchanged, frameworksCreated };
    });
  }
}
