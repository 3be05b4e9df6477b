/**
 * Validated rows of bulk-issuance uploads. The background job pages through them by row number, so a
 * 100,000-row file never sits in memory and a crashed job resumes where it stopped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bulk_issuance_rows')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('row_number', 'integer', (c) => c.notNull()) // spreadsheet row (header = 1)
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('achievement_id', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text')
    .addColumn('batch_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | issued | skipped | failed
    .addColumn('credential_id', 'text')
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('bulk_issuance_rows_pk', ['job_id', 'row_number'])
    .execute();
}
