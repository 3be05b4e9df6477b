/**
 * Sessions and API-token authentication: turns a session cookie or a bearer token into an `Auth`.
 * Cookie values and tokens are random 32-byte strings; only their SHA-256 is stored.
 */
import { AppError } from '../core/errors.ts';
import { findApiTokenOrg, findLiveApiTokenByHash, touchApiToken } from '../db/repositories/api-tokens.repository.ts';
import {
  deleteExpiredSessions, deleteOtherSessionsOfUser, deleteSession, deleteSessionsOfUser, findSessionContext, insertSession, setSessionOrganization, touchSession,
} from '../db/repositories/sessions.repository.ts';
import { findMembership, listMembershipsOfUser } from '../db/repositories/users.repository.ts';
import type { Auth } from './auth.ts';
import { isoPlusHours, type Deps } from './deps.ts';
import { isRole } from './permissions.ts';
import { hashToken, newToken } from './security.ts';

export interface NewSession {
  /** The cookie value (only ever sent to the browser). */
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export interface ResolvedSession { auth: Auth; csrfToken: string; expiresAt: string }

/** API tokens look like `mc_<43 chars>`; the first 11 characters are shown in lists. */
export const API_TOKEN_PREFIX = 'mc_';

export class SessionsService {
  constructor(private readonly deps: Deps) {}

  /** Starts a session for a user, acting for their first organization (if any). */
  async create(userId: string): Promise<NewSession> {
    const now = this.deps.clock.now();
    const token = newToken(this.deps.random);
    const csrfToken = newToken(this.deps.random);
    const memberships = await listMembershipsOfUser(this.deps.db, userId);
    const expiresAt = isoPlusHours(now, this.deps.config.sessionTtlHours);
    await insertSession(this.deps.db, {
      idHash: hashToken(token), userId, csrfToken, activeOrganizationId: memberships[0]?.organizationId ?? null,
      createdAt: now.toISOString(), expiresAt, lastSeenAt: now.toISOString(),
    });
    return { token, csrfToken, expiresAt };
  }

  /** Resolves a session cookie value; undefined when unknown or expired. Slides the expiry once an hour. */
  async resolve(token: string): Promise<ResolvedSession | undefined> {
    if (!token || token.length > 200) return undefined;
    const now = this.deps.clock.now();
    const idHash = hashToken(token);
    const ctx = await findSessionContext(this.deps.db, idHash, now.toISOString());
    if (!ctx) return undefined;
    const s = ctx.session;
    let expiresAt = s.expiresAt;
    if (now.getTime() - Date.parse(s.lastSeenAt) > 3_600_000) {
      expiresAt = isoPlusHours(now, this.deps.config.sessionTtlHours);
      await touchSession(this.deps.db, idHash, now.toISOString(), expiresAt);
    }
    const auth: Auth = {
      userId: ctx.user.id, scopes: [],
      user: { id: ctx.user.id, name: ctx.user.name, email: ctx.email?.address ?? null, emailVerified: Boolean(ctx.email?.verified) },
    };
    if (ctx.membership && isRole(ctx.membership.role)) {
      auth.organizationId = ctx.membership.organization.id;
      auth.role = ctx.membership.role;
      auth.organization = ctx.membership.organization;
    }
    return { auth, csrfToken: s.csrfToken, expiresAt };
  }

  /** Ends one session. */
  async destroy(token: string): Promise<void> {
    await deleteSession(this.deps.db, hashToken(token));
  }

  /** Ends every session of a user. */
  async destroyAllOf(userId: string): Promise<void> {
    await deleteSessionsOfUser(this.deps.db, userId);
  }

  /** Deletes expired sessions (server.ts runs this hourly); returns how many. */
  purgeExpired(): Promise<number> {
    return deleteExpiredSessions(this.deps.db, this.deps.clock.now().toISOString());
  }

  /** Ends every session of a user except the one with this cookie value. */
  async destroyOthers(userId: string, keepToken: string): Promise<void> {
    await deleteOtherSessionsOfUser(this.deps.db, userId, hashToken(keepToken));
  }

  /** Makes the session act for another organization the user belongs to. */
  async switchOrganization(token: string, userId: string, organizationId: string): Promise<void> {
    const m = await findMembership(this.deps.db, organizationId, userId);
    if (!m) throw new AppError('not_found', 'You are not a member of this organization.');
    await setSessionOrganization(this.deps.db, hashToken(token), organizationId);
  }

  /** Resolves an `Authorization: Bearer` API token; undefined when unknown or revoked. */
  async resolveApiToken(token: string): Promise<Auth | undefined> {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return undefined;
    const t = await findLiveApiTokenByHash(this.deps.db, hashToken(token));
    if (!t) return undefined;
    const now = this.deps.clock.now();
    if (!t.lastUsedAt || now.getTime() - Date.parse(t.lastUsedAt) > 60_000) await touchApiToken(this.deps.db, t.id, now.toISOString());
    const org = await findApiTokenOrg(this.deps.db, t.organizationId);
    return {
      tokenId: t.id, organizationId: t.organizationId, scopes: t.scopes,
      ...(org ? { organization: { id: org.id, slug: org.slug, name: org.name, kind: org.kind } } : {}),
    };
  }
}
