/** Issuer review of endorsements: pending ones with accept / decline buttons, then the accepted and declined ones. */
import type { App, PluginOptions } from '../../http/types.ts';
import type { EndorsementRecord } from '../../db/repositories/endorsements.repository.ts';
import { csrfField } from '../forms.ts';
import { html, markdown } from '../html.ts';
import { page, redirectWithFlash } from '../respond.ts';

const PAGE = { schema: { hide: true }, config: { page: true } };

export default async function endorsementPages(app: App, { services }: PluginOptions): Promise<void> {
  app.get('/endorsements', PAGE, async (request, reply) => {
    const all = await services.endorsements.received(request.auth);
    const names = new Map((await services.achievements.list(request.auth)).map((a) => [a.id, a.name]));
    const item = (e: EndorsementRecord, actions: boolean) => html`<li class="card" aria-labelledby="e-${e.id}">
<h3 id="e-${e.id}">${e.endorserName} endorses <a href="/achievements/${e.achievementId}">${names.get(e.achievementId) ?? 'a micro-credential'}</a></h3>
<blockquote>${markdown(e.comment)}</blockquote>
<p class="muted small">Signed ${e.createdAt.slice(0, 10)}${e.pathwayId ? ' · for a pathway' : ''}${e.decidedAt ? ` · ${e.status} ${e.decidedAt.slice(0, 10)}` : ''}</p>
${actions ? html`<form method="post" action="/endorsements/${e.id}/decision" class="row-form">${csrfField(request.csrfToken)}
<button type="submit" name="decision" value="accepted">Accept<span class="visually-hidden"> the endorsement by ${e.endorserName}</span></button>
<button type="submit" name="decision" value="declined" class="secondary">Decline<span class="visually-hidden"> the endorsement by ${e.endorserName}</span></button></form>` : ''}</li>`;
    const group = (title: string, id: string, list: EndorsementRecord[], actions: boolean, empty: string) => html`<section aria-labelledby="${id}"><h2 id="${id}">${title} (${list.length})</h2>
${list.length ? html`<ul class="plain">${list.map((e) => item(e, actions))}</ul>` : html`<p class="muted">${empty}</p>`}</section>`;
    return page(request, reply, {
      title: 'Endorsements', current: '/endorsements', noindex: true,
      body: html`<h1>Endorsements</h1>
<p class="lead">Employers endorse your micro-credentials with credentials signed by their own keys. Accepted endorsements appear on the public page and are embedded in every credential you issue from then on.</p>
${group('Waiting for review', 'h-pending', all.filter((e) => e.status === 'pending'), true, 'Nothing is waiting for review.')}
${group('Accepted', 'h-accepted', all.filter((e) => e.status === 'accepted'), false, 'None accepted yet.')}
${group('Declined', 'h-declined', all.filter((e) => e.status === 'declined'), false, 'None declined.')}`,
    });
  });

  app.post('/endorsements/:id/decision', PAGE, async (request, reply) => {
    const v = (request.body ?? {}) as Record<string, string>;
    const e = await services.endorsements.decide(request.auth, (request.params as { id: string }).id, v.decision as 'accepted' | 'declined', v.note);
    return redirectWithFlash(reply, '/endorsements', { kind: 'success', message: e.status === 'accepted' ? `The endorsement by ${e.endorserName} is accepted: it is on the public page and in new credentials.` : `The endorsement by ${e.endorserName} was declined.` });
  });
}
