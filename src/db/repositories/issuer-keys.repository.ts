/** Issuer signing keys (secret part encrypted by the key store before it reaches this table). */
import type { Db } from '../transaction.ts';
import type { IssuerKeysTable } from '../tables/platform.ts';

export type KeyStatus = 'active' | 'retired';

export interface IssuerKeyRecord {
  id: string;
  organizationId: string;
  algorithm: string;
  publicKeyMultibase: string | null;
  publicJwkJson: string | null;
  encryptedSecret: string;
  status: KeyStatus;
  createdAt: string;
  retiredAt: string | null;
}

const toKey = (r: IssuerKeysTable): IssuerKeyRecord => ({
  id: r.id, organizationId: r.organization_id, algorithm: r.algorithm, publicKeyMultibase: r.public_key_multibase,
  publicJwkJson: r.public_jwk_json, encryptedSecret: r.encrypted_secret, status: r.status as KeyStatus,
  createdAt: r.created_at, retiredAt: r.retired_at,
});

/** Inserts a key. */
export async function insertIssuerKey(db: Db, k: IssuerKeyRecord): Promise<void> {
  await db.insertInto('issuer_keys').values({
    id: k.id, organization_id: k.organizationId, algorithm: k.algorithm, public_key_multibase: k.publicKeyMultibase,
    public_jwk_json: k.publicJwkJson, encrypted_secret: k.encryptedSecret, status: k.status, created_at: k.createdAt, retired_at: k.retiredAt,
  }).execute();
}

/** The active key of an organization for an algorithm (newest if several). */
export async function findActiveIssuerKey(db: Db, organizationId: string, algorithm: string): Promise<IssuerKeyRecord | undefined> {
  const r = await db.selectFrom('issuer_keys').selectAll().where('organization_id', '=', organizationId).where('algorithm', '=', algorithm)
    .where('status', '=', 'active').orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return r ? toKey(r) : undefined;
}

/** Every key of an organization (active and retired), newest first. */
export async function listIssuerKeys(db: Db, organizationId: string): Promise<IssuerKeyRecord[]> {
  const rows = await db.selectFrom('issuer_keys').selectAll().where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toKey);
}

/** Retires every active key of an organization for an algorithm. */
export async function retireActiveIssuerKeys(db: Db, organizationId: string, algorithm: string, at: string): Promise<void> {
  await db.updateTable('issuer_keys').set({ status: 'retired', retired_at: at }).where('organization_id', '=', organizationId)
    .where('algorithm', '=', algorithm).where('status', '=', 'active').execute();
}
