/**
 * Password reset pages: `/forgot-password` asks for the address (always the same neutral answer, rate limited),
 * `/reset-password/<token>` sets a new password, ends the user's other sessions and signs them in.
 */
import { AppError } from '../../core/errors.ts';
import { setSessionCookie } from '../../http/auth.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import { RESET_TTL_HOURS } from '../../services/password-reset.service.ts';
import { csrfField, errorSummary, fieldErrorsOf, inputField, type FieldErrors } from '../forms.ts';
import { html } from '../html.ts';
import { page, redirectWithFlash, statusOfError } from '../respond.ts';

type Form = Record<string, string | undefined>;

/** The neutral answer to every well-formed request, whether or not an account exists. */
export const RESET_REQUESTED_MESSAGE = 'If an account exists for that address, we sent a link to reset its password. It is valid for one hour.';

function requestForm(csrf: string, v: Form, errors: FieldErrors) {
  return html`<section class="card narrow">
<h1>Reset your password</h1>
<p>Enter the email address of your account. If it is a confirmed address, we send you a link to choose a new password.</p>
${errorSummary(errors)}
<form method="post" action="/forgot-password" novalidate>
${csrfField(csrf)}
${inputField({ name: 'email', label: 'Email', type: 'email', value: v.email, required: true, autocomplete: 'email', errors })}
<button type="submit">Send the link</button>
</form>
<p><a href="/signin">Back to sign in</a></p>
</section>`;
}

function sentPage() {
  return html`<section class="card narrow">
<h1>Check your email</h1>
<p role="status">${RESET_REQUESTED_MESSAGE}</p>
<p>No message after a few minutes? Check your spam folder, or <a href="/forgot-password">ask again</a>.</p>
<p><a href="/signin">Back to sign in</a></p>
</section>`;
}

function resetForm(csrf: string, token: string, email: string, errors: FieldErrors) {
  return html`<section class="card narrow">
<h1>Choose a new password</h1>
<p>For the account of <strong>${email}</strong>. Setting it signs you in here and ends every other session of this account.</p>
${errorSummary(errors)}
<form method="post" action="/reset-password/${token}" novalidate>
${csrfField(csrf)}
<input type="hidden" name="username" value="${email}" autocomplete="username">
${inputField({ name: 'password', label: 'New password', type: 'password', required: true, autocomplete: 'new-password', hint: 'At least 10 characters.', errors })}
<button type="submit">Set the new password</button>
</form>
</section>`;
}

function invalidLinkPage() {
  return html`<section class="card narrow">
<h1>This link no longer works</h1>
<p>The password reset link is invalid, was already used or has expired (links are valid for ${RESET_TTL_HOURS} hour and work once).</p>
<p><a class="button" href="/forgot-password">Ask for a new link</a></p>
</section>`;
}

export default async function passwordResetPages(app: App, { services }: PluginOptions): Promise<void> {
  const secure = services.config.publicUrlIsHttps;
  const cfg = { page: true };

  app.get('/forgot-password', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    return page(request, reply, { title: 'Reset your password', body: requestForm(request.csrfToken, request.query as Form, {}), noindex: true });
  });

  app.post('/forgot-password', {
    schema: { hide: true },
    config: { ...cfg, rateLimit: { max: 5, timeWindow: '15 minutes' } },
  }, async (request, reply) => {
    const v = (request.body ?? {}) as Form;
    try {
      await services.passwordReset.request(v.email ?? '');
    } catch (e) {
      if (!(e instanceof AppError) || statusOfError(e) >= 500) throw e;
      return page(request, reply, { title: 'Reset your password', body: requestForm(request.csrfToken, v, fieldErrorsOf(e)), noindex: true }, statusOfError(e));
    }
    return page(request, reply, { title: 'Check your email', body: sentPage(), noindex: true });
  });

  async function showInvalid(request: Parameters<typeof page>[0], reply: Parameters<typeof page>[1]) {
    return page(request, reply, { title: 'Link invalid or expired', body: invalidLinkPage(), noindex: true }, 410);
  }

  app.get('/reset-password/:token', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { token } = request.params as { token: string };
    try {
      const { email } = await services.passwordReset.check(token);
      return page(request, reply, { title: 'Choose a new password', body: resetForm(request.csrfToken, token, email, {}), noindex: true });
    } catch (e) {
      if (e instanceof AppError && e.code === 'password_reset_link_invalid') return showInvalid(request, reply);
      throw e;
    }
  });

  app.post('/reset-password/:token', {
    schema: { hide: true },
    config: { ...cfg, rateLimit: { max: 10, timeWindow: '15 minutes' } },
  }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const v = (request.body ?? {}) as Form;
    try {
      const { userId } = await services.passwordReset.reset(token, v.password ?? '');
      if (request.sessionToken) await services.sessions.destroy(request.sessionToken);
      const session = await services.sessions.create(userId);
      setSessionCookie(reply, session.token, session.expiresAt, secure);
      return redirectWithFlash(reply, '/dashboard', { kind: 'success', message: 'Your new password is set and you are signed in. Other sessions of your account were ended.' });
    } catch (e) {
      if (!(e instanceof AppError) || statusOfError(e) >= 500) throw e;
      if (e.code === 'password_reset_link_invalid') return showInvalid(request, reply);
      const { email } = await services.passwordReset.check(token);
      return page(request, reply, { title: 'Choose a new password', body: resetForm(request.csrfToken, token, email, fieldErrorsOf(e)), noindex: true }, statusOfError(e));
    }
  });
}
