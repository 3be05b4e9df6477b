/**
 * Pathways (stackable credentials): `/api/v1/pathways` (define, preview, dry run, funnel, events, CLR for staff)
 * and `/api/v1/me/pathways` (a learner's progress map and CLR download).
 */
import { Type } from '@sinclair/typebox';
import type { RuleEvaluation } from '../../core/stacking/index.ts';
import type { Pathway, PathwayAward } from '../../db/repositories/pathways.repository.ts';
import type { PathwayProgress } from '../../services/pathways.service.ts';
import { errorResponses, secured } from '../schemas/common.ts';
import {
  DryRunOut, DryRunQuery, FunnelOut, LearnerParams, PathwayBody, PathwayEventOut, PathwayIdParams, PathwayLearnerParams, PathwayOut,
  PathwayUpdateBody, PreviewBody, PreviewOut, ProgressOut, SavedPathway,
} from '../schemas/pathways.schema.ts';
import type { App, PluginOptions } from '../types.ts';

const tags = ['pathways'];

const pathwayOut = (p: Pathway & { versions?: { version: number; createdAt: string }[] }) => ({
  id: p.id, name: p.name, description: p.description, targetAchievementId: p.targetAchievementId, rule: p.rule,
  revocationPolicy: p.revocationPolicy, version: p.version, status: p.status, createdAt: p.createdAt, updatedAt: p.updatedAt,
  ...(p.versions ? { versions: p.versions.map((v) => ({ version: v.version, createdAt: v.createdAt })) } : {}),
});

/** An evaluation as the API returns it (credential ids instead of the held credentials). */
export const evaluationOut = (e: RuleEvaluation) => ({
  satisfied: e.satisfied, progress: e.progress, trace: e.trace, usedCredentialIds: e.used.map((c) => c.id), creditsEarned: e.creditsEarned,
});

const awardOut = (a: PathwayAward | null) => (a ? { status: a.status, credentialId: a.credentialId, round: a.round, lapsedAt: a.lapsedAt, updatedAt: a.updatedAt } : null);

const progressOut = (p: PathwayProgress) => ({ pathway: p.pathway, learnerId: p.learnerId, evaluation: evaluationOut(p.evaluation), award: awardOut(p.award) });

const CLR_TYPE = 'application/vc+ld+json; charset=utf-8';

