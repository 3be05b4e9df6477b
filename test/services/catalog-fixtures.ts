/** Shared set-up for the catalog (competency and micro-credential) service tests: two organizations and callers. */
import { PNG } from 'pngjs';
import type { DatabaseHandle } from '../../src/db/database.ts';
import type { Auth } from '../../src/services/auth.ts';

export const ORG_A = 'a0000000-0000-4000-8000-000000000001';
export const ORG_B = 'b0000000-0000-4000-8000-000000000002';
export const PUBLIC_URL = 'https://badges.example.edu';

export const issuerA: Auth = { userId: 'user-a', organizationId: ORG_A, role: 'issuer', scopes: [] };
export const issuerB: Auth = { userId: 'user-b', organizationId: ORG_B, role: 'issuer', scopes: [] };
export const assessorA: Auth = { userId: 'user-c', organizationId: ORG_A, role: 'assessor', scopes: [] };

/** A clock tests can move. */
export function testClock(start = '2026-12-04T20:00:00.000Z') {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms: number) => { t += ms; } };
}

/** Inserts the two organizations. */
export async function seedOrganizations(h: DatabaseHandle): Promise<void> {
  for (const [id, slug, name] of [[ORG_A, 'uni-a', 'University A'], [ORG_B, 'college-b', 'College B']] as const) {
    await h.db.insertInto('organizations').values({
      id, slug, kind: 'issuer', name, url: null, email: null, description: null, logo: null, address_json: null,
      did_method: 'key', email_domain: null, domain_verified_at: null, created_at: '2026-12-01T00:00:00.000Z',
    }).execute();
  }
}

/** Records a credential issued from a version, as issuance would (the minimum the catalog looks at). */
export async function recordIssuedCredential(h: DatabaseHandle, orgId: string, achievementId: string, version: number): Promise<void> {
  const n = crypto.randomUUID();
  await h.db.insertInto('learners').values({ id: n, organization_id: orgId, email: `${n}@example.org`, name: null, user_id: null, created_at: '2026-12-04T20:00:00.000Z' }).execute();
  await h.db.insertInto('credentials').values({
    id: crypto.randomUUID(), organization_id: orgId, achievement_id: achievementId, achievement_version: version, learner_id: n,
    recipient_email: `${n}@example.org`, recipient_name: null, verification_code: n, status_list_id: 'sl', status_index: Math.floor(Math.random() * 1e9),
    source: 'single', issued_at: '2026-12-04T20:00:00.000Z', valid_from: '2026-12-04T20:00:00.000Z', valid_until: null, revoked_at: null,
    revocation_reason: null, suspended_at: null, suspension_reason: null, claimed_at: null, code_disabled_at: null, credits: null,
    document: '{}', created_by: null, batch_key: null,
  }).execute();
}

/** A small valid PNG. */
export function pngBytes(size = 8): Uint8Array {
  const p = new PNG({ width: size, height: size });
  p.data.fill(120);
  return new Uint8Array(PNG.sync.write(p));
}
