/**
 * Validation of what staff type when authoring modules, quizzes and projects. Each function returns clean
 * fields or throws `validation_failed` listing every field at fault.
 */
import { AppError, type FieldIssue } from '../errors.ts';
import { REVIEW_POLICIES, type ReviewPolicy } from './attempt.ts';

export type SectionKind = 'markdown' | 'link' | 'media';

export interface SectionFields {
  id: string;
  kind: SectionKind;
  title: string;
  body?: string;
  url?: string;
}

export interface ModuleFields {
  title: string;
  summary: string;
  sections: SectionFields[];
  competencyIds: string[];
  achievementIds: string[];
  enrolment: 'open' | 'staff';
  status: 'draft' | 'published' | 'archived';
}

export const MODULE_LIMITS = { title: 200, summary: 4000, sections: 100, body: 100_000, url: 2000 } as const;

const HTTP_URL = /^https:\/\/[^\s/?#]+[^\s]*$|^http:\/\/[^\s/?#]+[^\s]*$/;

function str(issues: FieldIssue[], field: string, v: unknown, max: number, required: boolean): string {
  if (v === undefined || v === null) v = '';
  if (typeof v !== 'string') {
    issues.push({ field, message: `${field} must be text.` });
    return '';
  }
  const s = v.trim();
  if (required && s === '') issues.push({ field, message: `${field} is required.` });
  if (s.length > max) issues.push({ field, message: `${field} is longer than ${max} characters.` });
  return s;
}

function ids(issues: FieldIssue[], field: string, v: unknown): string[] {
  if (v === undefined || v === null || v === '') return [];
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) {
    issues.push({ field, message: `${field} must be a list of ids.` });
    return [];
  }
  return [...new Set(list.map((x) => x.trim()).filter((x) => x !== ''))];
}

/** True for an absolute http(s) URL without spaces (no javascript:, data: or relative links). */
export function isHttpUrl(v: string): boolean {
  return HTTP_URL.test(v) && v.length <= MODULE_LIMITS.url;
}

/**
 * Validate a module definition. Sections are markdown (body), link (url, optional body) or media (url
 * of an image, audio or video file, or a page to embed); URLs must be absolute http(s).
 */
export function validateModuleFields(raw: Record<string, unknown>, newId: () => string): ModuleFields {
  const issues: FieldIssue[] = [];
  const title = str(issues, 'title', raw.title, MODULE_LIMITS.title, true);
  const summary = str(issues, 'summary', raw.summary, MODULE_LIMITS.summary, false);
  const enrolment = raw.enrolment === undefined ? 'open' : raw.enrolment;
  if (enrolment !== 'open' && enrolment !== 'staff') issues.push({ field: 'enrolment', message: 'enrolment must be "open" or "staff".' });
  const status = raw.status === undefined ? 'draft' : raw.status;
  if (status !== 'draft' && status !== 'published' && status !== 'archived') {
    issues.push({ field: 'status', message: 'status must be "draft", "published" or "archived".' });
  }
  const sectionsRaw = raw.sections ?? [];
  const sections: SectionFields[] = [];
  if (!Array.isArray(sectionsRaw)) issues.push({ field: 'sections', message: 'sections must be a list.' });
  else if (sectionsRaw.length > MODULE_LIMITS.sections) issues.push({ field: 'sections', message: `At most ${MODULE_LIMITS.sections} sections.` });
  else {
    sectionsRaw.forEach((s: unknown, i) => {
      const f = `sections.${i}`;
      if (typeof s !== 'object' || s === null) return void issues.push({ field: f, message: `${f} must be an object.` });
      const o = s as Record<string, unknown>;
      const kind = o.kind;
      if (kind !== 'markdown' && kind !== 'link' && kind !== 'media') {
        return void issues.push({ field: `${f}.kind`, message: 'kind must be markdown, link or media.' });
      }
      const section: SectionFields = {
        id: typeof o.id === 'string' && /^[\w-]{1,64}$/.test(o.id) ? o.id : newId(),
        kind,
        title: str(issues, `${f}.title`, o.title, MODULE_LIMITS.title, kind !== 'markdown'),
      };
      const body = str(issues, `${f}.body`, o.body, MODULE_LIMITS.body, kind === 'markdown');
      if (body) section.body = body;
      if (kind !== 'markdown') {
        const url = str(issues, `${f}.url`, o.url, MODULE_LIMITS.url, true);
        if (url && !isHttpUrl(url)) issues.push({ field: `${f}.url`, message: 'The URL must start with https:// or http://.' });
        section.url = url;
      }
      sections.push(section);
    });
  }
  const fields: ModuleFields = {
    title,
    summary,
    sections,
    competencyIds: ids(issues, 'competencyIds', raw.competencyIds),
    achievementIds: ids(issues, 'achievementIds', raw.achievementIds),
    enrolment: enrolment as ModuleFields['enrolment'],
    status: status as ModuleFields['status'],
  };
  if (issues.length) throw new AppError('validation_failed', issues[0]!.message, { issues });
  return fields;
}

