/**
 * OB 3.0 JSON serialization rules (`OBS:ob_v3p0/serialization.md`): multi-valued properties are arrays even with
 * one element, `null`/`undefined` and empty arrays are omitted. The rules are class-aware because the same key can
 * be single in one class and multi-valued in another (`achievement` in AchievementSubject vs ClrSubject).
 */

export type ObClass =
  | 'AchievementCredential' | 'EndorsementCredential' | 'ClrCredential' | 'Profile' | 'Achievement'
  | 'AchievementSubject' | 'ClrSubject' | 'EndorsementSubject' | 'Evidence' | 'Alignment' | 'Result'
  | 'ResultDescription' | 'RubricCriterionLevel' | 'Related' | 'Address' | 'Image' | 'IdentityObject'
  | 'IdentifierEntry' | 'Criteria' | 'Association' | 'Generic';

interface ClassRule {
  /** Properties serialized as arrays. */
  arrays: readonly string[];
  /** Properties whose values are objects of a known class. */
  children: Readonly<Record<string, ObClass>>;
}

const CREDENTIAL_ARRAYS = ['@context', 'type', 'evidence', 'credentialSchema', 'termsOfUse', 'proof', 'endorsement', 'endorsementJwt'];
const CREDENTIAL_CHILDREN = { issuer: 'Profile', evidence: 'Evidence', endorsement: 'EndorsementCredential', image: 'Image' } as const;

const RULES: Record<ObClass, ClassRule> = {
  AchievementCredential: { arrays: CREDENTIAL_ARRAYS, children: { ...CREDENTIAL_CHILDREN, credentialSubject: 'AchievementSubject' } },
  EndorsementCredential: { arrays: CREDENTIAL_ARRAYS, children: { ...CREDENTIAL_CHILDREN, credentialSubject: 'EndorsementSubject' } },
  ClrCredential: { arrays: CREDENTIAL_ARRAYS, children: { ...CREDENTIAL_CHILDREN, credentialSubject: 'ClrSubject' } },
  Profile: {
    arrays: ['type', 'otherIdentifier', 'endorsement', 'endorsementJwt'],
    children: { image: 'Image', address: 'Address', otherIdentifier: 'IdentifierEntry', parentOrg: 'Profile', endorsement: 'EndorsementCredential' },
  },
  Achievement: {
    arrays: ['type', 'alignment', 'endorsement', 'endorsementJwt', 'otherIdentifier', 'related', 'resultDescription', 'tag'],
    children: {
      alignment: 'Alignment', creator: 'Profile', criteria: 'Criteria', endorsement: 'EndorsementCredential', image: 'Image',
      otherIdentifier: 'IdentifierEntry', related: 'Related', resultDescription: 'ResultDescription',
    },
  },
  AchievementSubject: {
    arrays: ['type', 'identifier', 'result'],
    children: { achievement: 'Achievement', identifier: 'IdentityObject', image: 'Image', result: 'Result', source: 'Profile' },
  },
  ClrSubject: {
    arrays: ['type', 'identifier', 'achievement', 'verifiableCredential', 'association'],
    children: { identifier: 'IdentityObject', achievement: 'Achievement', verifiableCredential: 'AchievementCredential', association: 'Association' },
  },
  EndorsementSubject: { arrays: ['type'], children: {} },
  Evidence: { arrays: ['type'], children: {} },
  Alignment: { arrays: ['type'], children: {} },
  Result: { arrays: ['type', 'alignment'], children: { alignment: 'Alignment' } },
  ResultDescription: {
    arrays: ['type', 'allowedValue', 'rubricCriterionLevel', 'alignment'],
    children: { rubricCriterionLevel: 'RubricCriterionLevel', alignment: 'Alignment' },
  },
  RubricCriterionLevel: { arrays: ['type', 'alignment'], children: { alignment: 'Alignment' } },
  Related: { arrays: ['type'], children: {} },
  Address: { arrays: ['type'], children: {} },
  Image: { arrays: [], children: {} },
  IdentityObject: { arrays: [], children: {} },
  IdentifierEntry: { arrays: [], children: {} },
  Criteria: { arrays: [], children: {} },
  Association: { arrays: [], children: {} },
  Generic: { arrays: [], children: {} },
};

function isSealed(value: unknown): boolean {
  // A nested document that already carries a proof is signed: its bytes are not ours to rewrite.
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'proof' in value;
}

function normalizeValue(value: unknown, cls: ObClass): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((v) => normalizeValue(v, cls)).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (typeof value !== 'object') return value;
  if (isSealed(value) && cls !== 'Generic') return value;
  return normalizeObject(value as Record<string, unknown>, cls);
}

function normalizeObject(obj: Record<string, unknown>, cls: ObClass): Record<string, unknown> {
  const rule = RULES[cls];
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(obj)) {
    const childClass = rule.children[key] ?? 'Generic';
    let v = normalizeValue(raw, childClass);
    if (v === undefined) continue;
    if (rule.arrays.includes(key) && !Array.isArray(v)) v = [v];
    out[key] = v;
  }
  return out;
}

/**
 * Applies the OB serialization rules to a document of the given class (default AchievementCredential).
 * Nested documents that carry a `proof` are left byte-for-byte as they are.
 * @example normalizeOb({ type: 'Profile', id, name: null }, 'Profile') // { type: ['Profile'], id }
 */
export function normalizeOb<T = Record<string, unknown>>(doc: unknown, cls: ObClass = 'AchievementCredential'): T {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new TypeError('normalizeOb expects an object');
  }
  return normalizeObject(doc as Record<string, unknown>, cls) as T;
}
