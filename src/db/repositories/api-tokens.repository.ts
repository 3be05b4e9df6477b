/** API tokens of an organization (stored as SHA-256 hashes; the prefix is kept for display). */
import type { Db } from '../transaction.ts';
import type { ApiTokensTable } from '../tables/platform.ts';
import { fromJson, toJson } from '../util.ts';

export interface ApiToken {
  id: string;
  organizationId: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const toToken = (r: ApiTokensTable): ApiToken => ({
  id: r.id, organizationId: r.organization_id, name: r.name, prefix: r.prefix, scopes: fromJson<string[]>(r.scopes_json, []),
  createdBy: r.created_by, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at,
});

/** Inserts a token with its hash. */
export async function insertApiToken(db: Db, t: ApiToken, tokenHash: string): Promise<void> {
  await db.insertInto('api_tokens').values({
    id: t.id, organization_id: t.organizationId, name: t.name, token_hash: tokenHash, prefix: t.prefix, scopes_json: toJson(t.scopes),
    created_by: t.createdBy, created_at: t.createdAt, last_used_at: t.lastUsedAt, revoked_at: t.revokedAt,
  }).execute();
}

/** Finds a live (not revoked) token by hash. */
export async function findLiveApiTokenByHash(db: Db, tokenHash: string): Promise<ApiToken | undefined> {
  const r = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
  return r ? toToken(r) : undefined;
}

/** Lists an organization's tokens, newest first. */
export async function listApiTokens(db: Db, organizationId: string): Promise<ApiToken[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().where('organization_id', '=', organizationId).orderBy('created_at', 'desc').execute();
  return rows.map(toToken);
}

/** Finds one token of an organization. */
export async function findApiToken(db: Db, organizationId: string, id: string): Promise<ApiToken | undefined> {
  const r = await db.selectFrom('api_tokens').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return r ? toToken(r) : undefined;
}

/** Revokes one token of an organization; false when it is unknown or already revoked. */
export async function revokeApiToken(db: Db, organizationId: string, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: at }).where('organization_id', '=', organizationId).where('id', '=', id)
    .where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Records when a token was last used. */
export async function touchApiToken(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** The organization a token belongs to (display data for the resolved Auth). */
export async function findApiTokenOrg(db: Db, organizationId: string): Promise<{ id: string; slug: string; name: string; kind: string } | undefined> {
  return db.selectFrom('organizations').select(['id', 'slug', 'name', 'kind']).where('id', '=', organizationId).executeTakeFirst();
}
