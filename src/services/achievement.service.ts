/**
 * Micro-credentials (OB 3.0 Achievements): create, edit with versioning (an issued version is frozen; the
 * next edit adds a version), badge images, result descriptions, archive, and what issuance needs.
 * Public read-outs (page, JSON-LD, image) are in achievement-public.service.ts.
 */
import { AppError } from '../core/errors.ts';
import {
  normalizeResultDescriptions, validateAchievementFields, type AchievementFieldsInput, type DefinitionWithoutImage,
  type ResultDescriptionFields,
} from '../core/catalog/achievement-input.ts';
import { badgeImageRef, checkBadgeImage, colorFromSeed, defaultBadgeFile, type BadgeUpload } from '../core/catalog/badge-image.ts';
import { snapshotCompetency, toObAchievement } from '../core/catalog/ob-achievement.ts';
import type {
  AchievementDefinition, AchievementVersionContent, BadgeImage, BadgeImageFile, MicroCredential, MicroCredentialSummary,
} from '../core/catalog/types.ts';
import type { Achievement, EndorsementCredential } from '../core/ob/types.ts';
import { AchievementRepository } from '../db/repositories/achievement.repository.ts';
import { CompetencyRepository } from '../db/repositories/competency.repository.ts';
import { withTransaction, type Db } from '../db/transaction.ts';
import { audit } from './audit.service.ts';
import { requirePermission, type Auth } from './auth.ts';
import { requireCatalogRead, type CatalogDeps } from './competency.service.ts';

/**
 * The slot through which endorsements reach micro-credentials: the endorsement feature supplies the
 * endorsements an issuer has accepted; they are shown on the public page and embedded at issuance.
 */
export interface AcceptedEndorsementSource {
  acceptedEndorsements(orgId: string, achievementId: string): Promise<EndorsementCredential[]>;
}

export interface AchievementDeps extends CatalogDeps {
  /** The colour of an organization's generated badges; defaults to one derived from its id. */
  organizationColor?: (orgId: string) => Promise<string | null>;
  endorsements?: AcceptedEndorsementSource;
}

/** Definition fields plus the image: an upload, `null` for the generated default, undefined to keep it. */
export interface AchievementInput extends AchievementFieldsInput {
  image?: BadgeUpload | null;
  imageCaption?: string | null;
}

/** What issuance needs to award a micro-credential: the frozen version and its OB Achievement. */
export interface IssuableAchievement {
  achievementId: string;
  version: number;
  name: string;
  achievement: Achievement;
  validityMonths: number | null;
  creditsAvailable: number | null;
  definition: AchievementDefinition;
}

export class AchievementService {
  private readonly newId: () => string;

  constructor(private readonly deps: AchievementDeps) {
    this.newId = deps.newId ?? (() => crypto.randomUUID());
  }

  private repos(db: Db = this.deps.db) {
    return { achievements: new AchievementRepository(db, this.newId), competencies: new CompetencyRepository(db, this.newId) };
  }

  private async color(orgId: string): Promise<string> {
    return (await this.deps.organizationColor?.(orgId)) ?? colorFromSeed(orgId);
  }

  private async snapshots(db: Db, orgId: string, ids: string[]) {
    const found = await this.repos(db).competencies.findCompetencies(orgId, ids);
    const missing = ids.filter((id) => !found.some((c) => c.id === id));
    if (missing.length) {
      throw new AppError('validation_failed', `competencyIds: no competency ${missing[0]} in your organization.`, { field: 'competencyIds' });
    }
    return ids.map((id) => snapshotCompetency(found.find((c) => c.id === id)!));
  }

  /** The image a save ends up with: its reference, and the bytes to store when they are new. */
  private async image(orgId: string, input: AchievementInput, def: DefinitionWithoutImage, current: BadgeImage | null): Promise<{ ref: BadgeImage; file: BadgeImageFile | null }> {
    const caption = input.imageCaption !== undefined ? input.imageCaption?.trim() || null : current?.caption ?? null;
    if (caption && caption.length > 200) throw new AppError('validation_failed', 'imageCaption is longer than 200 characters.', { field: 'imageCaption' });
    if (input.image) {
      const file = checkBadgeImage(input.image);
      return { ref: badgeImageRef(file, false, caption), file };
    }
    if (input.image === null || !current || current.generated) {
      // The generated badge follows the name (and the organisation's colour).
      const file = defaultBadgeFile(def.name, await this.color(orgId));
      return { ref: badgeImageRef(file, true, caption), file };
    }
    return { ref: { ...current, caption }, file: null };
  }

