/**
 * Builds the Fastify app (no listen): TypeBox type provider, OpenAPI at /openapi.json and /docs,
 * cookies, forms, multipart, rate limiting, authentication + CSRF, one error handler, JSON API
 * routes (routes/index.ts) and pages (web/index.ts). `src/server.ts` is the only file that listens.
 */
import Fastify, { LogController } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../core/errors.ts';
import type { Services } from '../services/container.ts';
import { registerPages } from '../web/index.ts';
import { registerAuth } from './auth.ts';
import { databaseRateLimitStore } from './rate-limit-store.ts';
import { registerErrorHandling } from './errors.ts';
import { createValidatorCompiler } from './validation.ts';
import { registerRoutes } from './routes/index.ts';
import type { App } from './types.ts';

/** Largest multipart file accepted by default (routes may lower it per request). */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/**
 * Creates the app with every route registered; call `await app.ready()` or `app.inject()`.
 * @example const app = await buildServer(services); const res = await app.inject({ url: '/health' })
 */
export async function buildServer(services: Services): Promise<App> {
  const { config } = services;
  const app = Fastify({
    loggerInstance: services.logger,
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  app.setValidatorCompiler(createValidatorCompiler());
  registerErrorHandling(app);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: config.bodyLimitBytes });
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 50, parts: 60 } });
  await app.register(rateLimit, {
    global: false,
    // Several instances on one PostgreSQL database share their counters; SQLite serves one process, counted in memory.
    ...(services.deps.dialect === 'postgres'
      ? { store: databaseRateLimitStore(services.deps.db, services.deps.clock) }
      : {}),
    errorResponseBuilder: (_req, ctx) => Object.assign(new AppError('rate_limited', `Too many requests; try again in ${Math.ceil(ctx.ttl / 1000)} seconds.`), { statusCode: 429 }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'microcred API', version: '1', description: 'Open Badges 3.0 micro-credentials: issuing, assessment, wallet and verification.' },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (mc_…) created on the API tokens page.' },
          session: { type: 'apiKey', in: 'cookie', name: 'mc_session' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Baseline security headers; HTML pages may not be framed, and forms may post only to this site.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (config.publicUrlIsHttps) reply.header('strict-transport-security', 'max-age=31536000');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html') && !reply.hasHeader('content-security-policy')) {
      reply.header('x-frame-options', 'DENY');
      reply.header('content-security-policy', "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'");
    }
    return payload;
  });

  registerAuth(app, { services });
  await registerRoutes(app, services);
  await registerPages(app, services);
  return app;
}
