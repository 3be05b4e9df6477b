import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, postForm, signUpIssuer, type Client, type TestApp } from '../helpers/app.ts';

function multipartBody(fields: [string, string][], file?: { name: string; filename: string; type: string; bytes: Buffer }) {
  const boundary = 'pageBoundary7';
  const parts: Buffer[] = fields.map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('catalog pages', () => {
  let t: TestApp;
  let a: Client;
  let b: Client;
  beforeAll(async () => {
    t = await buildTestApp();
    a = await signUpIssuer(t, { org: 'University A' });
    b = await signUpIssuer(t, { org: 'College B' });
  });
  afterAll(async () => { await t.close(); });
  const get = (c: Client, url: string) => t.app.inject({ url, cookies: { mc_session: c.cookie } });

  it('creates a framework and a competency through the forms, re-showing errors next to their fields', async () => {
    const fw = await postForm(t, a, '/catalog/frameworks/new', { name: 'Data Skills', description: 'Working with data' });
    expect(fw.statusCode).toBe(303);
    const frameworkId = /framework=([0-9a-f-]+)/.exec(fw.headers.location as string)![1]!;
    const bad = await postForm(t, a, '/catalog/competencies/new', { frameworkId, code: '', name: 'Clean data', al_url: ['not a url', ''], al_framework: ['ESCO', ''], al_code: ['', ''], al_name: ['', ''], al_type: ['', ''] });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('Code is required.');
    expect(bad.body).toContain('Alignment 1: target URL must be an http(s) URL');
    expect(bad.body).toMatch(/id="f-alignments-0--targetUrl"[^>]*aria-invalid="true"/);
    const ok = await postForm(t, a, '/catalog/competencies/new', { frameworkId, code: 'DS-1', name: 'Clean data', al_url: ['http://data.europa.eu/esco/skill/abc', ''], al_framework: ['ESCO', ''], al_code: ['abc', ''], al_name: ['', ''], al_type: ['ceasn:Competency', ''] });
    expect(ok.statusCode, ok.body.slice(0, 500)).toBe(303);
    const list = await get(a, '/catalog/competencies');
    expect(list.body).toContain('Clean data');
    expect(list.body).toContain('>ESCO abc</a>');
    expect((await get(b, '/catalog/competencies')).body).not.toContain('Clean data');
  });

  it('imports a CSV from the page and lists every bad row in a table, importing nothing', async () => {
    const csv = 'framework,code,name,description,alignment_url,alignment_code,alignment_framework\nPaged,P-1,Good,,,,\nPaged,,Missing code,,,,\nPaged,P-3,,,,,\n';
    const mp = multipartBody([['csv', '']], { name: 'file', filename: 'c.csv', type: 'text/csv', bytes: Buffer.from(csv) });
    const r = await t.app.inject({ method: 'POST', url: `/catalog/competencies/import?_csrf=${a.csrf}`, cookies: { mc_session: a.cookie }, ...mp });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Nothing was imported');
    expect(r.body).toMatch(/<td>3<\/td><td><code>code<\/code><\/td><td>code is required.<\/td>/);
    expect(r.body).toMatch(/<td>4<\/td><td><code>name<\/code><\/td>/);
    expect((await get(a, '/catalog/competencies')).body).not.toContain('Paged');
    const pasted = await postForm(t, a, '/catalog/competencies/import', { csv: csv.split('\n').slice(0, 2).join('\n') });
    expect(pasted.statusCode).toBe(303);
    expect((await get(a, '/catalog/competencies')).body).toContain('Paged');
    const noCsrf = await t.app.inject({ method: 'POST', url: '/catalog/competencies/import', cookies: { mc_session: a.cookie }, ...mp });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('creates and edits a micro-credential with an image, competencies and a result description', async () => {
    const comps = await t.services.competencies.listCompetencies({ userId: a.userId, organizationId: (await t.services.sessions.resolve(a.cookie))!.auth.organizationId, role: 'owner', scopes: [] });
    const p = new PNG({ width: 8, height: 8 }); p.data.fill(30);
    const fields: [string, string][] = [
      ['name', 'Data Basics'], ['description', 'Cleans data.'], ['criteriaNarrative', 'Pass the *quiz*.'], ['achievementType', 'MicroCredential'],
      ['creditsAvailable', '2'], ['level', 'Intro'], ['validityMonths', '24'], ['tags', 'data, excel'], ['competencyIds', comps[0]!.id],
      ['rd_id', ''], ['rd_name', 'Final quiz'], ['rd_type', 'Percent'], ['rd_min', '0'], ['rd_max', '100'], ['rd_allowed', ''], ['rd_required', '70'], ['rd_levels', ''], ['rd_required_level', ''],
    ];
    const bad = await t.app.inject({ method: 'POST', url: `/catalog/micro-credentials/new?_csrf=${a.csrf}`, cookies: { mc_session: a.cookie }, ...multipartBody(fields, { name: 'image', filename: 'x.png', type: 'image/png', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('JPEG');
    expect(bad.body).toContain('value="Data Basics"');
    const ok = await t.app.inject({ method: 'POST', url: `/catalog/micro-credentials/new?_csrf=${a.csrf}`, cookies: { mc_session: a.cookie }, ...multipartBody(fields, { name: 'image', filename: 'b.png', type: 'image/png', bytes: PNG.sync.write(p) }) });
    expect(ok.statusCode, ok.body.slice(0, 800)).toBe(303);
    const editUrl = ok.headers.location as string;
    const edit = await get(a, editUrl);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('value="Final quiz"');
    expect(edit.body).toMatch(/<input type="checkbox"[^>]*value="[^"]+" checked/);
    const id = /micro-credentials\/([^/]+)\/edit/.exec(editUrl)![1]!;
    const m = await t.services.achievements.get((await t.services.sessions.resolve(a.cookie))!.auth, id);
    expect(m.definition).toMatchObject({ validityMonths: 24, creditsAvailable: 2, level: 'Intro', tags: ['data', 'excel'], image: { mediaType: 'image/png' } });
    const rdId = m.definition.resultDescriptions[0]!.id;
    const renamed = fields.map(([k, v]): [string, string] => (k === 'name' ? [k, 'Data Basics II'] : k === 'rd_id' ? [k, rdId] : [k, v]));
    const saved = await t.app.inject({ method: 'POST', url: `${editUrl}?_csrf=${a.csrf}`, cookies: { mc_session: a.cookie }, ...multipartBody(renamed) });
    expect(saved.statusCode).toBe(303);
    const after = await t.services.achievements.get((await t.services.sessions.resolve(a.cookie))!.auth, id);
    expect(after.definition.name).toBe('Data Basics II');
    expect(after.definition.resultDescriptions[0]!.id).toBe(rdId);
    expect(after.definition.image.mediaType).toBe('image/png');
    expect((await get(a, '/catalog/micro-credentials')).body).toContain('Data Basics II');
    expect((await get(b, editUrl)).statusCode).toBe(404);
    const pub = await t.app.inject({ url: `/achievements/${id}`, headers: { accept: 'text/html' } });
    expect(pub.body).toContain('Expires 2 years after it is awarded');
    expect(pub.body).toContain('Final quiz');
  });
});
