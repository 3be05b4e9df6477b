import { describe, expect, it } from 'vitest';
import { buildAchievementCredential, buildEmailIdentity, type AchievementCredentialInput } from '../../../src/core/ob/index.ts';
import { SchemaPassMemo } from '../../../src/core/ob/schema-memo.ts';
import { validateOb3Credential } from '../../../src/core/schema/index.ts';
import { fixtureAchievement, fixtureIssuer } from '../../fixtures/credentials.ts';

const issuer = { id: 'https://northbridge.example/issuers/1', name: 'Northbridge' };
const achievement = { id: 'https://northbridge.example/achievements/1', name: 'Data Basics', description: 'Basics.', criteria: { narrative: 'Pass the quiz.' } };
const input = (n: number, over: Partial<AchievementCredentialInput> = {}): AchievementCredentialInput => ({
  id: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
  issuer,
  validFrom: new Date(`2026-12-0${n}T20:00:00Z`),
  credentialSubject: { identifier: [buildEmailIdentity(`learner${n}@example.com`, `salt${n}`)], achievement, creditsEarned: n },
  credentialStatus: {
    id: `https://badges.example.edu/status/list-${n}#${n * 17}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation',
    statusListIndex: String(n * 17), statusListCredential: `https://badges.example.edu/status/list-${n}`,
  },
  credentialSchema: true,
  ...over,
});

describe('SchemaPassMemo with buildAchievementCredential', () => {
  it('builds the same credential with or without the memo, and remembers one shape for values that only differ', () => {
    const memo = new SchemaPassMemo();
    for (const n of [1, 2, 3]) {
      const memoised = buildAchievementCredential(input(n), { memo });
      expect(memoised).toEqual(buildAchievementCredential(input(n)));
      expect(validateOb3Credential(memoised).valid).toBe(true);
    }
    expect(memo.size).toBe(1);
  });

  it('keeps apart credentials whose fixed parts differ (issuer, achievement, members present)', () => {
    const memo = new SchemaPassMemo();
    buildAchievementCredential(input(1), { memo });
    buildAchievementCredential(input(1, { issuer: { ...issuer, name: 'Other' } }), { memo });
    buildAchievementCredential(input(1, { credentialSubject: { identifier: [buildEmailIdentity('a@example.com', 's')], achievement: { ...achievement, name: 'Other' } } }), { memo });
    buildAchievementCredential(input(1, { validUntil: new Date('2028-01-01T00:00:00Z') }), { memo });
    expect(memo.size).toBe(4);
  });

  it('never memoises a credential with free-form results or evidence: each gets the full schema run', () => {
    const memo = new SchemaPassMemo();
    const withResult = input(1, { credentialSubject: { ...input(1).credentialSubject, result: [{ type: ['Result'], value: '80' }] } });
    const withEvidence = input(2, { evidence: [{ id: 'https://northbridge.example/evidence/1', type: ['Evidence'], narrative: 'Project.' }] });
    for (const i of [withResult, withEvidence]) {
      const vc = buildAchievementCredential(i, { memo });
      expect(memo.keyOf(vc as unknown as Record<string, unknown>)).toBeUndefined();
    }
    expect(memo.size).toBe(0);
  });

  it('compares generated values by shape only, and forgets everything when full', () => {
    const memo = new SchemaPassMemo(2);
    const a = memo.keyOf({ id: 'urn:uuid:aaaa-1111', validFrom: '2026-12-04T20:00:00Z', name: 'x' });
    const b = memo.keyOf({ id: 'urn:uuid:bbbb-2222', validFrom: '2027-01-05T21:30:00Z', name: 'x' });
    const c = memo.keyOf({ id: 'not a uri', validFrom: '2026-12-04T20:00:00Z', name: 'x' });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    memo.add(a!); memo.add(c!);
    expect(memo.has(b!)).toBe(true);
    memo.add('third');
    expect(memo.size).toBe(1);
    expect(memo.has(a!)).toBe(false);
  });
});

/** The key as first written (JSON.stringify with a replacer): keyOf must discriminate exactly as this does. */
const GENERATED = new Set([
  'id', 'validFrom', 'validUntil', 'identityHash', 'salt', 'activityStartDate', 'activityEndDate',
  'statusListIndex', 'statusListCredential', 'statusReference',
]);
const referenceKey = (credential: unknown): string => JSON.stringify(credential, (k, v: unknown) => {
  if (k === 'creditsEarned') return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? 'credits' : v;
  return GENERATED.has(k) && typeof v === 'string' ? v.replace(/[A-Za-z0-9]+/g, 'x') : v;
});

