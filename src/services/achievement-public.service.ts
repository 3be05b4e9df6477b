/**
 * Public read-outs of micro-credentials (no sign-in): the achievement page data with its OB JSON-LD,
 * the criteria page, and badge images by version. Archived micro-credentials stay public, because
 * credentials issued from them still point here.
 */
import { AppError } from '../core/errors.ts';
import { achievementUrl, asJsonLd, toObAchievement } from '../core/catalog/ob-achievement.ts';
import type { AchievementVersionContent, MicroCredential } from '../core/catalog/types.ts';
import type { Achievement, EndorsementCredential } from '../core/ob/types.ts';
import { AchievementRepository, type PublicIssuer } from '../db/repositories/achievement.repository.ts';
import type { AchievementDeps } from './achievement.service.ts';
import { profilePath } from './issuer-ids.ts';

export interface PublicAchievementView {
  microCredential: MicroCredential;
  /** The version shown (the current one unless asked for another). */
  version: number;
  content: AchievementVersionContent;
  issuer: PublicIssuer & { profileUrl: string };
  /** OB 3.0 Achievement with `@context`, as served to `Accept: application/ld+json`. */
  document: { '@context': string[] } & Achievement;
  /** Endorsements the issuer accepted (the endorsement feature fills this through AchievementDeps.endorsements). */
  endorsements: EndorsementCredential[];
  url: string;
}

export interface BadgeImageFile {
  mediaType: string;
  bytes: Buffer;
  etag: string;
}

export class AchievementPublicService {
  constructor(private readonly deps: Pick<AchievementDeps, 'db' | 'publicUrl' | 'endorsements'>) {}

  private repo(): AchievementRepository {
    return new AchievementRepository(this.deps.db);
  }

  /** A micro-credential's public view (current version, or `version`); achievement_not_found otherwise. */
  async getPublicAchievement(id: string, version?: number): Promise<PublicAchievementView> {
    const found = await this.repo().findPublic(id);
    if (!found) throw new AppError('achievement_not_found');
    const { achievement: m, issuer } = found;
    const v = version ?? m.currentVersion;
    const stored = await this.repo().findVersion(m.organizationId, id, v);
    if (!stored && version !== undefined) throw new AppError('achievement_not_found', `Version ${version} of this micro-credential does not exist.`);
    const content: AchievementVersionContent = stored ?? m;
    const endorsements = (await this.deps.endorsements?.acceptedEndorsements(m.organizationId, id)) ?? [];
    const ob = toObAchievement({ publicUrl: this.deps.publicUrl, achievementId: id, version: v, content, endorsements });
    return {
      microCredential: m, version: v, content, endorsements, url: achievementUrl(this.deps.publicUrl, id),
      issuer: { ...issuer, profileUrl: `${this.deps.publicUrl}${profilePath(issuer.slug)}` },
      document: asJsonLd(ob),
    };
  }

  /** The badge image of a version (the current one when `version` is omitted). */
  async getImage(id: string, version?: number): Promise<BadgeImageFile> {
    const found = await this.repo().findPublic(id);
    if (!found) throw new AppError('achievement_not_found');
    const v = version ?? found.achievement.currentVersion;
    const stored = await this.repo().findVersion(found.achievement.organizationId, id, v);
    if (!stored) throw new AppError('achievement_not_found', `Version ${v} of this micro-credential does not exist.`);
    const file = await this.repo().findImage(id, stored.definition.image.sha256);
    if (!file) throw new AppError('not_found', 'This micro-credential has no stored image.');
    return { mediaType: file.mediaType, bytes: Buffer.from(file.bytes), etag: `"${stored.definition.image.sha256.slice(0, 32)}"` };
  }

  /** Active micro-credentials of an organization aligned to a competency (for the public competency page). */
  async listAlignedTo(orgId: string, competencyId: string): Promise<{ id: string; name: string }[]> {
    const repo = this.repo();
    const ids = await repo.idsAlignedTo(orgId, competencyId);
    const found = await Promise.all(ids.map((id) => repo.find(orgId, id)));
    return found.filter((m) => m !== null && m.status === 'active').map((m) => ({ id: m!.id, name: m!.definition.name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
