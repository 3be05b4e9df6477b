/**
 * Issued credentials as staff see them: search and detail, and the status changes: revoke (permanent, with a
 * reason), suspend and reinstate. Each change and its status-list revision commit together; the list is
 * re-signed on its next fetch.
 */
import { AppError } from '../core/errors.ts';
import { parseIssueDate } from '../core/issuance/issue-input.ts';
import { normalizeVerificationCode } from '../core/issuance/verification-code.ts';
import {
  clearSuspended, findCredential, markRevoked, markSuspended, searchCredentials, type CredentialRecord, type CredentialState,
} from '../db/repositories/credentials.repository.ts';
import { withTransaction } from '../db/transaction.ts';
import { audit } from './audit.service.ts';
import { requirePermission, systemAuth, type Auth, type OrgAuth } from './auth.ts';
import type { CredentialEvents, CredentialEventType } from './credential-events.ts';
import { toCredentialView, type CredentialView } from './credential-view.ts';
import type { Deps } from './deps.ts';
import type { StatusListService } from './status-list.service.ts';

export interface CredentialsDeps extends Deps {
  statusLists: StatusListService;
  events: CredentialEvents;
}

export interface CredentialQuery {
  q?: string;
  achievementId?: string;
  learnerId?: string;
  status?: string;
  issuedFrom?: string;
  issuedTo?: string;
  limit?: number | string;
  cursor?: string;
}

export interface CredentialPage {
  items: CredentialView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const STATES: CredentialState[] = ['active', 'revoked', 'suspended', 'expired'];
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_REASON = 500;

function checkReason(reason: unknown, required: boolean): string {
  if (reason === undefined || reason === null || reason === '') {
    if (required) throw new AppError('validation_failed', 'Give a reason: it is recorded and shown to verifiers.', { field: 'reason' });
    return '';
  }
  if (typeof reason !== 'string') throw new AppError('validation_failed', 'reason must be text.', { field: 'reason' });
  const t = reason.trim();
  if (required && !t) throw new AppError('validation_failed', 'Give a reason: it is recorded and shown to verifiers.', { field: 'reason' });
  if (t.length > MAX_REASON) throw new AppError('validation_failed', `reason must be at most ${MAX_REASON} characters.`, { field: 'reason' });
  return t;
}

function decodeCursor(cursor: string): { issuedAt: string; id: string } {
  const [issuedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!issuedAt || !id || !UUID_RE.test(id) || Number.isNaN(Date.parse(issuedAt))) {
    throw new AppError('validation_failed', 'cursor is not valid; use the nextCursor of the previous page.', { field: 'cursor' });
  }
  return { issuedAt, id };
}

export class CredentialsService {
  constructor(private readonly deps: CredentialsDeps) {}

  private async load(a: OrgAuth, id: string): Promise<CredentialRecord> {
    const found = typeof id === 'string' && UUID_RE.test(id) ? await findCredential(this.deps.db, a.organizationId, id.toLowerCase()) : undefined;
    if (!found) throw new AppError('credential_not_found', undefined, { field: 'id' });
    return found;
  }

  private view(c: CredentialRecord): CredentialView {
    return toCredentialView(c, this.deps.clock.now(), this.deps.config.publicUrl);
  }

  /** One credential of the caller's organization with its signed document (needs `credentials:read`). */
  async get(auth: Auth, id: string): Promise<CredentialView> {
    return this.view(await this.load(requirePermission(auth, 'credentials:read'), id));
  }

