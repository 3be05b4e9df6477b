/**
 * Issuance API under /api/v1: issue one credential (with `Idempotency-Key`), search and read credentials,
 * revoke / suspend / reinstate, bulk CSV upload (validated, then issued by a background job) and job progress.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { requestHashOf } from '../../services/issuance.service.ts';
import type { Job } from '../../services/jobs.service.ts';
import type { CredentialView } from '../../services/credential-view.ts';
import {
  BulkQuery, BulkUploadOut, CredentialIdParams, CredentialOut, CredentialPageOut, CredentialQuery, IssueCredentialBody, JobOut,
  OptionalReasonBody, ReasonBody,
} from '../schemas/issuance.schema.ts';
import { errorResponses, secured } from '../schemas/common.ts';
import type { App, PluginOptions } from '../types.ts';

/** Largest bulk upload (bytes); rows are streamed, never held in memory together. */
export const BULK_UPLOAD_MAX_BYTES = 64 * 1024 * 1024;
const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String()) });

function idempotencyKey(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) throw new AppError('idempotency_key_invalid', undefined, { field: 'Idempotency-Key' });
  return key;
}

/** Counts bytes of a streamed upload and stops past the limit. */
async function* limited(stream: AsyncIterable<Buffer | string>, max: number): AsyncIterable<Buffer | string> {
  let n = 0;
  for await (const chunk of stream) {
    n += chunk.length;
    if (n > max) throw new AppError('payload_too_large', `The CSV file is larger than ${max / 1024 / 1024} MB; split it.`, { field: 'file' });
    yield chunk;
  }
}

/** A credential view with its document (detail responses always carry it). */
const full = (v: CredentialView) => ({ ...v, document: v.document ?? {} });

/** The job as the API shows it. */
export function jobOut(job: Job) {
  return {
    id: job.id, kind: job.kind, status: job.status, progress: { done: job.progressDone, total: job.progressTotal },
    result: (job.result ?? null) as Record<string, unknown> | null, error: job.error, createdAt: job.createdAt, updatedAt: job.updatedAt,
  };
}

export default async function credentialRoutes(app: App, { services }: PluginOptions): Promise<void> {
  const publicUrl = services.config.publicUrl;
  // CSV bodies are handed over as a stream; the bulk service reads them row by row.
  app.addContentTypeParser(['text/csv', 'application/csv'], (_req, payload, done) => done(null, payload));

  app.post('/credentials', {
    schema: {
      tags: ['credentials'], summary: 'Issue a credential (same Idempotency-Key + same body → same response)', security: secured,
      headers: IdempotencyHeaders, body: IssueCredentialBody,
      response: { 201: CredentialOut, 200: CredentialOut, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
    },
  }, async (request, reply) => {
    const key = idempotencyKey(request);
    const result = await services.issuance.issueCredential(request.auth, request.body, {
      source: 'api', ...(key ? { idempotency: { key, requestHash: requestHashOf(request.body) } } : {}),
    });
    return reply.code(201).header('location', `${publicUrl}/api/v1/credentials/${result.credential.id}`).send(full(result.credential));
  });

  app.get('/credentials', {
    schema: {
      tags: ['credentials'], summary: 'Search issued credentials (email, name or code; state, micro-credential, issue date)', security: secured,
      querystring: CredentialQuery, response: { 200: CredentialPageOut, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => services.credentials.list(request.auth, request.query));

  app.get('/credentials/:id', {
    schema: {
      tags: ['credentials'], summary: 'One issued credential with its signed document', security: secured,
      params: CredentialIdParams, response: { 200: CredentialOut, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => full(await services.credentials.get(request.auth, request.params.id)));

  app.post('/credentials/:id/revoke', {
    schema: {
      tags: ['credentials'], summary: 'Revoke a credential for good', security: secured, params: CredentialIdParams, body: ReasonBody,
      response: { 200: CredentialOut, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => full(await services.credentials.revoke(request.auth, request.params.id, request.body.reason)));

  app.post('/credentials/:id/suspend', {
    schema: {
      tags: ['credentials'], summary: 'Suspend a credential (seen by microcred verifiers; see docs/decisions/010)', security: secured,
      params: CredentialIdParams, body: ReasonBody, response: { 200: CredentialOut, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => full(await services.credentials.suspend(request.auth, request.params.id, request.body.reason)));

  app.post('/credentials/:id/reinstate', {
    schema: {
      tags: ['credentials'], summary: 'Lift a suspension', security: secured, params: CredentialIdParams, body: Type.Optional(OptionalReasonBody),
      response: { 200: CredentialOut, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => full(await services.credentials.reinstate(request.auth, request.params.id, request.body?.reason)));

  app.post('/issuance/bulk', {
    bodyLimit: BULK_UPLOAD_MAX_BYTES,
    schema: {
      tags: ['credentials'], security: secured, querystring: BulkQuery,
      summary: 'Bulk-issue from a CSV (email,name,achievement_id[,valid_from]) sent as text/csv or multipart field "file"',
      description: 'Every row is validated first: per-row errors come back at once; the valid rows are issued by a background job (see jobUrl). Re-uploading the same file issues nothing twice.',
      response: { 202: BulkUploadOut, ...errorResponses(400, 401, 403, 413, 415) },
    },
  }, async (request, reply) => {
    let source: AsyncIterable<Buffer | string>;
    if (request.isMultipart()) {
      const part = await request.file({ limits: { fileSize: BULK_UPLOAD_MAX_BYTES, files: 1 } });
      if (!part) throw new AppError('validation_failed', 'Attach the CSV file in the field "file".', { field: 'file' });
      source = part.file;
    } else if (request.body && typeof (request.body as AsyncIterable<Buffer>)[Symbol.asyncIterator] === 'function') {
      source = request.body as AsyncIterable<Buffer>;
    } else {
      throw new AppError('unsupported_media_type', 'Send the CSV as text/csv or as multipart/form-data with the field "file".', { field: 'file' });
    }
    const result = await services.bulkIssuance.upload(request.auth, limited(source, BULK_UPLOAD_MAX_BYTES), {
      ...(request.query.dryRun !== undefined ? { dryRun: request.query.dryRun } : {}),
      ...(request.query.notify !== undefined ? { notify: request.query.notify } : {}),
    });
    return reply.code(202).send({ ...result, jobUrl: result.jobId ? `${publicUrl}/api/v1/jobs/${result.jobId}` : null });
  });

  app.get('/jobs/:id', {
    schema: {
      tags: ['credentials'], summary: 'Progress and result of a background job (e.g. a bulk issuance)', security: secured,
      params: CredentialIdParams, response: { 200: JobOut, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => jobOut(await services.jobs.get(request.auth, request.params.id, 'credentials:read')));
}
