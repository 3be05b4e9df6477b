import { describe, expect, it } from 'vitest';
import {
  buildAchievement, buildAchievementCredential, buildClrCredential, buildEmailIdentity, buildEndorsementCredential,
  buildProfile, hashIdentity, identityMatches, normalizeOb, OB_V3_CONTEXT, OB_V3_EXTENSIONS_CONTEXT, VC_V2_CONTEXT,
  CLR_V2_CONTEXT, type AchievementCredentialInput,
} from '../../../src/core/ob/index.ts';
import { AppError } from '../../../src/core/errors.ts';
import { validateClrCredential, validateEndorsementCredential, validateOb3Credential, validateProfile } from '../../../src/core/schema/index.ts';
import { checkJsonLd } from '../../../src/core/jsonld/index.ts';
import { buildFixtureCredential, fixtureAchievement, fixtureEndorsement, fixtureIssuer } from '../../fixtures/credentials.ts';

const issuer = { id: 'https://northbridge.example/issuers/1', name: 'Northbridge' };
const achievement = { id: 'https://northbridge.example/achievements/1', name: 'Data Basics', description: 'Basics.', criteria: { narrative: 'Pass the quiz.' } };
const minimal = (over: Partial<AchievementCredentialInput> = {}): AchievementCredentialInput => ({
  id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
  issuer,
  validFrom: new Date('2026-12-04T20:00:00Z'),
  credentialSubject: { identifier: [buildEmailIdentity('ada@example.com', 'salt')], achievement },
  ...over,
});

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).field;
  }
  throw new Error('expected a throw');
}

describe('hashIdentity', () => {
  it('matches the spec check values (STANDARDS §1.3)', () => {
    expect(hashIdentity('a@example.com', 'Kosher')).toBe('sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399');
    expect(hashIdentity('jjefferson18@example.com', 'FleurDeSel')).toMatch(/^sha256\$658625b2[0-9a-f]{50}21f5fc$/);
  });
  it('normalises the email and matches it back', () => {
    const id = buildEmailIdentity('  Ada@Example.COM ', 'pepper');
    expect(id.identityHash).toBe(hashIdentity('ada@example.com', 'pepper'));
    expect(identityMatches(id, 'ada@example.com')).toBe(true);
    expect(identityMatches(id, 'ADA@example.com')).toBe(true);
    expect(identityMatches(id, 'bob@example.com')).toBe(false);
    expect(fieldOf(() => buildEmailIdentity('not-an-email', 's'))).toBe('recipient.email');
  });
});

