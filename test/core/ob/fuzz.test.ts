import { describe, expect, it } from 'vitest';
import { buildAchievementCredential, buildClrCredential, buildEmailIdentity, type AchievementCredentialInput } from '../../../src/core/ob/index.ts';
import { AppError } from '../../../src/core/errors.ts';
import { validateClrCredential, validateOb3Credential } from '../../../src/core/schema/index.ts';
import { buildFixtureCredential, fixtureAchievement, fixtureEndorsement, fixtureIssuer } from '../../fixtures/credentials.ts';

/** A full, valid builder input (as the issuance service would give it). */
function fullInput(): AchievementCredentialInput {
  const achievement = fixtureAchievement(0);
  const [quiz, analysis, , status] = achievement.resultDescription!;
  return {
    id: 'urn:uuid:5a1e0000-0000-4000-8000-000000000001',
    issuer: fixtureIssuer(),
    validFrom: '2026-12-01T10:00:00Z',
    validUntil: '2028-12-01T10:00:00Z',
    awardedDate: '2026-12-01T10:00:00Z',
    name: 'Data Analysis',
    description: 'Awarded.',
    image: { id: 'https://x.example/i.png', caption: 'c' },
    credentialSubject: {
      id: 'did:example:learner',
      identifier: [buildEmailIdentity('a@example.com', 's')],
      achievement,
      activityStartDate: '2026-09-01T08:00:00Z',
      activityEndDate: '2026-11-28T17:00:00Z',
      creditsEarned: 5,
      result: [
        { resultDescription: quiz!.id, value: '88' },
        { resultDescription: analysis!.id, achievedLevel: analysis!.rubricCriterionLevel![1]!.id },
        { resultDescription: status!.id, status: 'Completed' },
      ],
      source: { id: 'https://x.example/dept', name: 'Dept' },
      term: 'Autumn',
    },
    evidence: [{ id: 'https://x.example/e/1', name: 'Project', narrative: 'n' }],
    credentialStatus: { id: 'https://x.example/s/1#7', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '7', statusListCredential: 'https://x.example/s/1' },
    credentialSchema: true,
    refreshService: { id: 'https://x.example/refresh', type: '1EdTechCredentialRefresh' },
    termsOfUse: [{ type: 'ext:Terms' }],
    endorsement: [fixtureEndorsement(0)],
  };
}

const JUNK: unknown[] = [null, undefined, 0, -1, 5.5, NaN, '', ' ', 'x', 'https://ok.example', true, [], [null], {}, { id: 5 }, ['x'], '2026-13-45T99:00:00Z'];

/** Every path to an object member or array item in `v`. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [prefix];
  const out: (string | number)[][] = prefix.length ? [prefix] : [];
  for (const [k, child] of Object.entries(v)) out.push(...paths(child, [...prefix, Array.isArray(v) ? Number(k) : k]));
  return out;
}

function setAt(root: any, path: (string | number)[], value: unknown): void {
  let cur = root;
  for (const p of path.slice(0, -1)) cur = cur[p];
  cur[path[path.length - 1]!] = value;
}

describe('builders under malformed input', () => {
  it('either return a schema-valid credential or throw AppError naming a field — for every field × junk value', () => {
    const all = paths(fullInput()).filter((p) => !p.includes('endorsement'));
    let built = 0;
    let refused = 0;
    for (const [i, path] of all.entries()) {
      for (const [j, junk] of JUNK.entries()) {
        if ((i + j) % 3 !== 0) continue; // a deterministic third of the grid keeps the test quick
        const input = structuredClone(fullInput()) as any;
        setAt(input, path, junk);
        try {
          const vc = buildAchievementCredential(input);
          expect(validateOb3Credential(vc).valid, `${path.join('.')} = ${JSON.stringify(junk)}`).toBe(true);
          built++;
        } catch (e) {
          expect(e, `${path.join('.')} = ${String(junk)}: ${String(e)}`).toBeInstanceOf(AppError);
          expect((e as AppError).field ?? (e as AppError).issues[0]?.field).toBeTruthy();
          refused++;
        }
      }
    }
    expect(built).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(200);
  });

  it('the CLR builder refuses junk with AppError', () => {
    const NESTED = { ...buildFixtureCredential(), proof: [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', verificationMethod: 'did:key:z6Mk#z6Mk', proofValue: 'z1' }] };
    for (const junk of JUNK) {
      for (const field of ['verifiableCredential', 'association', 'identifier', 'achievement'] as const) {
        try {
          const clr = buildClrCredential({ id: 'urn:uuid:1', name: 'B', issuer: { id: 'did:web:x.example', name: 'X' }, validFrom: '2026-01-01T00:00:00Z', credentialSubject: { id: 'did:example:1', verifiableCredential: [NESTED], [field]: junk } as any });
          expect(validateClrCredential(clr).valid).toBe(true);
        } catch (e) {
          expect(e, `${field} = ${String(junk)}: ${String(e)}`).toBeInstanceOf(AppError);
        }
      }
    }
  });
});
