/** Browser sessions (the cookie value is stored as its SHA-256 hash only). */
import type { Db } from '../transaction.ts';

export interface Session {
  idHash: string;
  userId: string;
  csrfToken: string;
  activeOrganizationId: string | null;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
}

/** Inserts a session. */
export async function insertSession(db: Db, s: Session): Promise<void> {
  await db.insertInto('sessions').values({
    id_hash: s.idHash, user_id: s.userId, csrf_token: s.csrfToken, active_organization_id: s.activeOrganizationId,
    created_at: s.createdAt, expires_at: s.expiresAt, last_seen_at: s.lastSeenAt,
  }).execute();
}

/** Finds an unexpired session by the hash of its cookie value. */
export async function findLiveSession(db: Db, idHash: string, now: string): Promise<Session | undefined> {
  const r = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).where('expires_at', '>', now).executeTakeFirst();
  return r ? {
    idHash: r.id_hash, userId: r.user_id, csrfToken: r.csrf_token, activeOrganizationId: r.active_organization_id,
    createdAt: r.created_at, expiresAt: r.expires_at, lastSeenAt: r.last_seen_at,
  } : undefined;
}

/** Updates last-seen (and optionally the expiry, for sliding sessions). */
export async function touchSession(db: Db, idHash: string, lastSeenAt: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
}

/** Switches the organization a session acts for. */
export async function setSessionOrganization(db: Db, idHash: string, organizationId: string | null): Promise<void> {
  await db.updateTable('sessions').set({ active_organization_id: organizationId }).where('id_hash', '=', idHash).execute();
}

/** Deletes one session (sign out). */
export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Deletes every session of a user (password change, account deletion). */
export async function deleteSessionsOfUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Deletes expired sessions; returns how many. */
export async function deleteExpiredSessions(db: Db, now: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Deletes every session of a user except one (after a password change). */
export async function deleteOtherSessionsOfUser(db: Db, userId: string, keepIdHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('id_hash', '!=', keepIdHash).execute();
}

/** A live session with everything a request needs about its user and active organization, in one query. */
export interface SessionContext {
  session: Session;
  user: { id: string; name: string };
  email: { address: string; verified: boolean } | null;
  membership: { role: string; organization: { id: string; slug: string; name: string; kind: string } } | null;
}

/** Loads a live session, its user, primary email and active membership (one round trip). */
export async function findSessionContext(db: Db, idHash: string, now: string): Promise<SessionContext | undefined> {
  const r = await db.selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('user_emails', (j) => j.onRef('user_emails.user_id', '=', 'users.id').on('user_emails.is_primary', '=', 1))
    .leftJoin('memberships', (j) => j.onRef('memberships.user_id', '=', 'users.id').onRef('memberships.organization_id', '=', 'sessions.active_organization_id'))
    .leftJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select([
      'sessions.id_hash', 'sessions.user_id', 'sessions.csrf_token', 'sessions.active_organization_id', 'sessions.created_at', 'sessions.expires_at',
      'sessions.last_seen_at', 'users.name as user_name', 'user_emails.email', 'user_emails.verified_at', 'memberships.role',
      'organizations.id as org_id', 'organizations.slug as org_slug', 'organizations.name as org_name', 'organizations.kind as org_kind',
    ])
    .where('sessions.id_hash', '=', idHash).where('sessions.expires_at', '>', now).where('users.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    session: {
      idHash: r.id_hash, userId: r.user_id, csrfToken: r.csrf_token, activeOrganizationId: r.active_organization_id,
      createdAt: r.created_at, expiresAt: r.expires_at, lastSeenAt: r.last_seen_at,
    },
    user: { id: r.user_id, name: r.user_name },
    email: r.email ? { address: r.email, verified: Boolean(r.verified_at) } : null,
    membership: r.role && r.org_id && r.org_slug && r.org_name && r.org_kind
      ? { role: r.role, organization: { id: r.org_id, slug: r.org_slug, name: r.org_name, kind: r.org_kind } }
      : null,
  };
}
