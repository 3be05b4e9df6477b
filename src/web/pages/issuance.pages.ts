/**
 * Issuer pages: issued credentials (search, filters, detail with revoke / suspend / reinstate), the single issue
 * form and the bulk CSV upload with its progress view (meta refresh without JavaScript, live updates with it).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { BULK_UPLOAD_MAX_BYTES } from '../../http/routes/credentials.routes.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import { can } from '../../services/auth.ts';
import type { BulkRowError } from '../../services/bulk-issuance.service.ts';
import type { CredentialQuery } from '../../services/credentials.service.ts';
import { fieldErrorsOf, type FieldErrors } from '../forms.ts';
import { html } from '../html.ts';
import { page, redirectWithFlash, statusOfError } from '../respond.ts';
import { bulkFormBody, bulkProgressBody, issueFormBody, type IssueFormValues } from './issuance-forms.views.ts';
import { credentialDetailBody, credentialListBody } from './issuance.views.ts';

const PAGE = { schema: { hide: true }, config: { page: true } } as const;
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const recoverable = (e: unknown): e is AppError => e instanceof AppError && (e.kind === 'invalid_input' || e.kind === 'conflict' || e.code === 'achievement_not_found');

export default async function issuancePages(app: App, { services }: PluginOptions): Promise<void> {
  const achievements = (request: FastifyRequest) => services.achievements.list(request.auth).catch(() => []);

  app.get('/issuance/credentials', PAGE, async (request, reply) => {
    const raw = request.query as Record<string, unknown>;
    const query: CredentialQuery = {};
    for (const k of ['q', 'achievementId', 'status', 'issuedFrom', 'issuedTo', 'cursor'] as const) if (str(raw[k])) query[k] = str(raw[k]);
    let errors: FieldErrors = {};
    let result = { items: [], nextCursor: null } as Awaited<ReturnType<typeof services.credentials.list>>;
    try {
      result = await services.credentials.list(request.auth, { ...query, limit: 25 });
    } catch (e) {
      if (!recoverable(e)) throw e;
      errors = fieldErrorsOf(e);
    }
    return page(request, reply, {
      title: 'Issued credentials', current: '/issuance/credentials', noindex: true,
      body: credentialListBody({ ...result, query, achievements: await achievements(request), canIssue: can(request.auth, 'credentials:issue'), errors }),
    }, Object.keys(errors).length ? 400 : 200);
  });

  const detail = async (request: FastifyRequest, reply: FastifyReply, id: string, errors: FieldErrors = {}, status = 200) => {
    const c = await services.credentials.get(request.auth, id);
    return page(request, reply, {
      title: `${c.achievementName ?? 'Credential'} for ${c.recipient.name ?? c.recipient.email}`, current: '/issuance/credentials', noindex: true,
      body: credentialDetailBody(c, { canRevoke: can(request.auth, 'credentials:revoke'), csrfToken: request.csrfToken, errors }),
    }, status);
  };

  app.get('/issuance/credentials/:id', PAGE, async (request, reply) => detail(request, reply, (request.params as { id: string }).id));

  app.get('/issuance/credentials/:id/credential.json', PAGE, async (request, reply) => {
    const c = await services.credentials.get(request.auth, (request.params as { id: string }).id);
    return reply.type('application/vc+ld+json').header('content-disposition', `attachment; filename="credential-${c.id}.json"`)
      .header('cache-control', 'no-store').send(JSON.stringify(c.document, null, 2));
  });

  for (const action of ['revoke', 'suspend', 'reinstate'] as const) {
    app.post(`/issuance/credentials/:id/${action}`, PAGE, async (request, reply) => {
      const id = (request.params as { id: string }).id;
      const reason = str((request.body as Record<string, unknown> | undefined)?.[`${action}_reason`]);
      try {
        const c = action === 'revoke' ? await services.credentials.revoke(request.auth, id, reason)
          : action === 'suspend' ? await services.credentials.suspend(request.auth, id, reason)
            : await services.credentials.reinstate(request.auth, id, reason);
        const message = { revoke: 'Revoked. Verifiers now report it revoked.', suspend: 'Suspended until you reinstate it.', reinstate: 'Reinstated: it verifies again.' }[action];
        return redirectWithFlash(reply, `/issuance/credentials/${c.id}`, { kind: 'success', message });
      } catch (e) {
        if (!recoverable(e)) throw e;
        const errors = Object.fromEntries(Object.entries(fieldErrorsOf(e)).map(([k, v]) => [k === 'reason' ? `${action}_reason` : k, v]));
        return detail(request, reply, id, errors, statusOfError(e));
      }
    });
  }

  const issueForm = async (request: FastifyRequest, reply: FastifyReply, values: IssueFormValues, errors: FieldErrors = {}, status = 200) =>
    page(request, reply, {
      title: 'Issue a credential', current: '/issuance/credentials', noindex: true,
      body: issueFormBody({ achievements: await achievements(request), values, errors, csrfToken: request.csrfToken }),
    }, status);

  app.get('/issuance/new', PAGE, async (request, reply) => {
    if (!can(request.auth, 'credentials:issue')) throw new AppError('forbidden', 'Your role does not allow issuing credentials.');
    return issueForm(request, reply, { achievementId: str((request.query as Record<string, unknown>).achievementId), email: '', name: '', validFrom: '' });
  });

  app.post('/issuance/new', PAGE, async (request, reply) => {
    const b = (request.body ?? {}) as Record<string, unknown>;
    const values: IssueFormValues = { achievementId: str(b.achievementId), email: str(b['recipient.email']), name: str(b['recipient.name']), validFrom: str(b.validFrom) };
    try {
      const { credential } = await services.issuance.issueCredential(request.auth, {
        achievementId: values.achievementId, recipient: { email: values.email, name: values.name || null }, ...(values.validFrom ? { validFrom: values.validFrom } : {}),
      }, { source: 'single' });
      return redirectWithFlash(reply, `/issuance/credentials/${credential.id}`, { kind: 'success', message: `Issued to ${credential.recipient.email}; verification code ${credential.verificationCode}.` });
    } catch (e) {
      if (!recoverable(e)) throw e;
      return issueForm(request, reply, values, fieldErrorsOf(e), statusOfError(e));
    }
  });

  const bulkForm = async (request: FastifyRequest, reply: FastifyReply, errors: FieldErrors = {}, rowErrors: BulkRowError[] = [], status = 200) =>
    page(request, reply, {
      title: 'Bulk issue', current: '/issuance/credentials', noindex: true,
      body: bulkFormBody({ errors, rowErrors, csrfToken: request.csrfToken, achievements: await achievements(request) }),
    }, status);

  app.get('/issuance/bulk', PAGE, async (request, reply) => {
    if (!can(request.auth, 'credentials:issue')) throw new AppError('forbidden', 'Your role does not allow issuing credentials.');
    return bulkForm(request, reply);
  });

  app.post('/issuance/bulk', { ...PAGE, bodyLimit: BULK_UPLOAD_MAX_BYTES }, async (request, reply) => {
    if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Send this form as multipart/form-data.');
    let notify = false;
    try {
      let result;
      for await (const part of request.parts({ limits: { fileSize: BULK_UPLOAD_MAX_BYTES, files: 1 } })) {
        if (part.type === 'field') {
          if (part.fieldname === 'notify') notify = true;
          continue;
        }
        if (part.fieldname !== 'file' || !part.filename) { part.file.resume(); continue; }
        result = await services.bulkIssuance.upload(request.auth, part.file, { notify, fileName: part.filename });
      }
      if (!result) throw new AppError('validation_failed', 'Choose a CSV file to upload.', { field: 'file' });
      return redirectWithFlash(reply, `/issuance/bulk/${result.jobId}`, {
        kind: result.rejected ? 'info' : 'success',
        message: `${result.accepted} of ${result.total} rows accepted${result.rejected ? `; ${result.rejected} refused (listed below)` : ''}.`,
      });
    } catch (e) {
      if (!recoverable(e)) throw e;
      const rowErrors = e.issues.filter((i) => /^row \d+/.test(i.field)).map((i) => {
        const m = /^row (\d+)(?::\s*(.*))?$/.exec(i.field)!;
        return { row: Number(m[1]), field: m[2] ?? '—', message: i.message };
      });
      const errors: FieldErrors = { file: rowErrors.length ? e.message : (e.issues[0]?.message ?? e.message) };
      return bulkForm(request, reply, errors, rowErrors, statusOfError(e));
    }
  });

  app.get('/issuance/bulk/:jobId', PAGE, async (request, reply) => {
    const { job, payload } = await services.bulkIssuance.job(request.auth, (request.params as { jobId: string }).jobId);
    const finished = job.status === 'done' || job.status === 'failed';
    return page(request, reply, {
      title: 'Bulk issue progress', current: '/issuance/credentials', noindex: true,
      ...(finished ? {} : { head: html`<meta http-equiv="refresh" content="3">` }),
      body: bulkProgressBody(job, payload),
    });
  });
}
