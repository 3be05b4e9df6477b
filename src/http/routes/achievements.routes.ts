/**
 * Micro-credentials (OB Achievements): `/api/v1/achievements` — CRUD with versioning, badge image
 * upload (JSON base64, multipart or a raw PNG/SVG body), result descriptions, archive and versions.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { BADGE_IMAGE_MAX_BYTES, type BadgeUpload } from '../../core/catalog/badge-image.ts';
import type { MicroCredentialSummary } from '../../core/catalog/types.ts';
import { AppError } from '../../core/errors.ts';
import type { ResultDescriptionFields } from '../../core/catalog/achievement-input.ts';
import type { AchievementInput } from '../../services/achievement.service.ts';
import { readMultipartForm } from '../multipart.ts';
import {
  AchievementOut, achievementOut, AchievementSummaryOut, CreateAchievementBody, IdParams, ResultDescriptionsBody, UpdateAchievementBody,
  VersionOut, type AchievementBody,
} from '../schemas/catalog.schema.ts';
import { errorResponses } from '../schemas/common.ts';
import type { App, PluginOptions } from '../types.ts';

const secured: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }];
const RAW_IMAGE_LIMIT = 4 * BADGE_IMAGE_MAX_BYTES;

/** JSON body → service input (the image arrives as base64). */
function toInput(body: AchievementBody): AchievementInput {
  const { image, ...fields } = body;
  if (image === undefined) return fields;
  if (image === null) return { ...fields, image: null };
  if (!/^[A-Za-z0-9+/=\s]*$/.test(image.data)) throw new AppError('validation_failed', 'image.data must be base64.', { field: 'image.data' });
  const upload: BadgeUpload = { bytes: Buffer.from(image.data, 'base64'), filename: image.filename ?? null, declaredType: image.mediaType ?? null };
  return { ...fields, image: upload, ...(image.caption !== undefined ? { imageCaption: image.caption } : {}) };
}

/** An image sent as multipart (field "image") or as a raw image/png or image/svg+xml body. */
async function readImage(request: FastifyRequest): Promise<{ image: BadgeUpload; caption?: string }> {
  if (request.isMultipart()) {
    const form = await readMultipartForm(request, { maxFileBytes: BADGE_IMAGE_MAX_BYTES, tooLargeCode: 'image_invalid' });
    if (!form.file) throw new AppError('validation_failed', 'Attach the image in the field "image".', { field: 'image' });
    const caption = typeof form.fields.caption === 'string' ? form.fields.caption : undefined;
    return { image: { bytes: form.file.bytes, filename: form.file.filename, declaredType: form.file.mimetype }, ...(caption !== undefined ? { caption } : {}) };
  }
  if (!Buffer.isBuffer(request.body)) throw new AppError('unsupported_media_type', 'Send the image as image/png, image/svg+xml or multipart/form-data.', { field: 'image' });
  return { image: { bytes: request.body, declaredType: request.headers['content-type']?.split(';')[0] ?? null } };
}

export default async function achievementRoutes(app: App, { services }: PluginOptions): Promise<void> {
  const publicUrl = services.config.publicUrl;
  app.addContentTypeParser(['image/png', 'image/svg+xml'], { parseAs: 'buffer', bodyLimit: RAW_IMAGE_LIMIT }, (_req, body, done) => done(null, body));

  app.get('/achievements', {
    schema: {
      tags: ['achievements'], summary: 'List micro-credentials', security: secured,
      querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('archived')])) }),
      response: { 200: Type.Array(AchievementSummaryOut), ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const list = await services.achievements.list(request.auth, request.query);
    return list.map((s: MicroCredentialSummary) => ({ ...s, url: `${publicUrl}/achievements/${s.id}` }));
  });

  app.post('/achievements', {
    schema: {
      tags: ['achievements'], summary: 'Create a micro-credential (OB Achievement)', security: secured, body: CreateAchievementBody,
      response: { 201: AchievementOut, ...errorResponses(400, 401, 403, 413) },
    },
  }, async (request, reply) => reply.code(201).send(achievementOut(await services.achievements.create(request.auth, toInput(request.body)), publicUrl)));

  app.get('/achievements/:id', {
    schema: { tags: ['achievements'], summary: 'One micro-credential', security: secured, params: IdParams, response: { 200: AchievementOut, ...errorResponses(401, 403, 404) } },
  }, async (request) => achievementOut(await services.achievements.get(request.auth, request.params.id), publicUrl));

  app.patch('/achievements/:id', {
    schema: {
      tags: ['achievements'], security: secured, params: IdParams, body: UpdateAchievementBody,
      summary: 'Edit a micro-credential (a new version when the current one has been issued)',
      response: { 200: Type.Intersect([AchievementOut, Type.Object({ newVersion: Type.Boolean() })]), ...errorResponses(400, 401, 403, 404, 413) },
    },
  }, async (request) => {
    const r = await services.achievements.update(request.auth, request.params.id, toInput(request.body));
    return { ...achievementOut(r.achievement, publicUrl), newVersion: r.newVersion };
  });

  app.delete('/achievements/:id', {
    schema: { tags: ['achievements'], summary: 'Delete a never-issued micro-credential', security: secured, params: IdParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 409) } },
  }, async (request, reply) => {
    await services.achievements.delete(request.auth, request.params.id);
    return reply.code(204).send(null);
  });

  app.put('/achievements/:id/image', {
    schema: {
      tags: ['achievements'], summary: 'Upload the badge image (PNG or SVG, at most 512 KB; SVG is sanitised)', security: secured, params: IdParams,
      consumes: ['multipart/form-data', 'image/png', 'image/svg+xml'], response: { 200: AchievementOut, ...errorResponses(400, 401, 403, 404, 413, 415) },
    },
  }, async (request) => {
    const { image, caption } = await readImage(request);
    const r = await services.achievements.update(request.auth, request.params.id, { image, ...(caption !== undefined ? { imageCaption: caption } : {}) });
    return achievementOut(r.achievement, publicUrl);
  });

  app.delete('/achievements/:id/image', {
    schema: { tags: ['achievements'], summary: 'Use the generated default badge again', security: secured, params: IdParams, response: { 200: AchievementOut, ...errorResponses(401, 403, 404) } },
  }, async (request) => achievementOut((await services.achievements.update(request.auth, request.params.id, { image: null })).achievement, publicUrl));

  app.put('/achievements/:id/result-descriptions', {
    schema: {
      tags: ['achievements'], summary: 'Replace the result descriptions (ids kept; urn:uuid: ids given to new ones)', security: secured,
      params: IdParams, body: ResultDescriptionsBody, response: { 200: AchievementOut, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => achievementOut((await services.achievements.setResultDescriptions(request.auth, request.params.id, request.body as ResultDescriptionFields[])).achievement, publicUrl));

  for (const [action, archived] of [['archive', true], ['restore', false]] as const) {
    app.post(`/achievements/:id/${action}`, {
      schema: {
        tags: ['achievements'], summary: archived ? 'Archive (stop issuing; issued credentials stay valid)' : 'Restore an archived micro-credential',
        security: secured, params: IdParams, response: { 200: AchievementOut, ...errorResponses(401, 403, 404) },
      },
    }, async (request) => achievementOut(await services.achievements.setArchived(request.auth, request.params.id, archived), publicUrl));
  }

  app.get('/achievements/:id/versions', {
    schema: { tags: ['achievements'], summary: 'Versions, newest first, with issued counts', security: secured, params: IdParams, response: { 200: Type.Array(VersionOut), ...errorResponses(401, 403, 404) } },
  }, async (request) => services.achievements.listVersions(request.auth, request.params.id));
}
