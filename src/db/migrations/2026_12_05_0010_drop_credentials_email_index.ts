/**
 * Drops `credentials_email`: no query looks credentials up by `recipient_email` (the wallet goes through learners,
 * search matches `lower(recipient_email)` with LIKE, which this index cannot serve), and every issued credential paid
 * for one more random B-tree insertion — and one more page written at each commit.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('credentials_email').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('credentials_email').ifNotExists().on('credentials').column('recipient_email').execute();
}
