/**
 * Public catalog (no sign-in): a micro-credential at its OB id `/achievements/:id` (JSON-LD for machines,
 * HTML for browsers), its versions, criteria page and badge images; competencies at `/competencies/:id`.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { achievementPage, competencyPage, criteriaPage } from '../../web/pages/public-catalog.views.ts';
import { sendPage } from '../../web/respond.ts';
import { wantsHtml } from '../errors.ts';
import { ErrorResponse } from '../schemas/common.ts';
import { IdParams, VersionParams } from '../schemas/catalog.schema.ts';
import type { App, PluginOptions } from '../types.ts';

const JsonLd = Type.Record(Type.String(), Type.Unknown(), { description: 'A JSON-LD document (OB 3.0 Achievement).' });
const FormatQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('html')])) });

function sendJsonLd(request: FastifyRequest, reply: FastifyReply, doc: unknown): FastifyReply {
  const accept = request.headers.accept ?? '';
  return reply.header('access-control-allow-origin', '*').type(/application\/ld\+json/.test(accept) || !/application\/json/.test(accept) ? 'application/ld+json' : 'application/json').send(doc);
}

function html(request: FastifyRequest, format: string | undefined): boolean {
  return format === 'html' || (format !== 'json' && wantsHtml(request));
}

export default async function publicCatalogRoutes(app: App, { services }: PluginOptions): Promise<void> {
  const pages = services.achievementPages;

  app.get('/achievements/:id', {
    schema: {
      tags: ['public'], summary: 'A micro-credential: OB 3.0 Achievement JSON-LD, or its HTML page for browsers',
      params: IdParams, querystring: FormatQuery, response: { 200: JsonLd, 404: ErrorResponse },
    },
  }, async (request, reply) => {
    const view = await pages.getPublicAchievement(request.params.id);
    reply.header('vary', 'Accept').header('cache-control', 'public, max-age=60');
    if (html(request, request.query.format)) return sendPage(reply, achievementPage(view, { auth: request.auth, csrfToken: request.csrfToken }));
    return sendJsonLd(request, reply, view.document);
  });

  app.get('/achievements/:id/versions/:version', {
    schema: {
      tags: ['public'], summary: 'One version of a micro-credential (what credentials issued from it embed)',
      params: VersionParams, querystring: FormatQuery, response: { 200: JsonLd, 404: ErrorResponse },
    },
  }, async (request, reply) => {
    const view = await pages.getPublicAchievement(request.params.id, request.params.version);
    reply.header('vary', 'Accept').header('cache-control', 'public, max-age=300');
    if (html(request, request.query.format)) return sendPage(reply, achievementPage(view, { auth: request.auth, csrfToken: request.csrfToken }));
    return sendJsonLd(request, reply, view.document);
  });

  app.get('/achievements/:id/criteria', {
    schema: { tags: ['public'], summary: 'The criteria page of a micro-credential (HTML)', params: IdParams, response: { 404: ErrorResponse } },
    config: { page: true },
  }, async (request, reply) => {
    const view = await pages.getPublicAchievement(request.params.id);
    return sendPage(reply, criteriaPage(view, { auth: request.auth, csrfToken: request.csrfToken }));
  });

  const sendImage = async (reply: FastifyReply, id: string, version?: number) => {
    const img = await pages.getImage(id, version);
    // SVG is sanitised on upload; the CSP keeps it inert even if opened directly.
    return reply.header('cache-control', 'public, max-age=300').header('etag', img.etag)
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:").header('x-content-type-options', 'nosniff')
      .type(img.mediaType).send(img.bytes);
  };
  app.get('/achievements/:id/image', {
    schema: { tags: ['public'], summary: 'Badge image of the current version (PNG or SVG)', params: IdParams, response: { 404: ErrorResponse } },
  }, async (request, reply) => sendImage(reply, request.params.id));
  app.get('/achievements/:id/versions/:version/image', {
    schema: { tags: ['public'], summary: 'Badge image of one version (PNG or SVG)', params: VersionParams, response: { 404: ErrorResponse } },
  }, async (request, reply) => sendImage(reply, request.params.id, request.params.version));

  app.get('/competencies/:id', {
    schema: {
      tags: ['public'], summary: 'A competency: OB Achievement (type Competency) JSON-LD, or its HTML page',
      params: IdParams, querystring: FormatQuery, response: { 200: JsonLd, 404: ErrorResponse },
    },
  }, async (request, reply) => {
    const { competency, document } = await services.competencies.getPublicCompetency(request.params.id);
    reply.header('vary', 'Accept').header('cache-control', 'public, max-age=60');
    if (html(request, request.query.format)) {
      const aligned = await pages.listAlignedTo(competency.organizationId, competency.id);
      return sendPage(reply, competencyPage(competency, document, aligned, { auth: request.auth, csrfToken: request.csrfToken }));
    }
    return sendJsonLd(request, reply, document);
  });
}
