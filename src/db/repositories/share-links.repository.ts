/** Share links of a learner's credentials: only the SHA-256 of the token is stored. */
import type { Db } from '../transaction.ts';

export type ShareItemKind = 'issued' | 'external';
export interface ShareItem { kind: ShareItemKind; id: string }

export interface ShareLink {
  id: string; userId: string; tokenHash: string; kind: 'credential' | 'collection'; label: string | null;
  expiresAt: string | null; revokedAt: string | null; viewCount: number; lastViewedAt: string | null; createdAt: string;
  items: ShareItem[];
}

/** Stores a share link and its items in order. */
export async function insertShareLink(db: Db, s: ShareLink): Promise<void> {
  await db.insertInto('share_links').values({
    id: s.id, user_id: s.userId, token_hash: s.tokenHash, kind: s.kind, label: s.label, expires_at: s.expiresAt,
    revoked_at: null, view_count: 0, last_viewed_at: null, created_at: s.createdAt,
  }).execute();
  await db.insertInto('share_link_items').values(s.items.map((it, i) => ({ share_link_id: s.id, item_kind: it.kind, item_id: it.id, position: i }))).execute();
}

async function withItems(db: Db, rows: { id: string; user_id: string; token_hash: string; kind: string; label: string | null; expires_at: string | null; revoked_at: string | null; view_count: number; last_viewed_at: string | null; created_at: string }[]): Promise<ShareLink[]> {
  if (rows.length === 0) return [];
  const items = await db.selectFrom('share_link_items').selectAll().where('share_link_id', 'in', rows.map((r) => r.id)).orderBy('position').execute();
  return rows.map((r) => ({
    id: r.id, userId: r.user_id, tokenHash: r.token_hash, kind: r.kind === 'collection' ? 'collection' : 'credential', label: r.label,
    expiresAt: r.expires_at, revokedAt: r.revoked_at, viewCount: Number(r.view_count), lastViewedAt: r.last_viewed_at, createdAt: r.created_at,
    items: items.filter((i) => i.share_link_id === r.id).map((i) => ({ kind: i.item_kind as ShareItemKind, id: i.item_id })),
  }));
}

/** The user's share links, newest first. */
export async function listShareLinks(db: Db, userId: string): Promise<ShareLink[]> {
  return withItems(db, await db.selectFrom('share_links').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute());
}

/** A share link by the hash of its token (whatever its state). */
export async function findShareLinkByHash(db: Db, tokenHash: string): Promise<ShareLink | undefined> {
  return (await withItems(db, await db.selectFrom('share_links').selectAll().where('token_hash', '=', tokenHash).execute()))[0];
}

/** One of the user's share links. */
export async function findShareLinkOfUser(db: Db, userId: string, id: string): Promise<ShareLink | undefined> {
  return (await withItems(db, await db.selectFrom('share_links').selectAll().where('user_id', '=', userId).where('id', '=', id).execute()))[0];
}

/** Withdraws a share link at once (only the owner's, first time only); false when not found. */
export async function revokeShareLink(db: Db, userId: string, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable('share_links').set({ revoked_at: at }).where('id', '=', id).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Counts a view. */
export async function recordShareView(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('share_links').set((eb) => ({ view_count: eb('view_count', '+', 1), last_viewed_at: at })).where('id', '=', id).execute();
}
