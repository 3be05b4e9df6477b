/** The audit log: one row per issuer action, always scoped to an organization. */
import { insertRows } from '../insert-rows.ts';
import type { Db } from '../transaction.ts';
import { fromJson, toJson } from '../util.ts';

export interface AuditEntry {
  id: string;
  organizationId: string;
  actorUserId: string | null;
  actorTokenId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown> | null;
  createdAt: string;
}

export interface AuditEntryView extends AuditEntry {
  actorName: string | null;
}

/** The `audit_log` row of an entry. */
export const auditRow = (e: AuditEntry) => ({
  id: e.id, organization_id: e.organizationId, actor_user_id: e.actorUserId, actor_token_id: e.actorTokenId, action: e.action,
  target_type: e.targetType, target_id: e.targetId, details_json: e.details ? toJson(e.details) : null, created_at: e.createdAt,
});

/** Appends one entry. */
export async function insertAuditEntry(db: Db, e: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(auditRow(e)).execute();
}

/** Appends many entries in one statement (a group commit of single issues). */
export async function insertAuditEntries(db: Db, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await insertRows(db, 'audit_log', entries.map(auditRow));
}

export interface AuditQuery { action?: string; before?: string; limit: number }

/** Lists an organization's entries, newest first, with the actor's name (user name or token name). */
export async function listAuditEntries(db: Db, organizationId: string, q: AuditQuery): Promise<AuditEntryView[]> {
  let query = db.selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .leftJoin('api_tokens', 'api_tokens.id', 'audit_log.actor_token_id')
    .selectAll('audit_log').select(['users.name as user_name', 'api_tokens.name as token_name'])
    .where('audit_log.organization_id', '=', organizationId);
  if (q.action) query = query.where('audit_log.action', 'like', `${q.action}%`);
  if (q.before) query = query.where('audit_log.created_at', '<', q.before);
  const rows = await query.orderBy('audit_log.created_at', 'desc').orderBy('audit_log.id', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({
    id: r.id, organizationId: r.organization_id, actorUserId: r.actor_user_id, actorTokenId: r.actor_token_id, action: r.action,
    targetType: r.target_type, targetId: r.target_id, details: fromJson(r.details_json, null), createdAt: r.created_at,
    actorName: r.user_name ?? (r.token_name ? `API token “${r.token_name}”` : null),
  }));
}
