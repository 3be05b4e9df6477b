/**
 * Server-rendered, accessible charts: SVG line and horizontal bar charts (role="img" with a text summary) each
 * followed by the same numbers as a data table. No JavaScript. Colours meet 3:1 against white for graphics and
 * every series is also named in the legend and the table.
 */
import { html, raw, type SafeHtml } from './html.ts';

export interface Series { name: string; values: number[] }

const COLORS = ['#1d4ed8', '#b45309', '#047857', '#9d174d', '#6d28d9', '#374151'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '', '4 4'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function niceMax(n: number): number {
  if (n <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(n));
  return Math.ceil(n / p) * p;
}

/** A data table with one row per label and one column per series. */
export function dataTable(caption: string, labelHeader: string, labels: string[], series: Series[]): SafeHtml {
  return html`<div class="table-wrap"><table><caption>${caption}</caption><thead><tr><th scope="col">${labelHeader}</th>${series.map((s) => html`<th scope="col" class="num">${s.name}</th>`)}</tr></thead>
<tbody>${labels.map((l, i) => html`<tr><th scope="row">${l}</th>${series.map((s) => html`<td class="num">${s.values[i] ?? 0}</td>`)}</tr>`)}</tbody></table></div>`;
}

/**
 * A line chart of several series over the same labels (weeks), with a legend and the data table below.
 * @example lineChart({ id: 'weekly', title: 'Per week', labels: ['2026-11-30'], series: [{ name: 'Issued', values: [3] }] })
 */
export function lineChart(o: { id: string; title: string; labels: string[]; series: Series[]; labelHeader?: string }): SafeHtml {
  const W = 440, H = 230, L = 34, R = 16, T = 12, B = 34;
  const max = niceMax(Math.max(0, ...o.series.flatMap((s) => s.values)));
  const n = o.labels.length;
  const x = (i: number) => L + (n <= 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (n - 1));
  const y = (v: number) => T + (H - T - B) * (1 - v / max);
  const ticks = [0, max / 4, max / 2, (3 * max) / 4, max].map((v) => Math.round(v));
  const every = Math.max(1, Math.ceil(n / 4));
  const totals = o.series.map((s) => `${s.name} ${s.values.reduce((a, b) => a + b, 0)}`).join(', ');
  const svg = `<svg viewBox="0 0 ${W} ${H}" class="chart" role="img" aria-labelledby="${o.id}-t ${o.id}-d" preserveAspectRatio="xMidYMid meet">
<title id="${o.id}-t">${esc(o.title)}</title><desc id="${o.id}-d">${esc(`${n} weeks from ${o.labels[0] ?? ''} to ${o.labels[n - 1] ?? ''}. Totals: ${totals}. The table below lists every value.`)}</desc>
${ticks.map((t) => `<line x1="${L}" x2="${W - R}" y1="${y(t)}" y2="${y(t)}" stroke="#d1d5db"/><text x="${L - 6}" y="${y(t) + 4}" text-anchor="end" font-size="13" fill="#374151">${t}</text>`).join('')}
${o.labels.map((l, i) => (i % every === 0 || i === n - 1 ? `<text x="${x(i)}" y="${H - B + 16}" text-anchor="middle" font-size="13" fill="#374151">${esc(l.slice(5))}</text>` : '')).join('')}
${o.series.map((s, k) => `<polyline fill="none" stroke="${COLORS[k % COLORS.length]}" stroke-width="2.5" stroke-dasharray="${DASHES[k % DASHES.length]}" points="${s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')}"/>${s.values.map((v, i) => `<circle cx="${x(i)}" cy="${y(v)}" r="3" fill="${COLORS[k % COLORS.length]}"/>`).join('')}`).join('')}
</svg>`;
  return html`<figure class="chart-figure">${raw(svg)}
<figcaption><ul class="legend">${o.series.map((s, k) => html`<li><span class="swatch" style="${`background:${COLORS[k % COLORS.length]}`}" aria-hidden="true"></span>${s.name}</li>`)}</ul></figcaption>
<details><summary>${o.title}: data table</summary>${dataTable(o.title, o.labelHeader ?? 'Week starting', o.labels, o.series)}</details></figure>`;
}

/** A horizontal bar chart (one bar per label) with the data table below. */
export function barChart(o: { id: string; title: string; labels: string[]; values: number[]; valueName: string; labelHeader: string }): SafeHtml {
  const rowH = 30, L = 150, W = 420, R = 36;
  const H = Math.max(1, o.labels.length) * rowH + 8;
  const max = niceMax(Math.max(0, ...o.values));
  const svg = `<svg viewBox="0 0 ${W} ${H}" class="chart" role="img" aria-labelledby="${o.id}-t ${o.id}-d" preserveAspectRatio="xMidYMid meet">
<title id="${o.id}-t">${esc(o.title)}</title><desc id="${o.id}-d">${esc(o.labels.map((l, i) => `${l}: ${o.values[i]}`).join('; ') || 'No data yet.')}</desc>
${o.labels.map((l, i) => {
    const w = ((W - L - R) * (o.values[i] ?? 0)) / max;
    const yy = 4 + i * rowH;
    return `<text x="${L - 8}" y="${yy + 17}" text-anchor="end" font-size="13" fill="#1f2937">${esc(l.length > 20 ? `${l.slice(0, 19)}…` : l)}</text><rect x="${L}" y="${yy + 4}" width="${w}" height="${rowH - 10}" fill="${COLORS[0]}" rx="3"/><text x="${L + w + 6}" y="${yy + 17}" font-size="13" fill="#1f2937">${o.values[i] ?? 0}</text>`;
  }).join('')}
</svg>`;
  return html`<figure class="chart-figure">${raw(svg)}<details><summary>${o.title}: data table</summary>${dataTable(o.title, o.labelHeader, o.labels, [{ name: o.valueName, values: o.values }])}</details></figure>`;
}
