/**
 * Public issuer identity: the OB 3.0 Profile at /issuers/<slug> (JSON-LD for machines, HTML for
 * browsers), the did:web DID document at /issuers/<slug>/did.json and the logo.
 */
import { Type } from '@sinclair/typebox';
import { renderIssuerProfilePage } from '../../web/pages/issuer-profile.pages.ts';
import { wantsHtml } from '../errors.ts';
import { ErrorResponse } from '../schemas/common.ts';
import type { App, PluginOptions } from '../types.ts';

const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z0-9-]+$' }) });
const JsonLd = Type.Record(Type.String(), Type.Unknown(), { description: 'A JSON-LD document.' });

export default async function issuerRoutes(app: App, { services }: PluginOptions): Promise<void> {
  app.get('/issuers/:slug', {
    schema: {
      tags: ['issuers'], summary: 'Issuer profile (OB 3.0 Profile as JSON-LD, or an HTML page for browsers)',
      params: SlugParams, response: { 200: JsonLd, 404: ErrorResponse },
    },
  }, async (request, reply) => {
    const { identity, document } = await services.issuerIdentity.publicProfile(request.params.slug);
    reply.header('vary', 'Accept').header('cache-control', 'public, max-age=300');
    if (identity.didDocumentUrl) reply.header('link', `<${identity.didDocumentUrl}>; rel="alternate"; type="application/did+json"`);
    if (wantsHtml(request)) {
      return reply.type('text/html; charset=utf-8').send(renderIssuerProfilePage({ identity, document, auth: request.auth, csrfToken: request.csrfToken }).value as never);
    }
    const accept = request.headers.accept ?? '';
    return reply.type(/application\/ld\+json/.test(accept) ? 'application/ld+json' : 'application/json').send(document);
  });

  app.get('/issuers/:slug/did.json', {
    schema: {
      tags: ['issuers'], summary: 'did:web DID document listing every key (active and retired)',
      params: SlugParams, response: { 200: JsonLd, 404: ErrorResponse },
    },
  }, async (request, reply) => {
    const doc = await services.issuerIdentity.didDocument(request.params.slug);
    return reply.header('cache-control', 'public, max-age=300').type('application/did+json').send(doc as unknown as Record<string, unknown>);
  });

  app.get('/issuers/:slug/logo', {
    schema: { tags: ['issuers'], summary: 'Issuer logo (PNG or SVG)', params: SlugParams, response: { 404: ErrorResponse } },
  }, async (request, reply) => {
    const logo = await services.issuerIdentity.logo(request.params.slug);
    return reply.header('cache-control', 'public, max-age=3600').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .header('x-content-type-options', 'nosniff').type(logo.mimeType).send(logo.bytes as never);
  });
}
