/** Issued credentials: the signed document exactly as issued, plus what the platform tracks about it. */
import { sql } from 'kysely';
import { insertRows } from '../insert-rows.ts';
import { isPostgres } from '../util.ts';
import type { Db } from '../transaction.ts';
import type { CredentialsTable } from '../tables/platform.ts';

export type CredentialSource = 'single' | 'bulk' | 'api' | 'assessment' | 'pathway' | 'demo';
export type CredentialState = 'active' | 'revoked' | 'suspended' | 'expired';

/** What lists and search results show (no document). */
export interface CredentialSummary {
  id: string;
  organizationId: string;
  achievementId: string;
  achievementVersion: number;
  learnerId: string;
  recipientEmail: string;
  recipientName: string | null;
  verificationCode: string;
  statusListId: string;
  statusIndex: number;
  source: CredentialSource;
  issuedAt: string;
  validFrom: string;
  validUntil: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
  suspendedAt: string | null;
  suspensionReason: string | null;
  visibility: string;
  claimedAt: string | null;
  codeDisabledAt: string | null;
  credits: number | null;
  createdBy: string | null;
  batchKey: string | null;
}

/** A credential with its signed document (JSON text, byte for byte as signed). */
export interface CredentialRecord extends CredentialSummary {
  document: string;
}

const SUMMARY_COLUMNS = [
  'id', 'organization_id', 'achievement_id', 'achievement_version', 'learner_id', 'recipient_email', 'recipient_name',
  'verification_code', 'status_list_id', 'status_index', 'source', 'issued_at', 'valid_from', 'valid_until', 'revoked_at',
  'revocation_reason', 'suspended_at', 'suspension_reason', 'visibility', 'claimed_at', 'code_disabled_at', 'credits',
  'created_by', 'batch_key',
] as const;

type SummaryRow = Omit<CredentialsTable, 'document' | 'visibility'> & { visibility: string };

function toSummary(r: SummaryRow): CredentialSummary {
  return {
    id: r.id, organizationId: r.organization_id, achievementId: r.achievement_id, achievementVersion: Number(r.achievement_version),
    learnerId: r.learner_id, recipientEmail: r.recipient_email, recipientName: r.recipient_name,
    verificationCode: r.verification_code, statusListId: r.status_list_id, statusIndex: Number(r.status_index),
    source: r.source as CredentialSource, issuedAt: r.issued_at, validFrom: r.valid_from, validUntil: r.valid_until,
    revokedAt: r.revoked_at, revocationReason: r.revocation_reason, suspendedAt: r.suspended_at,
    suspensionReason: r.suspension_reason, visibility: r.visibility, claimedAt: r.claimed_at, codeDisabledAt: r.code_disabled_at,
    credits: r.credits === null ? null : Number(r.credits), createdBy: r.created_by, batchKey: r.batch_key,
  };
}

/** The state a credential is in at `now` (revocation wins over suspension, suspension over expiry). */
export function credentialState(c: Pick<CredentialSummary, 'revokedAt' | 'suspendedAt' | 'validUntil'>, now: Date): CredentialState {
  if (c.revokedAt) return 'revoked';
  if (c.suspendedAt) return 'suspended';
  if (c.validUntil && Date.parse(c.validUntil) <= now.getTime()) return 'expired';
  return 'active';
}

/** The `credentials` row of a record. */
export function credentialRow(c: CredentialRecord) {
  return {
    id: c.id, organization_id: c.organizationId, achievement_id: c.achievementId, achievement_version: c.achievementVersion,
    learner_id: c.learnerId, recipient_email: c.recipientEmail, recipient_name: c.recipientName,
    verification_code: c.verificationCode, status_list_id: c.statusListId, status_index: c.statusIndex, source: c.source,
    issued_at: c.issuedAt, valid_from: c.validFrom, valid_until: c.validUntil, revoked_at: c.revokedAt,
    revocation_reason: c.revocationReason, suspended_at: c.suspendedAt, suspension_reason: c.suspensionReason,
    visibility: c.visibility, claimed_at: c.claimedAt, code_disabled_at: c.codeDisabledAt, credits: c.credits,
    document: c.document, created_by: c.createdBy, batch_key: c.batchKey,
  };
}

/** Inserts credentials in one statement; any clash fails them all, and its unique violation names the slot, code, batch key or id that was taken. */
export async function insertCredentials(db: Db, records: CredentialRecord[]): Promise<void> {
  if (records.length === 0) return;
  await insertRows(db, 'credentials', records.map(credentialRow));
}

