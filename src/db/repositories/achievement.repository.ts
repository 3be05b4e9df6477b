/**
 * Micro-credentials (OB Achievements) and their frozen versions. An edit of a version that credentials were
 * issued from adds a new version; an edit of a never-issued version rewrites it in place. Every query is
 * scoped by organization except the explicitly public look-ups.
 */
import { AppError } from '../../core/errors.ts';
import type {
  AchievementStatus, AchievementVersionContent, BadgeImageFile, MicroCredential, MicroCredentialSummary,
} from '../../core/catalog/types.ts';
import { withTransaction, type Db } from '../transaction.ts';
import type { AchievementsTable, AchievementVersionsTable } from '../tables/platform.ts';
import { fromJson, toJson } from '../util.ts';


function achievementRowToMicroCredential(r: AchievementsTable): MicroCredential {
  const content = fromJson<AchievementVersionContent>(r.definition_json, { definition: null!, competencies: [] });
  return {
    id: r.id, organizationId: r.organization_id, status: r.status as AchievementStatus, currentVersion: r.current_version,
    createdAt: r.created_at, updatedAt: r.updated_at, definition: content.definition, competencies: content.competencies,
  };
}

function versionOf(r: Omit<AchievementVersionsTable, 'id'>): AchievementVersion {
  const content = fromJson<AchievementVersionContent>(r.definition_json, { definition: null!, competencies: [] });
  return { ...content, achievementId: r.achievement_id, organizationId: r.organization_id, version: r.version, createdAt: r.created_at, frozenAt: r.frozen_at };
}

/** The issuer of a public achievement, as its public page shows it. */
export interface PublicIssuer {
  id: string;
  slug: string;
  name: string;
  url: string | null;
}

export interface AchievementVersion extends AchievementVersionContent {
  achievementId: string;
  organizationId: string;
  version: number;
  createdAt: string;
  /** When issuance first read this version; a frozen version is never rewritten in place. */
  frozenAt: string | null;
}

export class AchievementRepository {
  constructor(private readonly db: Db, private readonly newId: () => string = () => crypto.randomUUID()) {}

  private async replaceCompetencies(db: Db, id: string, competencyIds: string[]): Promise<void> {
    await db.deleteFrom('achievement_competencies').where('achievement_id', '=', id).execute();
    if (competencyIds.length) {
      await db.insertInto('achievement_competencies').values(competencyIds.map((c) => ({ achievement_id: id, competency_id: c }))).execute();
    }
  }

  /** Stores image bytes under the achievement and their SHA-256 (once; versions share them). */
  private async putImage(db: Db, orgId: string, achievementId: string, sha256: string, file: BadgeImageFile | null, now: string): Promise<void> {
    if (!file) return;
    await db.insertInto('achievement_images').values({
      achievement_id: achievementId, organization_id: orgId, sha256, media_type: file.mediaType, data: Buffer.from(file.bytes).toString('base64'), created_at: now,
    }).onConflict((oc) => oc.columns(['achievement_id', 'sha256']).doNothing()).execute();
  }

  /** Image bytes of an achievement by digest (public: images are served without sign-in). */
  async findImage(achievementId: string, sha256: string): Promise<BadgeImageFile | null> {
    const r = await this.db.selectFrom('achievement_images').select(['media_type', 'data'])
      .where('achievement_id', '=', achievementId).where('sha256', '=', sha256).executeTakeFirst();
    return r ? { mediaType: r.media_type as BadgeImageFile['mediaType'], bytes: new Uint8Array(Buffer.from(r.data, 'base64')) } : null;
  }

  /** Creates a micro-credential at version 1 (with the bytes of its image). */
  async create(orgId: string, id: string, content: AchievementVersionContent, image: BadgeImageFile | null, now: string): Promise<void> {
    const json = toJson(content);
    await withTransaction(this.db, async (trx) => {
      await trx.insertInto('achievements').values({
        id, organization_id: orgId, status: 'active', current_version: 1, definition_json: json, created_at: now, updated_at: now,
      }).execute();
      await trx.insertInto('achievement_versions').values({
        id: this.newId(), achievement_id: id, organization_id: orgId, version: 1, definition_json: json, created_at: now,
      }).execute();
      await this.putImage(trx, orgId, id, content.definition.image.sha256, image, now);
      await this.replaceCompetencies(trx, id, content.definition.competencyIds);
    });
  }

