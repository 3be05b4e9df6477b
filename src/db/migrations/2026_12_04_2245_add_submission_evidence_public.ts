/** Learners decide whether the evidence page of a project submission (linked from their credential) is public. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('project_submissions').addColumn('evidence_public', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
