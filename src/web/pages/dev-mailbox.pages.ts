/** The development mailbox: mail recorded in the outbox when no SMTP server is configured, links clickable. */
import type { App, PluginOptions } from '../../http/types.ts';
import { html, raw, escapeHtml } from '../html.ts';
import { inputField } from '../forms.ts';
import { page } from '../respond.ts';

/** Escapes text and turns http(s) URLs into links. */
export function linkify(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`);
}

export default async function devMailboxPages(app: App, { services }: PluginOptions): Promise<void> {
  if (!services.mailbox.enabled) return;
  app.get('/dev/mailbox', { schema: { hide: true }, config: { page: true } }, async (request, reply) => {
    const q = request.query as { to?: string };
    const mails = await services.mailbox.list({ to: q.to, limit: 100 });
    return page(request, reply, {
      title: 'Dev mailbox', noindex: true,
      body: html`<h1>Dev mailbox</h1>
<p class="lead">No SMTP server is configured (MICROCRED_SMTP_URL), so outgoing mail is kept here and in <code>data/outbox/*.eml</code>.</p>
<form method="get" action="/dev/mailbox" class="filters">${inputField({ name: 'to', label: 'Recipient', type: 'email', value: q.to ?? '' })}<button type="submit" class="secondary">Filter</button></form>
${mails.length === 0 ? html`<p class="muted">No mail yet.</p>` : mails.map((m) => html`<article class="card mail">
<h2>${m.subject}</h2>
<p class="muted small">To <strong>${m.to}</strong> · ${m.createdAt.replace('T', ' ').slice(0, 19)} UTC · ${m.kind}</p>
<pre class="mail-body">${raw(linkify(m.text))}</pre>
</article>`)}`,
    });
  });
}
