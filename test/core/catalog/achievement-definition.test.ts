import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.ts';
import { normalizeResultDescriptions, validateAchievementFields, validUntilFor } from '../../../src/core/catalog/achievement-input.ts';
import { badgeImageRef, defaultBadgeFile } from '../../../src/core/catalog/badge-image.ts';
import { asJsonLd, competencyAsAchievement, toObAchievement } from '../../../src/core/catalog/ob-achievement.ts';
import type { AchievementVersionContent } from '../../../src/core/catalog/types.ts';
import { buildAchievementCredential } from '../../../src/core/ob/credential.ts';
import { checkJsonLd } from '../../../src/core/jsonld/check.ts';
import { validateOb3Credential } from '../../../src/core/schema/index.ts';

let n = 0;
const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

function issues(fn: () => unknown) {
  try { fn(); } catch (e) { expect((e as AppError).code).toBe('validation_failed'); return (e as AppError).issues; }
  throw new Error('expected validation_failed');
}

const base = { name: 'Data Basics', description: 'Cleans and charts data.', criteriaNarrative: 'Pass the **quiz**.' };

describe('validateAchievementFields', () => {
  it('fills defaults: MicroCredential, no expiry, no competencies', () => {
    expect(validateAchievementFields(base, null, newId)).toEqual({
      ...base, achievementType: 'MicroCredential', creditsAvailable: null, level: null, tags: [], fieldOfStudy: null,
      competencyIds: [], resultDescriptions: [], validityMonths: null,
    });
  });

  it('reports every field at fault at once', () => {
    const found = issues(() => validateAchievementFields({
      name: '', description: 'x'.repeat(5000), criteriaNarrative: 'ok', achievementType: 'Diploma2', creditsAvailable: -1,
      validityMonths: 1.5, tags: 'a,b', competencyIds: 'c1',
    }, null, newId));
    expect(found.map((i) => i.field)).toEqual(['name', 'description', 'achievementType', 'creditsAvailable', 'validityMonths', 'competencyIds']);
    expect(found.find((i) => i.field === 'validityMonths')!.message).toMatch(/whole number from 1 to 1200/);
  });

  it('accepts ext: types, form strings for numbers and comma-separated tags; keeps base values on edit', () => {
    const def = validateAchievementFields({ ...base, achievementType: 'ext:Nanodegree', creditsAvailable: '2.5', validityMonths: '24', tags: 'data, excel ,data' }, null, newId);
    expect(def).toMatchObject({ achievementType: 'ext:Nanodegree', creditsAvailable: 2.5, validityMonths: 24, tags: ['data', 'excel'] });
    const edited = validateAchievementFields({ name: 'Data Basics II' }, def, newId);
    expect(edited).toMatchObject({ name: 'Data Basics II', validityMonths: 24, creditsAvailable: 2.5, description: base.description });
    expect(validateAchievementFields({ validityMonths: null }, def, newId).validityMonths).toBeNull();
  });
});

describe('normalizeResultDescriptions', () => {
  it('gives ids, maps a required level given by name to its id, and validates resultType', () => {
    const [rd] = normalizeResultDescriptions([{
      name: 'Project', resultType: 'RubricCriterionLevel', requiredLevel: 'Proficient',
      rubricCriterionLevel: [{ name: 'Novice' }, { name: 'Proficient', points: '3' }],
    }], newId);
    expect(rd!.id).toMatch(/^urn:uuid:/);
    expect(rd!.requiredLevel).toBe(rd!.rubricCriterionLevel![1]!.id);
    const found = issues(() => validateAchievementFields({ ...base, resultDescriptions: [{ name: 'Quiz', resultType: 'Score' }] }, null, newId));
    expect(found[0]!.field).toBe('resultDescriptions[0].resultType');
  });

  it('keeps ids that are given, and refuses duplicates', () => {
    expect(normalizeResultDescriptions([{ id: 'urn:uuid:abc', name: 'Q', resultType: 'Percent' }], newId)[0]!.id).toBe('urn:uuid:abc');
    expect(() => normalizeResultDescriptions([{ id: 'urn:x:1', name: 'A', resultType: 'Percent' }, { id: 'urn:x:1', name: 'B', resultType: 'Percent' }], newId))
      .toThrow(/used twice/);
  });
});