type Json = Record<string, unknown>;
/** Every path to a string, number or boolean leaf of a JSON value. */
function leafPaths(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leafPaths(x, [...path, i]));
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...path, k]));
  return [path];
}
function withLeaf(doc: unknown, path: (string | number)[], change: (v: unknown) => unknown): Json {
  const copy = structuredClone(doc) as Json;
  let at: Json = copy;
  for (const p of path.slice(0, -1)) at = at[p] as Json;
  const last = path[path.length - 1]!;
  at[last] = change(at[last]);
  return copy;
}

describe('SchemaPassMemo keys', () => {
  const rich = (n: number, over: Partial<AchievementCredentialInput> = {}) => input(n, { issuer: fixtureIssuer(), credentialSubject: { ...input(n).credentialSubject, achievement: fixtureAchievement(0) }, ...over });

  it('equals the JSON.stringify-with-replacer key for values that are not built parts, odd values included', () => {
    const memo = new SchemaPassMemo();
    class Box { constructor(readonly id = 'urn:x:1', readonly note = 'n') {} }
    const bare = Object.assign(Object.create(null) as Json, { id: 'urn:uuid:ab-12', name: 'bare' });
    const odd: Json = {
      id: 'urn:uuid:ab-12', validFrom: new Date('2026-12-04T20:00:00Z'), name: 'quote " back \\ tab \t nl \n é 😀 lone \ud800',
      'we"ird': 'key', skipped: undefined, fn: () => 1, nums: [1, -0, 1.5e300, NaN, Infinity, undefined, null, () => 1],
      creditsEarned: -1, nested: { creditsEarned: 3, salt: 'abc-123', bool: false, empty: {}, none: [] },
      boxed: [new String('s'), new Number(4), new Boolean(true)], instance: new Box(), bare,
      withToJson: { toJSON: (k: string) => `json of ${k}` },
    };
    expect(memo.keyOf(odd)).toBe(referenceKey(odd));
    for (const n of [1, 2]) {
      const vc = buildAchievementCredential(rich(n));
      expect(memo.keyOf(vc as unknown as Json)).toBe(referenceKey(vc));
    }
  });

  it('gives equal keys exactly when the reference keys are equal, also once built parts stand for their text', () => {
    const memo = new SchemaPassMemo();
    const issuer = fixtureIssuer();
    const a0 = fixtureAchievement(0);
    const variants = [
      rich(1, { issuer }), rich(2, { issuer }), rich(3, { issuer: fixtureIssuer() }),
      rich(4, { issuer, credentialSubject: { ...input(4).credentialSubject, achievement: a0 } }),
      rich(5, { issuer, credentialSubject: { ...input(5).credentialSubject, achievement: a0 } }),
      rich(6, { issuer, credentialSubject: { ...input(6).credentialSubject, achievement: fixtureAchievement(1) } }),
      rich(7, { issuer, credentialSubject: { ...input(7).credentialSubject, achievement: { ...a0, name: 'Renamed' } } }),
      rich(8, { issuer: { ...issuer, name: 'Other issuer' } }),
      rich(9, { issuer, name: 'Other name' }),
    ];
    const built = variants.map((v) => buildAchievementCredential(v, { memo }));
    const keys = built.map((vc) => memo.keyOf(vc as unknown as Json));
    const refs = built.map((vc) => referenceKey(vc));
    for (let i = 0; i < built.length; i++) {
      for (let j = 0; j < built.length; j++) expect([i, j, keys[i] === keys[j]]).toEqual([i, j, refs[i] === refs[j]]);
    }
    expect(new Set(refs).size).toBeGreaterThan(3);
  });

  it('changes with any change to a non-generated value of the achievement or issuer, and ignores shape-keeping changes to generated ones', () => {
    const memo = new SchemaPassMemo();
    const vc = buildAchievementCredential(rich(1), { memo }) as unknown as Json;
    buildAchievementCredential(rich(2), { memo });
    // The changed copies hold plain objects, not the memo's built parts (which keys write as tokens): compare like with like.
    const key = memo.keyOf(structuredClone(vc));
    expect(memo.keyOf(vc)).not.toBe(key);
    const subject = vc.credentialSubject as Json;
    const paths = [
      ...leafPaths(subject.achievement).map((p) => ['credentialSubject', 'achievement', ...p]),
      ...leafPaths(vc.issuer).map((p) => ['issuer', ...p]),
    ];
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      const last = path[path.length - 1]!;
      const generated = typeof last === 'string' && GENERATED.has(last);
      const changed = withLeaf(vc, path, (v) => (typeof v === 'string' ? (generated ? `${v}.x` : `${v}!`) : typeof v === 'number' ? v + 1 : !v));
      expect([path.join('.'), memo.keyOf(changed) === key]).toEqual([path.join('.'), false]);
      if (generated) {
        const sameShape = withLeaf(vc, path, (v) => (v as string).replace(/[A-Za-z0-9]+/g, (run) => `${run}Z9`));
        expect([path.join('.'), memo.keyOf(sameShape)]).toEqual([path.join('.'), key]);
      }
    }
  });
});

