/** Builder for CLR 2.0 ClrCredential: a learner's individually signed credentials bundled with associations. */
import {
  ASSOCIATION_TYPES,
  type Achievement, type AchievementCredential, type Association, type AssociationType, type ClrCredential, type ClrSubject, type IdentityObject,
} from './types.ts';
import { fail, isRecord, mapMany, optUri, reqUri, typeSet } from './check.ts';
import { buildAchievement, type AchievementInput } from './achievement.ts';
import { checkEndorsements } from './parts.ts';
import { buildCommon, type CredentialCommonInput } from './credential-parts.ts';
import { validateClrCredential } from '../schema/index.ts';
import { assertSchema } from './schema-guard.ts';
import { CLR_CREDENTIAL_SCHEMA, clrContextFor } from './contexts.ts';
import type { EndorsementCredential } from './types.ts';

export interface AssociationInput {
  associationType: AssociationType;
  /** Achievement id of the source (e.g. a component micro-credential). */
  sourceId: string;
  /** Achievement id of the target (e.g. the stacked credential). */
  targetId: string;
}

export interface ClrCredentialInput extends CredentialCommonInput {
  name: string;
  /** True when not every assertion the publisher knows about for this learner is included. */
  partial?: boolean;
  credentialSubject: {
    id?: string;
    identifier?: IdentityObject[];
    /** Signed credentials (JSON objects with a Data Integrity proof); at least one. */
    verifiableCredential: (AchievementCredential | Record<string, unknown>)[];
    /** Achievement definitions; defaults to the distinct achievements of the nested credentials. */
    achievement?: AchievementInput[];
    association?: AssociationInput[];
  };
  endorsement?: EndorsementCredential[];
}

function nestedAchievement(vc: unknown): Achievement | undefined {
  if (!isRecord(vc) || !isRecord(vc.credentialSubject)) return undefined;
  const a = vc.credentialSubject.achievement;
  return isRecord(a) && typeof a.id === 'string' ? (a as unknown as Achievement) : undefined;
}

/**
 * Builds an unsigned ClrCredential. Nested credentials are kept byte for byte (each stays verifiable on its own;
 * they must be JSON with a proof, as the CLR schema has no room for a compact JWS);
 * associations must point at achievement ids present in the bundle.
 * @example buildClrCredential({ id, name: 'Data Analyst pathway', issuer, validFrom: now, credentialSubject: { identifier, verifiableCredential: [vc1, vc2], association: [{ associationType: 'isPartOf', sourceId: a1.id, targetId: stacked.id }] } })
 */
export function buildClrCredential(input: ClrCredentialInput): ClrCredential {
  if (!isRecord(input)) fail('credential', 'The credential input must be an object.');
  const s = input.credentialSubject;
  if (!isRecord(s)) fail('credentialSubject', 'credentialSubject is required.');
  const field = 'credentialSubject';
  const vcs = s.verifiableCredential;
  if (!Array.isArray(vcs) || vcs.length === 0) fail(`${field}.verifiableCredential`, 'A CLR needs at least one signed credential.');
  vcs.forEach((vc, i) => {
    const f = `${field}.verifiableCredential[${i}]`;
    if (typeof vc === 'string') {
      // The CLR 2.0 schema types every nested credential as an object: a compact JWS cannot be nested.
      fail(f, `${f} is a string; CLR 2.0 nests credentials as JSON objects, so use the Data Integrity-signed form.`);
    } else if (!isRecord(vc) || !('proof' in vc)) {
      fail(f, `${f} must be a signed credential (a JSON object with a proof).`);
    }
  });
  const subject: ClrSubject = { type: typeSet('ClrSubject', undefined, `${field}.type`), verifiableCredential: vcs };
  const subjectId = optUri(s.id, `${field}.id`);
  const identifier = s.identifier?.length ? s.identifier : undefined;
  if (!subjectId && !identifier) fail(`${field}.id`, `${field} needs the learner's id or at least one identifier.`);
  if (subjectId) subject.id = subjectId;
  if (identifier) subject.identifier = identifier;

  let achievements = mapMany(s.achievement, `${field}.achievement`, (a, f) => buildAchievement(a, f));
  if (!achievements) {
    const seen = new Map<string, Achievement>();
    for (const vc of vcs) {
      const a = nestedAchievement(vc);
      if (a && !seen.has(a.id)) seen.set(a.id, a);
    }
    achievements = seen.size ? [...seen.values()] : undefined;
  }
  if (achievements) subject.achievement = achievements;
  const known = new Set(achievements?.map((a) => a.id) ?? []);
  const associations = mapMany(s.association, `${field}.association`, (a, f): Association => {
    if (!isRecord(a)) fail(f, `${f} must be an object.`);
    if (!(ASSOCIATION_TYPES as readonly string[]).includes(a.associationType)) {
      fail(`${f}.associationType`, `${f}.associationType must be one of ${ASSOCIATION_TYPES.join(', ')}.`);
    }
    const sourceId = reqUri(a.sourceId, `${f}.sourceId`);
    const targetId = reqUri(a.targetId, `${f}.targetId`);
    if (sourceId === targetId) fail(`${f}.targetId`, `${f} associates an achievement with itself.`);
    for (const [k, v] of [['sourceId', sourceId], ['targetId', targetId]] as const) {
      if (!known.has(v)) fail(`${f}.${k}`, `${f}.${k} ${v} is not an achievement in this CLR; add it to credentialSubject.achievement.`);
    }
    return { type: 'Association', associationType: a.associationType, sourceId, targetId };
  });
  if (associations) subject.association = associations;

  const { id, ...rest } = buildCommon(input, CLR_CREDENTIAL_SCHEMA, { nameRequired: true });
  const body: Omit<ClrCredential, '@context'> = {
    id,
    type: ['VerifiableCredential', 'ClrCredential'],
    ...rest,
    name: rest.name as string,
    credentialSubject: subject,
  };
  if (input.partial !== undefined) {
    if (typeof input.partial !== 'boolean') fail('partial', 'partial must be true or false.');
    body.partial = input.partial;
  }
  if (input.endorsement?.length) body.endorsement = checkEndorsements(input.endorsement, 'endorsement');
  const credential: ClrCredential = { '@context': clrContextFor(body), ...body };
  assertSchema(validateClrCredential(credential), 'CLR credential');
  return credential;
}
