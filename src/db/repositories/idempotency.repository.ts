/** Idempotency keys: the first response to (organization, key) is stored and replayed for the same request. */
import { insertRows } from '../insert-rows.ts';
import type { Db } from '../transaction.ts';

export interface IdempotencyRecord {
  requestHash: string;
  /** The stored response (JSON), null while the first request is still running. */
  response: unknown;
}

/** The stored record for (organization, key), or undefined. */
export async function findIdempotencyKey(db: Db, organizationId: string, key: string): Promise<IdempotencyRecord | undefined> {
  const row = await db.selectFrom('idempotency_keys').select(['request_hash', 'response_json'])
    .where('organization_id', '=', organizationId).where('key', '=', key).executeTakeFirst();
  if (!row) return undefined;
  return { requestHash: row.request_hash, response: row.response_json === null ? null : JSON.parse(row.response_json) };
}

/** A key to store with its response (JSON text). */
export interface NewIdempotencyKey { organizationId: string; key: string; requestHash: string; responseJson: string; now: string }

/** Stores keys with their responses in one statement; a key that exists fails them all with a unique violation (callers run it in their transaction). */
export async function insertIdempotencyKeys(db: Db, keys: NewIdempotencyKey[]): Promise<void> {
  if (keys.length === 0) return;
  await insertRows(db, 'idempotency_keys', keys.map(idempotencyRow));
}

/** The `idempotency_keys` row of a key. */
export const idempotencyRow = (k: NewIdempotencyKey) => ({
  organization_id: k.organizationId, key: k.key, request_hash: k.requestHash, response_json: k.responseJson, created_at: k.now,
});