export interface QuizFields {
  title: string;
  instructions: string;
  questionIds: string[];
  drawCount: number | null;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  timeLimitSeconds: number | null;
  attemptLimit: number | null;
  passMark: number;
  reviewPolicy: ReviewPolicy;
}

function optInt(issues: FieldIssue[], field: string, v: unknown, min: number, max: number): number | null {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'string' ? Number(v.trim()) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    issues.push({ field, message: `${field} must be a whole number from ${min} to ${max}.` });
    return null;
  }
  return n;
}

const bool = (v: unknown, def: boolean) => (v === undefined || v === null || v === '' ? def : v === true || v === 'true' || v === 'on' || v === '1');

/** Validate quiz settings: time limit in minutes or seconds (`timeLimitMinutes` wins), pass mark 0–100. */
export function validateQuizFields(raw: Record<string, unknown>): QuizFields {
  const issues: FieldIssue[] = [];
  const title = str(issues, 'title', raw.title, MODULE_LIMITS.title, true);
  const instructions = str(issues, 'instructions', raw.instructions, MODULE_LIMITS.summary, false);
  const minutes = optInt(issues, 'timeLimitMinutes', raw.timeLimitMinutes, 1, 24 * 60);
  const seconds = minutes !== null ? minutes * 60 : optInt(issues, 'timeLimitSeconds', raw.timeLimitSeconds, 10, 24 * 3600);
  const passRaw = raw.passMark === undefined || raw.passMark === '' ? 70 : typeof raw.passMark === 'string' ? Number(raw.passMark) : raw.passMark;
  if (typeof passRaw !== 'number' || !Number.isFinite(passRaw) || passRaw < 0 || passRaw > 100) {
    issues.push({ field: 'passMark', message: 'passMark must be a percentage from 0 to 100.' });
  }
  const reviewPolicy = (raw.reviewPolicy ?? 'after_submission') as ReviewPolicy;
  if (!REVIEW_POLICIES.includes(reviewPolicy)) issues.push({ field: 'reviewPolicy', message: `reviewPolicy must be one of ${REVIEW_POLICIES.join(', ')}.` });
  const fields: QuizFields = {
    title,
    instructions,
    questionIds: ids(issues, 'questionIds', raw.questionIds),
    drawCount: optInt(issues, 'drawCount', raw.drawCount, 1, 500),
    shuffleQuestions: bool(raw.shuffleQuestions, true),
    shuffleOptions: bool(raw.shuffleOptions, true),
    timeLimitSeconds: seconds,
    attemptLimit: optInt(issues, 'attemptLimit', raw.attemptLimit, 1, 1000),
    passMark: typeof passRaw === 'number' ? passRaw : 70,
    reviewPolicy,
  };
  if (issues.length) throw new AppError('validation_failed', issues[0]!.message, { issues });
  return fields;
}

/**
 * The text form of module sections for the authoring page: each section starts with a line
 * `=== markdown: Title`, `=== link: Title | https://…` or `=== media: Title | https://…`; the lines after it are its body.
 * Text before the first marker becomes a markdown section.
 * @example parseSectionsText('=== markdown: Intro\nHello\n=== link: Atlas | https://example.org')
 */
export function parseSectionsText(text: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  let current: Record<string, string> | null = null;
  const body: string[] = [];
  const flush = () => {
    const b = body.join('\n').trim();
    if (current) out.push({ ...current, ...(b ? { body: b } : {}) });
    else if (b) out.push({ kind: 'markdown', title: '', body: b });
    body.length = 0;
  };
  for (const line of text.split(/\r?\n/)) {
    const m = /^===\s*(\w+)\s*:\s*(.*?)\s*$/.exec(line);
    if (!m) {
      body.push(line);
      continue;
    }
    flush();
    const [title = '', url] = m[2]!.split('|').map((x) => x.trim());
    current = { kind: m[1]!.toLowerCase(), title, ...(url ? { url } : {}) };
  }
  flush();
  return out;
}

/** The inverse of {@link parseSectionsText}. */
export function sectionsToText(sections: SectionFields[]): string {
  return sections.map((s) => `=== ${s.kind}: ${s.title}${s.url ? ` | ${s.url}` : ''}${s.body ? `\n${s.body}` : ''}`).join('\n\n');
}
