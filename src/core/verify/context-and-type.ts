/**
 * The `context_and_type` step: VC context first, an OB / CLR context next, and a type that names
 * VerifiableCredential plus the kind of credential (STANDARDS §1.1, §6.4 steps 3–4).
 */
import type { Check } from './types.ts';
import { asArray, check } from './check-helpers.ts';

const VC2 = 'https://www.w3.org/ns/credentials/v2';
const VC1 = 'https://www.w3.org/2018/credentials/v1';
const OB_CONTEXT = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)?\.json$/;
const OB_ALIASES = ['https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld'];
const CLR_CONTEXT = /^https:\/\/purl\.imsglobal\.org\/spec\/clr\/v2p0\/context(-2\.\d\.\d)?\.json$/;

/** The kinds of credential the verifier understands. */
export type CredentialKind = 'achievement' | 'endorsement' | 'clr' | 'status_list' | 'other';

/** Classifies a credential by its `type` values. */
export function credentialKind(types: readonly unknown[]): CredentialKind {
  if (types.includes('ClrCredential')) return 'clr';
  if (types.includes('EndorsementCredential')) return 'endorsement';
  if (types.includes('OpenBadgeCredential') || types.includes('AchievementCredential')) return 'achievement';
  if (types.some((t) => typeof t === 'string' && /StatusList(2021)?Credential$/.test(t))) return 'status_list';
  return 'other';
}

/** Runs the context-and-type step over a parsed credential. */
export function checkContextAndType(credential: Record<string, unknown>): Check {
  const contexts = asArray(credential['@context']);
  const types = asArray(credential.type);
  const problems: string[] = [];
  const first = contexts[0];
  const vcVersion = first === VC2 ? '2.0' : first === VC1 ? '1.1' : undefined;
  if (!vcVersion) problems.push(`the first @context must be "${VC2}" (or "${VC1}" for VC 1.1 credentials)`);
  if (!types.includes('VerifiableCredential')) problems.push('the type must include "VerifiableCredential"');
  const kind = credentialKind(types);
  const isOb = (c: unknown) => typeof c === 'string' && (OB_CONTEXT.test(c) || OB_ALIASES.includes(c));
  const isClr = (c: unknown) => typeof c === 'string' && CLR_CONTEXT.test(c);
  if (kind === 'other') {
    problems.push('the type must include "OpenBadgeCredential", "AchievementCredential", "EndorsementCredential" or "ClrCredential"');
  } else if (kind === 'clr') {
    if (!contexts.some(isClr)) problems.push('a ClrCredential needs the CLR 2.0 context');
  } else if (kind !== 'status_list' && !isOb(contexts[1])) {
    problems.push('the second @context must be the Open Badges 3.0 context (https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json)');
  }
  if (problems.length > 0) {
    return check('context_and_type', 'invalid', `The credential is not an Open Badges credential: ${problems.join('; ')}.`, {
      contexts: contexts.filter((c) => typeof c === 'string'),
      types: types.filter((t) => typeof t === 'string'),
    });
  }
  const label = { achievement: 'Open Badges 3.0 credential', endorsement: 'Open Badges 3.0 endorsement', clr: 'CLR 2.0 credential', status_list: 'status list credential', other: '' }[kind];
  const obVersion = contexts.find((c) => typeof c === 'string' && OB_CONTEXT.test(c)) as string | undefined;
  const warning = obVersion && !obVersion.endsWith('context-3.0.3.json') ? ` It uses an older Open Badges context (${obVersion}).` : '';
  return check('context_and_type', 'valid', `This is an ${label} (VC ${vcVersion} data model).${warning}`, { kind, vcVersion });
}
