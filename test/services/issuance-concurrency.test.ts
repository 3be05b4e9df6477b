// Two app instances (two createServices; on PostgreSQL two connection pools on one schema) issue at once: status slots and
// verification codes never collide. Randomness is squeezed into small ranges so clashes really happen and the
// unique constraints plus retries have to resolve them.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { DIALECTS, PG_URL } from '../helpers/db.ts';
import { createIssuerOrg, createMicroCredential, issuanceHarness, movableClock, type IssuanceHarness } from '../helpers/issuance.ts';

/** Index draws (4 bytes) fall in 0…299 and code draws (11 bytes) in 300 values: clashes are frequent. */
function squeezedRandom(n: number): Uint8Array {
  const b = new Uint8Array(randomBytes(n));
  if (n === 4) {
    const v = b[3]! % 300;
    return new Uint8Array([0, 0, v >> 8, v & 0xff]);
  }
  if (n === 11) {
    const v = (b[0]! << 8 | b[1]!) % 300;
    return new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, v >> 8, v & 0xff]);
  }
  return b;
}

describe.each(DIALECTS)('two instances issuing at once on %s', (dialect) => {
  let one: IssuanceHarness;
  let two: IssuanceHarness;
  let closeShared: () => Promise<void>;

  beforeAll(async () => {
    let handleA: DatabaseHandle & { url: string };
    let handleB: DatabaseHandle & { url: string };
    if (dialect === 'postgres') {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      handleA = { ...(await openDatabase({ url: PG_URL!, schema, poolSize: 6 })), url: PG_URL! };
      await migrateToLatest(handleA.db);
      handleB = { ...(await openDatabase({ url: PG_URL!, schema, poolSize: 6 })), url: PG_URL! };
      closeShared = async () => {
        await handleB.close();
        await handleA.db.schema.dropSchema(schema).ifExists().cascade().execute();
        await handleA.close();
      };
    } else {
      // SQLite is the single-node engine: two service containers share its one connection (as two workers of one
      // process would); slot and code clashes between them still have to be resolved by the constraints.
      const file = join(mkdtempSync(join(tmpdir(), 'mc-two-')), 'shared.db');
      handleA = { ...(await openDatabase({ url: `sqlite:${file}` })), url: `sqlite:${file}` };
      await migrateToLatest(handleA.db);
      handleB = handleA;
      closeShared = async () => { await handleA.close(); };
    }
    const clock = movableClock();
    one = await issuanceHarness(dialect, { handle: handleA, clock });
    two = await issuanceHarness(dialect, { handle: handleB, clock });
    for (const s of [one.services, two.services]) (s.deps as { random: (n: number) => Uint8Array }).random = squeezedRandom;
  });
  afterAll(async () => closeShared());

  it('never give two credentials the same status slot or verification code', async () => {
    const { auth } = await createIssuerOrg(one.services);
    const achievementId = await createMicroCredential(one.services, auth);
    const perInstance = 60;
    const issue = (h: IssuanceHarness, i: number) =>
      h.services.issuance.issueCredential(auth, { achievementId, recipient: { email: `p${i % 17}@example.com` } }, { source: 'api', notify: false });
    const results = await Promise.all([
      ...Array.from({ length: perInstance }, (_, i) => issue(one, i)),
      ...Array.from({ length: perInstance }, (_, i) => issue(two, 1000 + i)),
    ]);
    const rows = await one.services.deps.db.selectFrom('credentials').select(['id', 'status_list_id', 'status_index', 'verification_code', 'learner_id', 'recipient_email']).execute();
    expect(rows).toHaveLength(2 * perInstance);
    expect(new Set(rows.map((r) => `${r.status_list_id}#${r.status_index}`)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.verification_code)).size).toBe(rows.length);
    expect(rows.every((r) => r.status_index < 300)).toBe(true);
    // One learner per email, whichever instance created it.
    const learners = await one.services.deps.db.selectFrom('learners').select(['id', 'email']).execute();
    expect(learners).toHaveLength(17);
    // What each call returned is what was stored, including the signed slot.
    for (const r of results) {
      const doc = r.credential.document as { credentialStatus: { statusListIndex: string } };
      const row = rows.find((x) => x.id === r.credential.id)!;
      expect(Number(doc.credentialStatus.statusListIndex)).toBe(Number(row.status_index));
    }
  });
});
