import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import { AchievementPublicService } from '../../src/services/achievement-public.service.ts';
import { AchievementService } from '../../src/services/achievement.service.ts';
import { CompetencyService } from '../../src/services/competency.service.ts';
import { DIALECTS, freshDatabase } from '../helpers/db.ts';
import { recordingHandle } from '../helpers/query-log.ts';
import { issuerA, issuerB, ORG_A, pngBytes, PUBLIC_URL, recordIssuedCredential, seedOrganizations, testClock } from './catalog-fixtures.ts';

const base = { name: 'Data Basics', description: 'Cleans and charts data.', criteriaNarrative: 'Pass the quiz with **70%**.' };

async function code(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) { if (e instanceof AppError) return e.code; throw e; }
  return 'ok';
}

describe.each(DIALECTS)('AchievementService on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof freshDatabase>>;
  let svc: AchievementService;
  let pub: AchievementPublicService;
  let competencies: CompetencyService;
  const clock = testClock();
  beforeEach(async () => {
    h = await freshDatabase(dialect);
    await seedOrganizations(h);
    const endorsements = { acceptedEndorsements: async () => [] };
    svc = new AchievementService({ db: h.db, clock, publicUrl: PUBLIC_URL, endorsements });
    pub = new AchievementPublicService({ db: h.db, publicUrl: PUBLIC_URL, endorsements });
    competencies = new CompetencyService({ db: h.db, clock, publicUrl: PUBLIC_URL });
  });
  afterEach(async () => { await h.close(); });

  it('creates a micro-credential with a generated badge and aligned competencies', async () => {
    const fw = await competencies.createFramework(issuerA, { name: 'Data Skills' });
    const c = await competencies.createCompetency(issuerA, { frameworkId: fw.id, code: 'DS-1', name: 'Clean data', alignments: [{ targetUrl: 'http://data.europa.eu/esco/skill/abc', targetFramework: 'ESCO' }] });
    const m = await svc.create(issuerA, { ...base, competencyIds: [c.id], validityMonths: 24 });
    expect(m).toMatchObject({ currentVersion: 1, status: 'active', definition: { achievementType: 'MicroCredential', validityMonths: 24, image: { mediaType: 'image/svg+xml', generated: true } } });
    expect((await pub.getImage(m.id)).bytes.toString()).toContain('>DB</text>');
    const issuable = await svc.getAchievementForIssuance(ORG_A, m.id);
    expect(issuable).toMatchObject({ version: 1, validityMonths: 24, name: 'Data Basics' });
    expect(issuable.achievement.alignment!.map((a) => a.targetUrl)).toEqual([`${PUBLIC_URL}/competencies/${c.id}`, 'http://data.europa.eu/esco/skill/abc']);
    expect(await code(svc.create(issuerA, { ...base, competencyIds: ['not-mine'] }))).toBe('validation_failed');
    // Deleting the competency later does not block unrelated edits; the frozen version keeps its snapshot.
    await recordIssuedCredential(h, ORG_A, m.id, 1);
    await competencies.deleteCompetency(issuerA, c.id);
    const edited = await svc.update(issuerA, m.id, { name: 'Data Basics (new)' });
    expect(edited.achievement.definition.competencyIds).toEqual([]);
    expect((await pub.getPublicAchievement(m.id, 1)).content.competencies.map((x) => x.code)).toEqual(['DS-1']);
  });

  it('reads a micro-credential for issuance in one query once its version is frozen', async () => {
    const m = await svc.create(issuerA, base);
    await svc.getAchievementForIssuance(ORG_A, m.id); // the first read freezes version 1
    const recorded = recordingHandle({ ...h, close: async () => undefined });
    const counted = new AchievementService({ db: recorded.handle.db, clock, publicUrl: PUBLIC_URL, endorsements: { acceptedEndorsements: async () => [] } });
    expect(await counted.getAchievementForIssuance(ORG_A, m.id)).toMatchObject({ version: 1, name: 'Data Basics' });
    expect(recorded.queries).toHaveLength(1);
    expect(await code(counted.getAchievementForIssuance(ORG_A, 'no-such-id'))).toBe('achievement_not_found');
  });

  it('edits a never-issued micro-credential in place, and versions it once issued', async () => {
    const m = await svc.create(issuerA, base);
    expect(await svc.getAchievementDefinition(ORG_A, m.id)).toMatchObject({ name: 'Data Basics', version: 1, status: 'active' });
    const e1 = await svc.update(issuerA, m.id, { name: 'Data Basics I' });
    expect(e1).toMatchObject({ version: 1, newVersion: false });
    expect((await pub.getPublicAchievement(m.id, 1)).content.definition.name).toBe('Data Basics I');

    await recordIssuedCredential(h, ORG_A, m.id, 1);
    const e2 = await svc.update(issuerA, m.id, { name: 'Data Basics II', validityMonths: 12 });
    expect(e2).toMatchObject({ version: 2, newVersion: true });
    // The issued version is frozen; the OB id is stable and `version` carries the number.
    expect((await pub.getPublicAchievement(m.id, 1)).content.definition.name).toBe('Data Basics I');
    const e3 = await svc.update(issuerA, m.id, { description: 'Still unissued v2' });
    expect(e3).toMatchObject({ version: 2, newVersion: false });
    const v2 = await svc.getAchievementForIssuance(ORG_A, m.id);
    expect(v2.achievement).toMatchObject({ id: `${PUBLIC_URL}/achievements/${m.id}`, version: '2', name: 'Data Basics II', description: 'Still unissued v2' });
    expect(v2.validityMonths).toBe(12);
    // Issuance has read version 2 (it is frozen): an edit now makes version 3, even before the credential is stored.
    const e4 = await svc.update(issuerA, m.id, { description: 'Third' });
    expect(e4).toMatchObject({ version: 3, newVersion: true });
    expect((await pub.getPublicAchievement(m.id, 2)).content.definition.description).toBe('Still unissued v2');
    expect((await svc.getAchievementForIssuance(ORG_A, m.id)).version).toBe(3);
    expect(await svc.listVersions(issuerA, m.id)).toEqual([
      { version: 3, createdAt: expect.any(String), issuedCount: 0 }, { version: 2, createdAt: expect.any(String), issuedCount: 0 },
      { version: 1, createdAt: expect.any(String), issuedCount: 1 },
    ]);
    expect((await pub.getImage(m.id, 1)).bytes.toString()).toContain('>DB</text>');
  });

  it('regenerates a generated badge when the name changes, keeps uploads, and resets on null', async () => {
    const m = await svc.create(issuerA, base);
    const renamed = (await svc.update(issuerA, m.id, { name: 'Welding Safety' })).achievement;
    expect(renamed.definition.image.generated).toBe(true);
    expect((await pub.getImage(m.id)).bytes.toString()).toContain('>WS</text>');
    // Version 1 was never issued: rewritten in place, so its image is the new one too; the old bytes stay stored.
    expect(await h.db.selectFrom('achievement_images').select('sha256').where('achievement_id', '=', m.id).execute()).toHaveLength(2);
    const png = pngBytes();
    const uploaded = (await svc.update(issuerA, m.id, { image: { bytes: png, filename: 'b.png', declaredType: 'image/png' }, imageCaption: 'Gold hexagon' })).achievement;
    expect(uploaded.definition.image).toMatchObject({ mediaType: 'image/png', generated: false, caption: 'Gold hexagon' });
    const kept = (await svc.update(issuerA, m.id, { name: 'Welding Safety II' })).achievement;
    expect(kept.definition.image.mediaType).toBe('image/png');
    const image = await pub.getImage(m.id);
    expect(image.mediaType).toBe('image/png');
    expect(image.bytes.equals(Buffer.from(png))).toBe(true);
    const reset = (await svc.update(issuerA, m.id, { image: null })).achievement;
    expect(reset.definition.image.generated).toBe(true);
  });

  it('rejects bad images without writing anything', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Array(60).fill(1)]);
    await expect(svc.create(issuerA, { ...base, image: { bytes: jpeg, filename: 'photo.png' } })).rejects.toMatchObject({ code: 'image_invalid', field: 'image' });
    await expect(svc.create(issuerA, { ...base, image: { bytes: new Uint8Array(600 * 1024).fill(1), filename: 'big.png' } })).rejects.toMatchObject({ code: 'image_invalid', message: /limit is 512 KB/ });
    const evil = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await expect(svc.create(issuerA, { ...base, image: { bytes: evil, filename: 'x.svg' } })).rejects.toMatchObject({ code: 'image_invalid', message: /script/ });
    expect(await svc.list(issuerA)).toEqual([]);
  });

  it('sets result descriptions through the service, keeping given ids', async () => {
    const m = await svc.create(issuerA, base);
    const { achievement } = await svc.setResultDescriptions(issuerA, m.id, [
      { id: 'urn:uuid:0d5ac2c1-0000-4000-8000-000000000001', name: 'Final quiz', resultType: 'Percent', valueMin: '0', valueMax: '100', requiredValue: '70' },
      { name: 'Project: analysis', resultType: 'RubricCriterionLevel', requiredLevel: 'Proficient', rubricCriterionLevel: [{ name: 'Developing' }, { name: 'Proficient' }] },
    ]);
    const rds = achievement.definition.resultDescriptions;
    expect(rds[0]!.id).toBe('urn:uuid:0d5ac2c1-0000-4000-8000-000000000001');
    expect(rds[1]!.requiredLevel).toBe(rds[1]!.rubricCriterionLevel![1]!.id);
    expect((await svc.getAchievementForIssuance(ORG_A, m.id)).achievement.resultDescription).toHaveLength(2);
    expect(await code(svc.setResultDescriptions(issuerA, m.id, [{ name: 'x', resultType: 'Nope' } as never]))).toBe('validation_failed');
  });

  it('keeps tenants apart: another organization gets not found everywhere', async () => {
    const m = await svc.create(issuerA, base);
    expect(await code(svc.get(issuerB, m.id))).toBe('achievement_not_found');
    expect(await code(svc.update(issuerB, m.id, { name: 'Mine' }))).toBe('achievement_not_found');
    expect(await code(svc.setArchived(issuerB, m.id, true))).toBe('achievement_not_found');
    expect(await code(svc.delete(issuerB, m.id))).toBe('achievement_not_found');
    expect(await code(svc.listVersions(issuerB, m.id))).toBe('achievement_not_found');
    expect(await code(svc.getAchievementForIssuance(issuerB.organizationId!, m.id))).toBe('achievement_not_found');
    expect(await svc.list(issuerB)).toEqual([]);
    expect((await svc.get(issuerA, m.id)).definition.name).toBe('Data Basics');
  });

  it('archives (issuance refused), restores, and deletes only never-issued ones', async () => {
    const m = await svc.create(issuerA, base);
    await svc.setArchived(issuerA, m.id, true);
    expect(await code(svc.getAchievementForIssuance(ORG_A, m.id))).toBe('achievement_archived');
    expect((await pub.getPublicAchievement(m.id)).microCredential.status).toBe('archived');
    await svc.setArchived(issuerA, m.id, false);
    await recordIssuedCredential(h, ORG_A, m.id, 1);
    expect(await code(svc.delete(issuerA, m.id))).toBe('achievement_issued');
    expect((await svc.list(issuerA))[0]).toMatchObject({ id: m.id, issuedCount: 1 });
    const other = await svc.create(issuerA, { ...base, name: 'Other' });
    await svc.delete(issuerA, other.id);
    expect(await code(svc.get(issuerA, other.id))).toBe('achievement_not_found');
  });

  it('serves the public JSON-LD with issuer and endorsement slot', async () => {
    const endorsement = { '@context': [], id: 'urn:uuid:e', type: ['VerifiableCredential', 'EndorsementCredential'], name: 'Endorsed', issuer: { id: 'did:key:z', type: ['Profile'], name: 'Employer' } } as never;
    const withEndorsements = new AchievementPublicService({ db: h.db, publicUrl: PUBLIC_URL, endorsements: { acceptedEndorsements: async () => [endorsement] } });
    const m = await svc.create(issuerA, base);
    const view = await withEndorsements.getPublicAchievement(m.id);
    expect(view.issuer).toMatchObject({ name: 'University A', profileUrl: `${PUBLIC_URL}/issuers/uni-a` });
    expect(view.document['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    expect(view.endorsements).toEqual([endorsement]);
    expect(view.document.endorsement).toEqual([endorsement]);
    expect(await code(pub.getPublicAchievement(m.id, 9))).toBe('achievement_not_found');
  });
});
