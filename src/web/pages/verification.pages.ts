/**
 * Public verification pages: `/verify` (code, file upload, pasted JSON, URL) and `/v/<code>` (the QR target).
 * No JavaScript needed; verification is a read, so the forms need no CSRF token. Rate-limited per client.
 */
import { AppError } from '../../core/errors.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import { readMultipartForm } from '../../http/multipart.ts';
import type { VerificationReport } from '../../services/verification.service.ts';
import { fieldErrorsOf, type FieldErrors } from '../forms.ts';
import { html } from '../html.ts';
import { page, statusOfError } from '../respond.ts';
import { reportView, verifyForms } from './verification.views.ts';

const MAX_FILE_BYTES = 10 * 1024 * 1024;
const PAGE_RATE_LIMIT = { max: 30, timeWindow: '1 minute' };

export default async function verificationPages(app: App, { services }: PluginOptions): Promise<void> {
  const intro = html`<h1>Verify a credential</h1><p class="lead">Check an Open Badges credential from any issuer: its signature, its issuer, its dates and whether it was revoked or suspended. Each check is explained below the result.</p>`;
  const formPage = (request: any, reply: any, errors: FieldErrors = {}, values: Record<string, string> = {}, status = 200) =>
    page(request, reply, { title: 'Verify a credential', current: '/verify', description: 'Verify an Open Badges 3.0 credential.', body: html`${intro}${verifyForms({ errors, values })}` }, status);
  const reportPage = (request: any, reply: any, r: VerificationReport, source: string) =>
    page(request, reply, { title: `${r.summary === 'valid' ? 'Valid' : r.summary === 'invalid' ? 'Not valid' : 'Could not check'}: ${r.display?.name ?? 'credential'}`, current: '/verify', noindex: true, body: reportView(r, source) });
  const fail = (request: any, reply: any, e: unknown, values: Record<string, string>, field: string) => {
    if (!(e instanceof AppError)) throw e;
    const errors = fieldErrorsOf(e);
    if (Object.keys(errors).length === 0) errors[field] = e.message;
    return formPage(request, reply, errors, values, statusOfError(e));
  };
  const opts = { schema: { hide: true }, config: { page: true, csrf: false, rateLimit: PAGE_RATE_LIMIT } };

  app.get('/verify', { schema: { hide: true }, config: { page: true } }, async (request, reply) => formPage(request, reply));

  app.post('/verify', opts, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const json = typeof body.json === 'string' ? body.json : '';
    const url = typeof body.url === 'string' ? body.url : '';
    try {
      if (url.trim()) return reportPage(request, reply, await services.verification.verifyUrl(url, request.auth), url.trim());
      if (!json.trim()) throw new AppError('validation_failed', 'Paste a credential (JSON or a VC-JWT) or enter its address.', { field: 'json' });
      return reportPage(request, reply, await services.verification.verifyInput(json, request.auth), 'the pasted credential');
    } catch (e) {
      return fail(request, reply, e, { json, url }, url.trim() ? 'url' : 'json');
    }
  });

  app.post('/verify/file', opts, async (request, reply) => {
    try {
      const form = await readMultipartForm(request, { maxFileBytes: MAX_FILE_BYTES, tooLargeCode: 'payload_too_large' });
      if (!form.file || form.file.bytes.length === 0) throw new AppError('validation_failed', 'Choose a credential file to upload.', { field: 'file' });
      return reportPage(request, reply, await services.verification.verifyInput(new Uint8Array(form.file.bytes), request.auth), `the file “${form.file.filename}”`);
    } catch (e) {
      return fail(request, reply, e, {}, 'file');
    }
  });

  // The code form submits with GET (works without JavaScript); /v?code=… redirects to the canonical /v/<code>.
  app.get('/v', { schema: { hide: true }, config: { page: true } }, async (request, reply) => {
    const code = String((request.query as Record<string, unknown>).code ?? '').trim();
    if (!code) return formPage(request, reply, { code: 'Enter a verification code.' }, {}, 400);
    return reply.redirect(`/v/${encodeURIComponent(code)}`, 303);
  });

  app.get('/v/:code', opts, async (request, reply) => {
    const raw = String((request.params as { code: string }).code ?? '');
    try {
      const r = await services.verification.verifyCode(raw, request.ip, request.auth);
      if (r.kind === 'disabled') {
        return page(request, reply, {
          title: 'Verification code disabled', current: '/verify', noindex: true,
          body: html`<section class="verdict unknown" role="status"><h1>This verification code was disabled</h1>
<p class="lead">The learner disabled the code ${r.code} on ${r.disabledAt.slice(0, 10)}, so the credential is no longer shown here. Ask them for a new code or a share link.</p></section>
<p><a class="button secondary" href="/verify">Verify another credential</a></p>`,
        }, 410);
      }
      return reportPage(request, reply, r.report, `verification code ${r.code}`);
    } catch (e) {
      return fail(request, reply, e, { code: raw }, 'code');
    }
  });
}