describe('SchemaPassMemo built parts', () => {
  it('builds an achievement and an issuer once per input object seen again, then shares and freezes them', () => {
    const memo = new SchemaPassMemo();
    const issuer = { id: 'https://northbridge.example/issuers/1', name: 'Northbridge' };
    const achievement = { id: 'https://northbridge.example/achievements/1', name: 'Data Basics', description: 'Basics.', criteria: { narrative: 'Pass the quiz.' } };
    const one = (n: number) => input(n, { issuer, credentialSubject: { ...input(n).credentialSubject, achievement } });
    const a = buildAchievementCredential(one(1), { memo });
    // Seen once: built as without a memo, nothing frozen (a caller reading fresh inputs per credential pays nothing).
    expect(Object.isFrozen(achievement)).toBe(false);
    expect(Object.isFrozen(a.credentialSubject.achievement)).toBe(false);
    const b = buildAchievementCredential(one(2), { memo });
    const c = buildAchievementCredential(one(3), { memo });
    expect(c.credentialSubject.achievement).toBe(b.credentialSubject.achievement);
    expect(c.issuer).toBe(b.issuer);
    expect(a).toEqual(buildAchievementCredential(one(1)));
    expect(b).toEqual(buildAchievementCredential(one(2)));
    expect(memo.size).toBe(1);
    expect(Object.isFrozen(b.credentialSubject.achievement.criteria)).toBe(true);
    expect(Object.isFrozen(achievement.criteria)).toBe(true);
    expect(() => { (achievement as { name: string }).name = 'Changed behind the memo'; }).toThrow(TypeError);
    expect(() => { (b.issuer as { name?: string }).name = 'Changed in one credential'; }).toThrow(TypeError);
    expect(Object.isFrozen(b)).toBe(false);
  });

  it('gives fresh input objects with the same content the same key, without sharing or freezing them', () => {
    const memo = new SchemaPassMemo();
    const fresh = (n: number) => input(n, { issuer: fixtureIssuer(), credentialSubject: { ...input(n).credentialSubject, achievement: fixtureAchievement(0) } });
    const built = [1, 2, 3].map((n) => buildAchievementCredential(fresh(n), { memo }));
    expect(built[1]!.credentialSubject.achievement).not.toBe(built[2]!.credentialSubject.achievement);
    expect(Object.isFrozen(built[2]!.credentialSubject.achievement)).toBe(false);
    expect(memo.size).toBe(1);
  });

  it('does not remember a part whose build failed: the same input fails again, naming its field', () => {
    const memo = new SchemaPassMemo();
    const bad = { id: 'https://northbridge.example/achievements/1', name: 'Data Basics', description: 'Basics.', criteria: {} };
    const field = () => {
      try {
        buildAchievementCredential(input(1, { credentialSubject: { ...input(1).credentialSubject, achievement: bad as never } }), { memo });
      } catch (e) {
        return (e as { field?: string }).field;
      }
      return 'no error';
    };
    expect(field()).toBe('credentialSubject.achievement.criteria');
    expect(field()).toBe('credentialSubject.achievement.criteria');
    expect(Object.isFrozen(bad)).toBe(false);
  });
});

describe('SchemaPassMemo parts handed out once', () => {
  it('follows a change made to an unshared (unfrozen) part by its holder', () => {
    const memo = new SchemaPassMemo();
    const vc = buildAchievementCredential(input(1, { credentialSubject: { ...input(1).credentialSubject, achievement: fixtureAchievement(0) } }), { memo });
    const before = memo.keyOf(vc as unknown as Json);
    (vc.credentialSubject.achievement as { name: string }).name = 'Changed by its only holder';
    expect(memo.keyOf(vc as unknown as Json)).not.toBe(before);
  });
});
