/**
 * Memo of credential shapes that passed the full OB 3.0 JSON Schema. Issuance builds thousands of credentials
 * that differ only in values our builders generate and check themselves (id, dates, salted identity hash, status
 * slot, credits); once one credential of a shape passed Ajv, the next of the same shape only needs this cheap
 * structural comparison. Anything caller-supplied and free-form (results, evidence, endorsements) always gets the
 * full schema run.
 */

/** Members whose values are generated and checked by the builders: compared by shape, not by value. */
const GENERATED = new Set([
  'id', 'validFrom', 'validUntil', 'identityHash', 'salt', 'activityStartDate', 'activityEndDate',
  'statusListIndex', 'statusListCredential', 'statusReference',
]);
/** Members with caller-supplied free-form content: a credential carrying one is never memoised. */
const FREE_FORM = ['result', 'evidence', 'endorsement', 'endorsementJwt'];

/** A string's shape: each run of letters/digits collapsed to `x` ("urn:uuid:…" → "x:x:x-x-x-x-x"). */
const shapeOf = (s: string): string => s.replace(/[A-Za-z0-9]+/g, 'x');

/** Remembers shapes that passed the schema (bounded: forgets everything when full). */
export class SchemaPassMemo {
  private readonly keys = new Set<string>();
  constructor(private readonly max = 1000) {}

  /** The shape key of a credential, or undefined when it carries free-form members (never memoised). */
  keyOf(credential: Record<string, unknown>): string | undefined {
    const subject = credential.credentialSubject as Record<string, unknown> | undefined;
    if (FREE_FORM.some((k) => k in credential || (subject !== undefined && k in subject))) return undefined;
    return JSON.stringify(credential, (k, v: unknown) => {
      if (k === 'creditsEarned') return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? 'credits' : v;
      return GENERATED.has(k) && typeof v === 'string' ? shapeOf(v) : v;
    });
  }

  /** True when a credential with this key already passed the full schema. */
  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Records a key that passed the full schema. */
  add(key: string): void {
    if (this.keys.size >= this.max) this.keys.clear();
    this.keys.add(key);
  }

  /** Number of remembered shapes. */
  get size(): number {
    return this.keys.size;
  }
}
