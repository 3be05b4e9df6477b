/** Users, their email addresses, one-time email tokens and organization memberships. */
import type { Selectable } from 'kysely';
import type { Db } from '../transaction.ts';
import type { EmailTokensTable, UsersTable } from '../tables/platform.ts';
import { fromDbBool, fromJson, toDbBool, toJson } from '../util.ts';
import type { Organization } from './organizations.repository.ts';
import { findOrganizationById } from './organizations.repository.ts';

export interface User {
  id: string;
  name: string;
  publicProfile: boolean;
  profileSlug: string | null;
  createdAt: string;
  deletedAt: string | null;
}

export interface UserEmail {
  id: string;
  userId: string;
  email: string;
  isPrimary: boolean;
  verifiedAt: string | null;
  createdAt: string;
}

export interface EmailToken {
  tokenHash: string;
  purpose: string;
  email: string;
  userId: string | null;
  data: Record<string, unknown> | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface Membership {
  organizationId: string;
  userId: string;
  role: string;
  createdAt: string;
}

const toUser = (r: Selectable<UsersTable>): User => ({
  id: r.id, name: r.name, publicProfile: fromDbBool(r.public_profile), profileSlug: r.profile_slug,
  createdAt: r.created_at, deletedAt: r.deleted_at,
});

/** Inserts a user with an optional password hash. */
export async function insertUser(db: Db, u: User, passwordHash: string | null): Promise<void> {
  await db.insertInto('users').values({
    id: u.id, name: u.name, password_hash: passwordHash, public_profile: toDbBool(u.publicProfile),
    profile_slug: u.profileSlug, created_at: u.createdAt, deleted_at: u.deletedAt,
  }).execute();
}

/** Finds a (not deleted) user by id. */
export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  const r = await db.selectFrom('users').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return r ? toUser(r) : undefined;
}

/** Finds a user and their password hash by any of their email addresses (lower-cased). */
export async function findUserWithPasswordByEmail(db: Db, email: string): Promise<{ user: User; passwordHash: string | null } | undefined> {
  const r = await db.selectFrom('user_emails').innerJoin('users', 'users.id', 'user_emails.user_id')
    .selectAll('users').where('user_emails.email', '=', email).where('users.deleted_at', 'is', null).executeTakeFirst();
  return r ? { user: toUser(r), passwordHash: r.password_hash } : undefined;
}

/** Replaces a user's password hash. */
export async function updatePasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

/** Updates a user's display name. */
export async function updateUserName(db: Db, userId: string, name: string): Promise<void> {
  await db.updateTable('users').set({ name }).where('id', '=', userId).execute();
}

/** Inserts an email address for a user. */
export async function insertUserEmail(db: Db, e: UserEmail): Promise<void> {
  await db.insertInto('user_emails').values({
    id: e.id, user_id: e.userId, email: e.email, is_primary: toDbBool(e.isPrimary), verified_at: e.verifiedAt, created_at: e.createdAt,
  }).execute();
}

/** Finds an email address record (any user). */
export async function findUserEmail(db: Db, email: string): Promise<UserEmail | undefined> {
  const r = await db.selectFrom('user_emails').selectAll().where('email', '=', email).executeTakeFirst();
  return r ? { id: r.id, userId: r.user_id, email: r.email, isPrimary: fromDbBool(r.is_primary), verifiedAt: r.verified_at, createdAt: r.created_at } : undefined;
}

/** Lists a user's email addresses, primary first. */
export async function listUserEmails(db: Db, userId: string): Promise<UserEmail[]> {
  const rows = await db.selectFrom('user_emails').selectAll().where('user_id', '=', userId).orderBy('is_primary', 'desc').orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, userId: r.user_id, email: r.email, isPrimary: fromDbBool(r.is_primary), verifiedAt: r.verified_at, createdAt: r.created_at }));
}

