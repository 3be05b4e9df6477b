/**
 * The caller of every service call. HTTP resolves it from the session cookie or an
 * `Authorization: Bearer` API token; the CLI builds a system one. Services check it with
 * `requireAuth` / `requirePermission` and scope every tenant query by `organizationId`.
 */
import { AppError } from '../core/errors.ts';
import { roleAllows, type Role } from './permissions.ts';

export interface Auth {
  /** Signed-in user (session), if any. */
  userId?: string;
  /** API token id, when the call came with a bearer token. */
  tokenId?: string;
  /** The organization the caller acts for (session's active org or the token's org). */
  organizationId?: string;
  /** The user's role in that organization; undefined for API tokens and users without one. */
  role?: Role;
  /** API token scopes (empty for sessions). */
  scopes: string[];
  /** Display data for pages. */
  user?: { id: string; name: string; email: string | null; emailVerified: boolean };
  organization?: { id: string; slug: string; name: string; kind: string };
  /** CLI / demo seed / jobs acting with every permission inside `organizationId`. */
  system?: boolean;
}

/** An Auth that is known to act inside one organization. */
export type OrgAuth = Auth & { organizationId: string };

/** The anonymous caller. */
export const ANONYMOUS: Auth = Object.freeze({ scopes: [] }) as Auth;

/** A system caller with every permission in one organization (CLI, demo seed, background jobs). */
export function systemAuth(organizationId: string): OrgAuth {
  return { organizationId, scopes: [], system: true };
}

/** Throws `unauthenticated` unless a user or a token is behind the call. */
export function requireAuth(auth: Auth): Auth {
  if (!auth.userId && !auth.tokenId && !auth.system) throw new AppError('unauthenticated');
  return auth;
}

/** Throws `unauthenticated` unless a signed-in user (not a token) is behind the call; returns the user id. */
export function requireUser(auth: Auth): string {
  if (!auth.userId) throw new AppError('unauthenticated', 'Sign in to do this.');
  return auth.userId;
}

/** True when the caller may perform `action` in its organization. */
export function can(auth: Auth, action: string): boolean {
  if (!auth.organizationId) return false;
  if (auth.system) return true;
  if (auth.tokenId) return auth.scopes.includes(action);
  return roleAllows(auth.role, action);
}

/**
 * Throws unless the caller may perform `action` in its organization: `unauthenticated` (nobody),
 * `token_scope_missing` (a token without that scope) or `forbidden` (a role without it).
 * @example const { organizationId } = requirePermission(auth, 'credentials:issue')
 */
export function requirePermission(auth: Auth, action: string): OrgAuth {
  requireAuth(auth);
  if (!auth.organizationId) throw new AppError('forbidden', 'You are not a member of an organization.');
  if (can(auth, action)) return auth as OrgAuth;
  if (auth.tokenId) throw new AppError('token_scope_missing', `The API token lacks the scope ${action}.`, { details: { scope: action } });
  throw new AppError('forbidden', `Your role does not allow ${action}.`, { details: { action } });
}
