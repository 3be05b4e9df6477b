/** A fresh database with one issuer organization, a staff owner, an assessor and learner accounts. */
import { randomBytes } from 'node:crypto';
import type { DialectName } from '../../../src/db/database.ts';
import { insertUser, insertUserEmail, upsertMembership } from '../../../src/db/repositories/users.repository.ts';
import type { Auth } from '../../../src/services/auth.ts';
import { freshDatabase } from '../../helpers/db.ts';

export class TestClock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

const T0 = '2026-12-04T09:00:00.000Z';

async function org(db: Awaited<ReturnType<typeof freshDatabase>>['db'], id: string) {
  await db.insertInto('organizations').values({ id, slug: id, kind: 'issuer', name: `Org ${id}`, did_method: 'key', created_at: T0,
    url: null, email: null, description: null, logo: null, address_json: null, email_domain: null, domain_verified_at: null }).execute();
}

async function user(db: Awaited<ReturnType<typeof freshDatabase>>['db'], id: string, email: string, verified: boolean) {
  await insertUser(db, { id, name: `User ${id}`, publicProfile: false, profileSlug: null, createdAt: T0, deletedAt: null }, null);
  await insertUserEmail(db, { id: `${id}-e`, userId: id, email, isPrimary: true, verifiedAt: verified ? T0 : null, createdAt: T0 });
}

/** Everything a service test needs; `close()` when done. */
export async function setupAssessment(dialect: DialectName) {
  const h = await freshDatabase(dialect);
  const clock = new TestClock(new Date(T0));
  await org(h.db, 'org1');
  await org(h.db, 'org2');
  await user(h.db, 'staff1', 'staff@one.example', true);
  await user(h.db, 'assessor1', 'assessor@one.example', true);
  await user(h.db, 'staff2', 'staff@two.example', true);
  await user(h.db, 'learner1', 'ada@example.com', true);
  await user(h.db, 'learner2', 'bob@example.com', true);
  await user(h.db, 'unverified', 'eve@example.com', false);
  await upsertMembership(h.db, { organizationId: 'org1', userId: 'staff1', role: 'owner', createdAt: T0 });
  await upsertMembership(h.db, { organizationId: 'org1', userId: 'assessor1', role: 'assessor', createdAt: T0 });
  await upsertMembership(h.db, { organizationId: 'org2', userId: 'staff2', role: 'owner', createdAt: T0 });
  const auth = {
    staff: { userId: 'staff1', organizationId: 'org1', role: 'owner', scopes: [] } as Auth,
    assessor: { userId: 'assessor1', organizationId: 'org1', role: 'assessor', scopes: [] } as Auth,
    otherStaff: { userId: 'staff2', organizationId: 'org2', role: 'owner', scopes: [] } as Auth,
    learner: { userId: 'learner1', scopes: [], user: { id: 'learner1', name: 'Ada', email: 'ada@example.com', emailVerified: true } } as Auth,
    learner2: { userId: 'learner2', scopes: [] } as Auth,
    unverified: { userId: 'unverified', scopes: [] } as Auth,
    anonymous: { scopes: [] } as Auth,
  };
  return { db: h.db, dialect, clock, random: (n: number) => new Uint8Array(randomBytes(n)), auth, close: () => h.close() };
}

/** Expect a promise to reject with an AppError code. */
export async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  if (!err) throw new Error(`expected ${code}, but it succeeded`);
  const got = (err as { code?: string }).code;
  if (got !== code) throw new Error(`expected ${code}, got ${got}: ${(err as Error).message}`);
}