describe('buildAchievementCredential', () => {
  it('emits VC v2 then OB 3.0.3 contexts, embedded Profile issuer, arrays, and passes schema and JSON-LD', async () => {
    const vc = buildAchievementCredential(minimal());
    expect(vc['@context']).toEqual([VC_V2_CONTEXT, OB_V3_CONTEXT]);
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.issuer).toEqual({ id: issuer.id, type: ['Profile'], name: 'Northbridge' });
    expect(vc.validFrom).toBe('2026-12-04T20:00:00Z');
    expect(vc.name).toBe('Data Basics');
    expect(vc.credentialSubject.type).toEqual(['AchievementSubject']);
    expect(vc.credentialSubject.achievement.type).toEqual(['Achievement']);
    expect(validateOb3Credential(vc)).toEqual({ valid: true, errors: [] });
    expect(await checkJsonLd(vc)).toEqual({ ok: true });
  });

  it('adds extensions.json only when a 1EdTech type is used', async () => {
    const a = buildAchievementCredential(minimal({ credentialStatus: { id: 'https://x.example/revocations', type: '1EdTechRevocationList' } }));
    expect(a['@context']).toEqual([VC_V2_CONTEXT, OB_V3_CONTEXT, OB_V3_EXTENSIONS_CONTEXT]);
    const b = buildAchievementCredential(minimal({ credentialSchema: true }));
    expect(b['@context']).toContain(OB_V3_EXTENSIONS_CONTEXT);
    expect(b.credentialSchema).toEqual([{ id: expect.stringContaining('ob_v3p0_achievementcredential_schema.json'), type: '1EdTechJsonSchemaValidator2019' }]);
    expect(await checkJsonLd(a)).toEqual({ ok: true });
    expect(await checkJsonLd(b)).toEqual({ ok: true });
    const c = buildAchievementCredential(minimal({
      credentialStatus: { id: 'https://x.example/s/1#5', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '5', statusListCredential: 'https://x.example/s/1' },
    }));
    expect(c['@context']).toEqual([VC_V2_CONTEXT, OB_V3_CONTEXT]);
  });

  it('names the field at fault for bad input', () => {
    expect(fieldOf(() => buildAchievementCredential(minimal({ id: 'not a uri' })))).toBe('id');
    expect(fieldOf(() => buildAchievementCredential(minimal({ issuer: { id: issuer.id } })))).toBe('issuer.name');
    expect(fieldOf(() => buildAchievementCredential(minimal({ validFrom: '2026-12-04T20:00:00' })))).toBe('validFrom');
    expect(fieldOf(() => buildAchievementCredential(minimal({ validUntil: '2020-01-01T00:00:00Z' })))).toBe('validUntil');
    expect(fieldOf(() => buildAchievementCredential(minimal({ credentialSubject: { achievement } })))).toBe('credentialSubject.id');
    expect(fieldOf(() => buildAchievementCredential(minimal({
      credentialSubject: { id: 'did:example:1', achievement: { ...achievement, criteria: {} } },
    })))).toBe('credentialSubject.achievement.criteria');
    expect(fieldOf(() => buildAchievementCredential(minimal({
      credentialSubject: { id: 'did:example:1', achievement: { ...achievement, achievementType: 'Nope' as never } },
    })))).toBe('credentialSubject.achievement.achievementType');
    expect(fieldOf(() => buildAchievementCredential(minimal({ credentialStatus: [] as never })))).toBe('credentialStatus');
    expect(fieldOf(() => buildAchievementCredential(minimal({
      credentialStatus: { id: 'https://x.example/s/1#5', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: 5 as never, statusListCredential: 'https://x.example/s/1' },
    })))).toBe('credentialStatus.statusListIndex');
    expect(fieldOf(() => buildAchievementCredential(minimal({
      credentialStatus: { id: 'https://x.example/s/1', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '5', statusListCredential: 'https://x.example/s/1' },
    })))).toBe('credentialStatus.id');
  });

  it('checks results against the achievement resultDescriptions', () => {
    const a = fixtureAchievement(0);
    const [quiz, analysis, , status] = a.resultDescription!;
    const subject = (result: unknown[]) => minimal({ credentialSubject: { id: 'did:example:1', achievement: a, result: result as never } });
    expect(fieldOf(() => buildAchievementCredential(subject([{ resultDescription: 'urn:uuid:unknown', value: '1' }])))).toBe('credentialSubject.result[0].resultDescription');
    expect(fieldOf(() => buildAchievementCredential(subject([{ resultDescription: quiz!.id, value: '101' }])))).toBe('credentialSubject.result[0].value');
    expect(fieldOf(() => buildAchievementCredential(subject([{ resultDescription: quiz!.id, value: 'abc' }])))).toBe('credentialSubject.result[0].value');
    expect(fieldOf(() => buildAchievementCredential(subject([{ resultDescription: analysis!.id, achievedLevel: 'urn:x:nope' }])))).toBe('credentialSubject.result[0].achievedLevel');
    expect(fieldOf(() => buildAchievementCredential(subject([{ resultDescription: status!.id }])))).toBe('credentialSubject.result[0].status');
    const ok = buildAchievementCredential(subject([{ resultDescription: quiz!.id, value: 85 }, { resultDescription: status!.id, status: 'Completed' }]));
    expect(ok.credentialSubject.result).toEqual([
      { type: ['Result'], resultDescription: quiz!.id, value: '85' },
      { type: ['Result'], resultDescription: status!.id, status: 'Completed' },
    ]);
  });

  it('builds the realistic fixture: schema-valid and JSON-LD valid', async () => {
    const vc = buildFixtureCredential({ n: 3, recipientId: 'did:example:learner3' });
    expect(validateOb3Credential(vc).valid).toBe(true);
    expect(await checkJsonLd(vc)).toEqual({ ok: true });
    expect(vc.credentialSubject.result).toHaveLength(4);
    expect(vc.endorsement?.[0]?.type).toContain('EndorsementCredential');
    expect(buildFixtureCredential({ n: 3 })).toEqual(buildFixtureCredential({ n: 3 }));
    expect(buildFixtureCredential({ n: 3 }).id).not.toBe(buildFixtureCredential({ n: 4 }).id);
  });
});

