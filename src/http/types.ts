/** Fastify types shared by routes and pages: the TypeBox-typed instance and request decorations. */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Auth } from '../services/auth.ts';
import type { Services } from '../services/container.ts';

/** The app instance with the TypeBox type provider. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** Options every route and page plugin receives. */
export interface PluginOptions {
  services: Services;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling (session cookie or bearer token); `{ scopes: [] }` when anonymous. */
    auth: Auth;
    /** The CSRF token forms on this page must carry (session token, or the anonymous double-submit cookie). */
    csrfToken: string;
    /** The raw session cookie value, when a live session was found. */
    sessionToken: string | undefined;
  }
  interface FastifyContextConfig {
    /** false: skip the CSRF check (machine endpoints that take no cookies, e.g. xAPI with a bearer token). */
    csrf?: boolean;
    /** true: errors render as HTML pages, 401 redirects to sign-in. */
    page?: boolean;
  }
}
