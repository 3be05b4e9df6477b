/**
 * Employer pages: sign-up as an employer organization, the employer home (domain verification, verify a
 * credential while signed in, endorsements given), the domain confirmation link, the candidate list, and the
 * endorsement form. Plain forms with CSRF tokens; no JavaScript.
 */
import { AppError } from '../../core/errors.ts';
import { setSessionCookie } from '../../http/auth.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import type { VerificationReport } from '../../services/verification.service.ts';
import { csrfField, errorSummary, fieldErrorsOf, inputField, textareaField, type FieldErrors } from '../forms.ts';
import { html, type SafeHtml } from '../html.ts';
import { page, redirectWithFlash, statusOfError } from '../respond.ts';
import { reportView } from './verification.views.ts';

type Form = Record<string, string | undefined>;
type Req = Parameters<typeof page>[0];
type Rep = Parameters<typeof page>[1];
const PAGE = { schema: { hide: true }, config: { page: true } };
const STATUS_WORD: Record<string, string> = { valid: 'Valid', invalid: 'Not valid', unknown: 'Could not check', pending: 'Waiting for the issuer', accepted: 'Accepted', declined: 'Declined' };

/** The micro-credential address inside a verified credential, when it is one of this platform's. */
function achievementOf(r: VerificationReport, publicUrl: string): string | undefined {
  const subject = (r.credential as { credentialSubject?: { achievement?: { id?: unknown } } } | undefined)?.credentialSubject;
  const id = subject?.achievement?.id;
  return typeof id === 'string' && id.startsWith(`${publicUrl}/achievements/`) ? id : undefined;
}