/**
 * The credentials already issued for some bulk row keys, by key. PostgreSQL looks many keys of a unique index up one
 * probe per key (a LATERAL subquery with LIMIT 1, which the planner cannot fold into a join): with `key IN (…)` it may
 * instead scan every row of the organization or list through the shorter index while the table's statistics are
 * stale — after a large import, until autovacuum analyzes it — which cost 12 ms per page of 100 at 30,000 rows,
 * growing with the table. `takenStatusIndexes` does the same.
 */
export async function findCredentialsByBatchKeys(db: Db, organizationId: string, batchKeys: string[]): Promise<Map<string, CredentialSummary>> {
  const out = new Map<string, CredentialSummary>();
  if (batchKeys.length === 0) return out;
  const rows = isPostgres(db)
    ? (await sql<SummaryRow>`select c.* from unnest(${batchKeys}::text[]) as k(key) cross join lateral (
        select ${sql.join(SUMMARY_COLUMNS.map((c) => sql.ref(c)))} from "credentials"
        where "organization_id" = ${organizationId} and "batch_key" = k.key limit 1) as c`.execute(db)).rows
    : await db.selectFrom('credentials').select(SUMMARY_COLUMNS)
      .where('organization_id', '=', organizationId).where('batch_key', 'in', batchKeys).execute();
  for (const r of rows) out.set(r.batch_key!, toSummary(r));
  return out;
}

/** Which unique rule an insert broke: 'status_slot', 'verification_code', 'batch_key', 'id', or null. */
export function credentialConflictOf(e: unknown): 'status_slot' | 'verification_code' | 'batch_key' | 'id' | null {
  const err = e as { code?: string; constraint?: string; message?: string } | undefined;
  if (!err || !(err.code === '23505' || String(err.code ?? '').startsWith('SQLITE_CONSTRAINT'))) return null;
  const where = `${err.constraint ?? ''} ${err.message ?? ''}`;
  if (/status_slot|status_list_id/.test(where)) return 'status_slot';
  if (/verification_code/.test(where)) return 'verification_code';
  if (/batch_key/.test(where)) return 'batch_key';
  if (/credentials_pkey|credentials\.id\b/.test(where)) return 'id';
  return null;
}

/** One credential of an organization with its document, or undefined. */
export async function findCredential(db: Db, organizationId: string, id: string): Promise<CredentialRecord | undefined> {
  const row = await db.selectFrom('credentials').selectAll()
    .where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return row ? { ...toSummary(row), document: row.document } : undefined;
}

/** A credential by id in any organization (public verification and status use it), or undefined. */
export async function findCredentialAnyOrg(db: Db, id: string): Promise<CredentialRecord | undefined> {
  const row = await db.selectFrom('credentials').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { ...toSummary(row), document: row.document } : undefined;
}

/** A credential by its canonical verification code, or undefined. */
export async function findCredentialByCode(db: Db, code: string): Promise<CredentialRecord | undefined> {
  const row = await db.selectFrom('credentials').selectAll().where('verification_code', '=', code).executeTakeFirst();
  return row ? { ...toSummary(row), document: row.document } : undefined;
}

/** The credential issued for a bulk row key, or undefined. */
export async function findCredentialByBatchKey(db: Db, organizationId: string, batchKey: string): Promise<CredentialSummary | undefined> {
  const row = await db.selectFrom('credentials').select(SUMMARY_COLUMNS)
    .where('organization_id', '=', organizationId).where('batch_key', '=', batchKey).executeTakeFirst();
  return row ? toSummary(row) : undefined;
}

/** Which of the candidate indexes of a list are already taken. */
export async function takenStatusIndexes(db: Db, statusListId: string, candidates: number[]): Promise<Set<number>> {
  if (candidates.length === 0) return new Set();
  const rows = isPostgres(db)
    ? (await sql<{ status_index: number }>`select c.status_index from unnest(${candidates}::int4[]) as k(i) cross join lateral (
        select "status_index" from "credentials" where "status_list_id" = ${statusListId} and "status_index" = k.i limit 1) as c`.execute(db)).rows
    : await db.selectFrom('credentials').select('status_index')
      .where('status_list_id', '=', statusListId).where('status_index', 'in', candidates).execute();
  return new Set(rows.map((r) => Number(r.status_index)));
}

