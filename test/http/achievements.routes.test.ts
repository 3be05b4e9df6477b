import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signUpIssuer, type Client, type TestApp } from '../helpers/app.ts';

function png(): Buffer {
  const p = new PNG({ width: 8, height: 8 });
  p.data.fill(90);
  return PNG.sync.write(p);
}
const base = { name: 'Data Basics', description: 'Cleans and charts data.', criteriaNarrative: 'Pass the quiz.' };

function multipart(field: string, filename: string, type: string, bytes: Buffer, extra: Record<string, string> = {}) {
  const boundary = 'mcBoundary42';
  const parts = [
    ...Object.entries(extra).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`),
  ];
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('micro-credential API', () => {
  let t: TestApp;
  let a: Client;
  let b: Client;
  const as = (c: Client, headers: Record<string, string> = {}) => ({ cookies: { mc_session: c.cookie }, headers: { 'x-csrf-token': c.csrf, ...headers } });
  beforeAll(async () => {
    t = await buildTestApp();
    a = await signUpIssuer(t, { org: 'University A' });
    b = await signUpIssuer(t, { org: 'College B' });
  });
  afterAll(async () => { await t.close(); });

  async function create(payload: object = base) {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/achievements', ...as(a), payload });
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  }

  it('creates with defaults, edits in place until issued, and serves the OB JSON-LD at its id', async () => {
    const m = await create({ ...base, tags: ['data'], validityMonths: 24, creditsAvailable: 2 });
    expect(m).toMatchObject({ currentVersion: 1, achievementType: 'MicroCredential', validityMonths: 24, image: { generated: true, mediaType: 'image/svg+xml' } });
    const p = await t.app.inject({ method: 'PATCH', url: `/api/v1/achievements/${m.id}`, ...as(a), payload: { name: 'Data Basics I', level: 'Intermediate' } });
    expect(p.json()).toMatchObject({ currentVersion: 1, newVersion: false, name: 'Data Basics I', level: 'Intermediate' });
    const never = await t.app.inject({ method: 'PATCH', url: `/api/v1/achievements/${m.id}`, ...as(a), payload: { validityMonths: null } });
    expect(never.json()).toMatchObject({ validityMonths: null, creditsAvailable: 2 });
    const ld = await t.app.inject({ url: `/achievements/${m.id}`, headers: { accept: 'application/ld+json' } });
    expect(ld.statusCode).toBe(200);
    expect(ld.json()).toMatchObject({ id: m.url, type: ['Achievement'], name: 'Data Basics I', version: '1', criteria: { id: `${m.url}/criteria` }, tag: ['data', 'Level: Intermediate'] });
    const htmlPage = await t.app.inject({ url: `/achievements/${m.id}`, headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(htmlPage.headers['content-type']).toMatch(/text\/html/);
    expect(htmlPage.body).toContain('Data Basics I');
    expect(htmlPage.body).toContain('application/ld+json');
    expect(htmlPage.body).not.toMatch(/<script(?! type="application\/ld\+json")/);
    const criteria = await t.app.inject({ url: `/achievements/${m.id}/criteria` });
    expect(criteria.statusCode).toBe(200);
    expect(criteria.body).toContain('Pass the quiz.');
    const img = await t.app.inject({ url: `/achievements/${m.id}/image` });
    expect(img.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(img.headers['content-security-policy']).toMatch(/default-src 'none'/);
  });

  it('uploads a PNG badge as multipart, raw body or JSON base64, and resets to the default', async () => {
    const m = await create();
    const mp = multipart('image', 'badge.png', 'image/png', png(), { caption: 'A blue badge' });
    const up = await t.app.inject({ method: 'PUT', url: `/api/v1/achievements/${m.id}/image`, ...as(a, { 'content-type': mp.contentType }), payload: mp.payload });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().image).toMatchObject({ mediaType: 'image/png', generated: false, caption: 'A blue badge' });
    const served = await t.app.inject({ url: `/achievements/${m.id}/versions/1/image` });
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(png())).toBe(true);
    const raw = await t.app.inject({ method: 'PUT', url: `/api/v1/achievements/${m.id}/image`, ...as(a, { 'content-type': 'image/svg+xml' }), payload: '<svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>' });
    expect(raw.json().image.mediaType).toBe('image/svg+xml');
    const json = await t.app.inject({ method: 'PATCH', url: `/api/v1/achievements/${m.id}`, ...as(a), payload: { image: { data: png().toString('base64'), filename: 'b.png' } } });
    expect(json.json().image.mediaType).toBe('image/png');
    const reset = await t.app.inject({ method: 'DELETE', url: `/api/v1/achievements/${m.id}/image`, ...as(a) });
    expect(reset.json().image.generated).toBe(true);
  });

  it('refuses bad images with 400 image_invalid on the image field', async () => {
    const m = await create();
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...new Array(100).fill(7)]);
    const cases = [
      multipart('image', 'photo.png', 'image/png', jpeg),
      multipart('image', 'big.png', 'image/png', Buffer.concat([png(), Buffer.alloc(600 * 1024)])),
      multipart('image', 'evil.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')),
    ];
    const messages = [];
    for (const c of cases) {
      const r = await t.app.inject({ method: 'PUT', url: `/api/v1/achievements/${m.id}/image`, ...as(a, { 'content-type': c.contentType }), payload: c.payload });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error).toMatchObject({ code: 'image_invalid', field: 'image' });
      messages.push(r.json().error.message);
    }
    expect(messages[0]).toMatch(/JPEG/);
    expect(messages[1]).toMatch(/512 KB/);
    expect(messages[2]).toMatch(/script/);
    const rawBig = await t.app.inject({ method: 'PUT', url: `/api/v1/achievements/${m.id}/image`, ...as(a, { 'content-type': 'image/png' }), payload: Buffer.concat([png(), Buffer.alloc(700 * 1024)]) });
    expect(rawBig.json().error).toMatchObject({ code: 'image_invalid', field: 'image', message: 'The image is 701 KB; the limit is 512 KB.' });
    const b64 = await t.app.inject({ method: 'PATCH', url: `/api/v1/achievements/${m.id}`, ...as(a), payload: { image: { data: '***' } } });
    expect(b64.json().error).toMatchObject({ code: 'validation_failed', field: 'image.data' });
    expect((await t.app.inject({ url: `/api/v1/achievements/${m.id}`, ...as(a) })).json().image.generated).toBe(true);
  });

  it('answers 400 naming the field for missing fields, wrong types and oversized values', async () => {
    const cases: [object, string][] = [
      [{ description: 'd', criteriaNarrative: 'c' }, 'name'],
      [{ ...base, validityMonths: 'soon' }, 'validityMonths'],
      [{ ...base, validityMonths: 0 }, 'validityMonths'],
      [{ ...base, creditsAvailable: -2 }, 'creditsAvailable'],
      [{ ...base, achievementType: 'Trophy' }, 'achievementType'],
      [{ ...base, competencyIds: ['nope'] }, 'competencyIds'],
      [{ ...base, criteriaNarrative: 'x'.repeat(20_001) }, 'criteriaNarrative'],
      [{ ...base, tags: Array.from({ length: 31 }, (_, i) => `t${i}`) }, 'tags'],
      [{ ...base, resultDescriptions: [{ name: 'Quiz', resultType: 'Score' }] }, 'resultDescriptions[0].resultType'],
      [{ ...base, resultDescriptions: [{ resultType: 'Percent' }] }, 'resultDescriptions.0.name'],
    ];
    for (const [payload, field] of cases) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/achievements', ...as(a), payload });
      expect(r.statusCode, JSON.stringify(payload).slice(90, 300)).toBe(400);
      expect(r.json().error.field, r.body.slice(0, 300)).toBe(field);
    }
    const huge = await t.app.inject({ method: 'POST', url: '/api/v1/achievements', ...as(a), payload: { ...base, description: 'x'.repeat(3_000_000) } });
    expect(huge.statusCode).toBe(413);
  });

  it('versions an issued micro-credential and sets result descriptions', async () => {
    const m = await create();
    await t.services.deps.db.insertInto('learners').values({ id: 'l1', organization_id: await orgOf(m.id), email: 'l@example.org', name: null, user_id: null, created_at: '2026-12-04T20:00:00.000Z' }).execute();
    await t.services.deps.db.insertInto('credentials').values({
      id: 'c1', organization_id: await orgOf(m.id), achievement_id: m.id, achievement_version: 1, learner_id: 'l1', recipient_email: 'l@example.org', recipient_name: null,
      verification_code: 'X', status_list_id: 's', status_index: 1, source: 'single', issued_at: '2026-12-04T20:00:00.000Z', valid_from: '2026-12-04T20:00:00.000Z',
      valid_until: null, revoked_at: null, revocation_reason: null, suspended_at: null, suspension_reason: null, claimed_at: null, code_disabled_at: null, credits: null,
      document: '{}', created_by: null, batch_key: null,
    }).execute();
    const rd = await t.app.inject({ method: 'PUT', url: `/api/v1/achievements/${m.id}/result-descriptions`, ...as(a), payload: [{ name: 'Final quiz', resultType: 'Percent', requiredValue: '70' }] });
    expect(rd.statusCode, rd.body).toBe(200);
    expect(rd.json()).toMatchObject({ currentVersion: 2, resultDescriptions: [{ name: 'Final quiz', id: expect.stringMatching(/^urn:uuid:/) }] });
    const versions = (await t.app.inject({ url: `/api/v1/achievements/${m.id}/versions`, ...as(a) })).json();
    expect(versions.map((v: { version: number; issuedCount: number }) => [v.version, v.issuedCount])).toEqual([[2, 0], [1, 1]]);
    expect((await t.app.inject({ url: `/achievements/${m.id}/versions/1`, headers: { accept: 'application/json' } })).json().resultDescription).toBeUndefined();
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/achievements/${m.id}`, ...as(a) });
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe('achievement_issued');
    const arch = await t.app.inject({ method: 'POST', url: `/api/v1/achievements/${m.id}/archive`, ...as(a) });
    expect(arch.json().status).toBe('archived');
  });

  async function orgOf(id: string): Promise<string> {
    return (await t.services.deps.db.selectFrom('achievements').select('organization_id').where('id', '=', id).executeTakeFirstOrThrow()).organization_id;
  }

  it('keeps organizations apart on every route', async () => {
    const m = await create();
    const mp = multipart('image', 'badge.png', 'image/png', png());
    for (const [method, url, payload, ct] of [
      ['GET', `/api/v1/achievements/${m.id}`], ['PATCH', `/api/v1/achievements/${m.id}`, { name: 'Mine' }], ['DELETE', `/api/v1/achievements/${m.id}`],
      ['PUT', `/api/v1/achievements/${m.id}/image`, mp.payload, mp.contentType], ['DELETE', `/api/v1/achievements/${m.id}/image`],
      ['PUT', `/api/v1/achievements/${m.id}/result-descriptions`, []], ['POST', `/api/v1/achievements/${m.id}/archive`],
      ['POST', `/api/v1/achievements/${m.id}/restore`], ['GET', `/api/v1/achievements/${m.id}/versions`],
    ] as const) {
      const r = await t.app.inject({ method, url, ...as(b, ct ? { 'content-type': ct } : {}), ...(payload ? { payload: payload as never } : {}) });
      expect(r.statusCode, `${method} ${url} ${r.body.slice(0, 200)}`).toBe(404);
    }
    expect((await t.app.inject({ url: '/api/v1/achievements', ...as(b) })).json()).toEqual([]);
    expect((await t.app.inject({ url: `/api/v1/achievements/${m.id}`, ...as(a) })).json().name).toBe('Data Basics');
  });
});