describe('buildProfile / buildAchievement', () => {
  it('builds a full Profile that passes the profile schema', () => {
    const p = fixtureIssuer();
    expect(p.type).toEqual(['Profile']);
    expect(p.address?.type).toEqual(['Address']);
    expect(p.image).toEqual({ id: 'https://northbridge.example/logo.png', type: 'Image', caption: 'Northbridge logo' });
    expect(validateProfile(p)).toEqual({ valid: true, errors: [] });
    expect(fieldOf(() => buildProfile({ id: 'did:web:x', email: 'nope' }))).toBe('profile.email');
    expect(fieldOf(() => buildProfile({ id: 'did:web:x', url: 'ftp://x' }))).toBe('profile.url');
  });
  it('rejects a requiredLevel that is not one of the rubric levels and duplicate ids', () => {
    expect(fieldOf(() => buildAchievement({ ...achievement, resultDescription: [{ id: 'urn:x:1', name: 'R', resultType: 'RubricCriterion', requiredLevel: 'urn:x:l9', rubricCriterionLevel: [{ id: 'urn:x:l1', name: 'L1' }] }] }))).toBe('achievement.resultDescription[0].requiredLevel');
    expect(fieldOf(() => buildAchievement({ ...achievement, resultDescription: [{ id: 'urn:x:1', name: 'R', resultType: 'Percent' }, { id: 'urn:x:1', name: 'S', resultType: 'Percent' }] }))).toBe('achievement.resultDescription[1].id');
    expect(fieldOf(() => buildAchievement({ ...achievement, alignment: [{ targetName: 'x', targetUrl: 'not-a-url' }] }))).toBe('achievement.alignment[0].targetUrl');
    expect(buildAchievement({ ...achievement, achievementType: 'ext:Nanodegree' }).achievementType).toBe('ext:Nanodegree');
  });
});

describe('buildEndorsementCredential', () => {
  it('builds a schema-valid, JSON-LD-valid endorsement and requires a name', async () => {
    const e = fixtureEndorsement();
    expect(e.type).toEqual(['VerifiableCredential', 'EndorsementCredential']);
    expect(e.credentialSubject.type).toEqual(['EndorsementSubject']);
    expect(validateEndorsementCredential(e).valid).toBe(true);
    expect(await checkJsonLd(e)).toEqual({ ok: true });
    expect(fieldOf(() => buildEndorsementCredential({ id: 'urn:uuid:1', name: '', issuer, validFrom: '2026-01-01T00:00:00Z', credentialSubject: { id: 'https://x.example/a' } }))).toBe('name');
  });
});

