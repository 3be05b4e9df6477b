/**
 * The wallet's data: which credentials belong to a user (through `learners.user_id`, set only for verified
 * addresses), their visibility, credentials imported from elsewhere, and public profiles.
 */
import type { Db } from '../transaction.ts';

/** A credential issued on this platform, as the wallet reads it (document included). */
export interface WalletIssuedRow {
  id: string; organizationId: string; organizationName: string; organizationSlug: string; organizationLogo: string | null;
  achievementId: string; achievementVersion: number; learnerId: string; recipientEmail: string; recipientName: string | null;
  verificationCode: string; issuedAt: string; validFrom: string; validUntil: string | null; revokedAt: string | null;
  suspendedAt: string | null; visibility: 'private' | 'public'; claimedAt: string | null; codeDisabledAt: string | null; credits: number | null; document: string;
}

/** A credential imported from another issuer. */
export interface ExternalCredential {
  id: string; userId: string; format: string; sourceUrl: string | null; credentialId: string | null; document: string;
  issuerId: string; issuerName: string | null; achievementId: string; achievementName: string | null;
  validFrom: string | null; validUntil: string | null; credits: number | null; visibility: 'private' | 'public';
  checks: { id: string; status: string; message: string }[]; importedAt: string;
}

const vis = (v: string): 'private' | 'public' => (v === 'public' ? 'public' : 'private');

function issuedQuery(db: Db) {
  return db.selectFrom('credentials as c')
    .innerJoin('learners as l', 'l.id', 'c.learner_id')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .select([
      'c.id', 'c.organization_id', 'o.name as organization_name', 'o.slug as organization_slug', 'o.logo as organization_logo',
      'c.achievement_id', 'c.achievement_version', 'c.learner_id', 'c.recipient_email', 'c.recipient_name', 'c.verification_code',
      'c.issued_at', 'c.valid_from', 'c.valid_until', 'c.revoked_at', 'c.suspended_at', 'c.visibility', 'c.claimed_at', 'c.code_disabled_at', 'c.credits',
      'c.document', 'l.user_id',
    ]);
}

type IssuedRow = Awaited<ReturnType<ReturnType<typeof issuedQuery>['executeTakeFirstOrThrow']>>;

const toIssued = (r: IssuedRow): WalletIssuedRow => ({
  id: r.id, organizationId: r.organization_id, organizationName: r.organization_name, organizationSlug: r.organization_slug,
  organizationLogo: r.organization_logo, achievementId: r.achievement_id, achievementVersion: Number(r.achievement_version),
  learnerId: r.learner_id, recipientEmail: r.recipient_email, recipientName: r.recipient_name, verificationCode: r.verification_code,
  issuedAt: r.issued_at, validFrom: r.valid_from, validUntil: r.valid_until, revokedAt: r.revoked_at, suspendedAt: r.suspended_at,
  visibility: vis(r.visibility), claimedAt: r.claimed_at, codeDisabledAt: r.code_disabled_at, credits: r.credits === null ? null : Number(r.credits), document: r.document,
});