export default async function pathwayRoutes(app: App, { services }: PluginOptions): Promise<void> {
  const pathways = services.pathways;

  app.get('/pathways', {
    schema: { tags, summary: 'List pathways', security: secured, querystring: Type.Object({ archived: Type.Optional(Type.Boolean()) }), response: { 200: Type.Array(PathwayOut), ...errorResponses(401, 403) } },
  }, async (request) => (await pathways.list(request.auth, { includeArchived: request.query.archived === true })).map(pathwayOut));

  app.post('/pathways', {
    schema: { tags, summary: 'Create a pathway (validates the rule; backfills existing learners as a job)', security: secured, body: PathwayBody, response: { 201: SavedPathway, ...errorResponses(400, 401, 403, 409) } },
  }, async (request, reply) => {
    const saved = await pathways.create(request.auth, request.body);
    return reply.code(201).send({ pathway: pathwayOut(saved.pathway), backfillJobId: saved.backfillJobId });
  });

  app.post('/pathways/preview', {
    schema: { tags, summary: 'Validate a draft rule and explain it for one learner (nothing is saved)', security: secured, body: PreviewBody, response: { 200: PreviewOut, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const r = await pathways.preview(request.auth, request.body);
    return { issues: r.issues, evaluation: r.evaluation ? evaluationOut(r.evaluation) : null };
  });

  app.get('/pathways/:id', {
    schema: { tags, summary: 'One pathway with its versions', security: secured, params: PathwayIdParams, response: { 200: PathwayOut, ...errorResponses(401, 403, 404) } },
  }, async (request) => pathwayOut(await pathways.get(request.auth, request.params.id)));

  app.put('/pathways/:id', {
    schema: { tags, summary: 'Save a new version of a pathway (then backfill)', security: secured, params: PathwayIdParams, body: PathwayUpdateBody, response: { 200: SavedPathway, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const saved = await pathways.update(request.auth, request.params.id, request.body);
    return { pathway: pathwayOut(saved.pathway), backfillJobId: saved.backfillJobId };
  });

  for (const [path, archived] of [['archive', true], ['restore', false]] as const) {
    app.post(`/pathways/:id/${path}`, {
      schema: { tags, summary: archived ? 'Archive a pathway (stops awarding)' : 'Restore an archived pathway', security: secured, params: PathwayIdParams, response: { 200: PathwayOut, ...errorResponses(401, 403, 404, 409) } },
    }, async (request) => pathwayOut(await pathways.setArchived(request.auth, request.params.id, archived)));
  }

  app.get('/pathways/:id/dry-run', {
    schema: { tags, summary: 'Who would be awarded, and why: one learner (learnerId or email) or everyone', security: secured, params: PathwayIdParams, querystring: DryRunQuery, response: { 200: DryRunOut, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const { learnerId, email, limit } = request.query;
    if (learnerId || email) {
      const r = await pathways.dryRunLearner(request.auth, request.params.id, { ...(learnerId ? { learnerId } : {}), ...(email ? { email } : {}) });
      return { learner: { learnerId: r.learnerId, evaluation: evaluationOut(r.evaluation), award: awardOut(r.award) } };
    }
    return { everyone: await pathways.dryRunEveryone(request.auth, request.params.id, limit) };
  });

  app.get('/pathways/:id/funnel', {
    schema: { tags, summary: 'Funnel: enrolled, progress by step, completed', security: secured, params: PathwayIdParams, response: { 200: FunnelOut, ...errorResponses(401, 403, 404) } },
  }, async (request) => pathways.funnel(request.auth, request.params.id));

  app.get('/pathways/:id/funnel.csv', {
    schema: { tags, summary: 'The funnel as CSV, one row per enrolled learner', security: secured, params: PathwayIdParams, response: { 200: Type.String({ description: 'text/csv' }), ...errorResponses(401, 403, 404) } },
  }, async (request, reply) => {
    const csv = await pathways.funnelCsv(request.auth, request.params.id);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="pathway-${request.params.id}-funnel.csv"`).send(csv);
  });

  app.get('/pathways/:id/events', {
    schema: { tags, summary: 'Awards, lapses and policies applied', security: secured, params: PathwayIdParams, response: { 200: Type.Array(PathwayEventOut), ...errorResponses(401, 403, 404) } },
  }, async (request) => (await pathways.events(request.auth, { pathwayId: request.params.id })).map((e) => ({
    id: e.id, pathwayId: e.pathwayId, learnerId: e.learnerId, kind: e.kind, message: e.message, credentialId: e.credentialId, createdAt: e.createdAt,
  })));

  app.get('/pathways/:id/learners/:learnerId/clr', {
    schema: { tags, summary: 'Signed CLR 2.0 bundle of a learner’s award (staff)', security: secured, params: PathwayLearnerParams, response: { 200: Type.Unknown(), ...errorResponses(401, 403, 404) } },
  }, async (request, reply) => reply.type(CLR_TYPE).send(JSON.stringify(await pathways.clrForLearner(request.auth, request.params.id, request.params.learnerId))));

  app.get('/learners/:learnerId/pathways', {
    schema: { tags, summary: 'A learner’s progress on every pathway (staff)', security: secured, params: LearnerParams, response: { 200: Type.Array(ProgressOut), ...errorResponses(401, 403, 404) } },
  }, async (request) => (await pathways.progressForLearner(request.auth, request.params.learnerId)).map(progressOut));

  app.get('/me/pathways', {
    schema: { tags, summary: 'My progress on every pathway of the organizations that issued to me', security: [{ session: [] }], response: { 200: Type.Array(ProgressOut), ...errorResponses(401) } },
  }, async (request) => (await pathways.progressForUser(request.auth)).map(progressOut));

  app.get('/me/pathways/:id/clr', {
    schema: { tags, summary: 'Download my signed CLR 2.0 bundle of an awarded pathway', security: [{ session: [] }], params: PathwayIdParams, response: { 200: Type.Unknown(), ...errorResponses(401, 404) } },
  }, async (request, reply) => {
    const clr = await pathways.clrForUser(request.auth, request.params.id);
    return reply.type(CLR_TYPE).header('content-disposition', `attachment; filename="pathway-${request.params.id}-clr.json"`).send(JSON.stringify(clr));
  });
}
