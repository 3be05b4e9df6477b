/** The `validity_window` step: VC 2.0 validFrom/validUntil, VC 1.1 issuanceDate/expirationDate. */
import type { Check } from './types.ts';
import { check } from './check-helpers.ts';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function parseDate(value: unknown): number | undefined {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** Checks that `now` lies inside the credential's validity window. */
export function checkValidityWindow(credential: Record<string, unknown>, now: Date): Check {
  const v2 = credential.validFrom !== undefined || credential.validUntil !== undefined;
  const fromField = v2 ? 'validFrom' : 'issuanceDate';
  const untilField = v2 ? 'validUntil' : 'expirationDate';
  const fromRaw = credential[fromField];
  const untilRaw = credential[untilField];
  const from = parseDate(fromRaw);
  const until = parseDate(untilRaw);
  const at = now.getTime();
  const details: Record<string, unknown> = { now: now.toISOString() };
  if (fromRaw !== undefined) details[fromField] = fromRaw;
  if (untilRaw !== undefined) details[untilField] = untilRaw;
  if (fromRaw !== undefined && from === undefined) {
    return check('validity_window', 'invalid', `The date "${fromField}" is not a date-time with a timezone.`, { ...details, reason: 'bad_date', field: fromField });
  }
  if (untilRaw !== undefined && until === undefined) {
    return check('validity_window', 'invalid', `The date "${untilField}" is not a date-time with a timezone.`, { ...details, reason: 'bad_date', field: untilField });
  }
  if (from === undefined) {
    return check('validity_window', 'invalid', 'The credential has no start date (validFrom or issuanceDate).', { ...details, reason: 'missing_start' });
  }
  if (from > at) {
    return check('validity_window', 'invalid', `The credential is not valid yet: it becomes valid on ${String(fromRaw)}.`, { ...details, reason: 'not_yet_valid' });
  }
  if (until !== undefined && until <= at) {
    return check('validity_window', 'invalid', `The credential expired on ${String(untilRaw)}.`, { ...details, reason: 'expired' });
  }
  const tail = until === undefined ? ' and does not expire' : ` until ${String(untilRaw)}`;
  return check('validity_window', 'valid', `The credential is valid from ${String(fromRaw)}${tail}.`, details);
}