  /** Lists the organization's micro-credentials (all, or active/archived). */
  async list(auth: Auth, filter: { status?: 'active' | 'archived' } = {}): Promise<MicroCredentialSummary[]> {
    const { organizationId } = requireCatalogRead(auth);
    return this.repos().achievements.list(organizationId, filter);
  }

  /** One micro-credential; achievement_not_found when not the caller's organization's. */
  async get(auth: Auth, id: string): Promise<MicroCredential> {
    const { organizationId } = requireCatalogRead(auth);
    const m = await this.repos().achievements.find(organizationId, id);
    if (!m) throw new AppError('achievement_not_found');
    return m;
  }

  /** Versions of a micro-credential, newest first, with how many credentials each one has. */
  async listVersions(auth: Auth, id: string) {
    const m = await this.get(auth, id);
    return this.repos().achievements.listVersions(m.organizationId, id);
  }

  /** Creates a micro-credential (version 1); an image upload is checked, otherwise a default badge is drawn. */
  async create(auth: Auth, input: AchievementInput): Promise<MicroCredential> {
    const a = requirePermission(auth, 'achievements:write');
    const def = validateAchievementFields(input, null, this.newId);
    const image = await this.image(a.organizationId, input, def, null);
    const id = this.newId();
    await withTransaction(this.deps.db, async (trx) => {
      const competencies = await this.snapshots(trx, a.organizationId, def.competencyIds);
      await this.repos(trx).achievements.create(a.organizationId, id, { definition: { ...def, image: image.ref }, competencies }, image.file, this.deps.clock.now().toISOString());
      await audit({ db: trx, clock: this.deps.clock }, a, 'achievement.create', { type: 'achievement', id }, { name: def.name });
    });
    return this.get(auth, id);
  }

  /**
   * Edits a micro-credential. Fields left undefined keep their value. When credentials were issued from
   * the current version a new version is made (they keep theirs); otherwise the current one is rewritten.
   */
  async update(auth: Auth, id: string, input: AchievementInput): Promise<{ achievement: MicroCredential; version: number; newVersion: boolean }> {
    const a = requirePermission(auth, 'achievements:write');
    const current = await this.repos().achievements.find(a.organizationId, id);
    if (!current) throw new AppError('achievement_not_found');
    const def = validateAchievementFields(input, current.definition, this.newId);
    if (input.competencyIds === undefined) {
      // Competencies deleted since the last save drop out instead of blocking unrelated edits.
      const alive = await this.repos().competencies.findCompetencies(a.organizationId, def.competencyIds);
      def.competencyIds = def.competencyIds.filter((id) => alive.some((c) => c.id === id));
    }
    const image = await this.image(a.organizationId, input, def, current.definition.image);
    const result = await withTransaction(this.deps.db, async (trx) => {
      const competencies = await this.snapshots(trx, a.organizationId, def.competencyIds);
      const saved = await this.repos(trx).achievements.saveEdit(a.organizationId, id, { definition: { ...def, image: image.ref }, competencies }, image.file, this.deps.clock.now().toISOString());
      if (!saved) throw new AppError('achievement_not_found');
      await audit({ db: trx, clock: this.deps.clock }, a, 'achievement.update', { type: 'achievement', id }, { version: saved.version, newVersion: saved.newVersion });
      return saved;
    });
    return { achievement: await this.get(auth, id), ...result };
  }