describe('validUntilFor', () => {
  it('adds calendar months, clamping to the last day of the month; null means never', () => {
    expect(validUntilFor(new Date('2026-01-31T10:00:00Z'), 1)!.toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(validUntilFor(new Date('2026-12-04T20:00:00Z'), 24)!.toISOString()).toBe('2028-12-04T20:00:00.000Z');
    expect(validUntilFor(new Date('2027-11-30T00:00:00Z'), 3)!.toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(validUntilFor(new Date('2026-12-04T20:00:00Z'), null)).toBeNull();
  });
});

describe('toObAchievement', () => {
  const def = validateAchievementFields({
    ...base, level: 'Intermediate', tags: ['data'], fieldOfStudy: 'Statistics', creditsAvailable: 3, validityMonths: 24,
    resultDescriptions: [{ name: 'Final quiz', resultType: 'Percent', valueMin: '0', valueMax: '100', requiredValue: '70' }],
  }, null, newId);
  const content: AchievementVersionContent = {
    definition: { ...def, competencyIds: ['c1'], image: badgeImageRef(defaultBadgeFile('Data Basics', '#1f4e79'), true, null) },
    competencies: [{
      id: 'c1', code: 'DS-1', name: 'Clean data', description: 'Remove errors', frameworkName: 'Data Skills',
      alignments: [{ targetName: 'clean data', targetUrl: 'http://data.europa.eu/esco/skill/abc', targetCode: 'abc', targetFramework: 'ESCO', targetType: 'ceasn:Competency' }],
    }],
  };
  const ob = toObAchievement({ publicUrl: 'https://badges.example.edu/', achievementId: 'a1', version: 3, content });

  it('uses the stable public id, the version number, criteria page and versioned image', () => {
    expect(ob.id).toBe('https://badges.example.edu/achievements/a1');
    expect(ob.version).toBe('3');
    expect(ob.criteria).toEqual({ id: 'https://badges.example.edu/achievements/a1/criteria', narrative: 'Pass the **quiz**.' });
    expect(ob.image).toEqual({ id: 'https://badges.example.edu/achievements/a1/versions/3/image', type: 'Image', caption: 'Data Basics' });
    expect(ob).toMatchObject({ achievementType: 'MicroCredential', creditsAvailable: 3, fieldOfStudy: 'Statistics', tag: ['data', 'Level: Intermediate'] });
  });

  it('aligns each competency (our public page) and its external framework nodes', () => {
    expect(ob.alignment).toEqual([
      { type: ['Alignment'], targetName: 'Clean data', targetUrl: 'https://badges.example.edu/competencies/c1', targetCode: 'DS-1', targetDescription: 'Remove errors', targetFramework: 'Data Skills', targetType: 'ceasn:Competency' },
      { type: ['Alignment'], targetName: 'clean data', targetUrl: 'http://data.europa.eu/esco/skill/abc', targetCode: 'abc', targetFramework: 'ESCO', targetType: 'ceasn:Competency' },
    ]);
  });

  it('passes the OB 3.0 schema and JSON-LD safe mode inside a credential, and standalone', async () => {
    const vc = buildAchievementCredential({
      id: 'urn:uuid:11111111-1111-4111-8111-111111111111', issuer: { id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', name: 'Uni' },
      validFrom: '2026-12-04T20:00:00Z', credentialSubject: { identifier: [{ type: 'IdentityObject', hashed: true, identityHash: `sha256$${'0'.repeat(64)}`, identityType: 'emailAddress' }], achievement: ob },
    } as never);
    expect(validateOb3Credential(vc).valid).toBe(true);
    expect((await checkJsonLd(vc)).ok).toBe(true);
    expect((await checkJsonLd(asJsonLd(ob))).ok).toBe(true);
  });

  it('maps a competency to an Achievement of type Competency', async () => {
    const doc = asJsonLd(competencyAsAchievement('https://b.example', { id: 'c1', organizationId: 'o', frameworkId: 'f', frameworkName: 'F', code: 'C1', name: 'Weld', description: null, createdAt: '', alignments: [] }));
    expect(doc).toMatchObject({ id: 'https://b.example/competencies/c1', achievementType: 'Competency', humanCode: 'C1', name: 'Weld' });
    expect((await checkJsonLd(doc)).ok).toBe(true);
  });
});
