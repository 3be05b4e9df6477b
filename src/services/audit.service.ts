/** The audit log: every issuer action is recorded with `audit(...)`, and read by org admins. */
import { uuidv7 } from '../core/uuid.ts';
import type { Db } from '../db/transaction.ts';
import { insertAuditEntry, listAuditEntries, type AuditEntry, type AuditEntryView } from '../db/repositories/audit.repository.ts';
import { requirePermission, type Auth } from './auth.ts';
import { secureRandom } from './security.ts';

export interface AuditTarget { type: string; id: string }

/** The audit entry of an action by the caller in its organization, at `now` (written later, e.g. by a group commit). */
export function auditEntry(
  auth: Auth & { organizationId?: string }, action: string, now: Date, target?: AuditTarget, details?: Record<string, unknown>,
): AuditEntry {
  if (!auth.organizationId) throw new Error(`audit(${action}) needs an organization`);
  return {
    id: uuidv7(now.getTime(), secureRandom), organizationId: auth.organizationId, actorUserId: auth.userId ?? null, actorTokenId: auth.tokenId ?? null,
    action, targetType: target?.type ?? null, targetId: target?.id ?? null, details: details ?? null, createdAt: now.toISOString(),
  };
}

/**
 * Records one action by the caller in its organization. Pass the transaction as `db` so the entry
 * commits (or not) with the change it describes.
 * @example await audit({ db: trx, clock }, auth, 'credential.revoke', { type: 'credential', id }, { reason })
 */
export async function audit(
  deps: { db: Db; clock: { now(): Date } },
  auth: Auth & { organizationId?: string },
  action: string,
  target?: AuditTarget,
  details?: Record<string, unknown>,
): Promise<void> {
  await insertAuditEntry(deps.db, auditEntry(auth, action, deps.clock.now(), target, details));
}

export class AuditService {
  constructor(private readonly deps: { db: Db; clock: { now(): Date } }) {}

  /** Records one action (see `audit`). */
  record(auth: Auth, action: string, target?: AuditTarget, details?: Record<string, unknown>): Promise<void> {
    return audit(this.deps, auth, action, target, details);
  }

  /** Lists the caller's organization's entries, newest first (needs `audit:read`). */
  async list(auth: Auth, q: { action?: string; before?: string; limit?: number } = {}): Promise<AuditEntryView[]> {
    const { organizationId } = requirePermission(auth, 'audit:read');
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
    return listAuditEntries(this.deps.db, organizationId, { action: q.action, before: q.before, limit });
  }
}
