/**
 * PostgreSQL only: a group of signed credentials and everything written with them in ONE statement (data-modifying
 * CTEs). Over TCP each statement costs a round trip and the app's thread about as much as signing half a credential;
 * the multi-statement transaction of `storeIssued` needs seven. A single statement is atomic by itself, so no
 * BEGIN/COMMIT either. SQLite has no data-modifying CTEs: it keeps the transaction (where statements cost no trip).
 */
import { sql } from 'kysely';
import type { Db } from '../transaction.ts';
import { auditRow, type AuditEntry } from './audit.repository.ts';
import { claimTokenRow, type ClaimToken } from './claim-tokens.repository.ts';
import { credentialRow, type CredentialRecord } from './credentials.repository.ts';

export interface IssuedGroup {
  /** New learner records to upsert (one per organization and address; an existing record is kept and returned). */
  learners: { id: string; organizationId: string; email: string; name: string | null; createdAt: string }[];
  /** Credentials whose `learnerId` is resolved from the learner upsert by organization and address. */
  credentials: CredentialRecord[];
  tokens: ClaimToken[];
  audit: AuditEntry[];
  /** Status-list counters to raise, by list id. */
  allocated: Map<string, number>;
}

/**
 * Writes a group; returns each credential's learner id by credential id. Any unique violation (slot, code, id,
 * batch key) fails the whole statement, naming its constraint as the multi-statement path does.
 */
export async function insertIssuedPostgres(db: Db, g: IssuedGroup): Promise<Map<string, string>> {
  // Sorted by address: two groups upserting the same addresses lock them in the same order.
  const learners = [...g.learners].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  const withCounts = db
    .with('l', (d) => d.insertInto('learners')
      .values(learners.map((l) => ({ id: l.id, organization_id: l.organizationId, email: l.email, name: l.name, user_id: null, created_at: l.createdAt })))
      .onConflict((oc) => oc.columns(['organization_id', 'email']).doUpdateSet((eb) => ({ name: eb.fn.coalesce('learners.name', eb.ref('excluded.name')) })))
      .returning(['id', 'organization_id', 'email']))
    .with('t', (d) => d.insertInto('email_tokens').values(g.tokens.map(claimTokenRow)).returning('token_hash'))
    .with('a', (d) => d.insertInto('audit_log').values(g.audit.map(auditRow)).returning('id'));
  // The lists' counters, one statement for all of them.
  const lists = [...g.allocated.keys()].sort();
  const raised = sql<number>`allocated + (case id ${sql.join(lists.map((id) => sql`when ${id} then ${sql.lit(g.allocated.get(id)!)}`), sql` `)} else 0 end)`;
  const q = withCounts.with('s', (d) => d.updateTable('status_lists').set({ allocated: raised }).where('id', 'in', lists).returning('id'));
  const rows = await q.insertInto('credentials')
    .values(g.credentials.map((c) => ({
      ...credentialRow(c),
      learner_id: (eb) => eb.selectFrom('l').select('l.id').where('l.organization_id', '=', c.organizationId).where('l.email', '=', c.recipientEmail),
    })))
    .returning(['id', 'learner_id'])
    .execute();
  return new Map(rows.map((r) => [r.id, r.learner_id]));
}