/** Indexes of a list whose bit is set for a purpose: revoked, or suspended (and not revoked). */
export async function statusIndexesSet(db: Db, statusListId: string, purpose: 'revocation' | 'suspension'): Promise<number[]> {
  let q = db.selectFrom('credentials').select('status_index').where('status_list_id', '=', statusListId);
  q = purpose === 'revocation' ? q.where('revoked_at', 'is not', null) : q.where('suspended_at', 'is not', null);
  const rows = await q.execute();
  return rows.map((r) => Number(r.status_index));
}

/** Marks a credential revoked unless it already is; true when this call revoked it. */
export async function markRevoked(db: Db, organizationId: string, id: string, reason: string, now: string): Promise<boolean> {
  const res = await db.updateTable('credentials').set({ revoked_at: now, revocation_reason: reason })
    .where('organization_id', '=', organizationId).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Marks a credential suspended unless it is revoked or already suspended; true when this call suspended it. */
export async function markSuspended(db: Db, organizationId: string, id: string, reason: string, now: string): Promise<boolean> {
  const res = await db.updateTable('credentials').set({ suspended_at: now, suspension_reason: reason })
    .where('organization_id', '=', organizationId).where('id', '=', id)
    .where('revoked_at', 'is', null).where('suspended_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Lifts a suspension of a credential that is not revoked; true when this call lifted it. */
export async function clearSuspended(db: Db, organizationId: string, id: string): Promise<boolean> {
  const res = await db.updateTable('credentials').set({ suspended_at: null, suspension_reason: null })
    .where('organization_id', '=', organizationId).where('id', '=', id)
    .where('revoked_at', 'is', null).where('suspended_at', 'is not', null).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export interface CredentialSearch {
  /** Matches email or name (substring, case-insensitive) or an exact verification code. */
  q?: string;
  /** Canonical code when `q` parses as one. */
  code?: string;
  achievementId?: string;
  learnerId?: string;
  state?: CredentialState;
  issuedFrom?: string;
  issuedTo?: string;
  limit: number;
  /** Keyset cursor: the `issuedAt|id` of the last item of the previous page. */
  after?: { issuedAt: string; id: string };
}

/** An organization's credentials (with documents), newest first, filtered; returns one page and whether more follow. */
export async function searchCredentials(
  db: Db, organizationId: string, s: CredentialSearch, now: Date,
): Promise<{ items: CredentialRecord[]; hasMore: boolean }> {
  const nowIso = now.toISOString();
  let q = db.selectFrom('credentials').selectAll().where('organization_id', '=', organizationId);
  if (s.q) {
    const like = `%${s.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([
      eb(sql`lower(recipient_email)`, 'like', sql`${like} escape '\\'`),
      eb(sql`lower(coalesce(recipient_name, ''))`, 'like', sql`${like} escape '\\'`),
      ...(s.code ? [eb('verification_code', '=', s.code)] : []),
    ]));
  }
  if (s.achievementId) q = q.where('achievement_id', '=', s.achievementId);
  if (s.learnerId) q = q.where('learner_id', '=', s.learnerId);
  if (s.state === 'revoked') q = q.where('revoked_at', 'is not', null);
  if (s.state === 'suspended') q = q.where('revoked_at', 'is', null).where('suspended_at', 'is not', null);
  if (s.state === 'expired') {
    q = q.where('revoked_at', 'is', null).where('suspended_at', 'is', null).where('valid_until', '<=', nowIso);
  }
  if (s.state === 'active') {
    q = q.where('revoked_at', 'is', null).where('suspended_at', 'is', null)
      .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', nowIso)]));
  }
  if (s.issuedFrom) q = q.where('issued_at', '>=', s.issuedFrom);
  if (s.issuedTo) q = q.where('issued_at', '<', s.issuedTo);
  if (s.after) {
    const { issuedAt, id } = s.after;
    q = q.where((eb) => eb.or([eb('issued_at', '<', issuedAt), eb.and([eb('issued_at', '=', issuedAt), eb('id', '<', id)])]));
  }
  const rows = await q.orderBy('issued_at', 'desc').orderBy('id', 'desc').limit(s.limit + 1).execute();
  return { items: rows.slice(0, s.limit).map((r) => ({ ...toSummary(r), document: r.document })), hasMore: rows.length > s.limit };
}
