/**
 * Shared set-up of the issuance benchmarks: services over a fresh SQLite file or a fresh PostgreSQL schema,
 * one issuer organization (did:key) and one micro-credential with a quiz result description and competencies.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemAuth } from '../src/services/auth.ts';
import { loadConfig } from '../src/services/config.ts';
import { createServices, type Services } from '../src/services/container.ts';
import { CapturingMailer } from '../src/services/mailer.ts';

export interface BenchEnv { services: Services; orgId: string; achievementId: string; close(): Promise<void> }

/** Services over a fresh database: `sqlite` (a file in a temp dir) or `postgres` (a fresh schema at `pgUrl`). */
export async function benchServices(dialect: 'sqlite' | 'postgres', pgUrl?: string): Promise<BenchEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mc-bench-'));
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const url = dialect === 'postgres' ? pgUrl! : `sqlite:${join(dataDir, 'bench.db')}`;
  const handle = { ...(await openDatabase({ url, ...(dialect === 'postgres' ? { schema, poolSize: 10 } : {}) })), url };
  await migrateToLatest(handle.db);
  const config = loadConfig({
    MICROCRED_MASTER_KEY: '6b'.repeat(32), MICROCRED_PUBLIC_URL: 'https://badges.example.edu', MICROCRED_DATA_DIR: dataDir,
    DATABASE_URL: url, LOG_LEVEL: 'silent',
  });
  const services = await createServices(config, { handle, mailer: new CapturingMailer(), logger: pino({ level: 'silent' }) });
  const org = await services.deps.db.transaction().execute((trx) =>
    services.accounts.createOrganization(trx, { name: 'Northbridge Institute of Technology', kind: 'issuer', slug: 'northbridge', url: 'https://northbridge.example' }));
  const auth = systemAuth(org.id);
  const framework = await services.competencies.createFramework(auth, { name: 'Digital skills' });
  const c1 = await services.competencies.createCompetency(auth, { frameworkId: framework.id, code: 'DA-1', name: 'Clean data', alignments: [{ targetName: 'manage data', targetUrl: 'http://data.europa.eu/esco/skill/0d48ad3a', targetFramework: 'ESCO' }] });
  const m = await services.achievements.create(auth, {
    name: 'Data Analysis with Python', description: 'Cleans, explores and visualises tabular data.', criteriaNarrative: 'Score at least 70% on the final quiz.',
    creditsAvailable: 5, validityMonths: 24, tags: ['data', 'python'], competencyIds: [c1.id],
    resultDescriptions: [{ name: 'Final quiz score', resultType: 'Percent', valueMin: '0', valueMax: '100', requiredValue: '70' }],
  });
  return {
    services, orgId: org.id, achievementId: m.id,
    close: async () => {
      if (dialect === 'postgres') await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(handle.db);
      await handle.close();
    },
  };
}
