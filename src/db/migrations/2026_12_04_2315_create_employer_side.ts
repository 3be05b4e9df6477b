/**
 * The employer side: endorsements (signed by employers, accepted by issuers), employers' candidate lists,
 * issuers' employer partners with their timeline, and the events analytics counts (verifications, shares).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('endorsements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('endorser_organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('achievement_id', 'text', (c) => c.notNull())
    .addColumn('pathway_id', 'text')
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema.createIndex('endorsements_org_achievement').on('endorsements').columns(['organization_id', 'achievement_id', 'status']).execute();
  await db.schema.createIndex('endorsements_endorser').on('endorsements').columns(['endorser_organization_id']).execute();

  await db.schema.createTable('candidates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('credential_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('achievement_name', 'text')
    .addColumn('issuer_name', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('document', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('candidates_org').on('candidates').columns(['organization_id', 'created_at']).execute();

  await db.schema.createTable('partners')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('website', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('owner_user_id', 'text')
    .addColumn('next_step', 'text')
    .addColumn('next_step_date', 'text')
    .addColumn('employer_organization_id', 'text')
    .addColumn('contacts_json', 'text', (c) => c.notNull())
    .addColumn('interests_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('partners_org').on('partners').columns(['organization_id', 'stage']).execute();
  await db.schema.createIndex('partners_employer').on('partners').columns(['employer_organization_id']).execute();

  await db.schema.createTable('partner_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('ref_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('partner_events_partner').on('partner_events').columns(['organization_id', 'partner_id', 'created_at']).execute();

  await db.schema.createTable('verification_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('achievement_id', 'text', (c) => c.notNull())
    .addColumn('viewer_organization_id', 'text')
    .addColumn('viewer_user_id', 'text')
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('verification_events_org').on('verification_events').columns(['organization_id', 'created_at']).execute();

  await db.schema.createTable('share_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('achievement_id', 'text', (c) => c.notNull())
    .addColumn('learner_id', 'text', (c) => c.notNull())
    .addColumn('share_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('viewer_organization_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('share_events_org').on('share_events').columns(['organization_id', 'created_at']).execute();
  await db.schema.createIndex('share_events_learner').on('share_events').columns(['learner_id', 'created_at']).execute();
}
