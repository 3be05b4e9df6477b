/**
 * Every migration, in order. Names are `YYYY_MM_DD_HHMM_verb_noun`; migrations are frozen once
 * committed — change the schema with a new one. Add yours at the end of the list.
 */
import type { Migration } from 'kysely';
import * as createPlatform from './2026_12_04_2000_create_platform.ts';
import * as createBulkIssuanceRows from './2026_12_04_2030_create_bulk_issuance_rows.ts';
import * as createAssessment from './2026_12_04_2100_create_assessment.ts';
import * as addSubmissionEvidencePublic from './2026_12_04_2245_add_submission_evidence_public.ts';
import * as createPathways from './2026_12_04_2230_create_pathways.ts';
import * as addAchievementVersionFrozen from './2026_12_04_2250_add_achievement_version_frozen.ts';
import * as createAchievementImages from './2026_12_04_2255_create_achievement_images.ts';
import * as createWallet from './2026_12_04_2310_create_wallet.ts';
import * as createEmployerSide from './2026_12_04_2315_create_employer_side.ts';
import * as dropCredentialsEmailIndex from './2026_12_05_0010_drop_credentials_email_index.ts';
import * as createRateLimitHits from './2026_12_05_0300_create_rate_limit_hits.ts';
import * as compressCredentialDocumentsLz4 from './2026_12_05_0730_compress_credential_documents_lz4.ts';

export const migrations: Record<string, Migration> = {
  '2026_12_04_2000_create_platform': createPlatform,
  '2026_12_04_2030_create_bulk_issuance_rows': createBulkIssuanceRows,
  '2026_12_04_2100_create_assessment': createAssessment,
  '2026_12_04_2230_create_pathways': createPathways,
  '2026_12_04_2245_add_submission_evidence_public': addSubmissionEvidencePublic,
  '2026_12_04_2250_add_achievement_version_frozen': addAchievementVersionFrozen,
  '2026_12_04_2255_create_achievement_images': createAchievementImages,
  '2026_12_04_2310_create_wallet': createWallet,
  '2026_12_04_2315_create_employer_side': createEmployerSide,
  '2026_12_05_0010_drop_credentials_email_index': dropCredentialsEmailIndex,
  '2026_12_05_0300_create_rate_limit_hits': createRateLimitHits,
  '2026_12_05_0730_compress_credential_documents_lz4': compressCredentialDocumentsLz4,
};
