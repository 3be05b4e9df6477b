import type { CredentialLeaf, HeldCredential, PathwayDefinition } from '../../../src/core/stacking/index.ts';

/** Fixed clock for every stacking test. */
export const NOW = new Date('2026-12-04T00:00:00.000Z');

export const A = {
  basics: 'urn:uuid:00000000-0000-4000-8000-0000000000a1',
  sql: 'urn:uuid:00000000-0000-4000-8000-0000000000a2',
  stats: 'urn:uuid:00000000-0000-4000-8000-0000000000a3',
  viz: 'urn:uuid:00000000-0000-4000-8000-0000000000a4',
  python: 'urn:uuid:00000000-0000-4000-8000-0000000000a5',
  analyst: 'urn:uuid:00000000-0000-4000-8000-0000000000b1',
  scientist: 'urn:uuid:00000000-0000-4000-8000-0000000000b2',
} as const;

export const NAMES: Record<string, string> = {
  [A.basics]: 'Data Basics',
  [A.sql]: 'SQL',
  [A.stats]: 'Statistics',
  [A.viz]: 'Visualisation',
  [A.python]: 'Python',
  [A.analyst]: 'Data Analyst',
  [A.scientist]: 'Data Scientist',
};

export const OTHER_ISSUER = 'did:web:other.example';
export const OTHER_SQL = 'https://other.example/achievements/sql';
export const OUR_ISSUER = 'https://microcred.example/issuers/uni';

/** A credential leaf for one of our achievements. */
export function leaf(achievementId: string, extra: Partial<CredentialLeaf> = {}): CredentialLeaf {
  return { type: 'credential', achievement: { achievementId }, ...extra };
}

let seq = 0;
/** A held credential issued by us on `day` (YYYY-MM-DD). */
export function held(achievementId: string, day: string, extra: Partial<HeldCredential> = {}): HeldCredential {
  seq += 1;
  return {
    id: `urn:uuid:cred-${seq}`,
    achievementId,
    issuerId: OUR_ISSUER,
    origin: 'issued',
    issuedAt: new Date(`${day}T10:00:00.000Z`),
    status: 'valid',
    ...extra,
  };
}

export const ANALYST: PathwayDefinition = {
  id: 'pw-analyst',
  name: 'Data Analyst',
  targetAchievementId: A.analyst,
  rule: { type: 'allOf', children: [leaf(A.basics), leaf(A.sql)] },
};
