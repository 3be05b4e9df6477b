/**
 * CSV import and export of employer partners. Import checks every row first and either plans all rows or throws
 * csv_invalid with each row's problems (nothing is written). Lists inside a cell are separated by `;`.
 */
import { AppError } from '../errors.ts';
import { parseCsv } from '../csv.ts';
import { csvError, type CsvRowIssue } from '../catalog/competency-csv.ts';
import { checkPartnerInput, toCsv, type PartnerContext, type PartnerFields } from './partner-input.ts';

export const PARTNER_CSV_COLUMNS = [
  'name', 'website', 'stage', 'owner_email', 'next_step', 'next_step_date', 'contact_names', 'contact_emails', 'contact_roles',
  'micro_credentials', 'pathways', 'notes',
] as const;

const FIELD_TO_COLUMN: Record<string, string> = {
  name: 'name', website: 'website', stage: 'stage', ownerUserId: 'owner_email', nextStep: 'next_step', nextStepDate: 'next_step_date',
  achievementIds: 'micro_credentials', pathwayIds: 'pathways', notes: 'notes',
};

const split = (s: string | undefined): string[] => (s ?? '').split(';').map((x) => x.trim());

export interface PartnerCsvContext extends PartnerContext {
  /** Member user ids by (lower-case) email, for the owner column. */
  memberByEmail: ReadonlyMap<string, string>;
}

/**
 * Validates every row of a partner CSV; returns the rows to create or throws csv_invalid (row, column, message).
 * @example planPartnerImport('name,stage\nAcme,prospect\n', ctx)[0].name // 'Acme'
 */
export function planPartnerImport(text: string, ctx: PartnerCsvContext): PartnerFields[] {
  let table;
  try {
    table = parseCsv(text);
  } catch (e) {
    if (e instanceof AppError) throw csvError([{ row: 1, column: '(file)', message: e.issues[0]?.message ?? e.message }]);
    throw e;
  }
  const issues: CsvRowIssue[] = [];
  if (!table.header.includes('name')) issues.push({ row: 1, column: 'name', message: 'The header must have a name column.' });
  for (const h of table.header) if (h && !(PARTNER_CSV_COLUMNS as readonly string[]).includes(h)) issues.push({ row: 1, column: h, message: `Unknown column “${h}”; use ${PARTNER_CSV_COLUMNS.join(', ')}.` });
  if (issues.length) throw csvError(issues);
  const rows = table.rows.filter((r) => Object.values(r.values).some((v) => v !== ''));
  if (!rows.length) throw csvError([{ row: 2, column: '(file)', message: 'The file has no partner rows.' }]);
  const out: PartnerFields[] = [];
  for (const r of rows) {
    const v = r.values;
    const ownerEmail = (v.owner_email ?? '').toLowerCase();
    const ownerUserId = ownerEmail ? ctx.memberByEmail.get(ownerEmail) : undefined;
    if (ownerEmail && !ownerUserId) {
      issues.push({ row: r.row, column: 'owner_email', message: `${ownerEmail} is not a member of your organization.` });
    }
    const names = split(v.contact_names);
    const emails = split(v.contact_emails);
    const roles = split(v.contact_roles);
    const contacts = Array.from({ length: Math.max(names.length, emails.length, roles.length) }, (_, i) => ({ name: names[i] ?? '', email: emails[i] ?? '', role: roles[i] ?? '' }));
    try {
      out.push(checkPartnerInput({
        name: v.name, website: v.website, stage: v.stage, notes: v.notes, ownerUserId: ownerUserId ?? '', nextStep: v.next_step,
        nextStepDate: v.next_step_date, contacts, achievementIds: split(v.micro_credentials).filter(Boolean), pathwayIds: split(v.pathways).filter(Boolean),
      }, ctx));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      for (const i of e.issues) {
        const column = i.field.startsWith('contacts.') ? `contact_${i.field.split('.')[2]}s` : FIELD_TO_COLUMN[i.field] ?? i.field;
        issues.push({ row: r.row, column, message: i.message });
      }
    }
  }
  if (issues.length) throw csvError(issues);
  return out;
}

/** Exports partners in the import format (owner as email). */
export function partnersToCsv(partners: Array<PartnerFields & { ownerEmail: string | null }>): string {
  return toCsv([...PARTNER_CSV_COLUMNS], partners.map((p) => [
    p.name, p.website, p.stage, p.ownerEmail, p.nextStep, p.nextStepDate, p.contacts.map((c) => c.name).join('; '),
    p.contacts.map((c) => c.email ?? '').join('; '), p.contacts.map((c) => c.role ?? '').join('; '), p.achievementIds.join('; '),
    p.pathwayIds.join('; '), p.notes,
  ]));
}
