/**
 * Writing newly signed credentials with what is stored alongside them — their learner records, idempotency keys,
 * claim tokens, audit entries and status-list counters — all or nothing.
 * - SQLite: one multi-row INSERT per table in a transaction (in-process statements, a few microseconds each).
 * - PostgreSQL: one statement of data-modifying CTEs, atomic without a transaction block. A transaction of one
 *   statement per table costs eight round trips (BEGIN … COMMIT), each waiting for a turn of the event loop that is
 *   busy signing the next credentials; one statement costs one, and the server commits once.
 * Any clash (a status slot, code, id, batch key or idempotency key taken meanwhile) fails the whole write with the
 * unique violation naming it.
 */
import { randomUUID } from 'node:crypto';
import { PgStatement, SqlExpr } from '../insert-rows.ts';
import { withTransaction, type Db } from '../transaction.ts';
import { isPostgres } from '../util.ts';
import { auditRow, insertAuditEntries, type AuditEntry } from './audit.repository.ts';
import { claimTokenRow, insertClaimTokens, type ClaimToken } from './claim-tokens.repository.ts';
import { credentialRow, insertCredentials, type CredentialRecord } from './credentials.repository.ts';
import { idempotencyRow, insertIdempotencyKeys, type NewIdempotencyKey } from './idempotency.repository.ts';
import { LEARNER_UPSERT, upsertLearners } from './learners.repository.ts';
import { incrementAllocated } from './status-lists.repository.ts';

/**
 * Stands for the learner id in an idempotency key's stored response, which is written in the same statement that
 * settles the learner record (new or on record). Random per process, so no text of a response can contain it.
 */
export const LEARNER_ID_SLOT = `learner-id-${randomUUID()}`;

export interface IssuedWrite {
  /**
   * A new learner record for every credential's recipient (organization and email; a missing one is a caller's error);
   * a recipient already on record keeps theirs (see LEARNER_UPSERT).
   */
  learners: { id: string; organizationId: string; email: string; name: string | null; createdAt: string }[];
  /** The credentials; `learnerId` is filled in with their recipient's learner record. */
  credentials: CredentialRecord[];
  /** Keys with their response, in which LEARNER_ID_SLOT stands for the learner id of `email` in the key's organization. */
  idempotencyKeys: (NewIdempotencyKey & { email: string })[];
  claimTokens: ClaimToken[];
  audit: AuditEntry[];
}

/**
 * The `credentials` columns that are not text (see the platform migration), cast in a VALUES list; the others' untyped
 * parameters resolve to text.
 */
const NON_TEXT_CREDENTIAL_COLUMNS: Record<string, string> = { achievement_version: 'integer', status_index: 'integer', credits: 'real' };

const learnerKey = (organizationId: string, email: string): string => `${organizationId}\n${email}`;

