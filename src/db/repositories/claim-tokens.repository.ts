/** Claim tokens of award emails (rows of `email_tokens` with purpose `claim`), written many at a time by bulk issuance. */
import { insertRows } from '../insert-rows.ts';
import type { Db } from '../transaction.ts';

export interface ClaimToken { tokenHash: string; email: string; credentialId: string; organizationId: string; createdAt: string; expiresAt: string }

/** Inserts claim tokens (already hashed) in one statement. */
export async function insertClaimTokens(db: Db, tokens: ClaimToken[]): Promise<void> {
  if (tokens.length === 0) return;
  await insertRows(db, 'email_tokens', tokens.map(claimTokenRow));
}

/** The `email_tokens` row of a claim token. */
export const claimTokenRow = (t: ClaimToken) => ({
  token_hash: t.tokenHash, purpose: 'claim', email: t.email, user_id: null,
  data_json: JSON.stringify({ credentialId: t.credentialId, organizationId: t.organizationId }),
  created_at: t.createdAt, expires_at: t.expiresAt, used_at: null,
});
