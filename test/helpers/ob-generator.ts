// Seeded generator of varied OB 3.0 / CLR 2.0 credentials for differential canonicalization tests and benchmarks.

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXTS = [
  'Welding Level 1',
  'Soudure — niveau 1',
  'Schweißen für Anfänger',
  '溶接 初級',
  'Emoji 🎓✨ badge',
  'Quote " and backslash \\ here',
  'Line one\nline two\ttabbed\r\n',
  'Control \u0001\u007f chars',
  '',
  '   spaced   ',
  'ℌ𝔢𝔩𝔩𝔬 astral',
  'Ünïcödé ﬁ ligature',
];
const NUMBERS = [0, 1, 3, 3.5, 0.1 + 0.2, -2, 1e21, 1e-7, 123456789012, 2 ** 53, 12.25, 100];
const DATES = ['2026-01-01T00:00:00Z', '2025-12-31T23:59:59.123Z', '2026-06-15T10:00:00+02:00', '2024-02-29T12:00:00-05:00'];

export function generateCredential(seed: number): Record<string, unknown> {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const maybe = (p = 0.5) => r() < p;
  const many = <T>(max: number, f: (i: number) => T): T[] => Array.from({ length: 1 + Math.floor(r() * max) }, (_, i) => f(i));
  const uuid = () => `urn:uuid:${Math.floor(r() * 1e8).toString(16).padStart(8, '0')}-0000-4000-8000-${Math.floor(r() * 1e12).toString(16).padStart(12, '0')}`;
  const url = (p: string) => `https://example.org/${p}/${Math.floor(r() * 1e6)}`;
  const text = () => pick(TEXTS) + (maybe(0.3) ? ` ${Math.floor(r() * 1000)}` : '');
  const one = <T>(x: T): T | T[] => (maybe(0.3) ? x : [x]);

  const profile = (): Record<string, unknown> => {
    const p: Record<string, unknown> = { id: maybe(0.7) ? url('issuers') : `did:key:z6Mk${Math.floor(r() * 1e9)}`, type: one('Profile'), name: text() };
    if (maybe()) p.url = url('home');
    if (maybe()) p.email = 'registrar@example.org';
    if (maybe()) p.description = text();
    if (maybe(0.3)) p.image = maybe() ? url('img') : { id: url('img'), type: 'Image', caption: text() };
    if (maybe(0.2)) p.address = { type: ['Address'], addressCountry: 'FR', streetAddress: text(), geo: { type: 'GeoCoordinates', latitude: pick(NUMBERS), longitude: pick(NUMBERS) } };
    if (maybe(0.2)) p.official = text();
    return p;
  };
  const resultDescription = (): Record<string, unknown> => {
    const d: Record<string, unknown> = { id: url('rd'), type: ['ResultDescription'], name: text(), resultType: pick(['GradePointAverage', 'LetterGrade', 'RubricCriterionLevel', 'Status']) };
    if (maybe()) d.allowedValue = many(4, () => pick(['A', 'B', 'C', 'D', 'pass']));
    if (maybe()) d.requiredValue = pick(['A', 'B', 'pass']);
    if (maybe()) d.valueMax = String(pick(NUMBERS));
    if (maybe(0.4)) d.rubricCriterionLevel = many(3, (i) => ({ id: url('lvl'), type: ['RubricCriterionLevel'], name: `Level ${i}`, level: text(), points: String(pick(NUMBERS)) }));
    return d;
  };
  const achievement = (): Record<string, unknown> => {
    const a: Record<string, unknown> = { id: maybe(0.8) ? url('achievements') : uuid(), type: one('Achievement'), name: text(), criteria: maybe() ? { narrative: text() } : { id: url('criteria') } };
    if (maybe()) a.description = text();
    if (maybe()) a.achievementType = pick(['Badge', 'Certificate', 'Course', 'MicroCredential', 'Competency']);
    if (maybe()) a.creditsAvailable = pick(NUMBERS);
    if (maybe()) a.image = { id: url('img'), type: 'Image' };
    if (maybe()) a.alignment = many(3, () => ({ type: one('Alignment'), targetName: text(), targetUrl: url('framework'), ...(maybe() ? { targetType: 'ceasn:Competency', targetCode: 'C-1', targetFramework: text() } : {}) }));
    if (maybe(0.4)) a.resultDescription = many(2, resultDescription);
    if (maybe()) a.tag = many(3, () => text());
    if (maybe(0.3)) a.fieldOfStudy = text();
    if (maybe(0.3)) a.humanCode = 'WLD-101';
    if (maybe(0.3)) a.version = '1.0';
    if (maybe(0.3)) a.inLanguage = 'en';
    if (maybe(0.2)) a.creator = profile();
    if (maybe(0.2)) a.otherIdentifier = [{ type: 'IdentifierEntry', identifier: text(), identifierType: 'sourcedId' }];
    return a;
  };
  const subject = (): Record<string, unknown> => {
    const s: Record<string, unknown> = { type: one('AchievementSubject'), achievement: achievement() };
    if (maybe(0.6)) s.id = maybe() ? 'did:example:ebfeb1f712ebc6f1c276e12ec21' : uuid();
    if (maybe(0.5)) s.identifier = [{ type: 'IdentityObject', identityHash: 'sha256$' + Math.floor(r() * 1e9).toString(16), identityType: 'emailAddress', hashed: maybe(), salt: 'pepper' }];
    if (maybe(0.4)) s.result = many(2, () => ({ type: ['Result'], ...(maybe() ? { resultDescription: url('rd') } : {}), value: pick(['A', 'B', '3.5', 'pass']), ...(maybe(0.3) ? { status: 'Completed' } : {}) }));
    if (maybe(0.3)) s.creditsEarned = pick(NUMBERS);
    if (maybe(0.3)) s.activityStartDate = pick(DATES);
    if (maybe(0.3)) s.activityEndDate = pick(DATES);
    if (maybe(0.2)) s.term = 'Fall 2026';
    if (maybe(0.2)) s.role = text();
    if (maybe(0.2)) s.licenseNumber = 'L-1';
    return s;
  };
  const obCredential = (nested: boolean): Record<string, unknown> => {
    const v1 = !nested && maybe(0.1);
    // Nested credentials must use the same OB context version as their CLR (protected terms).
    const ob302 = !nested && !v1 && maybe(0.15);
    const c: Record<string, unknown> = {
      '@context': v1
        ? ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']
        : ['https://www.w3.org/ns/credentials/v2', `https://purl.imsglobal.org/spec/ob/v3p0/context-${ob302 ? '3.0.2' : '3.0.3'}.json`],
    };
    if (maybe(0.85)) c.id = maybe() ? uuid() : url('credentials');
    c.type = ['VerifiableCredential', pick(['OpenBadgeCredential', 'AchievementCredential'])];
    c.issuer = maybe(0.85) ? profile() : url('issuers');
    c[v1 ? 'issuanceDate' : 'validFrom'] = pick(DATES);
    if (maybe(0.3)) c[v1 ? 'expirationDate' : 'validUntil'] = pick(DATES);
    if (maybe(0.3) && !ob302) c.awardedDate = pick(DATES);
    c.name = text();
    if (maybe()) c.description = text();
    c.credentialSubject = subject();
    if (ob302) delete ((c.credentialSubject as Record<string, Record<string, unknown>>).achievement!).inLanguage;
    if (maybe(0.4)) c.evidence = many(2, () => ({ ...(maybe() ? { id: url('evidence') } : {}), type: ['Evidence'], name: text(), narrative: text(), ...(maybe() ? { genre: 'Portfolio', audience: text() } : {}) }));
    if (maybe(0.3) && !v1) c.credentialStatus = { id: url('status') + '#3', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(Math.floor(r() * 131072)), statusListCredential: url('status') };
    if (maybe(0.3)) {
      (c['@context'] as string[]).push('https://purl.imsglobal.org/spec/ob/v3p0/extensions.json');
      c.credentialSchema = [{ id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json', type: '1EdTechJsonSchemaValidator2019' }];
    }
    if (!nested && maybe(0.2) && !v1 && !ob302) c.endorsement = [endorsement()];
    return c;
  };
  const endorsement = (): Record<string, unknown> => ({
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: uuid(),
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: text(),
    issuer: profile(),
    validFrom: pick(DATES),
    credentialSubject: { id: url('issuers'), type: ['EndorsementSubject'], endorsementComment: text() },
    proof: {
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      created: '2026-01-01T00:00:00Z',
      verificationMethod: `${url('issuers')}#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi`,
      proofPurpose: 'assertionMethod',
      proofValue: 'z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr',
    },
  });

  if (maybe(0.15)) {
    const clr: Record<string, unknown> = {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: uuid(),
      type: ['VerifiableCredential', 'ClrCredential'],
      issuer: profile(),
      validFrom: pick(DATES),
      name: text(),
      credentialSubject: {
        id: 'did:example:learner',
        type: ['ClrSubject'],
        verifiableCredential: many(3, () => obCredential(true)),
      },
    };
    if (maybe()) (clr.credentialSubject as Record<string, unknown>).association = [{ type: 'Association', associationType: 'isChildOf', sourceId: url('achievements'), targetId: url('achievements') }];
    if (maybe()) clr.partial = maybe();
    return clr;
  }
  return obCredential(false);
}
