/**
 * One error handler for the whole app: AppError codes map to statuses via `httpStatusOf`; Fastify
 * validation errors become 400 `validation_failed` naming the field; body limits 413; unknown errors
 * 500 with a generic body (logged). API callers get `{ error: { code, message, field, issues } }`;
 * page requests get an HTML page (and 401 on a page redirects to sign-in).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CATALOG, httpStatusOf, type ErrorCode, type FieldIssue } from '../core/errors.ts';
import { renderErrorPage } from '../web/pages/error.pages.ts';
import type { App } from './types.ts';

export interface ErrorBody {
  error: { code: string; message: string; field?: string; issues: FieldIssue[]; details?: Record<string, unknown> };
}

interface AjvError { instancePath?: string; keyword?: string; message?: string; params?: Record<string, unknown> }

function fieldOf(e: AjvError, context: string | undefined): string {
  let path = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  if (e.keyword === 'required' && typeof e.params?.missingProperty === 'string') path = path ? `${path}.${e.params.missingProperty}` : e.params.missingProperty;
  if (e.keyword === 'additionalProperties' && typeof e.params?.additionalProperty === 'string') path = path ? `${path}.${e.params.additionalProperty}` : e.params.additionalProperty;
  return path || context || 'body';
}

function messageOf(e: AjvError, field: string): string {
  switch (e.keyword) {
    case 'required': return `${field} is required.`;
    case 'type': return `${field} must be ${String(e.params?.type ?? 'of another type')}.`;
    case 'additionalProperties': return `${field} is not an accepted field.`;
    case 'format': return `${field} must be a valid ${String(e.params?.format)}.`;
    case 'maxLength': return `${field} must be at most ${String(e.params?.limit)} characters.`;
    case 'minLength': return Number(e.params?.limit) === 1 ? `${field} must not be empty.` : `${field} must be at least ${String(e.params?.limit)} characters.`;
    case 'enum': return `${field} must be one of: ${(e.params?.allowedValues as unknown[] | undefined)?.join(', ') ?? 'the listed values'}.`;
    default: return `${field} ${e.message ?? 'is not valid'}.`;
  }
}

/** Converts any thrown error into a status and a body. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody; log: boolean } {
  const body = (code: ErrorCode, message?: string, extra: Partial<ErrorBody['error']> = {}): ErrorBody => ({
    error: { code, message: message ?? ERROR_CATALOG[code].message, issues: [], ...extra },
  });
  if (err instanceof AppError) {
    return {
      status: httpStatusOf(err.code), log: err.kind === 'internal',
      body: { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}), issues: err.issues, ...(err.details ? { details: err.details } : {}) } },
    };
  }
  const fe = err as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (Array.isArray(fe.validation)) {
    const issues = fe.validation.map((v) => {
      const field = fieldOf(v, fe.validationContext);
      return { field, message: messageOf(v, field) };
    });
    return { status: 400, log: false, body: body('validation_failed', issues[0]?.message, { field: issues[0]?.field, issues }) };
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
      return { status: 413, log: false, body: body('payload_too_large') };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, log: false, body: body('unsupported_media_type') };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, log: false, body: body('malformed_json', 'The body is empty or not valid JSON.', { field: 'body' }) };
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { status: 415, log: false, body: body('unsupported_media_type', 'Send this form as multipart/form-data.') };
    default:
  }
  if (fe.statusCode === 429) return { status: 429, log: false, body: body('rate_limited') };
  if (err instanceof SyntaxError || (fe.statusCode === 400 && /JSON/i.test(fe.message ?? ''))) {
    return { status: 400, log: false, body: body('malformed_json', undefined, { field: 'body' }) };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code: ErrorCode = fe.statusCode === 404 ? 'not_found' : fe.statusCode === 413 ? 'payload_too_large' : fe.statusCode === 415 ? 'unsupported_media_type' : 'validation_failed';
    return { status: fe.statusCode, log: false, body: body(code, fe.message) };
  }
  return { status: 500, log: true, body: body('internal_error') };
}

/** True when the client should get an HTML page rather than JSON. */
export function wantsHtml(request: FastifyRequest): boolean {
  if (request.routeOptions.config?.page) return true;
  if (request.url.startsWith('/api/')) return false;
  const accept = request.headers.accept ?? '';
  return /text\/html/.test(accept) && !/application\/(json|ld\+json)/.test(accept.split(',')[0] ?? '');
}

async function send(request: FastifyRequest, reply: FastifyReply, status: number, body: ErrorBody): Promise<FastifyReply> {
  if (wantsHtml(request)) {
    if (status === 401 && request.method === 'GET') return reply.redirect(`/signin?next=${encodeURIComponent(request.url)}`, 303);
    return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store')
      .send(renderErrorPage({ status, code: body.error.code, message: body.error.message, auth: request.auth, csrfToken: request.csrfToken }).value);
  }
  return reply.code(status).header('cache-control', 'no-store').send(body);
}

/** Installs the error and not-found handlers. */
export function registerErrorHandling(app: App): void {
  app.setErrorHandler(async (err, request, reply) => {
    const { status, body, log } = toErrorResponse(err);
    if (log) request.log.error({ err }, 'unhandled error');
    return send(request, reply, status, body);
  });
  app.setNotFoundHandler(async (request, reply) => {
    return send(request, reply, 404, { error: { code: 'not_found', message: ERROR_CATALOG.not_found.message, issues: [] } });
  });
}
