/** The `endorsements` and `nested_credentials` steps: embedded credentials verified recursively. */
import type { Check, VerificationResult } from './types.ts';
import { asArray, check, isObject, issuerId } from './check-helpers.ts';
import type { VerifyContext } from './verify-credential.ts';

type VerifyChild = (input: unknown, ctx: VerifyContext) => Promise<VerificationResult>;

const MAX_CHILDREN = 100;
const MAX_WALK_NODES = 50_000;

/**
 * Every `endorsement` (JSON) and `endorsementJwt` (compact JWS) anywhere in the credential (on the credential,
 * its achievement, its issuer …), except inside proofs, CLR-nested credentials and the endorsements themselves.
 */
export function collectEndorsements(credential: Record<string, unknown>): unknown[] {
  const found: unknown[] = [];
  const stack: unknown[] = [credential];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_WALK_NODES && found.length < MAX_CHILDREN) {
    const node = stack.pop();
    visited++;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
      continue;
    }
    if (!isObject(node)) continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'proof' || key === 'verifiableCredential') continue;
      if (key === 'endorsement') found.push(...asArray(value).filter(isObject));
      else if (key === 'endorsementJwt') found.push(...asArray(value).filter((v) => typeof v === 'string'));
      else if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  return found.slice(0, MAX_CHILDREN);
}

function nameOf(r: VerificationResult, fallback: string): string {
  const c = r.credential;
  const issuer = c?.issuer;
  const issuerName = isObject(issuer) && typeof issuer.name === 'string' ? issuer.name : c ? issuerId(c) : undefined;
  return issuerName ? `${fallback} by ${issuerName}` : fallback;
}

function firstProblem(r: VerificationResult, status: 'invalid' | 'unknown'): string {
  const c = r.checks.find((x) => x.status === status);
  return c ? `${c.id}: ${c.message}` : status;
}

async function verifyChildren(items: unknown[], ctx: VerifyContext, verify: VerifyChild): Promise<VerificationResult[] | undefined> {
  if (ctx.depth + 1 > ctx.maxDepth) return undefined;
  const child: VerifyContext = { ...ctx, depth: ctx.depth + 1 };
  const out: VerificationResult[] = [];
  for (const item of items) out.push(await verify(item, child));
  return out;
}

function aggregate(id: 'endorsements' | 'nested_credentials', results: VerificationResult[], noun: string): Check {
  const invalid = results.filter((r) => r.summary === 'invalid');
  const unknown = results.filter((r) => r.summary === 'unknown');
  const details = { count: results.length, valid: results.length - invalid.length - unknown.length, invalid: invalid.length, unknown: unknown.length };
  if (invalid.length > 0) {
    const r = invalid[0]!;
    return check(id, 'invalid', `${invalid.length} of ${results.length} ${noun}(s) failed verification. ${nameOf(r, `The ${noun}`)} failed on ${firstProblem(r, 'invalid')}`, details);
  }
  if (unknown.length > 0) {
    const r = unknown[0]!;
    return check(id, 'unknown', `${unknown.length} of ${results.length} ${noun}(s) could not be fully checked. ${nameOf(r, `The ${noun}`)}: ${firstProblem(r, 'unknown')}`, details);
  }
  return check(id, 'valid', `All ${results.length} ${noun}(s) verified.`, details);
}

/** Verifies every embedded endorsement; undefined when the credential carries none. */
export async function checkEndorsements(
  credential: Record<string, unknown>,
  ctx: VerifyContext,
  verify: VerifyChild,
): Promise<{ check: Check; children: VerificationResult[] } | undefined> {
  const items = collectEndorsements(credential);
  if (items.length === 0) return undefined;
  const results = await verifyChildren(items, ctx, verify);
  if (!results) {
    return { check: check('endorsements', 'unknown', `The credential carries ${items.length} endorsement(s) nested too deeply to check.`), children: [] };
  }
  return { check: aggregate('endorsements', results, 'endorsement'), children: results };
}

/** Verifies each credential inside a CLR's `credentialSubject.verifiableCredential`. */
export async function checkNestedCredentials(
  credential: Record<string, unknown>,
  ctx: VerifyContext,
  verify: VerifyChild,
): Promise<{ check: Check; children: VerificationResult[] }> {
  const subject = credential.credentialSubject;
  const items = isObject(subject) ? asArray(subject.verifiableCredential).slice(0, MAX_CHILDREN) : [];
  if (items.length === 0) {
    return { check: check('nested_credentials', 'invalid', 'The CLR has no credentials in credentialSubject.verifiableCredential.'), children: [] };
  }
  const results = await verifyChildren(items, ctx, verify);
  if (!results) {
    return { check: check('nested_credentials', 'unknown', `The CLR's ${items.length} credential(s) are nested too deeply to check.`), children: [] };
  }
  return { check: aggregate('nested_credentials', results, 'nested credential'), children: results };
}
