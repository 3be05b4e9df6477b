/**
 * Ajv (JSON Schema 2019-09) validators over the shipped OB 3.0 / CLR 2.0 schemas, compiled once on first use.
 * Errors come back as `{ path, message }` written for a person: `credentialSubject.achievement.name: is required`.
 */
import Ajv2019, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import obCredentialSchema from '../schemas/ob-v3p0/ob_v3p0_achievementcredential_schema.json' with { type: 'json' };
import obEndorsementSchema from '../schemas/ob-v3p0/ob_v3p0_endorsementcredential_schema.json' with { type: 'json' };
import obProfileSchema from '../schemas/ob-v3p0/ob_v3p0_profile_schema.json' with { type: 'json' };
import clrCredentialSchema from '../schemas/clr-v2p0/clr_v2p0_clrcredential_schema.json' with { type: 'json' };

export interface SchemaIssue {
  /** Dotted path into the document, e.g. `credentialSubject.achievement.criteria`; `` for the root. */
  path: string;
  message: string;
}

export interface SchemaResult {
  valid: boolean;
  errors: SchemaIssue[];
}

type SchemaName = 'ob3Credential' | 'endorsementCredential' | 'clrCredential' | 'profile';

const SCHEMAS: Record<SchemaName, object> = {
  ob3Credential: obCredentialSchema,
  endorsementCredential: obEndorsementSchema,
  clrCredential: clrCredentialSchema,
  profile: obProfileSchema,
};

let fastAjv: InstanceType<typeof Ajv2019> | undefined;
let detailAjv: InstanceType<typeof Ajv2019> | undefined;
const compiled = new Map<string, ValidateFunction>();

function newAjv(detailed: boolean): InstanceType<typeof Ajv2019> {
  // strict:false because the published schemas use tuple `items` and free-form `$comment`s.
  const a = new Ajv2019({ allErrors: detailed, verbose: detailed, strict: false, validateFormats: true });
  (addFormats as unknown as (x: unknown) => void)(a);
  return a;
}

/**
 * Two compilations per schema: a fast one that stops at the first error (what valid documents pay for) and a
 * detailed one (all errors, verbose) that only runs to explain a failure.
 */
function validatorFor(name: SchemaName, detailed: boolean): ValidateFunction {
  const key = `${name}:${detailed}`;
  let fn = compiled.get(key);
  if (!fn) {
    const a = detailed ? (detailAjv ??= newAjv(true)) : (fastAjv ??= newAjv(false));
    fn = a.compile(SCHEMAS[name]);
    compiled.set(key, fn);
  }
  return fn;
}

function toPath(pointer: string): string {
  if (!pointer) return '';
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

const GENERIC = new Set(['type', 'oneOf', 'anyOf', 'if', 'not', 'false schema']);

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describe(e: ErrorObject): SchemaIssue {
  const path = toPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: join(path, String(p.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { path: join(path, String(p.additionalProperty)), message: 'is not allowed here' };
    case 'enum':
      return { path, message: `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'format':
      return { path, message: p.format === 'date-time' ? 'must be a date-time with a timezone, e.g. 2026-12-04T20:00:00Z' : `must be a valid ${String(p.format)}` };
    case 'contains': {
      const wanted = (e.parentSchema as { contains?: { enum?: unknown[] } } | undefined)?.contains?.enum;
      return { path, message: wanted ? `must include ${wanted.map((v) => JSON.stringify(v)).join(' or ')}` : 'must contain a required value' };
    }
    default:
      return { path, message: e.message ?? `fails the ${e.keyword} rule` };
  }
}

/**
 * Turns Ajv's raw output (which lists every failed oneOf branch) into the few messages a person needs:
 * specific errors win over generic type/oneOf errors at the same or an ancestor path.
 */
export function summarizeErrors(errors: ErrorObject[] | null | undefined): SchemaIssue[] {
  if (!errors?.length) return [];
  // Items tried by `contains` report their own misses; the contains error says it better.
  const containsPaths = errors.filter((e) => e.keyword === 'contains').map((e) => e.instancePath + '/');
  errors = errors.filter((e) => !containsPaths.some((p) => e.instancePath.startsWith(p)));
  const specific = errors.filter((e) => !GENERIC.has(e.keyword));
  const hasDeeperOrSame = (e: ErrorObject) =>
    specific.some((s) => s.instancePath === e.instancePath || s.instancePath.startsWith(e.instancePath + '/'));
  const kept: SchemaIssue[] = specific.map(describe);
  // Generic type errors: keep only where nothing more specific explains the failure; merge the alternatives.
  const typeByPath = new Map<string, Set<string>>();
  for (const e of errors) {
    if (!GENERIC.has(e.keyword) || hasDeeperOrSame(e)) continue;
    const hasDeeperGeneric = errors.some((o) => o !== e && o.instancePath.startsWith(e.instancePath + '/'));
    if (hasDeeperGeneric && e.keyword !== 'type') continue;
    if (e.keyword === 'type') {
      const set = typeByPath.get(e.instancePath) ?? new Set<string>();
      set.add(String((e.params as { type: unknown }).type));
      typeByPath.set(e.instancePath, set);
    } else if (!hasDeeperGeneric) {
      kept.push(describe(e));
    }
  }
  for (const [ptr, types] of typeByPath) {
    const deeper = errors.some((o) => o.instancePath.startsWith(ptr + '/'));
    if (!deeper) kept.push({ path: toPath(ptr), message: `must be ${[...types].join(' or ')}` });
  }
  mergeEnumAndPattern(kept);
  const seen = new Set<string>();
  return kept.filter((i) => {
    const k = `${i.path}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** An extensible enumeration fails both branches: say it once ("one of …, or ext:…"). */
function mergeEnumAndPattern(issues: SchemaIssue[]): void {
  for (let i = issues.length - 1; i >= 0; i--) {
    const issue = issues[i]!;
    if (!issue.message.startsWith('must match pattern')) continue;
    const twin = issues.find((o) => o !== issue && o.path === issue.path && o.message.startsWith('must be one of'));
    if (twin && /ext:/.test(issue.message)) {
      twin.message += ', or an extension value starting with ext:';
      issues.splice(i, 1);
    }
  }
}

function run(name: SchemaName, doc: unknown): SchemaResult {
  if (validatorFor(name, false)(doc) as boolean) return { valid: true, errors: [] };
  const detailed = validatorFor(name, true);
  detailed(doc);
  return { valid: false, errors: summarizeErrors(detailed.errors) };
}

/** Validates an OpenBadgeCredential/AchievementCredential (VC 2.0 form) against the OB 3.0 schema. */
export function validateOb3Credential(doc: unknown): SchemaResult {
  return run('ob3Credential', doc);
}

/** Validates an EndorsementCredential against the OB 3.0 schema. */
export function validateEndorsementCredential(doc: unknown): SchemaResult {
  return run('endorsementCredential', doc);
}

/** Validates a ClrCredential against the CLR 2.0 schema. */
export function validateClrCredential(doc: unknown): SchemaResult {
  return run('clrCredential', doc);
}

/** Validates a standalone Profile against the OB 3.0 profile schema. */
export function validateProfile(doc: unknown): SchemaResult {
  return run('profile', doc);
}

/** One line per issue, e.g. for an AppError message or CLI output. */
export function formatSchemaIssues(issues: SchemaIssue[]): string {
  return issues.map((i) => `${i.path || '(document)'}: ${i.message}`).join('; ');
}
