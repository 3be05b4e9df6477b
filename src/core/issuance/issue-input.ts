/**
 * Checks an issue request (API body, form, CSV row, automatic award) before anything is signed or written:
 * every problem is reported with the field at fault, all at once.
 */
import { AppError, type FieldIssue } from '../errors.ts';
import type { EndorsementCredential } from '../ob/types.ts';
import type { EvidenceInput, ResultInput } from '../ob/subject.ts';

export const ISSUE_LIMITS = { email: 254, name: 200, results: 100, evidence: 50, endorsements: 20, text: 10_000 } as const;

const EMAIL_RE = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]{2,}$/;
const DATE_TIME_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export interface IssueRequest {
  achievementId: string;
  recipient: { email: string; name: string | null };
  validFrom?: Date;
  results?: ResultInput[];
  evidence?: EvidenceInput[];
  activityStartDate?: Date;
  activityEndDate?: Date;
  creditsEarned?: number;
  endorsements?: EndorsementCredential[];
}

/** True for a plausible email address (one @, a dot in the domain, no spaces). */
export function isPlausibleEmail(email: string): boolean {
  return email.length <= ISSUE_LIMITS.email && EMAIL_RE.test(email);
}

/** Parses `2026-12-04`, `2026-12-04T10:00Z` or a full ISO date-time with a zone; undefined when invalid. */
export function parseIssueDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (!DATE_ONLY.test(v) && !DATE_TIME_Z.test(v)) return undefined;
  const d = new Date(DATE_ONLY.test(v) ? `${v}T00:00:00Z` : v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates a raw issue request; throws AppError(validation_failed) listing every field at fault.
 * @example checkIssueRequest({ achievementId: 'a1', recipient: { email: 'ada@example.com' } })
 */
export function checkIssueRequest(raw: unknown): IssueRequest {
  const issues: FieldIssue[] = [];
  const bad = (field: string, message: string) => { issues.push({ field, message }); };
  if (!isRecord(raw)) throw new AppError('validation_failed', 'The request body must be a JSON object.', { field: 'body' });

  const achievementId = raw.achievementId;
  if (typeof achievementId !== 'string' || achievementId.trim() === '') bad('achievementId', 'achievementId is required: the id of the micro-credential to award.');
  else if (achievementId.length > 100) bad('achievementId', 'achievementId is too long.');

  let email = '';
  let name: string | null = null;
  if (!isRecord(raw.recipient)) {
    bad('recipient', 'recipient is required: an object with the learner\'s email (and optionally name).');
  } else {
    const r = raw.recipient;
    if (typeof r.email !== 'string' || r.email.trim() === '') bad('recipient.email', 'recipient.email is required.');
    else {
      email = r.email.trim().toLowerCase();
      if (!isPlausibleEmail(email)) bad('recipient.email', `"${r.email.slice(0, 80)}" is not a valid email address.`);
    }
    if (r.name !== undefined && r.name !== null) {
      if (typeof r.name !== 'string') bad('recipient.name', 'recipient.name must be a string.');
      else if (r.name.length > ISSUE_LIMITS.name) bad('recipient.name', `recipient.name must be at most ${ISSUE_LIMITS.name} characters.`);
      else name = r.name.trim() || null;
    }
    for (const k of Object.keys(r)) if (k !== 'email' && k !== 'name') bad(`recipient.${k}`, `recipient.${k} is not a known field (use email and name).`);
  }

  const date = (field: string): Date | undefined => {
    const v = raw[field];
    if (v === undefined || v === null || v === '') return undefined;
    const d = parseIssueDate(v);
    if (!d) bad(field, `${field} must be a date (2026-12-04) or a date-time with a timezone (2026-12-04T10:00:00Z).`);
    return d;
  };
  const validFrom = date('validFrom');
  const activityStartDate = date('activityStartDate');
  const activityEndDate = date('activityEndDate');
  if (activityStartDate && activityEndDate && activityEndDate < activityStartDate) bad('activityEndDate', 'activityEndDate is before activityStartDate.');

  let creditsEarned: number | undefined;
  if (raw.creditsEarned !== undefined && raw.creditsEarned !== null) {
    if (typeof raw.creditsEarned !== 'number' || !Number.isFinite(raw.creditsEarned) || raw.creditsEarned < 0 || raw.creditsEarned > 10_000) {
      bad('creditsEarned', 'creditsEarned must be a number between 0 and 10000.');
    } else creditsEarned = raw.creditsEarned;
  }

  const list = <T>(field: string, max: number): T[] | undefined => {
    const v = raw[field];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) { bad(field, `${field} must be an array.`); return undefined; }
    if (v.length > max) { bad(field, `${field} may hold at most ${max} entries.`); return undefined; }
    v.forEach((item, i) => { if (!isRecord(item)) bad(`${field}[${i}]`, `${field}[${i}] must be an object.`); });
    return v as T[];
  };
  const results = list<ResultInput>('results', ISSUE_LIMITS.results);
  const evidence = list<EvidenceInput>('evidence', ISSUE_LIMITS.evidence);
  const endorsements = list<EndorsementCredential>('endorsements', ISSUE_LIMITS.endorsements);

  if (issues.length) {
    throw new AppError('validation_failed', issues.length === 1 ? issues[0]!.message : `${issues.length} fields are not valid: ${issues.map((i) => i.field).join(', ')}.`, { issues });
  }
  return {
    achievementId: (achievementId as string).trim(), recipient: { email, name },
    ...(validFrom ? { validFrom } : {}), ...(results ? { results } : {}), ...(evidence ? { evidence } : {}),
    ...(activityStartDate ? { activityStartDate } : {}), ...(activityEndDate ? { activityEndDate } : {}),
    ...(creditsEarned !== undefined ? { creditsEarned } : {}), ...(endorsements ? { endorsements } : {}),
  };
}
