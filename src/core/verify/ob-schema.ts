/** The `ob_schema` step: the official OB 3.0 / CLR 2.0 JSON Schemas (shipped copies, Ajv). */
import { formatSchemaIssues, validateClrCredential, validateEndorsementCredential, validateOb3Credential } from '../schema/index.ts';
import type { Check } from './types.ts';
import type { CredentialKind } from './context-and-type.ts';
import { check } from './check-helpers.ts';

const VC1 = 'https://www.w3.org/2018/credentials/v1';
const VC2 = 'https://www.w3.org/ns/credentials/v2';

/**
 * VC 1.1 credentials (and VC 1.1 credentials nested in them) are checked against the 2.0 schema with their dates
 * mapped (issuanceDate → validFrom, expirationDate → validUntil), which is what the 1EdTech "Any…" schemas allow.
 * The input depth is bounded by the parse step, so the recursion is too.
 */
function asVc2Shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asVc2Shape);
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = k === 'proof' ? v : asVc2Shape(v);
  const ctx = obj['@context'];
  if (!Array.isArray(ctx) || ctx[0] !== VC1) return out;
  const { issuanceDate, expirationDate } = out;
  delete out.issuanceDate;
  delete out.expirationDate;
  out['@context'] = [VC2, ...ctx.slice(1)];
  if (out.validFrom === undefined && issuanceDate !== undefined) out.validFrom = issuanceDate;
  if (out.validUntil === undefined && expirationDate !== undefined) out.validUntil = expirationDate;
  return out;
}

/** Validates a credential against the schema for its kind. */
export function checkObSchema(credential: Record<string, unknown>, kind: CredentialKind): Check {
  if (kind === 'status_list' || kind === 'other') {
    return check('ob_schema', 'unknown', 'There is no Open Badges schema for this kind of credential, so it was not checked.', { kind });
  }
  const doc = asVc2Shape(credential);
  const [name, result] =
    kind === 'clr'
      ? ['CLR 2.0 ClrCredential', validateClrCredential(doc)]
      : kind === 'endorsement'
        ? ['Open Badges 3.0 EndorsementCredential', validateEndorsementCredential(doc)]
        : ['Open Badges 3.0 AchievementCredential', validateOb3Credential(doc)];
  if (result.valid) return check('ob_schema', 'valid', `The credential follows the ${name} schema.`, { schema: name });
  const issues = result.errors.slice(0, 20);
  return check('ob_schema', 'invalid', `The credential does not follow the ${name} schema: ${formatSchemaIssues(issues.slice(0, 5))}.`, {
    schema: name,
    issues,
  });
}
