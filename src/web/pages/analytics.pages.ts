/**
 * Analytics pages: for issuers, issued / claimed / shared / verified per week (a line chart of the totals and a
 * table per micro-credential), verifications by employer and endorsement counts, each with a CSV download; for
 * learners, the views of their share links. Charts are server-rendered SVG with a data table alternative.
 */
import type { App, PluginOptions } from '../../http/types.ts';
import { SERIES, type SeriesName } from '../../services/analytics.service.ts';
import { barChart, dataTable, lineChart } from '../charts.ts';
import { html } from '../html.ts';
import { page } from '../respond.ts';

const PAGE = { schema: { hide: true }, config: { page: true } };
const LABEL: Record<SeriesName, string> = { issued: 'Issued', claimed: 'Claimed', shared: 'Shared', verified: 'Verified' };
const RANGES = [4, 12, 26, 52];

export default async function analyticsPages(app: App, { services }: PluginOptions): Promise<void> {
  const weeksOf = (q: unknown) => {
    const n = Number((q as { weeks?: string }).weeks ?? 12);
    return RANGES.includes(n) ? n : 12;
  };

  app.get('/analytics', PAGE, async (request, reply) => {
    const weeks = weeksOf(request.query);
    const r = await services.analytics.issuerReport(request.auth, weeks);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    return page(request, reply, {
      title: 'Analytics', current: '/analytics', noindex: true,
      body: html`<h1>Analytics</h1>
<form method="get" action="/analytics" class="row-form"><label for="weeks">Period</label>
<select id="weeks" name="weeks">${RANGES.map((n) => html`<option value="${n}"${n === weeks ? html` selected` : ''}>Last ${n} weeks</option>`)}</select>
<button type="submit" class="secondary">Show</button></form>
<section class="card" aria-labelledby="h-weekly"><h2 id="h-weekly">Every micro-credential, per week</h2>
<p>${SERIES.map((s) => html`<span class="badge">${LABEL[s]}: ${sum(r.totals[s])}</span> `)}</p>
${lineChart({ id: 'weekly', title: 'Issued, claimed, shared and verified per week', labels: r.weeks, series: SERIES.map((s) => ({ name: LABEL[s], values: r.totals[s] })) })}
<p><a href="/analytics/series.csv?weeks=${weeks}" download>Download per micro-credential and week (CSV)</a></p></section>
<section class="card" aria-labelledby="h-per"><h2 id="h-per">Per micro-credential</h2>
${r.achievements.length ? dataTable(`Totals over the last ${weeks} weeks`, 'Micro-credential', r.achievements.map((a) => a.name), SERIES.map((s) => ({ name: LABEL[s], values: r.achievements.map((a) => a.totals[s]) })))
    : html`<p class="muted">Nothing issued, shared or verified in this period.</p>`}</section>
<div class="grid2"><section class="card" aria-labelledby="h-emp"><h2 id="h-emp">Verifications by employer</h2>
${r.byEmployer.length ? barChart({ id: 'employers', title: 'Verifications by signed-in employers', labels: r.byEmployer.map((e) => e.name), values: r.byEmployer.map((e) => e.count), valueName: 'Verifications', labelHeader: 'Employer' })
    : html`<p class="muted">No signed-in employer verified your credentials in this period.</p>`}
<p><a href="/analytics/employers.csv?weeks=${weeks}" download>Download (CSV)</a></p></section>
<section class="card" aria-labelledby="h-end"><h2 id="h-end">Endorsements</h2>
${r.endorsements.length ? dataTable('Endorsements per micro-credential', 'Micro-credential', r.endorsements.map((e) => e.name), [
      { name: 'Waiting', values: r.endorsements.map((e) => e.pending) }, { name: 'Accepted', values: r.endorsements.map((e) => e.accepted) },
      { name: 'Declined', values: r.endorsements.map((e) => e.declined) }]) : html`<p class="muted">No endorsements yet.</p>`}
<p><a href="/analytics/endorsements.csv?weeks=${weeks}" download>Download (CSV)</a> · <a href="/endorsements">Review endorsements</a></p></section></div>`,
    });
  });

  app.get('/analytics/:kind.csv', PAGE, async (request, reply) => {
    const kind = (request.params as { kind: string }).kind;
    if (kind !== 'series' && kind !== 'employers' && kind !== 'endorsements') return reply.callNotFound();
    const csv = await services.analytics.issuerCsv(request.auth, kind, weeksOf(request.query));
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="analytics-${kind}.csv"`).send(csv);
  });

  app.get('/my/share-views', PAGE, async (request, reply) => {
    const links = await services.analytics.learnerShareViews(request.auth);
    return page(request, reply, {
      title: 'Views of your shares', current: '/my/share-views', noindex: true,
      body: html`<h1>Views of your shares</h1><p class="lead">How often each of your share links was opened. Views by signed-in employers are counted separately.</p>
${links.length ? html`${barChart({ id: 'share-views', title: 'Views per share link', labels: links.map((l) => l.label ?? `Link of ${l.createdAt.slice(0, 10)}`), values: links.map((l) => l.viewCount), valueName: 'Views', labelHeader: 'Share link' })}
<div class="table-wrap"><table><caption>Your share links</caption><thead><tr><th scope="col">Link</th><th scope="col" class="num">Views</th><th scope="col" class="num">By employers</th><th scope="col">Last view</th><th scope="col">State</th></tr></thead>
<tbody>${links.map((l) => html`<tr><th scope="row">${l.label ?? `Link of ${l.createdAt.slice(0, 10)}`}</th><td class="num">${l.viewCount}</td><td class="num">${l.employerViews}</td><td>${l.lastViewedAt ? l.lastViewedAt.slice(0, 16).replace('T', ' ') : '—'}</td><td>${l.revokedAt ? 'Withdrawn' : l.expiresAt && l.expiresAt < services.deps.clock.now().toISOString() ? 'Expired' : 'Active'}</td></tr>`)}</tbody></table></div>`
    : html`<p class="muted">You have no share links yet. Share a credential from your wallet to see its views here.</p>`}`,
    });
  });
}
