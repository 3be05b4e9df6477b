/** Idempotency keys: the first response to (organization, key) is stored and replayed for the same request. */
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

/** Stores a key with its response; throws a unique violation when the key exists (callers run it in their transaction). */
export async function insertIdempotencyKey(
  db: Db,
  input: { organizationId: string; key: string; requestHash: string; response: unknown; now: string },
): Promise<void> {
  await db.insertInto('idempotency_keys').values({
    organization_id: input.organizationId, key: input.key, request_hash: input.requestHash,
    response_json: JSON.stringify(input.response), created_at: input.now,
  }).execute();
}