export default async function employerPages(app: App, { services }: PluginOptions): Promise<void> {
  const publicUrl = services.config.publicUrl;
  const secure = services.config.publicUrlIsHttps;

  const signupForm = (request: Req, v: Form, errors: FieldErrors): SafeHtml => html`<h1>Sign up as an employer</h1>
<p class="lead">Verify candidates' credentials, keep a list of the people who shared them with you, and endorse the micro-credentials you trust.</p>
${errorSummary(errors)}
<form method="post" action="/employers/signup" class="card" novalidate>${csrfField(request.csrfToken)}
${inputField({ name: 'organizationName', label: 'Organization name', value: v.organizationName, required: true, errors, autocomplete: 'organization' })}
${inputField({ name: 'name', label: 'Your name', value: v.name, required: true, errors, autocomplete: 'name' })}
${inputField({ name: 'email', label: 'Work email', type: 'email', value: v.email, required: true, errors, autocomplete: 'email', hint: 'Use your address at your organization\'s domain: it is how we verify the organization.' })}
${inputField({ name: 'password', label: 'Password', type: 'password', required: true, errors, autocomplete: 'new-password', hint: 'At least 10 characters.' })}
<button type="submit">Create employer account</button></form>`;

  app.get('/employers/signup', PAGE, async (request, reply) => page(request, reply, { title: 'Employer sign-up', body: signupForm(request, {}, {}) }));

  app.post('/employers/signup', PAGE, async (request, reply) => {
    const v = (request.body ?? {}) as Form;
    try {
      const { user } = await services.employers.signUp({ name: v.name ?? '', email: v.email ?? '', password: v.password ?? '', organizationName: v.organizationName ?? '' });
      const session = await services.sessions.create(user.id);
      setSessionCookie(reply, session.token, session.expiresAt, secure);
      return redirectWithFlash(reply, '/employer', { kind: 'success', message: 'Your employer account is ready. Verify your domain to endorse micro-credentials.' });
    } catch (e) {
      if (!(e instanceof AppError) || statusOfError(e) >= 500) throw e;
      return page(request, reply, { title: 'Employer sign-up', body: signupForm(request, v, fieldErrorsOf(e)) }, statusOfError(e));
    }
  });

  async function home(request: Req, reply: Rep, opts: { errors?: FieldErrors; values?: Form; status?: number; result?: SafeHtml } = {}) {
    const org = await services.employers.organization(request.auth);
    const given = await services.endorsements.given(request.auth);
    const errors = opts.errors ?? {};
    const v = opts.values ?? {};
    return page(request, reply, {
      title: opts.result ? 'Verification result' : org.name, current: '/employer', noindex: true,
      body: html`${opts.result ?? html`<h1>${org.name}</h1>`}
${errorSummary(errors)}
<div class="grid2">
<section class="card" aria-labelledby="verify-h"><h2 id="verify-h">Verify a credential</h2>
<p class="muted">Verifications you make while signed in are saved with your organization, so the issuer knows its credentials are being checked.</p>
<form method="post" action="/employer/verify" novalidate>${csrfField(request.csrfToken)}
${inputField({ name: 'code', label: 'Verification code', value: v.code, errors, hint: 'The code printed on the certificate, like 7KQ2-M9XD-4RTV-HC8N-P3.' })}
${inputField({ name: 'shareUrl', label: 'Or a share link', value: v.shareUrl, errors, hint: 'A link a candidate sent you, like https://…/s/…' })}
${textareaField({ name: 'credential', label: 'Or paste the credential (JSON or VC-JWT)', value: v.credential, errors, rows: 4 })}
<button type="submit">Verify</button></form>
<p><a href="/verify">Upload a file on the public verify page</a></p></section>
<section class="card" aria-labelledby="domain-h"><h2 id="domain-h">Domain</h2>
${org.domainVerifiedAt
    ? html`<p><span class="badge valid">Verified</span> ${org.emailDomain} since ${org.domainVerifiedAt.slice(0, 10)}.</p>`
    : html`<p><span class="badge suspended">Not verified</span> Endorsing needs a verified domain. We send a link to an address at your domain; opening it verifies the organization.</p>
<form method="post" action="/employer/domain" novalidate>${csrfField(request.csrfToken)}
${inputField({ name: 'domainEmail', label: 'An address at your domain', type: 'email', value: v.domainEmail, errors, autocomplete: 'email' })}
<button type="submit" class="secondary">Send the verification link</button></form>`}
<p><a href="/org/members">Members and invitations</a> · <a href="/employer/candidates">Candidates</a></p></section>
</div>
<section class="card" aria-labelledby="given-h"><h2 id="given-h">Endorsements</h2>
<p><a class="button secondary" href="/employer/endorse">Endorse a micro-credential</a></p>
${given.length ? html`<div class="table-wrap"><table><caption class="visually-hidden">Endorsements given</caption><thead><tr><th scope="col">Micro-credential</th><th scope="col">Comment</th><th scope="col">Status</th><th scope="col">Date</th></tr></thead>
<tbody>${given.map((e) => html`<tr><td><a href="${e.targetId}">${(JSON.parse(e.document) as { name?: string }).name?.replace(`${org.name} endorses `, '') ?? e.targetId}</a></td><td>${e.comment}</td><td><span class="badge ${e.status === 'accepted' ? 'valid' : e.status === 'declined' ? 'revoked' : 'suspended'}">${STATUS_WORD[e.status]}</span></td><td>${e.createdAt.slice(0, 10)}</td></tr>`)}</tbody></table></div>` : html`<p class="muted">No endorsements yet.</p>`}
</section>`,
    }, opts.status ?? 200);
  }

  app.get('/employer', PAGE, async (request, reply) => home(request, reply));

  app.post('/employer/domain', PAGE, async (request, reply) => {
    const v = (request.body ?? {}) as Form;
    try {
      const { domain } = await services.employers.claimDomain(request.auth, v.domainEmail ?? '');
      return redirectWithFlash(reply, '/employer', { kind: 'success', message: `We sent a link to ${v.domainEmail}. Opening it verifies ${domain}.` });
    } catch (e) {
      if (!(e instanceof AppError) || statusOfError(e) >= 500) throw e;
      const errors = fieldErrorsOf(e);
      if (errors.email) {
        errors.domainEmail = errors.email;
        delete errors.email;
      }
      return home(request, reply, { errors, values: v, status: statusOfError(e) });
    }
  });

  app.get('/employer/domain/:token', PAGE, async (request, reply) => {
    const { token } = request.params as { token: string };
    return page(request, reply, {
      title: 'Verify your domain', noindex: true,
      body: html`<h1>Verify your organization's domain</h1><p class="lead">Confirm that this address belongs to your organization.</p>
<form method="post" action="/employer/domain/${token}">${csrfField(request.csrfToken)}<button type="submit">Verify the domain</button></form>`,
    });
  });

  app.post('/employer/domain/:token', PAGE, async (request, reply) => {
    const { token } = request.params as { token: string };
    try {
      const { organization, domain } = await services.employers.confirmDomain(token);
      return redirectWithFlash(reply, request.auth.userId ? '/employer' : '/signin', { kind: 'success', message: `${domain} is verified for ${organization.name}.` });
    } catch (e) {
      if (!(e instanceof AppError) || statusOfError(e) >= 500) throw e;
      return page(request, reply, { title: 'Link not valid', noindex: true, body: html`<h1>This link is not valid</h1><p>${e.message} Ask for a new link from your employer page.</p>` }, statusOfError(e));
    }
  });

  app.post('/employer/verify', PAGE, async (request, reply) => {
    const v = (request.body ?? {}) as Form;
    try {
      const { report, code, shared } = await services.employers.verify(request.auth, { code: v.code, credential: v.credential, shareUrl: v.shareUrl }, request.ip);
      const achievement = achievementOf(report, publicUrl);
      const result = html`${reportView(report, code ? `verification code ${code}` : shared ? 'the shared credential' : 'the pasted credential')}
<section class="card" aria-labelledby="save-h"><h2 id="save-h">Save to your candidates</h2>
<form method="post" action="/employer/candidates" novalidate>${csrfField(request.csrfToken)}
${code ? html`<input type="hidden" name="code" value="${code}">` : v.shareUrl?.trim() ? html`<input type="hidden" name="shareUrl" value="${v.shareUrl}">` : html`<input type="hidden" name="credential" value="${v.credential ?? ''}">`}
<div class="grid2">${inputField({ name: 'name', label: 'Candidate name', value: report.display?.recipientName ?? '' })}
${textareaField({ name: 'notes', label: 'Notes', rows: 2 })}</div>
<button type="submit">Save candidate</button></form>
${achievement ? html`<p><a href="/employer/endorse?achievement=${encodeURIComponent(achievement)}">Endorse this micro-credential</a></p>` : ''}</section>`;
      return home(request, reply, { result });
    } catch (e) {
      if (!(e instanceof AppError) || statusOfError(e) >= 500) throw e;
      return home(request, reply, { errors: fieldErrorsOf(e), values: v, status: statusOfError(e) });
    }
  });

  async function candidatesPage(request: Req, reply: Rep) {
    const list = await services.employers.candidates(request.auth);
    return page(request, reply, {
      title: 'Candidates', current: '/employer', noindex: true,
      body: html`<h1>Candidates</h1><p class="lead">Credentials people shared with you, verified when you saved them.</p>
${list.length ? list.map((c) => html`<section class="card" aria-labelledby="c-${c.id}"><h2 id="c-${c.id}">${c.name}</h2>
<p><span class="badge ${c.summary}">${STATUS_WORD[c.summary] ?? c.summary}</span> ${c.achievementName ?? 'Credential'}${c.issuerName ? html` · ${c.issuerName}` : ''} <span class="muted small">· saved ${c.createdAt.slice(0, 10)} from ${c.source}</span></p>
<form method="post" action="/employer/candidates/${c.id}" novalidate>${csrfField(request.csrfToken)}
<div class="grid2">${inputField({ name: 'name', label: `Name`, value: c.name })}${textareaField({ name: 'notes', label: `Notes on ${c.name}`, value: c.notes ?? '', rows: 2 })}</div>
<button type="submit" class="secondary small">Save notes<span class="visually-hidden"> for ${c.name}</span></button></form>
<form method="post" action="/employer/candidates/${c.id}/delete">${csrfField(request.csrfToken)}<button type="submit" class="danger small">Remove<span class="visually-hidden"> ${c.name}</span></button></form></section>`)
    : html`<p class="muted">No candidates yet. Verify a credential from your employer page and save it.</p>`}`,
    });
  }

  app.get('/employer/candidates', PAGE, async (request, reply) => candidatesPage(request, reply));

  app.post('/employer/candidates', PAGE, async (request, reply) => {
    const v = (request.body ?? {}) as Form;
    const c = await services.employers.saveCandidate(request.auth, { code: v.code, credential: v.credential, shareUrl: v.shareUrl, name: v.name, notes: v.notes }, request.ip);
    return redirectWithFlash(reply, '/employer/candidates', { kind: 'success', message: `${c.name} was added to your candidates.` });
  });

  app.post('/employer/candidates/:id', PAGE, async (request, reply) => {
    const v = (request.body ?? {}) as Form;
    const c = await services.employers.updateCandidate(request.auth, (request.params as { id: string }).id, { name: v.name, notes: v.notes });
    return redirectWithFlash(reply, '/employer/candidates', { kind: 'success', message: `Saved ${c.name}.` });
  });

  app.post('/employer/candidates/:id/delete', PAGE, async (request, reply) => {
    await services.employers.removeCandidate(request.auth, (request.params as { id: string }).id);
    return redirectWithFlash(reply, '/employer/candidates', { kind: 'success', message: 'The candidate was removed.' });
  });

  async function endorseForm(request: Req, reply: Rep, v: Form, errors: FieldErrors = {}, status = 200) {
    const org = await services.employers.organization(request.auth);
    return page(request, reply, {
      title: 'Endorse a micro-credential', current: '/employer', noindex: true,
      body: html`<h1>Endorse a micro-credential</h1>
<p class="lead">Your endorsement is an Open Badges EndorsementCredential signed with ${org.name}'s own key. The issuer reviews it; once accepted it appears on the micro-credential's page and in every credential issued afterwards.</p>
${org.domainVerifiedAt ? '' : html`<p class="notice">Verify your domain on <a href="/employer">your employer page</a> first.</p>`}
${errorSummary(errors)}
<form method="post" action="/employer/endorsements" class="card" novalidate>${csrfField(request.csrfToken)}
${inputField({ name: 'achievement', label: 'Micro-credential address', value: v.achievement, errors, hint: 'The address of its public page, like https://…/achievements/…' })}
${inputField({ name: 'pathwayId', label: 'Or a pathway id', value: v.pathwayId, errors, hint: 'Endorsing a pathway endorses the micro-credential it awards.' })}
${textareaField({ name: 'comment', label: 'Your endorsement', value: v.comment, errors, required: true, rows: 4, hint: 'Why your organization values it (shown publicly).' })}
<button type="submit">Sign and send the endorsement</button></form>`,
    }, status);
  }

  app.get('/employer/endorse', PAGE, async (request, reply) => endorseForm(request, reply, { achievement: (request.query as Form).achievement }));

  app.post('/employer/endorsements', PAGE, async (request, reply) => {
    const v = (request.body ?? {}) as Form;
    try {
      await services.endorsements.endorse(request.auth, { achievement: v.achievement, pathwayId: v.pathwayId, comment: v.comment ?? '' });
      return redirectWithFlash(reply, '/employer', { kind: 'success', message: 'Your endorsement was signed and sent to the issuer for review.' });
    } catch (e) {
      if (!(e instanceof AppError) || statusOfError(e) >= 500) throw e;
      const errors = fieldErrorsOf(e);
      if (!Object.keys(errors).length) errors.achievement = e.message;
      return endorseForm(request, reply, v, errors, statusOfError(e));
    }
  });
}
