/** The home page (public) and the staff dashboard. */
import { requireAuth } from '../../services/auth.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import { html } from '../html.ts';
import { page } from '../respond.ts';

export default async function homePages(app: App, { services }: PluginOptions): Promise<void> {
  app.get('/', { schema: { hide: true }, config: { page: true } }, async (request, reply) => {
    if (request.auth.userId) return reply.redirect('/dashboard', 303);
    return page(request, reply, {
      title: 'Verifiable micro-credentials',
      description: 'Issue, earn, share and verify Open Badges 3.0 micro-credentials.',
      og: { title: 'microcred', description: 'Issue, earn, share and verify Open Badges 3.0 micro-credentials.', url: services.config.publicUrl },
      body: html`<section class="hero">
<h1>Micro-credentials people can trust</h1>
<p class="lead">Define competencies and micro-credentials, assess mastery, issue signed Open Badges 3.0 credentials, and let anyone verify them.</p>
<p class="actions"><a class="button" href="/signup">Create an issuer account</a> <a class="button secondary" href="/verify">Verify a credential</a></p>
</section>
<section class="grid3">
<div class="card"><h2>Issue</h2><p>Single, bulk CSV or API issuance with eddsa-rdfc-2022 proofs and revocable status lists.</p></div>
<div class="card"><h2>Own</h2><p>Learners keep credentials in a wallet, share them on their terms and download them in every format.</p></div>
<div class="card"><h2>Verify</h2><p>Every check explained in plain language; status that cannot be checked is never reported as fine.</p></div>
</section>`,
    });
  });

  app.get('/dashboard', { schema: { hide: true }, config: { page: true } }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    if (!auth.userId) return reply.redirect('/signin', 303);
    const orgs = await services.organizations.mine(auth.userId);
    // People without an organization (learners) have their home elsewhere when a wallet is installed.
    if (orgs.length === 0 && app.hasRoute({ method: 'GET', url: '/wallet' })) return reply.redirect('/wallet', 303);
    const current = auth.organization;
    return page(request, reply, {
      title: 'Dashboard', current: '/dashboard', noindex: true,
      body: html`<h1>Welcome, ${auth.user?.name ?? ''}</h1>
${current ? html`<p class="lead">You are working in <strong>${current.name}</strong> as ${auth.role}.</p>
<ul class="link-cards">
<li><a class="card" href="/org/settings"><strong>Organization settings</strong><span>Profile, logo, keys, members, API tokens and audit log.</span></a></li>
<li><a class="card" href="/issuers/${current.slug}"><strong>Public profile</strong><span>What verifiers and learners see.</span></a></li>
</ul>` : html`<p>You are not a member of an organization.</p>`}
${orgs.length > 1 ? html`<section class="card"><h2>Switch organization</h2><ul class="plain">${orgs.map((o) => html`<li><form method="post" action="/session/organization" class="inline"><input type="hidden" name="_csrf" value="${request.csrfToken}"><input type="hidden" name="organizationId" value="${o.organization.id}"><button type="submit" class="link"${o.organization.id === current?.id ? html` aria-current="true" disabled` : ''}>${o.organization.name}</button> <span class="muted">(${o.role})</span></form></li>`)}</ul></section>` : ''}`,
    });
  });

  app.post('/session/organization', { schema: { hide: true }, config: { page: true } }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const body = (request.body ?? {}) as { organizationId?: string };
    if (!auth.userId || !request.sessionToken) return reply.redirect('/signin', 303);
    await services.sessions.switchOrganization(request.sessionToken, auth.userId, String(body.organizationId ?? ''));
    return reply.redirect('/dashboard', 303);
  });
}