/** Sets `learners.user_id` on every unowned learner row whose email is one of `emails`; returns how many. */
export async function linkLearners(db: Db, userId: string, emails: readonly string[]): Promise<number> {
  if (emails.length === 0) return 0;
  const r = await db.updateTable('learners').set({ user_id: userId }).where('email', 'in', [...emails]).where('user_id', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Addresses per owner query: keeps the IN list within both engines' bound-parameter limits. */
const OWNER_CHUNK = 500;

/** The users whose VERIFIED addresses these are, by address (unverified and unknown addresses are absent). */
export async function findVerifiedOwners(db: Db, emails: readonly string[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  const unique = [...new Set(emails)];
  for (let i = 0; i < unique.length; i += OWNER_CHUNK) {
    const rows = await db.selectFrom('user_emails as e').innerJoin('users as u', 'u.id', 'e.user_id').select(['e.email', 'e.user_id'])
      .where('e.email', 'in', unique.slice(i, i + OWNER_CHUNK)).where('e.verified_at', 'is not', null).where('u.deleted_at', 'is', null).execute();
    for (const r of rows) owners.set(r.email, r.user_id);
  }
  return owners;
}

/** Every credential issued to one of the user's learner records, newest first. */
export async function listIssuedOfUser(db: Db, userId: string): Promise<WalletIssuedRow[]> {
  const rows = await issuedQuery(db).where('l.user_id', '=', userId).orderBy('c.issued_at', 'desc').execute();
  return rows.map(toIssued);
}

/** One credential, only when it belongs to the user. */
export async function findIssuedOfUser(db: Db, userId: string, id: string): Promise<WalletIssuedRow | undefined> {
  const r = await issuedQuery(db).where('l.user_id', '=', userId).where('c.id', '=', id).executeTakeFirst();
  return r ? toIssued(r) : undefined;
}

/** Issued credentials by id whatever the owner (for share links, which name their items), with the owner id. */
export async function findIssuedByIds(db: Db, ids: readonly string[]): Promise<(WalletIssuedRow & { userId: string | null })[]> {
  if (ids.length === 0) return [];
  const rows = await issuedQuery(db).where('c.id', 'in', [...ids]).execute();
  return rows.map((r) => ({ ...toIssued(r), userId: r.user_id }));
}

/** Public credentials of a user (issued ones). */
export async function listPublicIssuedOfUser(db: Db, userId: string): Promise<WalletIssuedRow[]> {
  const rows = await issuedQuery(db).where('l.user_id', '=', userId).where('c.visibility', '=', 'public').orderBy('c.issued_at', 'desc').execute();
  return rows.map(toIssued);
}

/** Changes an issued credential's visibility when it belongs to the user; false otherwise. */
export async function setIssuedVisibility(db: Db, userId: string, id: string, visibility: 'private' | 'public'): Promise<boolean> {
  const r = await db.updateTable('credentials').set({ visibility })
    .where('id', '=', id)
    .where('learner_id', 'in', db.selectFrom('learners').select('id').where('user_id', '=', userId))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Turns the public verification code of the user's credential off (`at`) or back on (null); false when not theirs. */
export async function setCodeDisabled(db: Db, userId: string, id: string, at: string | null): Promise<boolean> {
  const r = await db.updateTable('credentials').set({ code_disabled_at: at })
    .where('id', '=', id)
    .where('learner_id', 'in', db.selectFrom('learners').select('id').where('user_id', '=', userId))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Records that the learner claimed a credential (first time only). */
export async function markClaimed(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('credentials').set({ claimed_at: at }).where('id', '=', id).where('claimed_at', 'is', null).execute();
}

/** Stores an imported credential. */
export async function insertExternal(db: Db, e: ExternalCredential): Promise<void> {
  await db.insertInto('external_credentials').values({
    id: e.id, user_id: e.userId, format: e.format, source_url: e.sourceUrl, credential_id: e.credentialId, document: e.document,
    issuer_id: e.issuerId, issuer_name: e.issuerName, achievement_id: e.achievementId, achievement_name: e.achievementName,
    valid_from: e.validFrom, valid_until: e.validUntil, credits: e.credits, visibility: e.visibility,
    checks_json: JSON.stringify(e.checks), imported_at: e.importedAt,
  }).execute();
}

type ExternalRow = Awaited<ReturnType<ReturnType<typeof externalQuery>['executeTakeFirstOrThrow']>>;
const externalQuery = (db: Db) => db.selectFrom('external_credentials').selectAll();
const toExternal = (r: ExternalRow): ExternalCredential => ({
  id: r.id, userId: r.user_id, format: r.format, sourceUrl: r.source_url, credentialId: r.credential_id, document: r.document,
  issuerId: r.issuer_id, issuerName: r.issuer_name, achievementId: r.achievement_id, achievementName: r.achievement_name,
  validFrom: r.valid_from, validUntil: r.valid_until, credits: r.credits === null ? null : Number(r.credits), visibility: vis(r.visibility),
  checks: JSON.parse(r.checks_json) as ExternalCredential['checks'], importedAt: r.imported_at,
});

/** The user's imported credentials, newest first. */
export async function listExternalOfUser(db: Db, userId: string): Promise<ExternalCredential[]> {
  return (await externalQuery(db).where('user_id', '=', userId).orderBy('imported_at', 'desc').execute()).map(toExternal);
}

/** Imported credentials of several users (pathway holdings). */
export async function listExternalOfUsers(db: Db, userIds: readonly string[]): Promise<ExternalCredential[]> {
  if (userIds.length === 0) return [];
  return (await externalQuery(db).where('user_id', 'in', [...userIds]).execute()).map(toExternal);
}

/** One imported credential, only when it belongs to the user. */
export async function findExternalOfUser(db: Db, userId: string, id: string): Promise<ExternalCredential | undefined> {
  const r = await externalQuery(db).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return r ? toExternal(r) : undefined;
}

/** Imported credentials by id whatever the owner (share links). */
export async function findExternalByIds(db: Db, ids: readonly string[]): Promise<ExternalCredential[]> {
  if (ids.length === 0) return [];
  return (await externalQuery(db).where('id', 'in', [...ids]).execute()).map(toExternal);
}

/** Changes an imported credential's visibility (only the owner's). */
export async function setExternalVisibility(db: Db, userId: string, id: string, visibility: 'private' | 'public'): Promise<boolean> {
  const r = await db.updateTable('external_credentials').set({ visibility }).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Removes an imported credential (only the owner's) and any share items naming it. */
export async function deleteExternal(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('external_credentials').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) return false;
  await db.deleteFrom('share_link_items').where('item_kind', '=', 'external').where('item_id', '=', id).execute();
  return true;
}

/** Learner records (organization, learner id) of users, for pathway holdings. */
export async function usersOfLearners(db: Db, learnerIds: readonly string[]): Promise<Map<string, string>> {
  if (learnerIds.length === 0) return new Map();
  const rows = await db.selectFrom('learners').select(['id', 'user_id']).where('id', 'in', [...learnerIds]).where('user_id', 'is not', null).execute();
  return new Map(rows.map((r) => [r.id, r.user_id!]));
}

/** A public profile: the user behind an opted-in slug. */
export async function findProfileBySlug(db: Db, slug: string): Promise<{ userId: string; name: string } | undefined> {
  const r = await db.selectFrom('users').select(['id', 'name']).where('profile_slug', '=', slug).where('public_profile', '=', 1)
    .where('deleted_at', 'is', null).executeTakeFirst();
  return r ? { userId: r.id, name: r.name } : undefined;
}

/** The user's profile settings. */
export async function findProfileSettings(db: Db, userId: string): Promise<{ name: string; publicProfile: boolean; slug: string | null } | undefined> {
  const r = await db.selectFrom('users').select(['name', 'public_profile', 'profile_slug']).where('id', '=', userId).where('deleted_at', 'is', null).executeTakeFirst();
  return r ? { name: r.name, publicProfile: Number(r.public_profile) === 1, slug: r.profile_slug } : undefined;
}

/** True when another user holds the slug. */
export async function slugTakenByOther(db: Db, userId: string, slug: string): Promise<boolean> {
  return Boolean(await db.selectFrom('users').select('id').where('profile_slug', '=', slug).where('id', '!=', userId).executeTakeFirst());
}

/** Saves the profile settings. */
export async function saveProfileSettings(db: Db, userId: string, s: { publicProfile: boolean; slug: string | null }): Promise<void> {
  await db.updateTable('users').set({ public_profile: s.publicProfile ? 1 : 0, profile_slug: s.slug }).where('id', '=', userId).execute();
}

/**
 * Deletes everything personal of a user: shares, imports, sessions, addresses, tokens and memberships go; learner
 * records are unlinked (issued credentials stay valid) and the user row is anonymised and marked deleted.
 */
export async function eraseUser(db: Db, userId: string, at: string): Promise<void> {
  const links = db.selectFrom('share_links').select('id').where('user_id', '=', userId);
  await db.deleteFrom('share_link_items').where('share_link_id', 'in', links).execute();
  await db.deleteFrom('share_links').where('user_id', '=', userId).execute();
  await db.deleteFrom('external_credentials').where('user_id', '=', userId).execute();
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await db.deleteFrom('email_tokens').where('user_id', '=', userId).execute();
  await db.deleteFrom('user_emails').where('user_id', '=', userId).execute();
  await db.deleteFrom('memberships').where('user_id', '=', userId).execute();
  await db.updateTable('credentials').set({ visibility: 'private' })
    .where('learner_id', 'in', db.selectFrom('learners').select('id').where('user_id', '=', userId)).execute();
  await db.updateTable('learners').set({ user_id: null }).where('user_id', '=', userId).execute();
  await db.updateTable('users').set({ name: 'Deleted account', password_hash: null, public_profile: 0, profile_slug: null, deleted_at: at })
    .where('id', '=', userId).execute();
}
