/** Cross-tenant reads the employer side needs: a pathway's target micro-credential (public fact) by pathway id. */
import type { Db } from '../transaction.ts';

/** The pathway's organization, name and target micro-credential, when it exists and is not archived. */
export async function findPathwayTarget(db: Db, pathwayId: string): Promise<{ id: string; organizationId: string; name: string; targetAchievementId: string } | undefined> {
  const r = await db.selectFrom('pathways').select(['id', 'organization_id', 'name', 'target_achievement_id', 'status'])
    .where('id', '=', pathwayId).executeTakeFirst();
  if (!r || r.status === 'archived') return undefined;
  return { id: r.id, organizationId: r.organization_id, name: r.name, targetAchievementId: r.target_achievement_id };
}

/** The organization and micro-credential of an issued credential, by its uuid. */
export async function findCredentialOrigin(db: Db, credentialId: string): Promise<{ organizationId: string; achievementId: string; learnerId: string } | undefined> {
  const r = await db.selectFrom('credentials').select(['organization_id', 'achievement_id', 'learner_id']).where('id', '=', credentialId).executeTakeFirst();
  return r ? { organizationId: r.organization_id, achievementId: r.achievement_id, learnerId: r.learner_id } : undefined;
}

/** Names of the organization's micro-credentials by id (current definition). */
export async function achievementNames(db: Db, organizationId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('achievements').select(['id', 'definition_json']).where('organization_id', '=', organizationId).execute();
  return new Map(rows.map((r) => {
    const c = JSON.parse(r.definition_json) as { definition?: { name?: string }; name?: string };
    return [r.id, c.definition?.name ?? c.name ?? r.id];
  }));
}

/** Names of the organization's pathways by id. */
export async function pathwayNames(db: Db, organizationId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('pathways').select(['id', 'name']).where('organization_id', '=', organizationId).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Employer organizations whose verified email domain is `domain`. */
export async function employersWithDomain(db: Db, domain: string): Promise<string[]> {
  const rows = await db.selectFrom('organizations').select('id').where('kind', '=', 'employer').where('email_domain', '=', domain)
    .where('domain_verified_at', 'is not', null).execute();
  return rows.map((r) => r.id);
}

/** Links partners whose website is at `domain` to an employer organization (after it verified that domain). */
export async function linkPartnersByDomain(db: Db, employerOrganizationId: string, domain: string): Promise<number> {
  const rows = await db.selectFrom('partners').select(['id', 'website']).where('employer_organization_id', 'is', null).where('website', 'is not', null).execute();
  const ids = rows.filter((r) => hostOf(r.website) === domain).map((r) => r.id);
  if (!ids.length) return 0;
  await db.updateTable('partners').set({ employer_organization_id: employerOrganizationId }).where('id', 'in', ids).execute();
  return ids.length;
}

/** The host of a web address without `www.` (lower-case), or null. */
export function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}
