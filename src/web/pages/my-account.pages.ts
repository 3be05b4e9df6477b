/** The signed-in person's account: name, email addresses (add, confirm again), password. */
import { AppError } from '../../core/errors.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import { requireUser } from '../../services/auth.ts';
import { csrfField, errorSummary, fieldErrorsOf, inputField, type FieldErrors } from '../forms.ts';
import { html } from '../html.ts';
import { page, redirectWithFlash, statusOfError } from '../respond.ts';

type Form = Record<string, string | undefined>;
type Req = Parameters<typeof page>[0];
type Rep = Parameters<typeof page>[1];

export default async function myAccountPages(app: App, { services }: PluginOptions): Promise<void> {
  const cfg = { page: true };

  async function show(request: Req, reply: Rep, form: { section?: string; v?: Form; errors?: FieldErrors } = {}, status = 200) {
    const userId = requireUser(request.auth);
    const user = await services.accounts.getUser(userId);
    const emails = await services.accounts.listEmails(userId);
    const e = (s: string) => (form.section === s ? form.errors ?? {} : {});
    const v = form.v ?? {};
    return page(request, reply, {
      title: 'Your account', current: '/account', noindex: true,
      body: html`<h1>Your account</h1>
<section class="card"><h2>Name</h2>
${errorSummary(e('name'))}
<form method="post" action="/account/name" novalidate>${csrfField(request.csrfToken)}
${inputField({ name: 'name', label: 'Your name', value: form.section === 'name' ? v.name : user.name, required: true, autocomplete: 'name', errors: e('name') })}
<button type="submit">Save name</button></form></section>
<section class="card"><h2>Email addresses</h2>
<p>Credentials sent to any confirmed address arrive in the same account.</p>
<div class="table-wrap"><table><caption class="visually-hidden">Your email addresses</caption>
<thead><tr><th scope="col">Address</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${emails.map((m) => html`<tr><td>${m.email}${m.isPrimary ? html` <span class="muted small">(primary)</span>` : ''}</td>
<td>${m.verifiedAt ? html`<span class="badge valid">confirmed</span>` : html`<span class="badge unknown">waiting for confirmation</span>`}</td>
<td>${m.verifiedAt ? '' : html`<form method="post" action="/account/emails/resend" class="inline">${csrfField(request.csrfToken)}<input type="hidden" name="email" value="${m.email}"><button type="submit" class="secondary small">Send the link again<span class="visually-hidden"> to ${m.email}</span></button></form>`}</td></tr>`)}</tbody>
</table></div>
${errorSummary(e('email'))}
<form method="post" action="/account/emails" novalidate>${csrfField(request.csrfToken)}
${inputField({ name: 'email', label: 'Add an address', type: 'email', value: form.section === 'email' ? v.email : '', autocomplete: 'email', errors: e('email') })}
<button type="submit" class="secondary">Add and send a confirmation link</button></form></section>
<section class="card"><h2>Password</h2>
${errorSummary(e('password'))}
<form method="post" action="/account/password" novalidate>${csrfField(request.csrfToken)}
${inputField({ name: 'currentPassword', label: 'Current password', type: 'password', required: true, autocomplete: 'current-password', errors: e('password') })}
${inputField({ name: 'newPassword', label: 'New password', type: 'password', required: true, autocomplete: 'new-password', hint: 'At least 10 characters. Your other sessions will be signed out.', errors: e('password') })}
<button type="submit">Change password</button></form></section>`,
    }, status);
  }

  const handled = async (request: Req, reply: Rep, section: string, fn: (userId: string, v: Form) => Promise<string>) => {
    const userId = requireUser(request.auth);
    const v = (request.body ?? {}) as Form;
    try {
      const message = await fn(userId, v);
      return redirectWithFlash(reply, '/account', { kind: 'success', message });
    } catch (e) {
      if (!(e instanceof AppError) || !['invalid_input', 'conflict'].includes(e.kind)) throw e;
      return show(request, reply, { section, v, errors: fieldErrorsOf(e) }, statusOfError(e));
    }
  };

  app.get('/account', { schema: { hide: true }, config: cfg }, async (request, reply) => show(request, reply));

  app.post('/account/name', { schema: { hide: true }, config: cfg }, async (request, reply) =>
    handled(request, reply, 'name', async (userId, v) => {
      await services.accounts.rename(userId, v.name ?? '');
      return 'Name saved.';
    }));

  app.post('/account/emails', { schema: { hide: true }, config: { ...cfg, rateLimit: { max: 10, timeWindow: '10 minutes' } } }, async (request, reply) =>
    handled(request, reply, 'email', async (userId, v) => {
      const rec = await services.accounts.addEmail(userId, v.email ?? '');
      return `We sent a confirmation link to ${rec.email}.`;
    }));

  app.post('/account/emails/resend', { schema: { hide: true }, config: { ...cfg, rateLimit: { max: 5, timeWindow: '10 minutes' } } }, async (request, reply) =>
    handled(request, reply, 'email', async (userId, v) => {
      await services.accounts.sendVerification(userId, v.email ?? '');
      return `We sent a new confirmation link to ${v.email}.`;
    }));

  app.post('/account/password', { schema: { hide: true }, config: { ...cfg, rateLimit: { max: 10, timeWindow: '10 minutes' } } }, async (request, reply) =>
    handled(request, reply, 'password', async (userId, v) => {
      await services.accounts.changePassword(userId, v.currentPassword ?? '', v.newPassword ?? '');
      if (request.sessionToken) await services.sessions.destroyOthers(userId, request.sessionToken);
      return 'Password changed. Your other sessions were signed out.';
    }));
}
