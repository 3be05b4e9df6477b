/**
 * Validation of competency frameworks, competencies and their external alignments. Every check names the
 * field at fault; `collect…` functions gather all problems instead of stopping at the first.
 */
import { AppError, type FieldIssue } from '../errors.ts';
import { ALIGNMENT_TARGET_TYPES, type AlignmentTargetType } from '../ob/types.ts';
import type { CompetencyFields, ExternalAlignment } from './types.ts';

export const LIMITS = { name: 200, code: 64, description: 4000, url: 2000, framework: 200 } as const;

/** Well-known external frameworks offered in forms (free text is allowed too). */
export const KNOWN_FRAMEWORKS = ['ESCO', 'O*NET', 'CASE'] as const;

const EXT_RE = /^ext:[a-zA-Z0-9.\-_|]+$/;
const CODE_RE = /^[^\s\p{C}](?:[^\p{C}]*[^\s\p{C}])?$/u;

/** Adds an issue when a required text is empty or too long; returns the trimmed value. */
export function checkText(issues: FieldIssue[], field: string, value: unknown, max: number, required: boolean): string | null {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    issues.push({ field, message: `${field} must be text.` });
    return null;
  }
  const v = (value ?? '').trim();
  if (v === '') {
    if (required) issues.push({ field, message: `${field} is required.` });
    return null;
  }
  if (v.length > max) issues.push({ field, message: `${field} is ${v.length} characters long; the limit is ${max}.` });
  return v;
}

/** True for an absolute http(s) URL without spaces. */
export function isHttpUrl(v: string): boolean {
  if (!/^https?:\/\/[^\s/]+[^\s]*$/i.test(v)) return false;
  try { new URL(v); return true; } catch { return false; }
}

/** Checks a competency code: 1–64 visible characters, no leading or trailing space. */
export function checkCode(issues: FieldIssue[], field: string, value: unknown): string | null {
  const v = checkText(issues, field, value, LIMITS.code, true);
  if (v !== null && !CODE_RE.test(v)) issues.push({ field, message: `${field} must not contain control characters.` });
  return v;
}

/** Raw alignment fields as a form, API body or CSV row gives them. */
export interface AlignmentFieldsInput {
  targetName?: string | null;
  targetUrl?: string | null;
  targetCode?: string | null;
  targetFramework?: string | null;
  targetType?: string | null;
}

/** Validates one external alignment; `fallbackName` becomes targetName when none is given. */
export function collectAlignment(issues: FieldIssue[], field: string, input: AlignmentFieldsInput, fallbackName: string | null): ExternalAlignment | null {
  const before = issues.length;
  const url = checkText(issues, `${field}.targetUrl`, input.targetUrl, LIMITS.url, true);
  if (url !== null && !isHttpUrl(url)) issues.push({ field: `${field}.targetUrl`, message: `${field}.targetUrl must be an http(s) URL (got "${url}").` });
  const name = checkText(issues, `${field}.targetName`, input.targetName, LIMITS.name, false) ?? fallbackName;
  const code = checkText(issues, `${field}.targetCode`, input.targetCode, LIMITS.code, false);
  const framework = checkText(issues, `${field}.targetFramework`, input.targetFramework, LIMITS.framework, false);
  const type = checkText(issues, `${field}.targetType`, input.targetType, 100, false);
  if (type !== null && !(ALIGNMENT_TARGET_TYPES as readonly string[]).includes(type) && !EXT_RE.test(type)) {
    issues.push({ field: `${field}.targetType`, message: `${field}.targetType must be one of ${ALIGNMENT_TARGET_TYPES.join(', ')} or ext:… (got "${type}").` });
  }
  if (!name) issues.push({ field: `${field}.targetName`, message: `${field}.targetName is required.` });
  if (issues.length > before) return null;
  return { targetName: name!, targetUrl: url!, targetCode: code, targetFramework: framework, targetType: type as AlignmentTargetType | null };
}

/** Raw competency fields as given by a form or API body. */
export interface CompetencyFieldsInput {
  code?: unknown;
  name?: unknown;
  description?: unknown;
  alignments?: AlignmentFieldsInput[] | null;
}

/**
 * Validates a competency; throws validation_failed listing every field at fault.
 * @example validateCompetencyFields({ code: 'DA-1', name: 'Clean data', alignments: [] })
 */
export function validateCompetencyFields(input: CompetencyFieldsInput): CompetencyFields {
  const issues: FieldIssue[] = [];
  const code = checkCode(issues, 'code', input.code);
  const name = checkText(issues, 'name', input.name, LIMITS.name, true);
  const description = checkText(issues, 'description', input.description, LIMITS.description, false);
  const alignments: ExternalAlignment[] = [];
  if (input.alignments !== undefined && input.alignments !== null && !Array.isArray(input.alignments)) {
    issues.push({ field: 'alignments', message: 'alignments must be a list.' });
  } else {
    (input.alignments ?? []).forEach((a, i) => {
      const al = collectAlignment(issues, `alignments[${i}]`, a ?? {}, name);
      if (al) alignments.push(al);
    });
  }
  if (issues.length) throw validationError(issues);
  return { code: code!, name: name!, description, alignments };
}

/** Validates a framework's name and description. */
export function validateFrameworkFields(input: { name?: unknown; description?: unknown }): { name: string; description: string | null } {
  const issues: FieldIssue[] = [];
  const name = checkText(issues, 'name', input.name, LIMITS.framework, true);
  const description = checkText(issues, 'description', input.description, LIMITS.description, false);
  if (issues.length) throw validationError(issues);
  return { name: name!, description };
}

/** One validation_failed error carrying every issue; the message names the first. */
export function validationError(issues: FieldIssue[]): AppError {
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return new AppError('validation_failed', `${first.message}${more}`, { field: first.field, issues });
}
