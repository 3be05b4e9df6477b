/**
 * Competency CSV import, validated in full before anything is written.
 * Header: `framework,code,name,description,alignment_url,alignment_code,alignment_framework`.
 * Rows with the same framework and code describe one competency; each may add one external alignment.
 * A framework is matched by name (case-insensitive) or created; an existing code is updated.
 */
import { AppError, type FieldIssue } from '../errors.ts';
import { parseCsv } from '../csv.ts';
import { checkCode, checkText, collectAlignment, LIMITS } from './competency-input.ts';
import type { ExternalAlignment } from './types.ts';

export const COMPETENCY_CSV_COLUMNS = [
  'framework', 'code', 'name', 'description', 'alignment_url', 'alignment_code', 'alignment_framework',
] as const;
export const COMPETENCY_CSV_REQUIRED = ['framework', 'code', 'name'] as const;
export const COMPETENCY_CSV_MAX_ROWS = 10_000;
/** Largest CSV file accepted for import. */
export const COMPETENCY_CSV_MAX_BYTES = 5 * 1024 * 1024;

/** A problem in one cell of the file (row 1 is the header). */
export interface CsvRowIssue {
  row: number;
  column: string;
  message: string;
}

/** What the database already holds, keyed by lower-cased framework name. */
export type ExistingCompetencyIndex = Map<string, {
  id: string; name: string; codes: Map<string, { id: string; alignmentUrls: string[]; name?: string; description?: string | null }>;
}>;

export interface PlannedCompetency {
  frameworkName: string;
  code: string;
  name: string;
  description: string | null;
  /** Alignments to add (those whose URL the competency does not already have). */
  alignments: ExternalAlignment[];
  existingId: string | null;
  /** False when an existing competency already has this name and description. */
  changed: boolean;
  rows: number[];
}

export interface CompetencyImportPlan {
  frameworks: { name: string; existingId: string | null }[];
  competencies: PlannedCompetency[];
}

/** Turns row issues into one csv_invalid error (issues as `row N: column`, the rows in details). */
export function csvError(rowIssues: CsvRowIssue[]): AppError {
  const issues: FieldIssue[] = rowIssues.map((i) => ({ field: `row ${i.row}: ${i.column}`, message: i.message }));
  const first = rowIssues[0]!;
  const n = new Set(rowIssues.map((i) => i.row)).size;
  return new AppError('csv_invalid',
    `The CSV file has errors in ${n} row${n === 1 ? '' : 's'}; nothing was imported. Row ${first.row}, ${first.column}: ${first.message}`,
    { issues, details: { rows: rowIssues } });
}

/**
 * Validates every row and plans the import; throws csv_invalid with each row's problems.
 * @example planCompetencyImport('framework,code,name\nData,D1,Clean data\n', new Map()).competencies[0].code // 'D1'
 */
export function planCompetencyImport(text: string, existing: ExistingCompetencyIndex): CompetencyImportPlan {
  let table;
  try {
    table = parseCsv(text);
  } catch (e) {
    if (e instanceof AppError) throw csvError([{ row: Number(/\d+/.exec(e.issues[0]?.field ?? '')?.[0] ?? 1), column: '(file)', message: e.issues[0]?.message ?? e.message }]);
    throw e;
  }
  const issues: CsvRowIssue[] = [];
  const known = new Set<string>(COMPETENCY_CSV_COLUMNS);
  for (const h of table.header) {
    if (!known.has(h)) issues.push({ row: 1, column: h || '(empty)', message: `Unknown column "${h}"; the columns are ${COMPETENCY_CSV_COLUMNS.join(', ')}.` });
  }
  for (const c of COMPETENCY_CSV_REQUIRED) {
    if (!table.header.includes(c)) issues.push({ row: 1, column: c, message: `The header lacks the required column "${c}".` });
  }
  if (issues.length) throw csvError(issues);
  if (table.rows.length === 0) throw csvError([{ row: 2, column: '(file)', message: 'The file has a header but no data rows.' }]);
  if (table.rows.length > COMPETENCY_CSV_MAX_ROWS) {
    throw csvError([{ row: COMPETENCY_CSV_MAX_ROWS + 2, column: '(file)', message: `At most ${COMPETENCY_CSV_MAX_ROWS} rows can be imported at once.` }]);
  }

  const frameworks = new Map<string, { name: string; existingId: string | null }>();
  const planned = new Map<string, PlannedCompetency>();
  for (const { row, values, extraCells } of table.rows) {
    const rowIssues: FieldIssue[] = [];
    if (extraCells > 0) issues.push({ row, column: '(row)', message: `The row has ${extraCells} more cell${extraCells > 1 ? 's' : ''} than the header; quote cells that contain commas.` });
    const fw = checkText(rowIssues, 'framework', values.framework, LIMITS.framework, true);
    const code = checkCode(rowIssues, 'code', values.code);
    const name = checkText(rowIssues, 'name', values.name, LIMITS.name, true);
    const description = checkText(rowIssues, 'description', values.description, LIMITS.description, false);
    const hasAlignment = [values.alignment_url, values.alignment_code, values.alignment_framework].some((v) => v && v.trim() !== '');
    let alignment: ExternalAlignment | null = null;
    if (hasAlignment) {
      alignment = collectAlignment(rowIssues, 'alignment', {
        targetUrl: values.alignment_url, targetCode: values.alignment_code, targetFramework: values.alignment_framework,
      }, name ?? 'alignment');
    }
    for (const i of rowIssues) issues.push({ row, column: toColumn(i.field), message: i.message.replace(/^alignment\.target(Url|Code|Framework)/, (_m, k: string) => `alignment_${k.toLowerCase()}`) });
    if (rowIssues.length || fw === null || code === null || name === null) continue;

    const fwKey = fw.toLowerCase();
    const existingFw = existing.get(fwKey);
    if (!frameworks.has(fwKey)) frameworks.set(fwKey, { name: existingFw?.name ?? fw, existingId: existingFw?.id ?? null });
    const key = `${fwKey}\u0000${code}`;
    const prev = planned.get(key);
    if (prev) {
      if (prev.name !== name || (description !== null && prev.description !== null && prev.description !== description)) {
        issues.push({ row, column: 'name', message: `Code ${code} already appears in row ${prev.rows[0]} of framework "${fw}" with a different name or description; repeat rows of one competency must agree.` });
        continue;
      }
      prev.rows.push(row);
      if (description !== null && prev.description !== description) {
        prev.description = description;
        prev.changed = true;
      }
      if (alignment && !prev.alignments.some((a) => a.targetUrl === alignment!.targetUrl)) prev.alignments.push(alignment);
      continue;
    }
    const existingComp = existingFw?.codes.get(code);
    const alignments = alignment && !existingComp?.alignmentUrls.includes(alignment.targetUrl) ? [alignment] : [];
    planned.set(key, {
      frameworkName: frameworks.get(fwKey)!.name, code, name, description, alignments, existingId: existingComp?.id ?? null, rows: [row],
      changed: !existingComp || existingComp.name !== name || (description !== null && existingComp.description !== description),
    });
  }
  if (issues.length) throw csvError(issues.sort((a, b) => a.row - b.row));
  return { frameworks: [...frameworks.values()], competencies: [...planned.values()] };
}

function toColumn(field: string): string {
  const m = /^alignment\.target(Url|Code|Framework|Name)$/.exec(field);
  if (m) return m[1] === 'Name' ? 'name' : `alignment_${m[1]!.toLowerCase()}`;
  return field;
}
