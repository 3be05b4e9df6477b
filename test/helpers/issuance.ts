/**
 * Set-up for issuance tests: a migrated database of a dialect, every service built by `createServices` with a
 * fixed clock and captured mail, one issuer organization with a user, and micro-credentials to award.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { DialectName } from '../../src/db/database.ts';
import { loadConfig } from '../../src/services/config.ts';
import { createServices, type Services } from '../../src/services/container.ts';
import { CapturingMailer } from '../../src/services/mailer.ts';
import type { Auth } from '../../src/services/auth.ts';
import { freshDatabase } from './db.ts';

export const PUBLIC_URL = 'https://badges.example.edu';
export const MASTER_KEY = '6b'.repeat(32);

/** A clock tests can move. */
export function movableClock(start = '2026-12-04T20:00:00.000Z') {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms: number) => { t += ms; }, set: (iso: string) => { t = Date.parse(iso); } };
}

export interface IssuanceHarness {
  services: Services;
  mailer: CapturingMailer;
  clock: ReturnType<typeof movableClock>;
  close(): Promise<void>;
}

/** Builds services over a fresh database; pass `handle` to share one database between two instances. */
export async function issuanceHarness(
  dialect: DialectName,
  opts: { handle?: Awaited<ReturnType<typeof freshDatabase>>; publicUrl?: string; clock?: ReturnType<typeof movableClock> } = {},
): Promise<IssuanceHarness & { handle: Awaited<ReturnType<typeof freshDatabase>> }> {
  const handle = opts.handle ?? (await freshDatabase(dialect));
  const dataDir = mkdtempSync(join(tmpdir(), 'mc-issuance-'));
  const config = loadConfig({
    MICROCRED_MASTER_KEY: MASTER_KEY, MICROCRED_PUBLIC_URL: opts.publicUrl ?? PUBLIC_URL, MICROCRED_DATA_DIR: dataDir,
    DATABASE_URL: handle.url.startsWith('postgres') ? handle.url : 'sqlite::memory:', LOG_LEVEL: 'silent',
  });
  const mailer = new CapturingMailer();
  const clock = opts.clock ?? movableClock();
  const services = await createServices(config, { handle, mailer, clock, logger: pino({ level: 'silent' }) });
  return { services, mailer, clock, handle, close: () => (opts.handle ? Promise.resolve() : handle.close()) };
}

/** Creates an issuer organization (did:key or did:web) with an owner-like issuer caller. */
export async function createIssuerOrg(services: Services, name = 'Northbridge Institute', didMethod: 'key' | 'web' = 'key'): Promise<{ orgId: string; slug: string; auth: Auth }> {
  const orgId = randomUUID();
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${orgId.slice(0, 6)}`;
  await services.deps.db.insertInto('organizations').values({
    id: orgId, slug, kind: 'issuer', name, url: 'https://northbridge.example', email: 'registrar@northbridge.example',
    description: 'Short, stackable courses.', logo: null, address_json: null, did_method: didMethod, email_domain: null,
    domain_verified_at: null, created_at: '2026-12-01T00:00:00.000Z',
  }).execute();
  const userId = randomUUID();
  await services.deps.db.insertInto('users').values({ id: userId, name: 'Iris Issuer', password_hash: null, profile_slug: null, created_at: '2026-12-01T00:00:00.000Z', deleted_at: null }).execute();
  await services.deps.db.insertInto('memberships').values({ organization_id: orgId, user_id: userId, role: 'issuer', created_at: '2026-12-01T00:00:00.000Z' }).execute();
  return { orgId, slug, auth: { userId, organizationId: orgId, role: 'issuer', scopes: [] } };
}

/** Creates a micro-credential with a quiz result description, credits and an optional validity. */
export async function createMicroCredential(services: Services, auth: Auth, over: Record<string, unknown> = {}): Promise<string> {
  const m = await services.achievements.create(auth, {
    name: 'Data Analysis with Python', description: 'Cleans, explores and visualises tabular data.',
    criteriaNarrative: 'Score at least 70% on the final quiz.', creditsAvailable: 5, validityMonths: 24,
    resultDescriptions: [{ name: 'Final quiz score', resultType: 'Percent', valueMin: '0', valueMax: '100', requiredValue: '70' }],
    ...over,
  });
  return m.id;
}

/** Randomness that names only the given status indexes (below 2^24), in turn, as randomInt reads them (4 bytes). */
export function indexRandom(indexes: number[]): (n: number) => Uint8Array {
  let k = 0;
  return (n) => {
    const v = indexes[k++ % indexes.length]!;
    const b = new Uint8Array(n);
    b.set([0, (v >> 16) & 255, (v >> 8) & 255, v & 255].slice(0, n));
    return b;
  };
}
