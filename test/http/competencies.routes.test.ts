import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createApiToken, signUpIssuer, type Client, type TestApp } from '../helpers/app.ts';

const HEADER = 'framework,code,name,description,alignment_url,alignment_code,alignment_framework';

describe('competency API', () => {
  let t: TestApp;
  let a: Client;
  let b: Client;
  const as = (c: Client) => ({ cookies: { mc_session: c.cookie }, headers: { 'x-csrf-token': c.csrf } });
  beforeAll(async () => {
    t = await buildTestApp();
    a = await signUpIssuer(t, { org: 'University A' });
    b = await signUpIssuer(t, { org: 'College B' });
  });
  afterAll(async () => { await t.close(); });

  async function framework(name: string) {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/competency-frameworks', ...as(a), payload: { name } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { id: string };
  }

  it('creates, reads, replaces and deletes competencies', async () => {
    const fw = await framework('Data Skills');
    const created = await t.app.inject({
      method: 'POST', url: '/api/v1/competencies', ...as(a),
      payload: { frameworkId: fw.id, code: 'DS-1', name: 'Clean data', alignments: [{ targetUrl: 'http://data.europa.eu/esco/skill/abc', targetFramework: 'ESCO', targetCode: 'abc' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ code: 'DS-1', frameworkName: 'Data Skills', url: `http://localhost:3000/competencies/${c.id}`, alignments: [{ targetName: 'Clean data', targetFramework: 'ESCO' }] });
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/competencies/${c.id}`, ...as(a), payload: { code: 'DS-01', name: 'Clean data well' } });
    expect(put.json()).toMatchObject({ code: 'DS-01', alignments: [] });
    const list = await t.app.inject({ url: `/api/v1/competencies?frameworkId=${fw.id}`, ...as(a) });
    expect(list.json().map((x: { code: string }) => x.code)).toEqual(['DS-01']);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/competencies/${c.id}`, ...as(a) });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/competencies/${c.id}`, ...as(a) })).statusCode).toBe(404);
  });

  it('answers 400 with the field for wrong types, missing fields and oversized values', async () => {
    const fw = await framework('Checks');
    const cases: [unknown, string][] = [
      [{ frameworkId: fw.id, name: 'No code' }, 'code'],
      [{ frameworkId: fw.id, code: { x: 1 }, name: 'Object code' }, 'code'],
      [{ frameworkId: fw.id, code: 'X', name: ['a', 'b'] }, 'name'],
      [{ frameworkId: fw.id, code: 'X', name: 'x'.repeat(201) }, 'name'],
      [{ frameworkId: fw.id, code: 'X', name: 'Bad URL', alignments: [{ targetUrl: 'javascript:alert(1)' }] }, 'alignments[0].targetUrl'],
      [{ frameworkId: fw.id, code: 'X', name: 'Bad type', alignments: [{ targetUrl: 'https://x.example', targetType: 'Skill' }] }, 'alignments[0].targetType'],
      [{ frameworkId: fw.id, code: 'X', name: 'List', alignments: 'nope' }, 'alignments'],
    ];
    for (const [payload, field] of cases) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/competencies', ...as(a), payload: payload as object });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.json().error.code).toBe('validation_failed');
      expect(r.json().error.field).toBe(field);
    }
    const dup = await t.app.inject({ method: 'POST', url: '/api/v1/competency-frameworks', ...as(a), payload: { name: 'checks' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'framework_name_taken', field: 'name' });
    const huge = await t.app.inject({ method: 'POST', url: '/api/v1/competency-frameworks', ...as(a), payload: { name: 'x', description: 'y'.repeat(2_000_000) } });
    expect(huge.statusCode).toBe(413);
    const notJson = await t.app.inject({ method: 'POST', url: '/api/v1/competency-frameworks', ...as(a), headers: { 'x-csrf-token': a.csrf, 'content-type': 'application/json' }, payload: '{"name":' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('malformed_json');
  });

  it('imports CSV sent as text/csv or multipart; a bad row writes nothing and names row and column', async () => {
    const good = `${HEADER}\nImported,IM-1,First,,https://esco.example/1,1,ESCO\nImported,IM-2,Second,,,,\n`;
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/competencies/import', ...as(a), headers: { 'x-csrf-token': a.csrf, 'content-type': 'text/csv' }, payload: good });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ created: 2, updated: 0, unchanged: 0, frameworksCreated: 1, rows: 2 });

    const bad = `${HEADER}\nFresh,F-1,Fine,,,,\nFresh,F-2,,,,,\nFresh,F-3,Link,,ftp://x,,\n`;
    const boundary = 'XyZ';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\nContent-Type: text/csv\r\n\r\n${bad}\r\n--${boundary}--\r\n`;
    const m = await t.app.inject({ method: 'POST', url: '/api/v1/competencies/import', ...as(a), headers: { 'x-csrf-token': a.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    expect(m.statusCode).toBe(400);
    const err = m.json().error;
    expect(err.code).toBe('csv_invalid');
    expect(err.details.rows).toEqual([
      { row: 3, column: 'name', message: 'name is required.' },
      { row: 4, column: 'alignment_url', message: expect.stringMatching(/http\(s\) URL/) },
    ]);
    const fws = (await t.app.inject({ url: '/api/v1/competency-frameworks', ...as(a) })).json();
    expect(fws.map((f: { name: string }) => f.name)).not.toContain('Fresh');
    const wrongType = await t.app.inject({ method: 'POST', url: '/api/v1/competencies/import', ...as(a), headers: { 'x-csrf-token': a.csrf, 'content-type': 'application/xml' }, payload: '<x/>' });
    expect(wrongType.statusCode).toBe(415);
  });

  it('keeps organizations apart and checks permissions and tokens', async () => {
    const fw = await framework('Private');
    const c = (await t.app.inject({ method: 'POST', url: '/api/v1/competencies', ...as(a), payload: { frameworkId: fw.id, code: 'P-1', name: 'Private' } })).json();
    for (const [method, url, payload] of [
      ['GET', `/api/v1/competencies/${c.id}`], ['PUT', `/api/v1/competencies/${c.id}`, { code: 'X', name: 'X' }], ['DELETE', `/api/v1/competencies/${c.id}`],
      ['GET', `/api/v1/competency-frameworks/${fw.id}`], ['PATCH', `/api/v1/competency-frameworks/${fw.id}`, { name: 'Mine' }], ['DELETE', `/api/v1/competency-frameworks/${fw.id}`],
      ['POST', '/api/v1/competencies', { frameworkId: fw.id, code: 'B', name: 'B' }],
    ] as const) {
      const r = await t.app.inject({ method, url, ...as(b), ...(payload ? { payload } : {}) });
      expect(r.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await t.app.inject({ url: '/api/v1/competencies', ...as(b) })).json()).toEqual([]);
    expect((await t.app.inject({ url: '/api/v1/competencies' })).statusCode).toBe(401);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/v1/competency-frameworks', cookies: { mc_session: a.cookie }, payload: { name: 'No CSRF' } });
    expect(noCsrf.statusCode).toBe(403);
    const token = await createApiToken(t, a, ['achievements:write']);
    const tr = await t.app.inject({ method: 'POST', url: '/api/v1/competency-frameworks', headers: { authorization: `Bearer ${token}` }, payload: { name: 'By token' } });
    expect(tr.statusCode).toBe(403);
    expect(tr.json().error.code).toBe('token_scope_missing');
    const ok = await createApiToken(t, a, ['competencies:write']);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/competency-frameworks', headers: { authorization: `Bearer ${ok}` }, payload: { name: 'By token' } })).statusCode).toBe(201);
  });

  it('serves the public competency page as HTML and JSON-LD', async () => {
    const fw = await framework('Public');
    const c = (await t.app.inject({ method: 'POST', url: '/api/v1/competencies', ...as(a), payload: { frameworkId: fw.id, code: 'PB-1', name: 'Public <skill>' } })).json();
    const page = await t.app.inject({ url: `/competencies/${c.id}`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('Public &lt;skill&gt;');
    const ld = await t.app.inject({ url: `/competencies/${c.id}`, headers: { accept: 'application/ld+json' } });
    expect(ld.headers['content-type']).toMatch(/application\/ld\+json/);
    expect(ld.json()).toMatchObject({ id: `http://localhost:3000/competencies/${c.id}`, achievementType: 'Competency', humanCode: 'PB-1' });
    expect((await t.app.inject({ url: '/competencies/nope', headers: { accept: 'application/json' } })).statusCode).toBe(404);
  });
});
