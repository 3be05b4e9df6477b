/**
 * Authentication and CSRF for every request. `request.auth` comes from the session cookie
 * (`mc_session`: random 32 bytes, stored hashed, HttpOnly, SameSite=Lax, Secure on https) or an
 * `Authorization: Bearer mc_…` API token (or HTTP Basic carrying it). State-changing requests authenticated by cookie, and every
 * form post, must carry the CSRF token (`_csrf` field, `_csrf` query parameter for multipart forms, or
 * `x-csrf-token` header); anonymous forms use a double-submit cookie (`mc_csrf`).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import { ANONYMOUS } from '../services/auth.ts';
import { newToken, safeEqual } from '../services/security.ts';
import type { App, PluginOptions } from './types.ts';

export const SESSION_COOKIE = 'mc_session';
export const CSRF_COOKIE = 'mc_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Sets the session cookie after sign-in. */
export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: new Date(expiresAt) });
}

/** Clears the session cookie (sign-out). */
export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

function providedCsrf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string' && header) return header;
  const body = request.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && typeof body._csrf === 'string') return body._csrf;
  const query = request.query as Record<string, unknown> | undefined;
  if (query && typeof query._csrf === 'string') return query._csrf;
  return undefined;
}

/**
 * The API token in an Authorization header: `Bearer mc_…`, or HTTP Basic with the token as password (or as
 * user name with an empty password) — xAPI clients and LMSs often can only send Basic credentials.
 */
export function apiTokenOf(header: string): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  const [user, pass] = i < 0 ? [decoded, ''] : [decoded.slice(0, i), decoded.slice(i + 1)];
  return pass || user || undefined;
}

function isForm(request: FastifyRequest): boolean {
  const ct = request.headers['content-type'] ?? '';
  return ct.startsWith('application/x-www-form-urlencoded') || ct.startsWith('multipart/form-data');
}

/** Installs the auth and CSRF hooks on the root instance (not encapsulated: they apply to every route). */
export function registerAuth(app: App, opts: PluginOptions): void {
  const { services } = opts;
  const secure = services.config.publicUrlIsHttps;
  app.decorateRequest('auth', null as never);
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('sessionToken', undefined);

  app.addHook('onRequest', async (request, reply) => {
    request.auth = ANONYMOUS;
    const authz = request.headers.authorization;
    if (authz) {
      const token = apiTokenOf(authz);
      const auth = token ? await services.sessions.resolveApiToken(token) : undefined;
      if (!auth) throw new AppError('unauthenticated', 'The API token is missing, malformed, unknown or revoked.');
      request.auth = auth;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) {
      const s = await services.sessions.resolve(cookie);
      if (s) {
        request.auth = s.auth;
        request.csrfToken = s.csrfToken;
        request.sessionToken = cookie;
        return;
      }
      clearSessionCookie(reply);
    }
    let anon = request.cookies[CSRF_COOKIE];
    if (!anon || anon.length !== 43) {
      anon = newToken(services.deps.random);
      if (request.method === 'GET') reply.setCookie(CSRF_COOKIE, anon, { path: '/', httpOnly: true, sameSite: 'lax', secure });
    }
    request.csrfToken = anon;
  });

  // preValidation: after the body is parsed, before the schema strips unknown fields such as _csrf.
  app.addHook('preValidation', async (request) => {
    if (!UNSAFE.has(request.method) || request.auth.tokenId) return;
    if (request.routeOptions.config?.csrf === false) return;
    if (!request.sessionToken && !isForm(request)) return;
    const expected = request.sessionToken ? request.csrfToken : request.cookies[CSRF_COOKIE];
    const given = providedCsrf(request);
    if (!expected || !given || !safeEqual(expected, given)) throw new AppError('csrf_invalid', undefined, { field: '_csrf' });
  });
}