  /** One micro-credential of the organization (current definition), or null. */
  async find(orgId: string, id: string): Promise<MicroCredential | null> {
    const r = await this.db.selectFrom('achievements').selectAll().where('organization_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return r ? achievementRowToMicroCredential(r) : null;
  }

  /** A micro-credential by id for the public pages, with its issuer. */
  async findPublic(id: string): Promise<{ achievement: MicroCredential; issuer: PublicIssuer } | null> {
    const r = await this.db.selectFrom('achievements as a').innerJoin('organizations as o', 'o.id', 'a.organization_id')
      .selectAll('a').select(['o.slug as org_slug', 'o.name as org_name', 'o.url as org_url'])
      .where('a.id', '=', id).executeTakeFirst();
    if (!r) return null;
    return {
      achievement: achievementRowToMicroCredential(r),
      issuer: { id: r.organization_id, slug: r.org_slug, name: r.org_name, url: r.org_url },
    };
  }

  /** One frozen version; `orgId` null for public look-ups. */
  async findVersion(orgId: string | null, id: string, version: number): Promise<AchievementVersion | null> {
    let q = this.db.selectFrom('achievement_versions').selectAll().where('achievement_id', '=', id).where('version', '=', version);
    if (orgId !== null) q = q.where('organization_id', '=', orgId);
    const r = await q.executeTakeFirst();
    return r ? versionOf(r) : null;
  }

  /** A micro-credential and its current version row (null when missing) in one query: what issuing reads each time. */
  async findWithCurrentVersion(orgId: string, id: string): Promise<{ achievement: MicroCredential; current: AchievementVersion | null } | null> {
    const r = await this.db.selectFrom('achievements as a')
      .leftJoin('achievement_versions as v', (j) => j.onRef('v.achievement_id', '=', 'a.id').onRef('v.version', '=', 'a.current_version')
        .onRef('v.organization_id', '=', 'a.organization_id'))
      .selectAll('a')
      .select(['v.definition_json as v_definition_json', 'v.version as v_version', 'v.created_at as v_created_at', 'v.frozen_at as v_frozen_at'])
      .where('a.organization_id', '=', orgId).where('a.id', '=', id).executeTakeFirst();
    if (!r) return null;
    const current = r.v_version === null || r.v_definition_json === null || r.v_created_at === null ? null : versionOf({
      achievement_id: r.id, organization_id: r.organization_id, version: Number(r.v_version), definition_json: r.v_definition_json,
      created_at: r.v_created_at, frozen_at: r.v_frozen_at,
    });
    return { achievement: achievementRowToMicroCredential(r), current };
  }

  /** The version numbers of a micro-credential, newest first, with how many credentials each has. */
  async listVersions(orgId: string, id: string): Promise<{ version: number; createdAt: string; issuedCount: number }[]> {
    const versions = await this.db.selectFrom('achievement_versions').select(['version', 'created_at'])
      .where('organization_id', '=', orgId).where('achievement_id', '=', id).orderBy('version', 'desc').execute();
    const counts = await this.db.selectFrom('credentials').select(['achievement_version', (eb) => eb.fn.countAll<number>().as('n')])
      .where('organization_id', '=', orgId).where('achievement_id', '=', id).groupBy('achievement_version').execute();
    const byVersion = new Map(counts.map((c) => [c.achievement_version, Number(c.n)]));
    return versions.map((v) => ({ version: v.version, createdAt: v.created_at, issuedCount: byVersion.get(v.version) ?? 0 }));
  }

  /** Lists the organization's micro-credentials, newest first, with issued counts. */
  async list(orgId: string, filter: { status?: AchievementStatus } = {}): Promise<MicroCredentialSummary[]> {
    let q = this.db.selectFrom('achievements').selectAll().where('organization_id', '=', orgId);
    if (filter.status) q = q.where('status', '=', filter.status);
    const rows = await q.orderBy('updated_at', 'desc').orderBy('id').execute();
    const counts = await this.db.selectFrom('credentials').select(['achievement_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('organization_id', '=', orgId).groupBy('achievement_id').execute();
    const byId = new Map(counts.map((c) => [c.achievement_id, Number(c.n)]));
    return rows.map((r) => {
      const m = achievementRowToMicroCredential(r);
      return {
        id: m.id, name: m.definition.name, achievementType: m.definition.achievementType, status: m.status,
        currentVersion: m.currentVersion, updatedAt: m.updatedAt, issuedCount: byId.get(m.id) ?? 0,
      };
    });
  }

  /**
   * Saves an edit: a new version when credentials were issued from the current one, else the current
   * version in place. Returns the version now current, or null when the achievement is not the org's.
   */
  async saveEdit(orgId: string, id: string, content: AchievementVersionContent, image: BadgeImageFile | null, now: string): Promise<{ version: number; newVersion: boolean } | null> {
    const json = toJson(content);
    return withTransaction(this.db, async (trx) => {
      // Touch the row first: on PostgreSQL this takes its lock, so two edits cannot both add version N+1.
      const touched = await trx.updateTable('achievements').set({ updated_at: now })
        .where('organization_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      if (Number(touched.numUpdatedRows) === 0) return null;
      const row = await trx.selectFrom('achievements').select('current_version').where('id', '=', id).executeTakeFirstOrThrow();
      const frozen = await trx.selectFrom('achievement_versions').select('frozen_at')
        .where('organization_id', '=', orgId).where('achievement_id', '=', id).where('version', '=', row.current_version).executeTakeFirst();
      const issued = frozen?.frozen_at ? true : await trx.selectFrom('credentials').select('id')
        .where('organization_id', '=', orgId).where('achievement_id', '=', id).where('achievement_version', '=', row.current_version)
        .limit(1).executeTakeFirst();
      let version = row.current_version;
      if (issued) {
        version += 1;
        await trx.insertInto('achievement_versions').values({
          id: this.newId(), achievement_id: id, organization_id: orgId, version, definition_json: json, created_at: now,
        }).execute();
      } else {
        await trx.updateTable('achievement_versions').set({ definition_json: json })
          .where('organization_id', '=', orgId).where('achievement_id', '=', id).where('version', '=', version).execute();
      }
      await trx.updateTable('achievements').set({ definition_json: json, current_version: version })
        .where('organization_id', '=', orgId).where('id', '=', id).execute();
      await this.putImage(trx, orgId, id, content.definition.image.sha256, image, now);
      await this.replaceCompetencies(trx, id, content.definition.competencyIds);
      return { version, newVersion: Boolean(issued) };
    });
  }

  /**
   * Freezes the current version for issuance (idempotent) and returns its number, or null when the
   * achievement is not the org's. Touching the achievement row serialises this with `saveEdit`.
   */
  async freezeCurrentVersion(orgId: string, id: string, now: string): Promise<number | null> {
    return withTransaction(this.db, async (trx) => {
      const touched = await trx.updateTable('achievements').set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('organization_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      if (Number(touched.numUpdatedRows) === 0) return null;
      const { current_version: version } = await trx.selectFrom('achievements').select('current_version').where('id', '=', id).executeTakeFirstOrThrow();
      await trx.updateTable('achievement_versions').set({ frozen_at: now })
        .where('organization_id', '=', orgId).where('achievement_id', '=', id).where('version', '=', version).where('frozen_at', 'is', null).execute();
      return version;
    });
  }

  /** Archives or restores; false when not the organization's. */
  async setStatus(orgId: string, id: string, status: AchievementStatus, now: string): Promise<boolean> {
    const r = await this.db.updateTable('achievements').set({ status, updated_at: now })
      .where('organization_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Deletes a never-issued micro-credential; throws achievement_issued when credentials exist. */
  async delete(orgId: string, id: string): Promise<boolean> {
    return withTransaction(this.db, async (trx) => {
      const found = await trx.selectFrom('achievements').select('id').where('organization_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      if (!found) return false;
      const issued = await trx.selectFrom('credentials').select('id').where('organization_id', '=', orgId).where('achievement_id', '=', id).limit(1).executeTakeFirst();
      if (issued) throw new AppError('achievement_issued');
      await trx.deleteFrom('achievement_competencies').where('achievement_id', '=', id).execute();
      await trx.deleteFrom('achievement_images').where('organization_id', '=', orgId).where('achievement_id', '=', id).execute();
      await trx.deleteFrom('achievement_versions').where('organization_id', '=', orgId).where('achievement_id', '=', id).execute();
      await trx.deleteFrom('achievements').where('organization_id', '=', orgId).where('id', '=', id).execute();
      return true;
    });
  }

  /** Ids of the organization's micro-credentials aligned to a competency. */
  async idsAlignedTo(orgId: string, competencyId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('achievement_competencies as ac').innerJoin('achievements as a', 'a.id', 'ac.achievement_id')
      .select('a.id').where('a.organization_id', '=', orgId).where('ac.competency_id', '=', competencyId).execute();
    return rows.map((r) => r.id);
  }
}
