/** Learners: a recipient as one organization knows them, stable per (organization, email). */
import { insertRows } from '../insert-rows.ts';
import type { Db } from '../transaction.ts';
import type { LearnersTable } from '../tables/platform.ts';

export interface Learner {
  id: string;
  organizationId: string;
  /** Lower-cased, trimmed. */
  email: string;
  name: string | null;
  /** Set once a learner account holding this verified email claims it. */
  userId: string | null;
  createdAt: string;
}

function toLearner(r: LearnersTable): Learner {
  return { id: r.id, organizationId: r.organization_id, email: r.email, name: r.name, userId: r.user_id, createdAt: r.created_at };
}

/**
 * Returns the learner for (organization, email), creating it when missing (safe under concurrent calls);
 * fills in the name when the record has none yet.
 */
export async function upsertLearner(
  db: Db,
  input: { id: string; organizationId: string; email: string; name: string | null; now: string },
): Promise<Learner> {
  // One statement on both engines: insert, or keep the existing row (filling a missing name) and return it.
  const row = await db.insertInto('learners')
    .values({ id: input.id, organization_id: input.organizationId, email: input.email, name: input.name, user_id: null, created_at: input.now })
    .onConflict((oc) => oc.columns(['organization_id', 'email']).doUpdateSet((eb) => ({
      name: eb.fn.coalesce('learners.name', eb.ref('excluded.name')),
    })))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toLearner(row);
}

/** One learner of an organization, or undefined. */
export async function findLearner(db: Db, organizationId: string, id: string): Promise<Learner | undefined> {
  const row = await db.selectFrom('learners').selectAll()
    .where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return row ? toLearner(row) : undefined;
}

/** The learner for (organization, email), or undefined. */
export async function findLearnerByEmail(db: Db, organizationId: string, email: string): Promise<Learner | undefined> {
  const row = await db.selectFrom('learners').selectAll()
    .where('organization_id', '=', organizationId).where('email', '=', email).executeTakeFirst();
  return row ? toLearner(row) : undefined;
}

/** What inserting a learner whose (organization, email) is on record does instead: fills in a missing name. */
export const LEARNER_UPSERT = 'on conflict ("organization_id", "email") do update set "name" = coalesce("learners"."name", "excluded"."name")';

/** Upserts many learners of one organization in one statement (as `upsertLearner`); returns them by email. */
export async function upsertLearners(
  db: Db,
  organizationId: string,
  rows: { id: string; email: string; name: string | null }[],
  now: string,
): Promise<Map<string, Learner>> {
  const out = new Map<string, Learner>();
  if (rows.length === 0) return out;
  // Sorted: two transactions upserting overlapping addresses lock them in the same order (no deadlock on PostgreSQL).
  const unique = [...new Map(rows.map((r) => [r.email, r])).values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  const returned = await insertRows(db, 'learners',
    unique.map((r) => ({ id: r.id, organization_id: organizationId, email: r.email, name: r.name, user_id: null, created_at: now })),
    `${LEARNER_UPSERT} returning *`);
  for (const r of returned as unknown as LearnersTable[]) out.set(r.email, toLearner(r));
  return out;
}
