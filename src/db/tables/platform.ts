/** Row types of the issuing platform's tables (see migrations/2026_12_04_2000_create_platform.ts). */
import type { Generated } from 'kysely';

export interface OrganizationsTable {
  id: string; slug: string; kind: string; name: string; url: string | null; email: string | null;
  description: string | null; logo: string | null; address_json: string | null; did_method: string;
  email_domain: string | null; domain_verified_at: string | null; created_at: string;
}
export interface UsersTable {
  id: string; name: string; password_hash: string | null; public_profile: Generated<number>;
  profile_slug: string | null; created_at: string; deleted_at: string | null;
}
export interface UserEmailsTable {
  id: string; user_id: string; email: string; is_primary: Generated<number>; verified_at: string | null; created_at: string;
}
export interface EmailTokensTable {
  token_hash: string; purpose: string; email: string; user_id: string | null; data_json: string | null;
  created_at: string; expires_at: string; used_at: string | null;
}
export interface MembershipsTable { organization_id: string; user_id: string; role: string; created_at: string }
export interface SessionsTable {
  id_hash: string; user_id: string; csrf_token: string; active_organization_id: string | null;
  created_at: string; expires_at: string; last_seen_at: string;
}
export interface ApiTokensTable {
  id: string; organization_id: string; name: string; token_hash: string; prefix: string; scopes_json: string;
  created_by: string | null; created_at: string; last_used_at: string | null; revoked_at: string | null;
}
export interface IssuerKeysTable {
  id: string; organization_id: string; algorithm: string; public_key_multibase: string | null;
  public_jwk_json: string | null; encrypted_secret: string; status: string; created_at: string; retired_at: string | null;
}
export interface CompetencyFrameworksTable { id: string; organization_id: string; name: string; description: string | null; created_at: string }
export interface CompetenciesTable {
  id: string; organization_id: string; framework_id: string; code: string; name: string; description: string | null; created_at: string;
}
export interface CompetencyAlignmentsTable {
  id: string; organization_id: string; competency_id: string; target_name: string; target_url: string;
  target_code: string | null; target_framework: string | null; target_type: string | null;
}
export interface AchievementsTable {
  id: string; organization_id: string; status: string; current_version: number; definition_json: string;
  created_at: string; updated_at: string;
}
export interface AchievementVersionsTable {
  id: string; achievement_id: string; organization_id: string; version: number; definition_json: string; created_at: string;
  /** Set when issuance first reads the version (migration 2026_12_04_2250); a frozen version is never edited in place. */
  frozen_at: string | null;
}
export interface AchievementCompetenciesTable { achievement_id: string; competency_id: string }
export interface LearnersTable {
  id: string; organization_id: string; email: string; name: string | null; user_id: string | null; created_at: string;
}
export interface StatusListsTable {
  id: string; organization_id: string; purpose: string; size: number; allocated: Generated<number>;
  revision: Generated<number>; credential_json: string | null; signed_revision: Generated<number>;
  created_at: string; updated_at: string;
}
export interface CredentialsTable {
  id: string; organization_id: string; achievement_id: string; achievement_version: number; learner_id: string;
  recipient_email: string; recipient_name: string | null; verification_code: string; status_list_id: string;
  status_index: number; source: string; issued_at: string; valid_from: string; valid_until: string | null;
  revoked_at: string | null; revocation_reason: string | null; suspended_at: string | null; suspension_reason: string | null;
  visibility: Generated<string>; claimed_at: string | null; code_disabled_at: string | null; credits: number | null;
  document: string; created_by: string | null; batch_key: string | null;
}
export interface JobsTable {
  id: string; organization_id: string | null; kind: string; payload_json: string; status: string;
  progress_done: Generated<number>; progress_total: Generated<number>; result_json: string | null; error: string | null;
  attempts: Generated<number>; run_after: string; locked_by: string | null; locked_at: string | null;
  created_by: string | null; created_at: string; updated_at: string;
}
export interface AuditLogTable {
  id: string; organization_id: string; actor_user_id: string | null; actor_token_id: string | null; action: string;
  target_type: string | null; target_id: string | null; details_json: string | null; created_at: string;
}
export interface IdempotencyKeysTable { organization_id: string; key: string; request_hash: string; response_json: string | null; created_at: string }
export interface OutboxEmailsTable {
  id: string; to_address: string; subject: string; text_body: string; html_body: string | null; kind: string;
  created_at: string; sent_at: string | null; error: string | null;
}

/** Rate-limit counters shared by app instances (migration 2026_12_05_0300); times in ms since the epoch. */
export interface RateLimitHitsTable { key: string; window_start: number | string; expires_at: number | string; hits: number }

export interface PlatformTables {
  organizations: OrganizationsTable; users: UsersTable; user_emails: UserEmailsTable; email_tokens: EmailTokensTable;
  memberships: MembershipsTable; sessions: SessionsTable; api_tokens: ApiTokensTable; issuer_keys: IssuerKeysTable;
  competency_frameworks: CompetencyFrameworksTable; competencies: CompetenciesTable; competency_alignments: CompetencyAlignmentsTable;
  achievements: AchievementsTable; achievement_versions: AchievementVersionsTable; achievement_competencies: AchievementCompetenciesTable;
  learners: LearnersTable; status_lists: StatusListsTable; credentials: CredentialsTable; jobs: JobsTable;
  audit_log: AuditLogTable; idempotency_keys: IdempotencyKeysTable; outbox_emails: OutboxEmailsTable;
  rate_limit_hits: RateLimitHitsTable;
}
