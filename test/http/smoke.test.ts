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
    const spec = o.json() as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(spec.openapi).toBe('3.0.3');
    for (const path of ['/health', '/issuers/{slug}', '/issuers/{slug}/did.json', '/api/v1/me', '/api/v1/api-tokens', '/api/v1/organization/keys/rotate']) {
      expect(Object.keys(spec.paths), path).toContain(path);
    }
    // Every documented error response uses the one error body; pages are not in the API document.
    expect(Object.keys(spec.paths['/api/v1/api-tokens']!.post!.responses).sort()).toEqual(['201', '400', '401', '403']);
    expect(Object.keys(spec.paths)).not.toContain('/signin');
    expect((await t.app.inject({ url: '/docs/' })).statusCode).toBe(200);
    const c = await signUpIssuer(t);
    for (const url of ['/dashboard', '/org/settings', '/org/keys', '/org/members', '/org/api-tokens', '/org/audit', '/dev/mailbox']) {
      const r = await t.app.inject({ url, cookies: { mc_session: c.cookie } });
      expect(r.statusCode, url + r.body.slice(0, 300)).toBe(200);
    }
  });
});