  /**
   * Replaces the result descriptions (the assessment feature derives them from quizzes and rubrics).
   * Entries without an id get a `urn:uuid:` id; keep ids stable so results keep pointing at them.
   * @example await achievements.setResultDescriptions(auth, id, [{ name: 'Final quiz', resultType: 'Percent', valueMin: '0', valueMax: '100' }])
   */
  async setResultDescriptions(auth: Auth, id: string, resultDescriptions: ResultDescriptionFields[]) {
    normalizeResultDescriptions(resultDescriptions, this.newId);
    return this.update(auth, id, { resultDescriptions });
  }

  /** Archives (no new issuance) or restores a micro-credential. */
  async setArchived(auth: Auth, id: string, archived: boolean): Promise<MicroCredential> {
    const a = requirePermission(auth, 'achievements:write');
    await withTransaction(this.deps.db, async (trx) => {
      if (!(await this.repos(trx).achievements.setStatus(a.organizationId, id, archived ? 'archived' : 'active', this.deps.clock.now().toISOString()))) {
        throw new AppError('achievement_not_found');
      }
      await audit({ db: trx, clock: this.deps.clock }, a, archived ? 'achievement.archive' : 'achievement.restore', { type: 'achievement', id });
    });
    return this.get(auth, id);
  }

  /** Deletes a never-issued micro-credential (achievement_issued otherwise: archive it instead). */
  async delete(auth: Auth, id: string): Promise<void> {
    const a = requirePermission(auth, 'achievements:write');
    await withTransaction(this.deps.db, async (trx) => {
      if (!(await this.repos(trx).achievements.delete(a.organizationId, id))) throw new AppError('achievement_not_found');
      await audit({ db: trx, clock: this.deps.clock }, a, 'achievement.delete', { type: 'achievement', id });
    });
  }

  /**
   * The current definition of a micro-credential for other services (no permission check: the caller has
   * checked its own). Unlike getAchievementForIssuance it does not freeze the version and allows archived ones.
   */
  async getAchievementDefinition(orgId: string, achievementId: string): Promise<{ name: string; version: number; status: string; definition: AchievementDefinition }> {
    const m = await this.repos().achievements.find(orgId, achievementId);
    if (!m) throw new AppError('achievement_not_found', 'No such micro-credential in this organization.', { field: 'achievementId' });
    return { name: m.definition.name, version: m.currentVersion, status: m.status, definition: m.definition };
  }

  /**
   * The current version of a micro-credential as issuance embeds it: version number and OB Achievement
   * (with the endorsements the issuer accepted). Throws achievement_not_found / achievement_archived.
   * The caller has already checked the permission to issue in `orgId`. Freezes the version: call it only to
   * issue (use getAchievementDefinition to read).
   */
  async getAchievementForIssuance(orgId: string, achievementId: string): Promise<IssuableAchievement> {
    const { achievements } = this.repos();
    // The accepted endorsements are read alongside (one round trip less on PostgreSQL); used only once m is checked.
    const endorsementsRead = this.deps.endorsements?.acceptedEndorsements(orgId, achievementId);
    endorsementsRead?.catch(() => undefined);
    const found = await achievements.findWithCurrentVersion(orgId, achievementId);
    if (!found) throw new AppError('achievement_not_found', 'No such micro-credential in this organization.', { field: 'achievementId' });
    if (found.achievement.status === 'archived') throw new AppError('achievement_archived', undefined, { field: 'achievementId' });
    let version = found.current;
    if (!version?.frozenAt) {
      // Freeze before issuing: an edit from now on makes a new version instead of rewriting this one.
      const frozen = await achievements.freezeCurrentVersion(orgId, achievementId, this.deps.clock.now().toISOString());
      version = frozen === null ? null : await achievements.findVersion(orgId, achievementId, frozen);
    }
    if (!version) throw new AppError('achievement_not_found', 'No such micro-credential in this organization.', { field: 'achievementId' });
    const content: AchievementVersionContent = version;
    const endorsements = (await endorsementsRead) ?? [];
    return {
      achievementId, version: version.version, name: content.definition.name,
      achievement: toObAchievement({ publicUrl: this.deps.publicUrl, achievementId, version: version.version, content, endorsements }),
      validityMonths: content.definition.validityMonths, creditsAvailable: content.definition.creditsAvailable, definition: content.definition,
    };
  }
}
