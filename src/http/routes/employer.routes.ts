/**
 * Employer-side JSON API: endorsements (`/api/v1/endorsements`: an employer signs one; the issuer lists and decides),
 * outreach partners (`/api/v1/partners`, CSV import/export) and issuer analytics (`/api/v1/analytics`, CSV).
 */
import { Type } from '@sinclair/typebox';
import type { EndorsementRecord } from '../../db/repositories/endorsements.repository.ts';
import type { Partner } from '../../db/repositories/partners.repository.ts';
import { errorResponses, secured } from '../schemas/common.ts';
import {
  AnalyticsOut, DecisionBody, EndorseBody, EndorsementOut, IdParams, PartnerBody, PartnerEventOut, PartnerOut, StatusQuery, WeeksQuery,
} from '../schemas/employer.schema.ts';
import type { App, PluginOptions } from '../types.ts';

const endorsementOut = (e: EndorsementRecord) => ({
  id: e.id, organizationId: e.organizationId, endorserOrganizationId: e.endorserOrganizationId, endorserName: e.endorserName,
  achievementId: e.achievementId, pathwayId: e.pathwayId, targetId: e.targetId, comment: e.comment, status: e.status,
  createdAt: e.createdAt, decidedAt: e.decidedAt, credential: JSON.parse(e.document) as Record<string, unknown>,
});
const partnerOut = ({ organizationId: _o, ...p }: Partner) => p;
const CSV = 'text/csv; charset=utf-8';

export default async function employerRoutes(app: App, { services }: PluginOptions): Promise<void> {
  const e = services.endorsements;
  const o = services.outreach;
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.post('/endorsements', {
    schema: { tags: ['endorsements'], summary: 'Endorse a micro-credential or pathway (employer with a verified domain): signs an OB 3.0 EndorsementCredential with the employer key', security: secured, body: EndorseBody, response: { 201: EndorsementOut, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => reply.code(201).send(endorsementOut(await e.endorse(request.auth, request.body))));

  app.get('/endorsements', {
    schema: { tags: ['endorsements'], summary: 'Endorsements of your micro-credentials (issuer)', security: secured, querystring: StatusQuery, response: { 200: Type.Array(EndorsementOut), ...errorResponses(401, 403) } },
  }, async (request) => (await e.received(request.auth, request.query.status)).map(endorsementOut));

  app.get('/endorsements/given', {
    schema: { tags: ['endorsements'], summary: 'Endorsements your employer organization gave', security: secured, response: { 200: Type.Array(EndorsementOut), ...errorResponses(401, 403) } },
  }, async (request) => (await e.given(request.auth)).map(endorsementOut));

  app.post('/endorsements/:id/decision', {
    schema: { tags: ['endorsements'], summary: 'Accept or decline a pending endorsement (issuer)', security: secured, params: IdParams, body: DecisionBody, response: { 200: EndorsementOut, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => endorsementOut(await e.decide(request.auth, request.params.id, request.body.decision, request.body.note)));

  app.get('/partners', {
    schema: { tags: ['outreach'], summary: 'Employer partners (issuer outreach)', security: secured, response: { 200: Type.Array(PartnerOut), ...errorResponses(401, 403) } },
  }, async (request) => (await o.list(request.auth)).map(partnerOut));

  app.post('/partners', {
    schema: { tags: ['outreach'], summary: 'Add an employer partner', security: secured, body: PartnerBody, response: { 201: PartnerOut, ...errorResponses(400, 401, 403) } },
  }, async (request, reply) => reply.code(201).send(partnerOut(await o.create(request.auth, request.body))));

  app.get('/partners/:id', {
    schema: { tags: ['outreach'], summary: 'One partner with its timeline', security: secured, params: IdParams, response: { 200: Type.Object({ partner: PartnerOut, timeline: Type.Array(PartnerEventOut) }), ...errorResponses(401, 403, 404) } },
  }, async (request) => {
    const r = await o.get(request.auth, request.params.id);
    return { partner: partnerOut(r.partner), timeline: r.timeline };
  });

  app.put('/partners/:id', {
    schema: { tags: ['outreach'], summary: 'Replace a partner\'s fields', security: secured, params: IdParams, body: PartnerBody, response: { 200: PartnerOut, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => partnerOut(await o.update(request.auth, request.params.id, request.body)));

  app.delete('/partners/:id', {
    schema: { tags: ['outreach'], summary: 'Delete a partner and its timeline', security: secured, params: IdParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } },
  }, async (request, reply) => {
    await o.remove(request.auth, request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/partners/:id/notes', {
    schema: { tags: ['outreach'], summary: 'Add a note to a partner\'s timeline', security: secured, params: IdParams, body: Type.Object({ note: Type.String({ maxLength: 4000 }) }, { additionalProperties: false }), response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    await o.addNote(request.auth, request.params.id, request.body.note);
    return reply.code(204).send(null);
  });

  app.post('/partners/import', {
    schema: { tags: ['outreach'], summary: 'Import partners from CSV (text/csv body); any row error writes nothing', security: secured, consumes: ['text/csv'], response: { 201: Type.Object({ created: Type.Integer() }), ...errorResponses(400, 401, 403, 413, 415) } },
  }, async (request, reply) => reply.code(201).send(await o.importCsv(request.auth, String(request.body ?? ''))));

  app.get('/partners.csv', {
    schema: { tags: ['outreach'], summary: 'Export partners as CSV (the import format)', security: secured, produces: [CSV], response: { 200: Type.String(), ...errorResponses(401, 403) } },
  }, async (request, reply) => reply.type(CSV).send(await o.exportCsv(request.auth)));

  app.get('/analytics', {
    schema: { tags: ['analytics'], summary: 'Issued, claimed, shared and verified per micro-credential and week; verifications by employer; endorsements', security: secured, querystring: WeeksQuery, response: { 200: AnalyticsOut, ...errorResponses(400, 401, 403) } },
  }, async (request) => services.analytics.issuerReport(request.auth, request.query.weeks ?? 12));

  app.get('/analytics/:kind.csv', {
    schema: { tags: ['analytics'], summary: 'Analytics as CSV: series, employers or endorsements', security: secured, params: Type.Object({ kind: Type.Union([Type.Literal('series'), Type.Literal('employers'), Type.Literal('endorsements')]) }), querystring: WeeksQuery, produces: [CSV], response: { 200: Type.String(), ...errorResponses(400, 401, 403) } },
  }, async (request, reply) => reply.type(CSV).send(await services.analytics.issuerCsv(request.auth, request.params.kind, request.query.weeks ?? 12)));
}