describe('buildClrCredential', () => {
  const signed = (n: number) => ({ ...buildFixtureCredential({ n }), proof: [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', verificationMethod: 'did:key:z6Mk#z6Mk', proofValue: 'z1' }] });
  it('bundles signed credentials with achievements and associations, CLR context order, schema and JSON-LD valid', async () => {
    const a0 = fixtureAchievement(0), a1 = fixtureAchievement(1);
    const clr = buildClrCredential({
      id: 'urn:uuid:c1a00000-0000-4000-8000-000000000001',
      name: 'Data Analyst pathway',
      issuer: fixtureIssuer(),
      validFrom: '2026-12-04T20:00:00Z',
      credentialSubject: {
        identifier: [buildEmailIdentity('ada@example.com', 's')],
        verifiableCredential: [signed(0), signed(1)],
        association: [{ associationType: 'precedes', sourceId: a0.id, targetId: a1.id }],
      },
    });
    expect(clr['@context']).toEqual([VC_V2_CONTEXT, CLR_V2_CONTEXT, OB_V3_CONTEXT]);
    expect(clr.credentialSubject.type).toEqual(['ClrSubject']);
    expect(clr.credentialSubject.achievement?.map((a) => a.id)).toEqual([a0.id, a1.id]);
    expect(clr.credentialSubject.association).toEqual([{ type: 'Association', associationType: 'precedes', sourceId: a0.id, targetId: a1.id }]);
    expect(validateClrCredential(clr)).toEqual({ valid: true, errors: [] });
    expect(await checkJsonLd(clr)).toEqual({ ok: true });
  });
  it('refuses VC-JWT strings as nested credentials (the CLR schema requires objects)', () => {
    const f = fieldOf(() => buildClrCredential({ id: 'urn:uuid:3', name: 'P', issuer, validFrom: '2026-12-04T20:00:00Z', credentialSubject: { id: 'did:example:1', verifiableCredential: ['a.b.c' as never] } }));
    expect(f).toBe('credentialSubject.verifiableCredential[0]');
  });
  it('refuses unsigned nested credentials and associations to unknown achievements', () => {
    const base = { id: 'urn:uuid:1', name: 'P', issuer, validFrom: '2026-12-04T20:00:00Z' };
    expect(fieldOf(() => buildClrCredential({ ...base, credentialSubject: { id: 'did:example:1', verifiableCredential: [buildFixtureCredential()] } }))).toBe('credentialSubject.verifiableCredential[0]');
    expect(fieldOf(() => buildClrCredential({ ...base, credentialSubject: { id: 'did:example:1', verifiableCredential: [signed(0)], association: [{ associationType: 'isPartOf', sourceId: fixtureAchievement(0).id, targetId: 'https://x.example/unknown' }] } }))).toBe('credentialSubject.association[0].targetId');
  });
});

describe('normalizeOb', () => {
  it('turns multi-valued fields into arrays, drops nulls and empty arrays, class-aware', () => {
    const out = normalizeOb({
      '@context': 'https://www.w3.org/ns/credentials/v2', type: 'VerifiableCredential', name: null, evidence: [],
      issuer: { id: 'did:x', type: 'Profile', image: { id: 'https://i', type: 'Image' } },
      credentialSubject: { type: 'AchievementSubject', achievement: { id: 'urn:a', type: 'Achievement', tag: 'x', alignment: { type: 'Alignment' } }, result: { type: 'Result', value: undefined } },
      credentialStatus: { id: 'https://s#1', type: 'BitstringStatusListEntry' },
    });
    expect(out).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'],
      issuer: { id: 'did:x', type: ['Profile'], image: { id: 'https://i', type: 'Image' } },
      credentialSubject: { type: ['AchievementSubject'], achievement: { id: 'urn:a', type: ['Achievement'], tag: ['x'], alignment: [{ type: ['Alignment'] }] }, result: [{ type: ['Result'] }] },
      credentialStatus: { id: 'https://s#1', type: 'BitstringStatusListEntry' },
    });
    const clr = normalizeOb<Record<string, any>>({ credentialSubject: { type: 'ClrSubject', achievement: { id: 'urn:a', type: 'Achievement' } } }, 'ClrCredential');
    expect(clr.credentialSubject.achievement).toEqual([{ id: 'urn:a', type: ['Achievement'] }]);
  });
  it('leaves nested signed documents untouched', () => {
    const sealed = { type: 'EndorsementCredential', proof: { type: 'DataIntegrityProof' }, extra: null };
    const out = normalizeOb<Record<string, any>>({ endorsement: sealed });
    expect(out.endorsement[0]).toBe(sealed);
  });
});
