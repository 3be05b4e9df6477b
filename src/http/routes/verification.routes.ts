/**
 * Verification API: our check log at `POST /api/v1/verify`, and the W3C VC-API `POST /credentials/verify` and
 * `POST /presentations/verify`. Public, rate-limited per client (429).
 */
import type { Static } from '@sinclair/typebox';
import { AppError } from '../../core/errors.ts';
import type { Check } from '../../core/verify/types.ts';
import type { VerificationReport } from '../../services/verification.service.ts';
import { errorResponses } from '../schemas/common.ts';
import {
  ReportOut, VcApiVerifyCredentialBody, VcApiVerifyPresentationBody, VcApiVerifyPresentationResponse, VcApiVerifyResponse, VerifyBody,
} from '../schemas/verification.schema.ts';
import type { App, PluginOptions } from '../types.ts';


/** The VC-API shape of a check log. */
export function vcApiResult(log: { id: string; status: Check['status']; message: string }[], verified: boolean) {
  return {
    verified,
    checks: log.filter((c) => c.status === 'valid').map((c) => c.id),
    warnings: log.filter((c) => c.status === 'unknown').map((c) => `${c.id}: ${c.message}`),
    errors: log.filter((c) => c.status === 'invalid').map((c) => `${c.id}: ${c.message}`),
  };
}

/** The report as the response schema types it (display and children are plain JSON). */
const reportOut = (r: VerificationReport) => r as unknown as Static<typeof ReportOut>;

export default async function verificationRoutes(app: App, { services }: PluginOptions): Promise<void> {
  // Verifications per client address per minute on each endpoint (default 60).
  const config = { csrf: false, rateLimit: { max: services.verification.rateLimitPerMinute, timeWindow: '1 minute' } };

  app.post('/api/v1/verify', {
    config,
    schema: {
      tags: ['verification'], summary: 'Verify a credential (JSON, VC-JWT, URL or verification code) and return the check log',
      description: 'Each check has a stable id, a status (valid | invalid | unknown = could not check) and a plain-language message. A status list that cannot be fetched is `unknown`, never valid.',
      body: VerifyBody, response: { 200: ReportOut, ...errorResponses(400, 404, 413, 429) },
    },
  }, async (request) => {
    const { credential, url, code } = request.body;
    const given = [credential, url, code].filter((x) => x !== undefined).length;
    if (given !== 1) throw new AppError('validation_failed', 'Give exactly one of credential, url or code.', { field: 'credential' });
    if (credential !== undefined) return reportOut(await services.verification.verifyInput(credential));
    if (url !== undefined) return reportOut(await services.verification.verifyUrl(url));
    const r = await services.verification.verifyCode(code, request.ip);
    if (r.kind === 'disabled') throw new AppError('credential_not_found', `The learner disabled this verification code on ${r.disabledAt.slice(0, 10)}.`, { field: 'code' });
    return reportOut(r.report);
  });

  app.post('/credentials/verify', {
    config,
    schema: {
      tags: ['verification'], summary: 'W3C VC-API: verify a credential',
      description: 'Answers 200 with `verified` true or false for any credential it could read; `checks` lists the checks that passed, `errors` those that failed, `warnings` those that could not be completed, `log` the full check log.',
      body: VcApiVerifyCredentialBody, response: { 200: VcApiVerifyResponse, ...errorResponses(400, 413, 429) },
    },
  }, async (request) => {
    const r = await services.verification.verifyInput(request.body.verifiableCredential);
    return { ...vcApiResult(r.checks, r.summary === 'valid'), log: r.checks };
  });

  app.post('/presentations/verify', {
    config,
    schema: {
      tags: ['verification'], summary: 'W3C VC-API: verify a presentation and the credentials in it',
      body: VcApiVerifyPresentationBody, response: { 200: VcApiVerifyPresentationResponse, ...errorResponses(400, 413, 429) },
    },
  }, async (request) => {
    const opts = request.body.options ?? {};
    const r = await services.verification.verifyPresentation(request.body.verifiablePresentation, {
      ...(typeof opts.challenge === 'string' ? { challenge: opts.challenge } : {}),
      ...(typeof opts.domain === 'string' ? { domain: opts.domain } : {}),
    });
    const credentialResults = r.credentials.map((c) => ({ ...vcApiResult(c.checks, c.summary === 'valid'), log: c.checks }));
    return {
      ...vcApiResult(r.checks, r.verified),
      errors: [...vcApiResult(r.checks, r.verified).errors, ...credentialResults.flatMap((c, i) => c.errors.map((e) => `verifiableCredential[${i}] ${e}`))],
      warnings: [...vcApiResult(r.checks, r.verified).warnings, ...credentialResults.flatMap((c, i) => c.warnings.map((e) => `verifiableCredential[${i}] ${e}`))],
      presentationResult: { log: r.checks },
      credentialResults,
    };
  });
}