  /**
   * Searches the caller's organization's credentials (needs `credentials:read`): `q` matches email, name or
   * verification code; filters by micro-credential, state and issue date; newest first, keyset-paged.
   */
  async list(auth: Auth, query: CredentialQuery = {}): Promise<CredentialPage> {
    const a = requirePermission(auth, 'credentials:read');
    const limitRaw = query.limit === undefined || query.limit === '' ? 25 : Number(query.limit);
    if (!Number.isInteger(limitRaw) || limitRaw < 1 || limitRaw > 200) {
      throw new AppError('validation_failed', 'limit must be a whole number from 1 to 200.', { field: 'limit' });
    }
    if (query.status && !STATES.includes(query.status as CredentialState)) {
      throw new AppError('validation_failed', `status must be one of ${STATES.join(', ')}.`, { field: 'status' });
    }
    const date = (v: string | undefined, field: string) => {
      if (!v) return undefined;
      const d = parseIssueDate(v);
      if (!d) throw new AppError('validation_failed', `${field} must be a date such as 2026-12-04.`, { field });
      return d.toISOString();
    };
    const q = query.q?.trim().slice(0, 200) || undefined;
    const code = q ? normalizeVerificationCode(q) ?? undefined : undefined;
    const issuedTo = date(query.issuedTo, 'issuedTo');
    const page = await searchCredentials(this.deps.db, a.organizationId, {
      ...(q ? { q } : {}), ...(code ? { code } : {}),
      ...(query.achievementId ? { achievementId: query.achievementId } : {}),
      ...(query.learnerId ? { learnerId: query.learnerId } : {}),
      ...(query.status ? { state: query.status as CredentialState } : {}),
      ...(query.issuedFrom ? { issuedFrom: date(query.issuedFrom, 'issuedFrom') } : {}),
      // A date-only upper bound includes that whole day.
      ...(issuedTo ? { issuedTo: /^\d{4}-\d{2}-\d{2}$/.test(query.issuedTo!.trim()) ? new Date(Date.parse(issuedTo) + 86_400_000).toISOString() : issuedTo } : {}),
      ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
      limit: limitRaw,
    }, this.deps.clock.now());
    const items = page.items.map((c) => {
      const { document: _d, ...summary } = this.view(c);
      return summary;
    });
    const last = page.items[page.items.length - 1];
    return { items, nextCursor: page.hasMore && last ? Buffer.from(`${last.issuedAt}|${last.id}`).toString('base64url') : null };
  }

  /** Revokes a credential for good (needs `credentials:revoke`); the reason is recorded. */
  async revoke(auth: Auth, id: string, reason: unknown): Promise<CredentialView> {
    return this.change(requirePermission(auth, 'credentials:revoke'), id, 'revoked', checkReason(reason, true));
  }

  /** Suspends a credential until reinstated (needs `credentials:revoke`). */
  async suspend(auth: Auth, id: string, reason: unknown): Promise<CredentialView> {
    return this.change(requirePermission(auth, 'credentials:revoke'), id, 'suspended', checkReason(reason, true));
  }

  /** Lifts a suspension (needs `credentials:revoke`). */
  async reinstate(auth: Auth, id: string, reason?: unknown): Promise<CredentialView> {
    return this.change(requirePermission(auth, 'credentials:revoke'), id, 'reinstated', checkReason(reason, false));
  }

  /** Status change on behalf of the organization itself (pathway policies). */
  async changeAsOrganization(organizationId: string, id: string, change: 'revoked' | 'suspended' | 'reinstated', reason: string): Promise<CredentialView> {
    return this.change(systemAuth(organizationId), id, change, checkReason(reason, change !== 'reinstated'));
  }

  private async change(a: OrgAuth, id: string, change: Exclude<CredentialEventType, 'issued'>, reason: string): Promise<CredentialView> {
    const current = await this.load(a, id);
    const nowIso = this.deps.clock.now().toISOString();
    await withTransaction(this.deps.db, async (trx) => {
      if (change === 'revoked') {
        if (!(await markRevoked(trx, a.organizationId, current.id, reason, nowIso))) throw new AppError('already_revoked');
        await this.deps.statusLists.markChanged(trx, current.statusListId, 'revocation');
      } else if (change === 'suspended') {
        if (!(await markSuspended(trx, a.organizationId, current.id, reason, nowIso))) {
          throw current.revokedAt
            ? new AppError('already_revoked', 'This credential is revoked; a revoked credential cannot be suspended.')
            : new AppError('already_suspended');
        }
        await this.deps.statusLists.markChanged(trx, current.statusListId, 'suspension');
      } else {
        if (!(await clearSuspended(trx, a.organizationId, current.id))) {
          throw current.revokedAt ? new AppError('already_revoked', 'This credential is revoked for good; it cannot be reinstated.') : new AppError('not_suspended');
        }
        await this.deps.statusLists.markChanged(trx, current.statusListId, 'suspension');
      }
      const action = change === 'revoked' ? 'credential.revoke' : change === 'suspended' ? 'credential.suspend' : 'credential.reinstate';
      await audit({ db: trx, clock: this.deps.clock }, a, action, { type: 'credential', id: current.id }, reason ? { reason } : undefined);
    });
    this.deps.events.emit({
      type: change, organizationId: a.organizationId, credentialId: current.id, learnerId: current.learnerId,
      achievementId: current.achievementId, recipientEmail: current.recipientEmail,
    });
    return this.view((await findCredential(this.deps.db, a.organizationId, current.id))!);
  }
}