/** Writes `w` atomically (see the file comment); fills in each credential's `learnerId`. */
export async function writeIssued(db: Db, w: IssuedWrite): Promise<void> {
  // One row per recipient (the first given), sorted: two writes of overlapping recipients lock them in the same order
  // (no deadlock on PostgreSQL).
  const unique = new Map<string, IssuedWrite['learners'][number]>();
  for (const l of w.learners) if (!unique.has(learnerKey(l.organizationId, l.email))) unique.set(learnerKey(l.organizationId, l.email), l);
  for (const c of w.credentials) {
    if (!unique.has(learnerKey(c.organizationId, c.recipientEmail))) throw new Error(`writeIssued: no learner row for the recipient of credential ${c.id}`);
  }
  const learners = [...unique.values()]
    .sort((a, b) => (a.organizationId === b.organizationId ? cmp(a.email, b.email) : cmp(a.organizationId, b.organizationId)));
  const perList = new Map<string, number>();
  for (const c of w.credentials) perList.set(c.statusListId, (perList.get(c.statusListId) ?? 0) + 1);
  const lists = [...perList].sort(([a], [b]) => cmp(a, b));
  if (isPostgres(db)) await writePostgres(db, w, learners, lists);
  else await withTransaction(db, (trx) => writeSqlite(trx, w, learners, lists));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function writeSqlite(trx: Db, w: IssuedWrite, learners: IssuedWrite['learners'], lists: [string, number][]): Promise<void> {
  const ids = new Map<string, string>();
  const byOrg = new Map<string, IssuedWrite['learners']>();
  for (const l of learners) {
    const group = byOrg.get(l.organizationId);
    if (group) group.push(l);
    else byOrg.set(l.organizationId, [l]);
  }
  for (const [orgId, rows] of byOrg) {
    const stored = await upsertLearners(trx, orgId, rows, rows[0]!.createdAt);
    for (const [email, learner] of stored) ids.set(learnerKey(orgId, email), learner.id);
  }
  for (const c of w.credentials) c.learnerId = ids.get(learnerKey(c.organizationId, c.recipientEmail))!;
  await insertCredentials(trx, w.credentials);
  await insertIdempotencyKeys(trx, w.idempotencyKeys.map((k) =>
    ({ ...k, responseJson: k.responseJson.replaceAll(LEARNER_ID_SLOT, ids.get(learnerKey(k.organizationId, k.email))!) })));
  await insertClaimTokens(trx, w.claimTokens);
  await insertAuditEntries(trx, w.audit);
  for (const [listId, n] of lists) await incrementAllocated(trx, listId, n);
}

async function writePostgres(db: Db, w: IssuedWrite, learners: IssuedWrite['learners'], lists: [string, number][]): Promise<void> {
  const s = new PgStatement();
  const learnerOf = (organizationId: string, email: string): SqlExpr =>
    new SqlExpr(`(select "id" from l where "organization_id" = ${s.param(organizationId)} and "email" = ${s.param(email)})`);
  s.insert('l', 'learners', learners.map((l) => ({ id: l.id, organization_id: l.organizationId, email: l.email, name: l.name, user_id: null, created_at: l.createdAt })),
    `${LEARNER_UPSERT} returning "id", "organization_id", "email"`);
  const written = ['c'];
  // The credentials take their learner id from the upsert by a join, not a subquery per row (each a plan of its own).
  const given = w.credentials.map((c) => { const { learner_id: _settled, ...row } = credentialRow(c); return row; });
  const credentials = s.values(given, NON_TEXT_CREDENTIAL_COLUMNS);
  s.with('c', `insert into "credentials" (${credentials.columns}, "learner_id")
    select v.*, l."id" from (${credentials.sql}) as v(${credentials.columns})
    join l on l."organization_id" = v."organization_id" and l."email" = v."recipient_email" returning 1`);
  if (w.idempotencyKeys.length > 0) {
    s.insert('k', 'idempotency_keys', w.idempotencyKeys.map((k) => ({
      ...idempotencyRow(k),
      response_json: new SqlExpr(`replace(${s.param(k.responseJson)}, ${s.param(LEARNER_ID_SLOT)}, ${learnerOf(k.organizationId, k.email).sql})`),
    })), 'returning 1');
    written.push('k');
  }
  if (w.claimTokens.length > 0) { s.insert('t', 'email_tokens', w.claimTokens.map(claimTokenRow), 'returning 1'); written.push('t'); }
  if (w.audit.length > 0) { s.insert('a', 'audit_log', w.audit.map(auditRow), 'returning 1'); written.push('a'); }
  // The list counters last: the subqueries on the other parts run them to completion before a list row is locked, so
  // the rows stay locked only until the commit that ends the statement, and two instances never hold a list while
  // waiting for each other's learners, slots or keys.
  const counts = s.values(lists.map(([id, n]) => ({ id, n })), { id: 'text', n: 'integer' });
  s.with('s', `update "status_lists" set "allocated" = "allocated" + v.n from (${counts.sql}) as v(${counts.columns})
    where "status_lists"."id" = v.id and ${written.map((p) => `(select count(*) from ${p}) >= 0`).join(' and ')} returning 1`);
  const rows = await s.rows<{ id: string; organization_id: string; email: string }>(db, 'select "id", "organization_id", "email" from l');
  const ids = new Map(rows.map((r) => [learnerKey(r.organization_id, r.email), r.id]));
  for (const c of w.credentials) c.learnerId = ids.get(learnerKey(c.organizationId, c.recipientEmail))!;
}
