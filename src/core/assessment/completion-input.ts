/**
 * Completions reported by other systems: the JSON body of the completion API and xAPI statements
 * (verbs completed / passed / failed with `result.score.scaled`), both reduced to one {@link CompletionReport}.
 */
import { AppError, type FieldIssue } from '../errors.ts';

export interface CompletionReport {
  /** The sender's id for this event: replays with the same id change nothing. */
  externalEventId: string;
  email: string;
  name: string | null;
  target: { kind: 'quiz' | 'module'; id: string };
  /** 0–100, or null when the sender gave no score. */
  percent: number | null;
  /** Explicit success from the sender; null lets the quiz's pass mark decide. */
  success: boolean | null;
  completedAt: string | null;
}

export const XAPI_VERBS = {
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
} as const;

const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]{2,}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const UUID_ID = /^[\w.:-]{1,200}$/;

function dateOrNull(issues: FieldIssue[], field: string, v: unknown): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || !ISO.test(v) || Number.isNaN(Date.parse(v))) {
    issues.push({ field, message: `${field} must be an ISO 8601 date-time with a time zone.` });
    return null;
  }
  return new Date(v).toISOString();
}

function fail(issues: FieldIssue[], code: 'validation_failed' | 'xapi_statement_invalid'): never {
  throw new AppError(code, issues[0]!.message, { issues });
}

/**
 * Parse the completion API body: `{ externalEventId, learnerEmail, learnerName?, quizId | moduleId,
 * score? (0–100), passed?, completedAt? }`.
 */
export function parseCompletionBody(body: Record<string, unknown>): CompletionReport {
  const issues: FieldIssue[] = [];
  const eventId = typeof body.externalEventId === 'string' ? body.externalEventId.trim() : '';
  if (!UUID_ID.test(eventId)) issues.push({ field: 'externalEventId', message: 'externalEventId is required: up to 200 letters, digits, and . _ : -' });
  const email = typeof body.learnerEmail === 'string' ? body.learnerEmail.trim().toLowerCase() : '';
  if (!EMAIL.test(email)) issues.push({ field: 'learnerEmail', message: 'learnerEmail must be an email address.' });
  const quizId = typeof body.quizId === 'string' ? body.quizId.trim() : '';
  const moduleId = typeof body.moduleId === 'string' ? body.moduleId.trim() : '';
  if (!quizId === !moduleId) issues.push({ field: 'quizId', message: 'Give exactly one of quizId (an assessment) or moduleId.' });
  let percent: number | null = null;
  if (body.score !== undefined && body.score !== null) {
    if (typeof body.score !== 'number' || !Number.isFinite(body.score) || body.score < 0 || body.score > 100) {
      issues.push({ field: 'score', message: 'score must be a percentage from 0 to 100.' });
    } else percent = body.score;
  }
  if (body.passed !== undefined && typeof body.passed !== 'boolean') issues.push({ field: 'passed', message: 'passed must be true or false.' });
  const completedAt = dateOrNull(issues, 'completedAt', body.completedAt);
  if (issues.length) fail(issues, 'validation_failed');
  return {
    externalEventId: eventId, email, name: typeof body.learnerName === 'string' && body.learnerName.trim() ? body.learnerName.trim().slice(0, 200) : null,
    target: quizId ? { kind: 'quiz', id: quizId } : { kind: 'module', id: moduleId }, percent,
    success: typeof body.passed === 'boolean' ? body.passed : null, completedAt,
  };
}

/**
 * Parse one xAPI statement. The object's activity id names our quiz or module:
 * `<publicUrl>/learn/quizzes/<id>`, `<publicUrl>/learn/modules/<id>`, or `urn:microcred:quiz:<id>` / `urn:microcred:module:<id>`.
 * The actor needs an `mbox` (mailto:); the statement needs an `id` (its replays are idempotent).
 */
export function parseXapiStatement(stmt: unknown, publicUrl: string): CompletionReport {
  const issues: FieldIssue[] = [];
  const s = (typeof stmt === 'object' && stmt !== null ? stmt : {}) as Record<string, any>;
  const id = typeof s.id === 'string' ? s.id.trim() : '';
  if (!UUID_ID.test(id)) issues.push({ field: 'id', message: 'The statement needs an id (a UUID): it makes replays safe.' });
  const mbox = typeof s.actor?.mbox === 'string' ? s.actor.mbox.trim() : '';
  const email = mbox.toLowerCase().startsWith('mailto:') ? mbox.slice(7).trim().toLowerCase() : '';
  if (!EMAIL.test(email)) issues.push({ field: 'actor.mbox', message: 'actor.mbox must be a mailto: address of the learner.' });
  const verbId = s.verb?.id;
  const verb = (Object.entries(XAPI_VERBS).find(([, iri]) => iri === verbId)?.[0] ?? null) as keyof typeof XAPI_VERBS | null;
  if (!verb) issues.push({ field: 'verb.id', message: `verb.id must be one of ${Object.values(XAPI_VERBS).join(', ')}.` });
  const objectId = typeof s.object?.id === 'string' ? s.object.id.trim() : '';
  const base = publicUrl.replace(/\/+$/, '');
  const m = new RegExp(`^(?:${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/learn/(quizzes|modules)/|urn:microcred:(quiz|module):)([\\w-]{1,64})$`).exec(objectId);
  if (!m) issues.push({ field: 'object.id', message: `object.id must identify a quiz or module: ${base}/learn/quizzes/<id> or urn:microcred:quiz:<id>.` });
  let percent: number | null = null;
  const scaled = s.result?.score?.scaled;
  if (scaled !== undefined) {
    if (typeof scaled !== 'number' || !Number.isFinite(scaled) || scaled < 0 || scaled > 1) {
      issues.push({ field: 'result.score.scaled', message: 'result.score.scaled must be a number from 0 to 1.' });
    } else percent = Math.round(scaled * 10_000) / 100;
  }
  const successRaw = s.result?.success;
  if (successRaw !== undefined && typeof successRaw !== 'boolean') issues.push({ field: 'result.success', message: 'result.success must be true or false.' });
  const completedAt = dateOrNull(issues, 'timestamp', s.timestamp);
  if (issues.length) fail(issues, 'xapi_statement_invalid');
  const kind = (m![1] ?? m![2]) === 'quizzes' || m![2] === 'quiz' ? 'quiz' : 'module';
  const name = typeof s.actor?.name === 'string' && s.actor.name.trim() ? s.actor.name.trim().slice(0, 200) : null;
  const success = verb === 'passed' ? true : verb === 'failed' ? false : typeof successRaw === 'boolean' ? successRaw : null;
  return { externalEventId: id, email, name, target: { kind, id: m![3]! }, percent, success, completedAt };
}
