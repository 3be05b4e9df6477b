import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import { CompetencyService } from '../../src/services/competency.service.ts';
import { DIALECTS, freshDatabase } from '../helpers/db.ts';
import { assessorA, issuerA, issuerB, PUBLIC_URL, seedOrganizations, testClock } from './catalog-fixtures.ts';

const HEADER = 'framework,code,name,description,alignment_url,alignment_code,alignment_framework';

async function code(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) { if (e instanceof AppError) return e.code; throw e; }
  return 'ok';
}

describe.each(DIALECTS)('CompetencyService on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof freshDatabase>>;
  let svc: CompetencyService;
  beforeEach(async () => {
    h = await freshDatabase(dialect);
    await seedOrganizations(h);
    svc = new CompetencyService({ db: h.db, clock: testClock(), publicUrl: PUBLIC_URL });
  });
  afterEach(async () => { await h.close(); });

  it('creates frameworks and competencies with external alignments, lists and edits them', async () => {
    const fw = await svc.createFramework(issuerA, { name: 'Data Skills', description: 'Working with data' });
    const c = await svc.createCompetency(issuerA, {
      frameworkId: fw.id, code: 'DS-1', name: 'Clean data', description: 'Remove errors',
      alignments: [{ targetUrl: 'http://data.europa.eu/esco/skill/abc', targetCode: 'abc', targetFramework: 'ESCO', targetType: 'ceasn:Competency' }],
    });
    expect(c).toMatchObject({ code: 'DS-1', frameworkName: 'Data Skills', alignments: [{ targetName: 'Clean data', targetFramework: 'ESCO', targetCode: 'abc' }] });
    expect((await svc.listFrameworks(issuerA))[0]).toMatchObject({ name: 'Data Skills', competencyCount: 1 });
    const edited = await svc.updateCompetency(issuerA, c.id, { code: 'DS-01', name: 'Clean data well', alignments: [] });
    expect(edited).toMatchObject({ code: 'DS-01', name: 'Clean data well', description: null, alignments: [] });
    expect((await svc.listCompetencies(issuerA, { q: 'WELL' })).map((x) => x.id)).toEqual([c.id]);
    expect(await svc.listCompetencies(issuerA, { q: '100%_' })).toEqual([]);
    const audit = await h.db.selectFrom('audit_log').select('action').where('organization_id', '=', issuerA.organizationId!).orderBy('created_at').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['competency.create', 'competency.update', 'framework.create']);
  });

  it('refuses a duplicate code in one framework and a duplicate framework name, naming the field', async () => {
    const fw = await svc.createFramework(issuerA, { name: 'Data Skills' });
    await svc.createCompetency(issuerA, { frameworkId: fw.id, code: 'DS-1', name: 'A' });
    await expect(svc.createCompetency(issuerA, { frameworkId: fw.id, code: 'DS-1', name: 'B' })).rejects.toMatchObject({ code: 'competency_code_taken', field: 'code' });
    await expect(svc.createFramework(issuerA, { name: 'data skills' })).rejects.toMatchObject({ code: 'framework_name_taken', field: 'name' });
    await expect(svc.createCompetency(issuerA, { frameworkId: fw.id, code: '', name: '', alignments: [{ targetUrl: 'ftp://x' }] }))
      .rejects.toMatchObject({ code: 'validation_failed', issues: [{ field: 'code' }, { field: 'name' }, { field: 'alignments[0].targetUrl' }, { field: 'alignments[0].targetName' }] });
  });

  it('keeps tenants apart: another organization gets not found and sees nothing', async () => {
    const fw = await svc.createFramework(issuerA, { name: 'Data Skills' });
    const c = await svc.createCompetency(issuerA, { frameworkId: fw.id, code: 'DS-1', name: 'Clean data' });
    expect(await code(svc.getCompetency(issuerB, c.id))).toBe('competency_not_found');
    expect(await code(svc.updateCompetency(issuerB, c.id, { code: 'X', name: 'X' }))).toBe('competency_not_found');
    expect(await code(svc.deleteCompetency(issuerB, c.id))).toBe('competency_not_found');
    expect(await code(svc.getFramework(issuerB, fw.id))).toBe('framework_not_found');
    expect(await code(svc.updateFramework(issuerB, fw.id, { name: 'Mine' }))).toBe('framework_not_found');
    expect(await code(svc.deleteFramework(issuerB, fw.id))).toBe('framework_not_found');
    expect(await code(svc.createCompetency(issuerB, { frameworkId: fw.id, code: 'B1', name: 'Sneaky' }))).toBe('framework_not_found');
    expect(await svc.listCompetencies(issuerB)).toEqual([]);
    expect(await svc.listFrameworks(issuerB)).toEqual([]);
    expect((await svc.getCompetency(issuerA, c.id)).name).toBe('Clean data');
  });

  it('requires the competencies:write permission to change anything', async () => {
    expect(await code(svc.createFramework(assessorA, { name: 'X' }))).toBe('forbidden');
    expect(await code(svc.importCsv(assessorA, `${HEADER}\nA,B,C,,,,\n`))).toBe('forbidden');
    expect(await code(svc.listFrameworks({ scopes: [] }))).toBe('unauthenticated');
    const token = { tokenId: 't1', organizationId: issuerA.organizationId, scopes: ['achievements:write'] };
    expect(await code(svc.createFramework(token, { name: 'X' }))).toBe('token_scope_missing');
    expect(await svc.listFrameworks(token)).toEqual([]);
  });

  it('imports a CSV in one go, creating frameworks, merging repeated rows, updating on re-import', async () => {
    const csv = [
      HEADER,
      'Data Skills,DS-1,Clean data,Remove errors,http://data.europa.eu/esco/skill/abc,abc,ESCO',
      'Data Skills,DS-1,Clean data,,https://www.onetonline.org/link/summary/15-2051.00,15-2051.00,O*NET',
      '"Safety, Health",S-1,"First aid, basic",,,,',
    ].join('\r\n');
    expect(await svc.importCsv(issuerA, csv)).toEqual({ created: 2, updated: 0, unchanged: 0, frameworksCreated: 2, rows: 3 });
    const all = await svc.listCompetencies(issuerA);
    expect(all.map((c) => [c.frameworkName, c.code, c.name, c.alignments.length])).toEqual([
      ['Data Skills', 'DS-1', 'Clean data', 2], ['Safety, Health', 'S-1', 'First aid, basic', 0],
    ]);
    expect(await svc.importCsv(issuerA, `${HEADER}\ndata skills,DS-1,Clean data (v2),,http://data.europa.eu/esco/skill/abc,abc,ESCO\n`))
      .toEqual({ created: 0, updated: 1, unchanged: 0, frameworksCreated: 0, rows: 1 });
    expect(await svc.importCsv(issuerA, `${HEADER}\nData Skills,DS-1,Clean data (v2),,https://esco.example/new,n,ESCO\n`))
      .toEqual({ created: 0, updated: 0, unchanged: 1, frameworksCreated: 0, rows: 1 });
    const ds1 = (await svc.listCompetencies(issuerA, { q: 'DS-1' }))[0]!;
    expect(ds1).toMatchObject({ name: 'Clean data (v2)', description: 'Remove errors' });
    expect(ds1.alignments).toHaveLength(3);
  });

  it('writes nothing when any row of a CSV fails, and reports each row and column', async () => {
    const csv = [HEADER, 'Data,D1,Fine,,,,', 'Data,D2,Bad link,,www.esco,,ESCO', 'Data,,No code,,,,'].join('\n');
    const err = await svc.importCsv(issuerA, csv).then(() => null, (e: AppError) => e);
    expect(err?.code).toBe('csv_invalid');
    expect(err?.issues.map((i) => i.field)).toEqual(['row 3: alignment_url', 'row 4: code']);
    expect(await svc.listFrameworks(issuerA)).toEqual([]);
    expect(await svc.listCompetencies(issuerA)).toEqual([]);
    const audit = await h.db.selectFrom('audit_log').selectAll().execute();
    expect(audit).toEqual([]);
  });

  it('serves a public competency as an OB Achievement of type Competency', async () => {
    const fw = await svc.createFramework(issuerA, { name: 'Data Skills' });
    const c = await svc.createCompetency(issuerA, { frameworkId: fw.id, code: 'DS-1', name: 'Clean data', alignments: [{ targetUrl: 'https://case.example/CFItem/1', targetType: 'CFItem', targetFramework: 'CASE' }] });
    const pub = await svc.getPublicCompetency(c.id);
    expect(pub.document).toMatchObject({ id: `${PUBLIC_URL}/competencies/${c.id}`, achievementType: 'Competency', humanCode: 'DS-1', alignment: [{ targetType: 'CFItem' }] });
    expect(await code(svc.getPublicCompetency('nope'))).toBe('competency_not_found');
  });
});
