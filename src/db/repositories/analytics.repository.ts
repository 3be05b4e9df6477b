/** The events analytics counts: verifications and share-link views of issued credentials, plus reads over credentials and shares. */
import type { Db } from '../transaction.ts';

export interface VerificationEventInput {
  id: string; organizationId: string; credentialId: string; achievementId: string; viewerOrganizationId: string | null;
  viewerUserId: string | null; via: string; result: string; createdAt: string;
}
export interface ShareViewInput {
  id: string; organizationId: string; credentialId: string; achievementId: string; learnerId: string; shareId: string | null;
  viewerOrganizationId: string | null; createdAt: string;
}
/** One dated event of a micro-credential (for weekly buckets). */
export interface DatedEvent { achievementId: string; at: string }

/** Records a verification of an issued credential. */
export async function insertVerificationEvent(db: Db, e: VerificationEventInput): Promise<void> {
  await db.insertInto('verification_events').values({
    id: e.id, organization_id: e.organizationId, credential_id: e.credentialId, achievement_id: e.achievementId,
    viewer_organization_id: e.viewerOrganizationId, viewer_user_id: e.viewerUserId, via: e.via, result: e.result, created_at: e.createdAt,
  }).execute();
}

/** Records a view of a shared credential. */
export async function insertShareView(db: Db, e: ShareViewInput): Promise<void> {
  await db.insertInto('share_events').values({
    id: e.id, organization_id: e.organizationId, credential_id: e.credentialId, achievement_id: e.achievementId, learner_id: e.learnerId,
    share_id: e.shareId, kind: 'viewed', viewer_organization_id: e.viewerOrganizationId, created_at: e.createdAt,
  }).execute();
}

/** Issue and claim dates of the organization's credentials issued since `from`. */
export async function issuedSince(db: Db, organizationId: string, from: string): Promise<{ issued: DatedEvent[]; claimed: DatedEvent[] }> {
  const rows = await db.selectFrom('credentials').select(['achievement_id', 'issued_at', 'claimed_at'])
    .where('organization_id', '=', organizationId).where((eb) => eb.or([eb('issued_at', '>=', from), eb('claimed_at', '>=', from)])).execute();
  return {
    issued: rows.filter((r) => r.issued_at >= from).map((r) => ({ achievementId: r.achievement_id, at: r.issued_at })),
    claimed: rows.filter((r) => r.claimed_at && r.claimed_at >= from).map((r) => ({ achievementId: r.achievement_id, at: r.claimed_at! })),
  };
}

/** Share links created since `from` that include one of the organization's credentials (one event per link and credential). */
export async function sharedSince(db: Db, organizationId: string, from: string): Promise<DatedEvent[]> {
  const rows = await db.selectFrom('share_link_items').innerJoin('share_links', 'share_links.id', 'share_link_items.share_link_id')
    .innerJoin('credentials', 'credentials.id', 'share_link_items.item_id')
    .select(['credentials.achievement_id', 'share_links.created_at'])
    .where('credentials.organization_id', '=', organizationId).where('share_links.created_at', '>=', from).execute();
  return rows.map((r) => ({ achievementId: r.achievement_id, at: r.created_at }));
}

/** Verifications of the organization's credentials since `from`. */
export async function verificationsSince(db: Db, organizationId: string, from: string): Promise<Array<DatedEvent & { viewerOrganizationId: string | null; viewerName: string | null }>> {
  const rows = await db.selectFrom('verification_events').leftJoin('organizations', 'organizations.id', 'verification_events.viewer_organization_id')
    .select(['verification_events.achievement_id', 'verification_events.created_at', 'verification_events.viewer_organization_id', 'organizations.name'])
    .where('verification_events.organization_id', '=', organizationId).where('verification_events.created_at', '>=', from).execute();
  return rows.map((r) => ({ achievementId: r.achievement_id, at: r.created_at, viewerOrganizationId: r.viewer_organization_id, viewerName: r.name }));
}

/** A learner's share links with their view counts (the wallet's share_links) and the views recorded per link. */
export async function shareViewsOfUser(db: Db, userId: string): Promise<Array<{ id: string; label: string | null; kind: string; viewCount: number; lastViewedAt: string | null; createdAt: string; revokedAt: string | null; expiresAt: string | null; employerViews: number }>> {
  const links = await db.selectFrom('share_links').select(['id', 'label', 'kind', 'view_count', 'last_viewed_at', 'created_at', 'revoked_at', 'expires_at'])
    .where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
  if (!links.length) return [];
  const employer = await db.selectFrom('share_events').select(['share_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('share_id', 'in', links.map((l) => l.id)).where('viewer_organization_id', 'is not', null).groupBy('share_id').execute();
  const byLink = new Map(employer.map((e) => [e.share_id, Number(e.n)]));
  return links.map((l) => ({
    id: l.id, label: l.label, kind: l.kind, viewCount: Number(l.view_count), lastViewedAt: l.last_viewed_at, createdAt: l.created_at,
    revokedAt: l.revoked_at, expiresAt: l.expires_at, employerViews: byLink.get(l.id) ?? 0,
  }));
}
