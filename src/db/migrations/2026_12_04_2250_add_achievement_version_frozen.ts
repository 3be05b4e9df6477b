/**
 * Marks an achievement version as frozen the first time issuance reads it, so an edit racing with an
 * issuance makes a new version instead of rewriting the one being issued.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('achievement_versions').addColumn('frozen_at', 'text').execute();
}
