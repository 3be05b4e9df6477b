/**
 * The verifier: one function from any input (JSON, JWT, PNG, SVG, PDF) to a log of checks with stable ids.
 * It never throws; "could not check" is `unknown`, never `valid`. Fetching goes through the injected fetcher.
 */
import { canonizeRdfc, checkJsonLd, type JsonLdCheck } from '../jsonld/index.ts';
import type { Check, VerificationResult, VerifyOptions } from './types.ts';
import { check, errorMessage, summarize } from './check-helpers.ts';
import { jsonShape, MAX_JSON_DEPTH, MAX_JSON_NODES, parseInput, type Parsed } from './parse.ts';
import { checkContextAndType, credentialKind } from './context-and-type.ts';
import { checkObSchema } from './ob-schema.ts';
import { checkEmbeddedProofs } from './proof-step.ts';
import { checkJwtProof } from './jwt-step.ts';
import { checkValidityWindow } from './validity-window.ts';
import { checkStatus, type StatusCache } from './status-step.ts';
import { checkEndorsements, checkNestedCredentials } from './nested.ts';
import { asArray } from './check-helpers.ts';

/** State shared by one verification run (the credential and everything nested in it). */
export interface VerifyContext {
  opts: VerifyOptions;
  depth: number;
  maxDepth: number;
  statusCache: StatusCache;
}

const DEFAULT_MAX_DEPTH = 4;

/**
 * Verifies a credential and returns one check per step; never throws, whatever the input.
 * @example const r = await verifyCredential(pngBytes, { now: new Date(), fetcher }); r.summary // 'valid'
 */
export async function verifyCredential(input: string | Uint8Array | object, options: VerifyOptions): Promise<VerificationResult> {
  try {
    const now = options?.now instanceof Date && !Number.isNaN(options.now.getTime()) ? options.now : undefined;
    if (!now) return finish({ checks: [check('parse', 'unknown', 'No valid clock was given to the verifier (options.now).')] });
    const ctx: VerifyContext = {
      opts: { ...options, now },
      depth: 0,
      maxDepth: Math.max(0, Math.min(options.maxDepth ?? DEFAULT_MAX_DEPTH, 16)),
      statusCache: new Map(),
    };
    return await verifyInput(input, ctx);
  } catch (e) {
    return finish({ checks: [check('parse', 'invalid', `The input could not be verified: ${errorMessage(e)}`)] });
  }
}

/** Verifies one input (top level, an endorsement or a nested credential) within a run. */
export async function verifyInput(input: unknown, ctx: VerifyContext): Promise<VerificationResult> {
  const parsed = await parseInput(input);
  return verifyParsed(parsed, ctx);
}

function finish(r: Omit<VerificationResult, 'summary'>): VerificationResult {
  return { ...r, summary: summarize(r.checks) };
}

async function verifyParsed(parsed: Parsed, ctx: VerifyContext): Promise<VerificationResult> {
  if (!parsed.ok) return finish({ ...(parsed.format ? { format: parsed.format } : {}), checks: [parsed.check] });
  const checks: Check[] = [parsed.check];
  let credential: Record<string, unknown>;
  let proofChecks: Check[];
  if (parsed.kind === 'jwt') {
    const jwt = await checkJwtProof(parsed.jwt, ctx.opts);
    if (!jwt.credential) {
      checks.push(...jwt.checks);
      return finish({ format: parsed.format, checks });
    }
    credential = jwt.credential;
    const shape = jsonShape(credential);
    if (shape.depth > MAX_JSON_DEPTH || shape.nodes > MAX_JSON_NODES) {
      return finish({ format: parsed.format, checks: [check('parse', 'invalid', `The credential in the JWT is too large or too deeply nested to verify.`)] });
    }
    // A VC-JWT may also carry embedded Data Integrity proofs; those are checked too.
    proofChecks = asArray(credential.proof).length > 0 ? [...jwt.checks, ...(await checkEmbeddedProofs(credential, ctx.opts))] : jwt.checks;
  } else {
    credential = parsed.credential;
    proofChecks = [];
  }

  const { proof: _proof, ...unsecured } = credential;
  const jsonld = await safe('jsonld_valid', () => jsonLdValidity(unsecured));
  checks.push(
    'id' in jsonld
      ? jsonld
      : jsonld.ok
        ? check('jsonld_valid', 'valid', 'Every term is defined by the credential\'s JSON-LD contexts.')
        : check('jsonld_valid', 'invalid', jsonld.message, { code: jsonld.code, ...(jsonld.term ? { term: jsonld.term } : {}) }),
  );
  const ct = checkContextAndType(credential);
  checks.push(ct);
  const kind = credentialKind(asArray(credential.type));
  checks.push(await safe('ob_schema', async () => checkObSchema(credential, kind)));
  if (parsed.kind === 'json') proofChecks = await checkEmbeddedProofs(credential, ctx.opts);
  checks.push(...proofChecks);
  checks.push(await safe('validity_window', async () => checkValidityWindow(credential, ctx.opts.now)));
  checks.push(...(await checkStatus(credential, ctx)));

  const children: NonNullable<VerificationResult['children']> = [];
  const endorsements = await checkEndorsements(credential, ctx, verifyInput);
  if (endorsements) {
    checks.push(endorsements.check);
    children.push(...endorsements.children.map((result) => ({ kind: 'endorsement' as const, result })));
  }
  if (kind === 'clr') {
    const nested = await checkNestedCredentials(credential, ctx, verifyInput);
    checks.push(nested.check);
    children.push(...nested.children.map((result) => ({ kind: 'nested_credential' as const, result })));
  }
  return finish({ credential, format: parsed.format, checks, ...(children.length ? { children } : {}) });
}

/**
 * Safe-mode JSON-LD validity. The fast RDFC canonicalizer throws exactly where safe-mode jsonld does, so a
 * document it accepts is valid (about 1 ms instead of ~8 ms for a full expansion); on a throw, the full safe-mode
 * expansion names the term or context at fault.
 */
async function jsonLdValidity(doc: Record<string, unknown>): Promise<JsonLdCheck> {
  if ('@context' in doc) {
    try {
      await canonizeRdfc(doc);
      return { ok: true };
    } catch {
      // fall through to the descriptive check
    }
  }
  return checkJsonLd(doc);
}

async function safe<T extends object>(id: Check['id'], fn: () => Promise<T>): Promise<T | Check> {
  try {
    return await fn();
  } catch (e) {
    return check(id, 'unknown', `This check could not be completed: ${errorMessage(e)}`);
  }
}

