/** Sign up, sign in, sign out, email verification and invitation pages. */
import { AppError } from '../../core/errors.ts';
import { clearSessionCookie, setSessionCookie } from '../../http/auth.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import { ROLE_LABELS } from '../../services/permissions.ts';
import { csrfField, errorSummary, fieldErrorsOf, inputField, type FieldErrors } from '../forms.ts';
import { html } from '../html.ts';
import { page, redirectWithFlash, safeNext, statusOfError } from '../respond.ts';

type Form = Record<string, string | undefined>;

function signupForm(csrf: string, v: Form, errors: FieldErrors, invite?: { token: string; orgName: string; email: string }) {
  const learner = v.accountType === 'learner';
  return html`<section class="card narrow">
<h1>${invite ? html`Join ${invite.orgName}` : 'Create your account'}</h1>
${errorSummary(errors)}
<form method="post" action="/signup" novalidate>
${csrfField(csrf)}
${invite ? html`<input type="hidden" name="invite" value="${invite.token}">` : ''}
${inputField({ name: 'name', label: 'Your name', value: v.name, required: true, autocomplete: 'name', errors })}
${inputField({ name: 'email', label: 'Email', type: 'email', value: v.email ?? invite?.email, required: true, autocomplete: 'email', errors })}
${inputField({ name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'new-password', hint: 'At least 10 characters.', errors })}
${invite ? '' : html`<fieldset class="field"><legend>What do you want to do?</legend>
<div class="check"><input type="radio" id="f-type-issuer" name="accountType" value="issuer"${learner ? '' : html` checked`}><label for="f-type-issuer">Issue credentials for an organization</label></div>
<div class="check"><input type="radio" id="f-type-learner" name="accountType" value="learner"${learner ? html` checked` : ''}><label for="f-type-learner">Collect and share my own credentials</label></div>
</fieldset>
${inputField({ name: 'organizationName', label: 'Organization name', value: v.organizationName, hint: 'For issuers: the institution that awards the credentials.', autocomplete: 'organization', errors })}`}
<button type="submit">Create account</button>
</form>
<p>Already have an account? <a href="/signin${invite ? `?next=/invite/${invite.token}` : ''}">Sign in</a></p>
</section>`;
}

function signinForm(csrf: string, v: Form, errors: FieldErrors) {
  return html`<section class="card narrow">
<h1>Sign in</h1>
${errorSummary(errors)}
<form method="post" action="/signin" novalidate>
${csrfField(csrf)}
<input type="hidden" name="next" value="${safeNext(v.next)}">
${inputField({ name: 'email', label: 'Email', type: 'email', value: v.email, required: true, autocomplete: 'username', errors })}
${inputField({ name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'current-password', errors })}
<button type="submit">Sign in</button>
</form>
<p><a href="/forgot-password">Forgot your password?</a></p>
<p>New here? <a href="/signup">Create an account</a></p>
</section>`;
}

export default async function accountPages(app: App, { services }: PluginOptions): Promise<void> {
  const secure = services.config.publicUrlIsHttps;
  const cfg = { page: true };

  async function inviteOf(token: string | undefined) {
    if (!token) return undefined;
    const inv = await services.organizations.invitation(token);
    return { token, orgName: inv.organization.name, email: inv.email };
  }

  app.get('/signup', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const q = request.query as Form;
    return page(request, reply, { title: 'Sign up', body: signupForm(request.csrfToken, q, {}, await inviteOf(q.invite)) });
  });

  app.post('/signup', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const v = (request.body ?? {}) as Form;
    let invite: Awaited<ReturnType<typeof inviteOf>>;
    try {
      invite = await inviteOf(v.invite);
      const issuer = !invite && v.accountType !== 'learner';
      const { user } = await services.accounts.signUp({
        name: v.name ?? '', email: v.email ?? '', password: v.password ?? '', ...(issuer ? { organizationName: v.organizationName ?? '' } : {}),
      });
      const session = await services.sessions.create(user.id);
      setSessionCookie(reply, session.token, session.expiresAt, secure);
      if (invite) {
        await services.organizations.acceptInvitation({ userId: user.id, scopes: [] }, invite.token);
        const s2 = await services.sessions.create(user.id);
        setSessionCookie(reply, s2.token, s2.expiresAt, secure);
        await services.sessions.destroy(session.token);
      }
      return redirectWithFlash(reply, '/dashboard', { kind: 'success', message: 'Your account is ready. We sent you a link to confirm your email address.' });
    } catch (e) {
      if (!(e instanceof AppError) || statusOfError(e) >= 500) throw e;
      return page(request, reply, { title: 'Sign up', body: signupForm(request.csrfToken, v, fieldErrorsOf(e), invite) }, statusOfError(e));
    }
  });

  app.get('/signin', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    return page(request, reply, { title: 'Sign in', body: signinForm(request.csrfToken, request.query as Form, {}) });
  });

  app.post('/signin', {
    schema: { hide: true },
    config: { ...cfg, rateLimit: { max: 20, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const v = (request.body ?? {}) as Form;
    try {
      const user = await services.accounts.signIn(v.email ?? '', v.password ?? '');
      if (request.sessionToken) await services.sessions.destroy(request.sessionToken);
      const session = await services.sessions.create(user.id);
      setSessionCookie(reply, session.token, session.expiresAt, secure);
      return reply.redirect(safeNext(v.next), 303);
    } catch (e) {
      if (!(e instanceof AppError) || statusOfError(e) >= 500) throw e;
      return page(request, reply, { title: 'Sign in', body: signinForm(request.csrfToken, { email: v.email, next: v.next }, fieldErrorsOf(e)) }, statusOfError(e));
    }
  });

  app.post('/signout', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    if (request.sessionToken) await services.sessions.destroy(request.sessionToken);
    clearSessionCookie(reply);
    return redirectWithFlash(reply, '/', { kind: 'info', message: 'You are signed out.' });
  });

  app.get('/verify-email/:token', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const { email } = await services.accounts.verifyEmail(token);
    return redirectWithFlash(reply, request.auth.userId ? '/dashboard' : '/signin', { kind: 'success', message: `Thank you: ${email} is confirmed.` });
  });

  app.post('/account/resend-verification', { schema: { hide: true }, config: { ...cfg, rateLimit: { max: 5, timeWindow: '10 minutes' } } }, async (request, reply) => {
    const email = request.auth.user?.email;
    if (!request.auth.userId || !email) return reply.redirect('/signin', 303);
    await services.accounts.sendVerification(request.auth.userId, email);
    return redirectWithFlash(reply, '/dashboard', { kind: 'info', message: `We sent a new confirmation link to ${email}.` });
  });

  app.get('/invite/:token', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const inv = await services.organizations.invitation(token);
    if (!request.auth.userId) return reply.redirect(`/signup?invite=${encodeURIComponent(token)}`, 303);
    return page(request, reply, {
      title: `Join ${inv.organization.name}`,
      body: html`<section class="card narrow"><h1>Join ${inv.organization.name}</h1>
<p>You were invited as <strong>${ROLE_LABELS[inv.role]}</strong>.</p>
<form method="post" action="/invite/${token}">${csrfField(request.csrfToken)}<button type="submit">Accept the invitation</button></form></section>`,
    });
  });

  app.post('/invite/:token', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const org = await services.organizations.acceptInvitation(request.auth, token);
    if (request.sessionToken && request.auth.userId) await services.sessions.switchOrganization(request.sessionToken, request.auth.userId, org.id);
    return redirectWithFlash(reply, '/dashboard', { kind: 'success', message: `You joined ${org.name}.` });
  });
}
