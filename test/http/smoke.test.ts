import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signUpIssuer, type TestApp } from '../helpers/app.ts';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => { t = await buildTestApp(); });
  afterAll(async () => { await t.close(); });
  it('serves health, openapi and pages', async () => {
    const h = await t.app.inject({ url: '/health' });
    expect(h.statusCode).toBe(200);
    const o = await t.app.inject({ url: '/openapi.json' });
    expect(o.statusCode).toBe(200);
    const c = await signUpIssuer(t);
    for (const url of ['/dashboard', '/org/settings', '/org/keys', '/org/members', '/org/api-tokens', '/org/audit', '/dev/mailbox']) {
      const r = await t.app.inject({ url, cookies: { mc_session: c.cookie } });
      expect(r.statusCode, url + r.body.slice(0, 300)).toBe(200);
    }
  });
});
