/**
 * Pathways (stackable credentials): definitions with versions, awards (one row per pathway and learner, the
 * exactly-once claim) and the events staff are notified of.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pathways')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('target_achievement_id', 'text', (c) => c.notNull().references('achievements.id'))
    .addColumn('rule_json', 'text', (c) => c.notNull())
    .addColumn('revocation_policy', 'text', (c) => c.notNull()) // suspend | revoke | keep
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // active | archived
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('pathways_target', ['organization_id', 'target_achievement_id'])
    .execute();

  await db.schema
    .createTable('pathway_versions')
    .addColumn('pathway_id', 'text', (c) => c.notNull().references('pathways.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('target_achievement_id', 'text', (c) => c.notNull())
    .addColumn('rule_json', 'text', (c) => c.notNull())
    .addColumn('revocation_policy', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pathway_versions_pk', ['pathway_id', 'version'])
    .execute();

  await db.schema
    .createTable('pathway_awards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('pathway_id', 'text', (c) => c.notNull().references('pathways.id').onDelete('cascade'))
    .addColumn('learner_id', 'text', (c) => c.notNull().references('learners.id').onDelete('cascade'))
    .addColumn('pathway_version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // issuing | awarded | suspended | revoked
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('credential_id', 'text')
    .addColumn('component_ids_json', 'text', (c) => c.notNull())
    .addColumn('lapsed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('pathway_awards_once', ['pathway_id', 'learner_id'])
    .execute();
  await db.schema.createIndex('pathway_awards_learner').on('pathway_awards').columns(['organization_id', 'learner_id']).execute();
  await db.schema.createIndex('pathway_awards_credential').on('pathway_awards').column('credential_id').execute();

  await db.schema
    .createTable('pathway_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('pathway_id', 'text', (c) => c.notNull().references('pathways.id').onDelete('cascade'))
    .addColumn('learner_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull()) // awarded | lapsed | suspended | revoked | kept | reinstated | reissued
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pathway_events_org').on('pathway_events').columns(['organization_id', 'created_at']).execute();
}
