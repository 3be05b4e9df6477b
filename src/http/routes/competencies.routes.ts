/**
 * Competency frameworks and competencies: `/api/v1/competency-frameworks`, `/api/v1/competencies`
 * (CRUD, and CSV import sent as text/csv or as a multipart file).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { COMPETENCY_CSV_MAX_BYTES as CSV_IMPORT_MAX_BYTES } from '../../core/catalog/competency-csv.ts';
import type { Competency } from '../../core/catalog/types.ts';
import { AppError } from '../../core/errors.ts';
import {
  CompetencyBody, CompetencyOut, CompetencyQuery, competencyOut, CreateCompetencyBody, Framework, FrameworkBody, frameworkOut, IdParams,
  ImportResult,
} from '../schemas/catalog.schema.ts';
import { errorResponses } from '../schemas/common.ts';
import type { App, PluginOptions } from '../types.ts';

const secured: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }];

/** Reads an uploaded CSV: a text/csv body, or the first file of a multipart form. */
export async function readCsvUpload(request: FastifyRequest): Promise<string> {
  if (request.isMultipart()) {
    const file = await request.file({ limits: { fileSize: CSV_IMPORT_MAX_BYTES } });
    if (!file) throw new AppError('validation_failed', 'Attach the CSV file in the field "file".', { field: 'file' });
    let buf: Buffer;
    try {
      buf = await file.toBuffer();
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new AppError('payload_too_large', `The CSV file is larger than ${CSV_IMPORT_MAX_BYTES / 1024 / 1024} MB.`, { field: 'file' });
      }
      throw e;
    }
    return decodeCsv(buf);
  }
  if (typeof request.body !== 'string') throw new AppError('validation_failed', 'Send the CSV as text/csv or as a multipart file.', { field: 'body' });
  return request.body;
}

function decodeCsv(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new AppError('csv_invalid', 'The CSV file is not UTF-8 text; save it as "CSV UTF-8" and try again.', { field: 'file' });
  }
}

export default async function competencyRoutes(app: App, { services }: PluginOptions): Promise<void> {
  const publicUrl = services.config.publicUrl;
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_IMPORT_MAX_BYTES }, (_req, body, done) => done(null, body));

  app.get('/competency-frameworks', {
    schema: { tags: ['competencies'], summary: 'List competency frameworks', security: secured, response: { 200: Type.Array(Framework), ...errorResponses(401, 403) } },
  }, async (request) => (await services.competencies.listFrameworks(request.auth)).map(frameworkOut));

  app.post('/competency-frameworks', {
    schema: { tags: ['competencies'], summary: 'Create a competency framework', security: secured, body: FrameworkBody, response: { 201: Framework, ...errorResponses(400, 401, 403, 409) } },
  }, async (request, reply) => reply.code(201).send(frameworkOut(await services.competencies.createFramework(request.auth, request.body))));

  app.get('/competency-frameworks/:id', {
    schema: { tags: ['competencies'], summary: 'One competency framework', security: secured, params: IdParams, response: { 200: Framework, ...errorResponses(401, 403, 404) } },
  }, async (request) => frameworkOut(await services.competencies.getFramework(request.auth, request.params.id)));

  app.patch('/competency-frameworks/:id', {
    schema: { tags: ['competencies'], summary: 'Rename or describe a framework', security: secured, params: IdParams, body: FrameworkBody, response: { 200: Framework, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => frameworkOut(await services.competencies.updateFramework(request.auth, request.params.id, request.body)));

  app.delete('/competency-frameworks/:id', {
    schema: { tags: ['competencies'], summary: 'Delete a framework and its competencies', security: secured, params: IdParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } },
  }, async (request, reply) => {
    await services.competencies.deleteFramework(request.auth, request.params.id);
    return reply.code(204).send(null);
  });

  app.get('/competencies', {
    schema: { tags: ['competencies'], summary: 'List competencies (filter by framework or search code/name)', security: secured, querystring: CompetencyQuery, response: { 200: Type.Array(CompetencyOut), ...errorResponses(400, 401, 403) } },
  }, async (request) => {
    const list = await services.competencies.listCompetencies(request.auth, request.query);
    return list.map((c: Competency) => competencyOut(c, publicUrl));
  });

  app.post('/competencies', {
    schema: { tags: ['competencies'], summary: 'Create a competency with its external alignments', security: secured, body: CreateCompetencyBody, response: { 201: CompetencyOut, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => reply.code(201).send(competencyOut(await services.competencies.createCompetency(request.auth, request.body), publicUrl)));

  app.post('/competencies/import', {
    schema: {
      tags: ['competencies'], security: secured, consumes: ['text/csv', 'multipart/form-data'],
      summary: 'Import competencies from CSV (framework,code,name,description,alignment_url,alignment_code,alignment_framework)',
      description: 'Every row is validated first; when any row fails the answer is 400 csv_invalid with `details.rows` (row, column, message) and nothing is written.',
      response: { 200: ImportResult, ...errorResponses(400, 401, 403, 413, 415) },
    },
  }, async (request) => services.competencies.importCsv(request.auth, await readCsvUpload(request)));

  app.get('/competencies/:id', {
    schema: { tags: ['competencies'], summary: 'One competency', security: secured, params: IdParams, response: { 200: CompetencyOut, ...errorResponses(401, 403, 404) } },
  }, async (request) => competencyOut(await services.competencies.getCompetency(request.auth, request.params.id), publicUrl));

  app.put('/competencies/:id', {
    schema: { tags: ['competencies'], summary: 'Replace a competency (code, name, description, alignments)', security: secured, params: IdParams, body: CompetencyBody, response: { 200: CompetencyOut, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => competencyOut(await services.competencies.updateCompetency(request.auth, request.params.id, request.body), publicUrl));

  app.delete('/competencies/:id', {
    schema: { tags: ['competencies'], summary: 'Delete a competency', security: secured, params: IdParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } },
  }, async (request, reply) => {
    await services.competencies.deleteCompetency(request.auth, request.params.id);
    return reply.code(204).send(null);
  });
}
