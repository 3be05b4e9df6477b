/**
 * Public status lists: `/status/<listId>` (revocation) and `/status/<listId>/suspension`, signed
 * BitstringStatusListCredentials with Cache-Control and ETag (If-None-Match → 304).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { STATUS_LIST_MAX_AGE, type SignedStatusList } from '../../services/status-list.service.ts';
import { errorResponses } from '../schemas/common.ts';
import type { App, PluginOptions } from '../types.ts';

const Params = Type.Object({ listId: Type.String({ maxLength: 64, pattern: '^[0-9a-fA-F-]{36}$' }) });
const ListOut = Type.String({ description: 'A signed BitstringStatusListCredential (JSON).' });

function send(request: FastifyRequest, reply: FastifyReply, list: SignedStatusList | undefined) {
  if (!list) throw new AppError('not_found', 'No such status list.');
  reply.header('cache-control', `public, max-age=${STATUS_LIST_MAX_AGE}, must-revalidate`).header('etag', list.etag).header('vary', 'accept');
  if (list.companionUrl) reply.header('link', `<${list.companionUrl}>; rel="related"; title="suspension"`);
  const inm = request.headers['if-none-match'];
  if (typeof inm === 'string' && inm.split(',').map((s) => s.trim()).includes(list.etag)) return reply.code(304).send();
  return reply.code(200).type('application/vc+ld+json').send(list.json);
}

export default async function statusRoutes(app: App, { services }: PluginOptions): Promise<void> {
  app.get('/status/:listId', {
    schema: {
      tags: ['status'], summary: 'Revocation status list (signed BitstringStatusListCredential)', params: Params,
      response: { 200: ListOut, 304: Type.Null(), ...errorResponses(400, 404) },
    },
  }, async (request, reply) => send(request, reply, await services.statusLists.signedList(request.params.listId.toLowerCase(), 'revocation')));

  app.get('/status/:listId/suspension', {
    schema: {
      tags: ['status'], summary: 'Suspension companion list (same index as the revocation entry; see docs/decisions/010)', params: Params,
      response: { 200: ListOut, 304: Type.Null(), ...errorResponses(400, 404) },
    },
  }, async (request, reply) => send(request, reply, await services.statusLists.signedList(request.params.listId.toLowerCase(), 'suspension')));
}
