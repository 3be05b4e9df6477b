/**
 * The learner's wallet: share links (per credential or a collection, with their own expiry, revocation and view
 * counts; only the SHA-256 of the token is stored), their items, and credentials imported from elsewhere.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('share_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('view_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_viewed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('share_links_user_idx').on('share_links').column('user_id').execute();
  await db.schema
    .createTable('share_link_items')
    .addColumn('share_link_id', 'text', (c) => c.notNull().references('share_links.id').onDelete('cascade'))
    .addColumn('item_kind', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('share_link_items_pk', ['share_link_id', 'item_kind', 'item_id'])
    .execute();
  await db.schema
    .createTable('external_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('source_url', 'text')
    .addColumn('credential_id', 'text')
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('issuer_id', 'text', (c) => c.notNull())
    .addColumn('issuer_name', 'text')
    .addColumn('achievement_id', 'text', (c) => c.notNull())
    .addColumn('achievement_name', 'text')
    .addColumn('valid_from', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('credits', 'real')
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('private'))
    .addColumn('checks_json', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('external_credentials_user_idx').on('external_credentials').column('user_id').execute();
}