/** Marks an email address verified (only the given user's). */
export async function markEmailVerified(db: Db, userId: string, email: string, at: string): Promise<boolean> {
  const r = await db.updateTable('user_emails').set({ verified_at: at }).where('user_id', '=', userId).where('email', '=', email)
    .where('verified_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Stores a one-time token (already hashed). */
export async function insertEmailToken(db: Db, t: EmailToken): Promise<void> {
  await db.insertInto('email_tokens').values({
    token_hash: t.tokenHash, purpose: t.purpose, email: t.email, user_id: t.userId, data_json: t.data ? toJson(t.data) : null,
    created_at: t.createdAt, expires_at: t.expiresAt, used_at: t.usedAt,
  }).execute();
}

const toToken = (r: EmailTokensTable): EmailToken => ({
  tokenHash: r.token_hash, purpose: r.purpose, email: r.email, userId: r.user_id, data: fromJson(r.data_json, null),
  createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at,
});

/**
 * Marks an unused, unexpired token of a purpose used and returns it; undefined when it is unknown,
 * used or expired. The conditional update makes a token usable exactly once even under races.
 */
export async function consumeEmailToken(db: Db, tokenHash: string, purpose: string, now: string): Promise<EmailToken | undefined> {
  const r = await db.updateTable('email_tokens').set({ used_at: now }).where('token_hash', '=', tokenHash).where('purpose', '=', purpose)
    .where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return undefined;
  const row = await db.selectFrom('email_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirstOrThrow();
  return toToken(row);
}

/** Reads a token without consuming it (to show an invitation before it is accepted). */
export async function findEmailToken(db: Db, tokenHash: string, purpose: string, now: string): Promise<EmailToken | undefined> {
  const r = await db.selectFrom('email_tokens').selectAll().where('token_hash', '=', tokenHash).where('purpose', '=', purpose)
    .where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  return r ? toToken(r) : undefined;
}

/** Adds (or changes the role of) a membership. */
export async function upsertMembership(db: Db, m: Membership): Promise<void> {
  const existing = await findMembership(db, m.organizationId, m.userId);
  if (existing) {
    await db.updateTable('memberships').set({ role: m.role }).where('organization_id', '=', m.organizationId).where('user_id', '=', m.userId).execute();
  } else {
    await db.insertInto('memberships').values({ organization_id: m.organizationId, user_id: m.userId, role: m.role, created_at: m.createdAt }).execute();
  }
}

/** Finds one membership. */
export async function findMembership(db: Db, organizationId: string, userId: string): Promise<Membership | undefined> {
  const r = await db.selectFrom('memberships').selectAll().where('organization_id', '=', organizationId).where('user_id', '=', userId).executeTakeFirst();
  return r ? { organizationId: r.organization_id, userId: r.user_id, role: r.role, createdAt: r.created_at } : undefined;
}

/** Removes one membership. */
export async function deleteMembership(db: Db, organizationId: string, userId: string): Promise<void> {
  await db.deleteFrom('memberships').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
}

/** The organizations a user belongs to, oldest membership first. */
export async function listMembershipsOfUser(db: Db, userId: string): Promise<Array<Membership & { organization: Organization }>> {
  const rows = await db.selectFrom('memberships').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
  const out: Array<Membership & { organization: Organization }> = [];
  for (const r of rows) {
    const organization = await findOrganizationById(db, r.organization_id);
    if (organization) out.push({ organizationId: r.organization_id, userId: r.user_id, role: r.role, createdAt: r.created_at, organization });
  }
  return out;
}

export interface MemberView { userId: string; name: string; email: string | null; role: string; createdAt: string }

/** The members of one organization with their primary email. */
export async function listMembers(db: Db, organizationId: string): Promise<MemberView[]> {
  const rows = await db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.user_id', 'memberships.role', 'memberships.created_at', 'users.name'])
    .where('memberships.organization_id', '=', organizationId).where('users.deleted_at', 'is', null)
    .orderBy('memberships.created_at').execute();
  const out: MemberView[] = [];
  for (const r of rows) {
    const emails = await listUserEmails(db, r.user_id);
    out.push({ userId: r.user_id, name: r.name, email: emails[0]?.email ?? null, role: r.role, createdAt: r.created_at });
  }
  return out;
}

/** Number of members of an organization with a role (to protect the last owner). */
export async function countMembersWithRole(db: Db, organizationId: string, role: string): Promise<number> {
  const r = await db.selectFrom('memberships').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', organizationId).where('role', '=', role).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A user's password hash (null for accounts without a password). */
export async function findPasswordHash(db: Db, userId: string): Promise<string | null | undefined> {
  const r = await db.selectFrom('users').select('password_hash').where('id', '=', userId).where('deleted_at', 'is', null).executeTakeFirst();
  return r ? r.password_hash : undefined;
}
