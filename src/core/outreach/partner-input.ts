/**
 * Employer partner records (issuer outreach): field rules shared by the form, the API and the CSV import,
 * and CSV writing. Pure: no clock, no database; callers pass what they know (members, micro-credentials).
 */
import { AppError, type FieldIssue } from '../errors.ts';

export const PARTNER_STAGES = ['prospect', 'contacted', 'engaged', 'endorsing', 'hiring'] as const;
export type Stage = (typeof PARTNER_STAGES)[number];
export const STAGE_LABELS: Record<Stage, string> = {
  prospect: 'Prospect', contacted: 'Contacted', engaged: 'Engaged', endorsing: 'Endorsing', hiring: 'Hiring',
};

export interface ContactFields { name: string; email: string | null; role: string | null }

export interface PartnerFields {
  name: string;
  website: string | null;
  stage: Stage;
  notes: string | null;
  ownerUserId: string | null;
  nextStep: string | null;
  nextStepDate: string | null;
  contacts: ContactFields[];
  achievementIds: string[];
  pathwayIds: string[];
}

export interface PartnerRawInput {
  name?: unknown; website?: unknown; stage?: unknown; notes?: unknown; ownerUserId?: unknown; nextStep?: unknown;
  nextStepDate?: unknown; contacts?: unknown; achievementIds?: unknown; pathwayIds?: unknown;
}

/** What the caller's organization has, to check references. */
export interface PartnerContext { memberIds: ReadonlySet<string>; achievementIds: ReadonlySet<string>; pathwayIds: ReadonlySet<string> }

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]).map(text).filter(Boolean);

/**
 * Validates partner fields; returns them normalised or throws validation_failed with every issue.
 * @example checkPartnerInput({ name: 'Acme', stage: 'prospect' }, ctx).stage // 'prospect'
 */
export function checkPartnerInput(raw: PartnerRawInput, ctx: PartnerContext): PartnerFields {
  const issues: FieldIssue[] = [];
  const name = text(raw.name);
  if (!name || name.length > 160) issues.push({ field: 'name', message: 'Enter the employer\'s name (up to 160 characters).' });
  let website: string | null = text(raw.website) || null;
  if (website) {
    try {
      const u = new URL(/^https?:\/\//i.test(website) ? website : `https://${website}`);
      if (!u.hostname.includes('.')) throw new Error('host');
      website = u.toString();
    } catch {
      issues.push({ field: 'website', message: 'Enter a web address such as https://employer.example.' });
    }
  }
  const stageIn = text(raw.stage).toLowerCase() || 'prospect';
  if (!(PARTNER_STAGES as readonly string[]).includes(stageIn)) issues.push({ field: 'stage', message: `Choose a stage: ${PARTNER_STAGES.join(', ')}.` });
  const notes = text(raw.notes) || null;
  if (notes && notes.length > 8000) issues.push({ field: 'notes', message: 'Use at most 8000 characters for notes.' });
  const ownerUserId = text(raw.ownerUserId) || null;
  if (ownerUserId && !ctx.memberIds.has(ownerUserId)) issues.push({ field: 'ownerUserId', message: 'The owner must be a member of your organization.' });
  const nextStep = text(raw.nextStep) || null;
  if (nextStep && nextStep.length > 300) issues.push({ field: 'nextStep', message: 'Use at most 300 characters for the next step.' });
  const nextStepDate = text(raw.nextStepDate) || null;
  if (nextStepDate && (!/^\d{4}-\d{2}-\d{2}$/.test(nextStepDate) || Number.isNaN(Date.parse(`${nextStepDate}T00:00:00Z`)))) {
    issues.push({ field: 'nextStepDate', message: 'Enter the date as YYYY-MM-DD.' });
  }
  const contacts: ContactFields[] = [];
  (Array.isArray(raw.contacts) ? raw.contacts : []).forEach((c: unknown, i: number) => {
    const o = (c && typeof c === 'object' ? c : {}) as Record<string, unknown>;
    const cn = text(o.name);
    const ce = text(o.email).toLowerCase() || null;
    const cr = text(o.role) || null;
    if (!cn && !ce && !cr) return;
    if (!cn) issues.push({ field: `contacts.${i}.name`, message: 'Give each contact a name.' });
    if (ce && !EMAIL.test(ce)) issues.push({ field: `contacts.${i}.email`, message: `“${ce}” is not an email address.` });
    contacts.push({ name: cn, email: ce, role: cr });
  });
  const achievementIds = [...new Set(list(raw.achievementIds))];
  for (const id of achievementIds) if (!ctx.achievementIds.has(id)) issues.push({ field: 'achievementIds', message: `No micro-credential of yours has the id ${id}.` });
  const pathwayIds = [...new Set(list(raw.pathwayIds))];
  for (const id of pathwayIds) if (!ctx.pathwayIds.has(id)) issues.push({ field: 'pathwayIds', message: `No pathway of yours has the id ${id}.` });
  if (issues.length) throw new AppError('validation_failed', issues[0]!.message, { field: issues[0]!.field, issues });
  return { name, website, stage: stageIn as Stage, notes, ownerUserId, nextStep, nextStepDate, contacts, achievementIds, pathwayIds };
}

/** One CSV cell: always quoted; a leading formula character is neutralised (CSV injection). */
export function csvCell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** CSV text from a header and rows (CRLF line ends, as RFC 4180 writes them). */
export function toCsv(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
