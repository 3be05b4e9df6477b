import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

describe('assessment API in the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => { t = await buildTestApp(); });
  afterAll(async () => t.close());

  it('documents the assessment routes with their schemas', async () => {
    const res = await t.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    for (const p of ['/api/v1/modules', '/api/v1/quizzes/{id}/attempts', '/api/v1/attempts/submit', '/api/v1/completions', '/api/v1/xapi/statements', '/api/v1/submissions/{id}/review', '/api/v1/achievements/{id}/award-rule']) {
      expect(Object.keys(doc.paths), p).toContain(p);
    }
    expect(Object.keys(doc.paths['/api/v1/attempts/submit']!.post!.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404', '409', '410']));
  });
});
