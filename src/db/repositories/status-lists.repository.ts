/**
 * Status lists: one row per Bitstring Status List credential. Bits are not stored here: they are derived from
 * the credentials table (revoked_at / suspended_at) when a list is re-signed. `revision` counts changes,
 * `signed_revision` says which revision `credential_json` was signed for (lazy re-signing).
 */
import { sql } from 'kysely';
import type { Db } from '../transaction.ts';
import type { Selectable } from 'kysely';
import type { StatusListsTable } from '../tables/platform.ts';

export type StatusPurpose = 'revocation' | 'suspension';

export interface StatusList {
  id: string;
  organizationId: string;
  purpose: StatusPurpose;
  size: number;
  allocated: number;
  revision: number;
  signedRevision: number;
  /** The signed list credential for `signedRevision`, or null before the first signing. */
  credentialJson: string | null;
  createdAt: string;
  updatedAt: string;
}

function toStatusList(r: Selectable<StatusListsTable>): StatusList {
  return {
    id: r.id, organizationId: r.organization_id, purpose: r.purpose as StatusPurpose, size: r.size,
    allocated: Number(r.allocated), revision: Number(r.revision), signedRevision: Number(r.signed_revision),
    credentialJson: r.credential_json, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** Inserts a list. */
export async function insertStatusList(
  db: Db,
  l: { id: string; organizationId: string; purpose: StatusPurpose; size: number; now: string },
): Promise<void> {
  await db.insertInto('status_lists').values({
    id: l.id, organization_id: l.organizationId, purpose: l.purpose, size: l.size, credential_json: null,
    created_at: l.now, updated_at: l.now,
  }).execute();
}

/** A list by id (any organization: list URLs are public), or undefined. */
export async function findStatusList(db: Db, id: string): Promise<StatusList | undefined> {
  const row = await db.selectFrom('status_lists').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toStatusList(row) : undefined;
}

/**
 * The organization's newest list of a purpose whose allocation is below `maxAllocated`, or undefined.
 */
export async function findOpenStatusList(
  db: Db, organizationId: string, purpose: StatusPurpose, maxAllocatedRatio: number,
): Promise<StatusList | undefined> {
  const row = await db.selectFrom('status_lists').selectAll()
    .where('organization_id', '=', organizationId).where('purpose', '=', purpose)
    .where(sql<boolean>`allocated < size * ${sql.lit(Number(maxAllocatedRatio))}`)
    .orderBy('created_at', 'desc').orderBy('id', 'desc')
    .limit(1).executeTakeFirst();
  return row ? toStatusList(row) : undefined;
}

/** Counts one more allocated entry on a list. */
export async function incrementAllocated(db: Db, id: string, by = 1): Promise<void> {
  await db.updateTable('status_lists').set({ allocated: sql`allocated + ${by}` }).where('id', '=', id).execute();
}

/** Marks a list changed (its signed credential is now stale). */
export async function bumpRevision(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('status_lists').set({ revision: sql`revision + 1`, updated_at: now }).where('id', '=', id).execute();
}

/**
 * Stores a list credential signed for `revision`, unless a newer revision was stored meanwhile
 * (another instance re-signed concurrently). Returns true when stored.
 */
export async function storeSignedStatusList(db: Db, id: string, revision: number, credentialJson: string): Promise<boolean> {
  const res = await db.updateTable('status_lists').set({ credential_json: credentialJson, signed_revision: revision })
    .where('id', '=', id).where('signed_revision', '<', revision).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Ids of an organization's lists of a purpose, oldest first. */
export async function listStatusListIds(db: Db, organizationId: string, purpose: StatusPurpose): Promise<string[]> {
  const rows = await db.selectFrom('status_lists').select('id')
    .where('organization_id', '=', organizationId).where('purpose', '=', purpose)
    .orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => r.id);
}
