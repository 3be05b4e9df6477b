/**
 * The issuing platform's tables: tenants, accounts, keys, competencies, micro-credentials,
 * learners, credentials, status lists, jobs, audit, idempotency and outgoing mail.
 * Portable types only (text ids and ISO timestamps, integer booleans, JSON as text).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull()) // issuer | employer
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('email', 'text')
    .addColumn('description', 'text')
    .addColumn('logo', 'text') // data: URI or URL
    .addColumn('address_json', 'text')
    .addColumn('did_method', 'text', (c) => c.notNull()) // key | web
    .addColumn('email_domain', 'text') // employers: verified domain
    .addColumn('domain_verified_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('public_profile', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('profile_slug', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();

  await db.schema
    .createTable('user_emails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull().unique()) // lower-cased
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('verified_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // One-time tokens for email verification, password reset, claim links (stored hashed).
  await db.schema
    .createTable('email_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull()) // verify_email | reset_password | claim
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('data_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull()) // owner | admin | issuer | assessor | member
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['organization_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey()) // sha256 of the cookie value
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('active_organization_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull()) // first characters, shown in lists
    .addColumn('scopes_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('issuer_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('algorithm', 'text', (c) => c.notNull()) // Ed25519 | P-256
    .addColumn('public_key_multibase', 'text')
    .addColumn('public_jwk_json', 'text')
    .addColumn('encrypted_secret', 'text', (c) => c.notNull()) // AES-256-GCM under the master key
    .addColumn('status', 'text', (c) => c.notNull()) // active | retired
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();

  await db.schema
    .createTable('competency_frameworks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('competencies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('framework_id', 'text', (c) => c.notNull().references('competency_frameworks.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('competencies_framework_code', ['framework_id', 'code'])
    .execute();

  // External alignments of a competency (ESCO, O*NET, CASE …).
  await db.schema
    .createTable('competency_alignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('competency_id', 'text', (c) => c.notNull().references('competencies.id').onDelete('cascade'))
    .addColumn('target_name', 'text', (c) => c.notNull())
    .addColumn('target_url', 'text', (c) => c.notNull())
    .addColumn('target_code', 'text')
    .addColumn('target_framework', 'text')
    .addColumn('target_type', 'text')
    .execute();

  // A micro-credential (OB Achievement). Editable fields live here; issued credentials point to a frozen version.
  await db.schema
    .createTable('achievements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull()) // active | archived
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('definition_json', 'text', (c) => c.notNull()) // the editable definition (name, criteria, image, …)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('achievement_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('achievement_id', 'text', (c) => c.notNull().references('achievements.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('achievement_versions_unique', ['achievement_id', 'version'])
    .execute();

  await db.schema
    .createTable('achievement_competencies')
    .addColumn('achievement_id', 'text', (c) => c.notNull().references('achievements.id').onDelete('cascade'))
    .addColumn('competency_id', 'text', (c) => c.notNull().references('competencies.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('achievement_competencies_pk', ['achievement_id', 'competency_id'])
    .execute();

  // A recipient as an issuer knows them: stable per (organization, email). user_id is set once a learner
  // account with that verified email exists (the wallet claims it).
  await db.schema
    .createTable('learners')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('user_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('learners_org_email', ['organization_id', 'email'])
    .execute();

  await db.schema
    .createTable('status_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull()) // revocation | suspension
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('allocated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('credential_json', 'text') // the signed list credential for the current revision
    .addColumn('signed_revision', 'integer', (c) => c.notNull().defaultTo(-1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('credentials')
    .addColumn('id', 'text', (c) => c.primaryKey()) // the uuid of urn:uuid:<id>
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('achievement_id', 'text', (c) => c.notNull().references('achievements.id'))
    .addColumn('achievement_version', 'integer', (c) => c.notNull())
    .addColumn('learner_id', 'text', (c) => c.notNull().references('learners.id'))
    .addColumn('recipient_email', 'text', (c) => c.notNull())
    .addColumn('recipient_name', 'text')
    .addColumn('verification_code', 'text', (c) => c.notNull().unique())
    .addColumn('status_list_id', 'text', (c) => c.notNull())
    .addColumn('status_index', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // single | bulk | api | assessment | pathway | demo
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('revocation_reason', 'text')
    .addColumn('suspended_at', 'text')
    .addColumn('suspension_reason', 'text')
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('private')) // private | public
    .addColumn('claimed_at', 'text')
    .addColumn('code_disabled_at', 'text')
    .addColumn('credits', 'real')
    .addColumn('document', 'text', (c) => c.notNull()) // exactly as signed
    .addColumn('created_by', 'text')
    .addColumn('batch_key', 'text') // bulk: hash(file, row) so re-uploads issue nothing twice
    .addUniqueConstraint('credentials_status_slot', ['status_list_id', 'status_index'])
    .addUniqueConstraint('credentials_batch_key', ['organization_id', 'batch_key'])
    .execute();
  await db.schema.createIndex('credentials_org_issued').on('credentials').columns(['organization_id', 'issued_at']).execute();
  await db.schema.createIndex('credentials_learner').on('credentials').column('learner_id').execute();
  await db.schema.createIndex('credentials_email').on('credentials').column('recipient_email').execute();
  await db.schema.createIndex('credentials_achievement').on('credentials').columns(['achievement_id']).execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // queued | running | done | failed
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result_json', 'text')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_after', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_pickup').on('jobs').columns(['status', 'run_after']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_token_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull()) // e.g. credential.issue, credential.revoke, key.rotate
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('details_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_org_time').on('audit_log').columns(['organization_id', 'created_at']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['organization_id', 'key'])
    .execute();

  await db.schema
    .createTable('outbox_emails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('outbox_to').on('outbox_emails').column('to_address').execute();
}
