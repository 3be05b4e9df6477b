// Rate limits hold across app instances: on PostgreSQL the counters live in the database, so a client that spreads
// its requests over two instances gets one limit, not two. SQLite serves one process and counts in memory.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { buildServer } from '../../src/http/build-server.ts';
import type { App } from '../../src/http/types.ts';
import { loadConfig } from '../../src/services/config.ts';
import { createServices } from '../../src/services/container.ts';
import { CapturingMailer } from '../../src/services/mailer.ts';
import { fixedClock, TEST_MASTER_KEY } from '../helpers/app.ts';
import { PG_URL } from '../helpers/db.ts';

describe.runIf(PG_URL)('rate limits across two instances on PostgreSQL', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const clock = fixedClock();
  const handles: DatabaseHandle[] = [];
  const apps: App[] = [];

  beforeAll(async () => {
    const config = loadConfig({
      MICROCRED_MASTER_KEY: TEST_MASTER_KEY, MICROCRED_PUBLIC_URL: 'http://localhost:3000', MICROCRED_DATA_DIR: mkdtempSync(join(tmpdir(), 'mc-rl-')),
      DATABASE_URL: PG_URL!, LOG_LEVEL: 'silent', MICROCRED_DEMO: 'false',
    });
    for (let i = 0; i < 2; i++) {
      const handle = await openDatabase({ url: PG_URL!, schema, poolSize: 3 });
      if (i === 0) await migrateToLatest(handle.db);
      handles.push(handle);
      const services = await createServices(config, { handle, clock, logger: pino({ level: 'silent' }), mailer: new CapturingMailer() });
      const app = await buildServer(services);
      await app.ready();
      apps.push(app);
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await handles[0]!.db.schema.dropSchema(schema).ifExists().cascade().execute();
    for (const h of handles) await h.close();
  });

  const unknownCode = (app: App, ip: string) => app.inject({ method: 'POST', url: '/api/v1/verify', remoteAddress: ip, payload: { code: 'AAAA-BBBB-CCCC-DDDD-EE' } });
  const notACredential = (app: App, ip: string) => app.inject({ method: 'POST', url: '/api/v1/verify', remoteAddress: ip, payload: { credential: { hello: 'world' } } });

  it('counts a client\'s requests to both instances against one limit, per client and per window', async () => {
    // 60 verifications a minute per client: 30 to each instance pass, the 61st is refused by either.
    for (let i = 0; i < 60; i++) expect((await notACredential(apps[i % 2]!, '203.0.113.7')).statusCode).not.toBe(429);
    for (const app of apps) {
      const refused = await notACredential(app, '203.0.113.7');
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    }
    // Another client is counted apart; a minute later the first one may verify again.
    expect((await notACredential(apps[1]!, '203.0.113.8')).statusCode).not.toBe(429);
    clock.advance(60_000);
    expect((await notACredential(apps[0]!, '203.0.113.7')).statusCode).not.toBe(429);
  });

  it('counts unknown verification codes across both instances: guesses spread over them gain nothing', async () => {
    for (let i = 0; i < 20; i++) expect((await unknownCode(apps[i % 2]!, '198.51.100.4')).statusCode).toBe(400); // a typo: checksum fails
    for (const app of apps) {
      const refused = await unknownCode(app, '198.51.100.4');
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.message).toMatch(/unknown verification codes/);
    }
  });
});
