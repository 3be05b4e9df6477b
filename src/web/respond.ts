/** Page responses: send HTML, redirect with a one-time flash message (cookie), read the flash. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, httpStatusOf } from '../core/errors.ts';
import { layout, type Flash, type LayoutInput } from './layout.ts';
import type { SafeHtml } from './html.ts';

const FLASH_COOKIE = 'mc_flash';

/** Sends a rendered page. */
export function sendPage(reply: FastifyReply, page: SafeHtml, status = 200): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page.value);
}

/** Redirects (303 See Other, so a POST becomes a GET) and shows `flash` on the next page. */
export function redirectWithFlash(reply: FastifyReply, url: string, flash?: Flash): FastifyReply {
  if (flash) {
    const value = Buffer.from(JSON.stringify({ k: flash.kind, m: flash.message.slice(0, 500) }), 'utf8').toString('base64url');
    reply.setCookie(FLASH_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 });
  }
  return reply.redirect(url, 303);
}

/** Reads and clears the flash message set by the previous response. */
export function takeFlash(request: FastifyRequest, reply: FastifyReply): Flash | null {
  const v = request.cookies?.[FLASH_COOKIE];
  if (!v) return null;
  reply.clearCookie(FLASH_COOKIE, { path: '/' });
  try {
    const o = JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as { k?: string; m?: string };
    const kind = o.k === 'success' || o.k === 'error' || o.k === 'info' ? o.k : 'info';
    return typeof o.m === 'string' ? { kind, message: o.m } : null;
  } catch {
    return null;
  }
}

/** A safe local redirect target from a `next` parameter (paths on this site only). */
export function safeNext(next: unknown, fallback = '/dashboard'): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : fallback;
}

/** Renders `body` inside the layout for this request (auth, CSRF token, flash) and sends it. */
export function page(
  request: FastifyRequest,
  reply: FastifyReply,
  input: Omit<LayoutInput, 'auth' | 'csrfToken' | 'flash'> & { flash?: Flash | null },
  status = 200,
): FastifyReply {
  const flash = input.flash !== undefined ? input.flash : takeFlash(request, reply);
  return sendPage(reply, layout({ ...input, auth: request.auth, csrfToken: request.csrfToken, flash }), status);
}

/** Status for a form re-rendered after an error (400 for bad input, 409 conflicts, …). */
export function statusOfError(e: unknown): number {
  return e instanceof AppError ? httpStatusOf(e.code) : 500;
}
