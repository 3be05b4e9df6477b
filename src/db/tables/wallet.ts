/** Row types of the wallet's tables (see migrations/2026_12_04_2310_create_wallet.ts). */
import type { Generated } from 'kysely';

export interface ShareLinksTable {
  id: string; user_id: string; token_hash: string; kind: string; label: string | null; expires_at: string | null;
  revoked_at: string | null; view_count: Generated<number>; last_viewed_at: string | null; created_at: string;
}
export interface ShareLinkItemsTable { share_link_id: string; item_kind: string; item_id: string; position: number }
export interface ExternalCredentialsTable {
  id: string; user_id: string; format: string; source_url: string | null; credential_id: string | null; document: string;
  issuer_id: string; issuer_name: string | null; achievement_id: string; achievement_name: string | null;
  valid_from: string | null; valid_until: string | null; credits: number | null; visibility: Generated<string>;
  checks_json: string; imported_at: string;
}

export interface WalletTables {
  share_links: ShareLinksTable; share_link_items: ShareLinkItemsTable; external_credentials: ExternalCredentialsTable;
}
