/** Views of the pathway pages: list, builder with preview, detail with funnel, and the learner's progress map. */
import type { TraceNode, RuleEvaluation } from '../../core/stacking/index.ts';
import type { Pathway, PathwayEvent } from '../../db/repositories/pathways.repository.ts';
import type { PathwayProgress } from '../../services/pathways.service.ts';
import type { DryRunReport, FunnelReport } from '../../services/pathways/reports.ts';
import { csrfField, errorSummary, inputField, selectField, textareaField, type FieldErrors } from '../forms.ts';
import { html, type SafeHtml } from '../html.ts';

const pct = (f: number) => `${Math.round(f * 100)}%`;
const POLICIES = [
  { value: 'suspend', label: 'Suspend the stacked credential (default)' },
  { value: 'revoke', label: 'Revoke the stacked credential' },
  { value: 'keep', label: 'Keep it, and tell staff' },
];

/** The explanation tree: every part with its state in words (not only colour) and its message. */
export function traceTree(t: TraceNode): SafeHtml {
  return html`<ul class="trace"><li class="${t.satisfied ? 'met' : 'missing'}">${traceItem(t)}</li></ul>`;
}

function traceItem(t: TraceNode): SafeHtml {
  const state = t.satisfied ? html`<span class="state met">Done</span>` : html`<span class="state missing">Not yet</span>`;
  return html`${state} <strong>${t.label}</strong>
<span class="msg">${t.message}</span>${t.progress.required > 1 && !t.satisfied ? html` <span class="muted small">(${pct(t.progress.fraction)})</span>` : ''}
${t.children.length ? html`<ul>${t.children.map((c) => html`<li class="${c.satisfied ? 'met' : 'missing'}">${traceItem(c)}</li>`)}</ul>` : ''}`;
}

/** The rule as a tree of parts (no learner: labels only). */
export function ruleTree(t: TraceNode): SafeHtml {
  const item = (n: TraceNode): SafeHtml => html`${n.type === 'credential' || n.type === 'pathway' ? html`<strong>${n.label}</strong>${n.type === 'pathway' ? ' (another pathway)' : ''}` : n.label}
${n.children.length && n.type !== 'pathway' ? html`<ul>${n.children.map((c) => html`<li>${item(c)}</li>`)}</ul>` : ''}`;
  return html`<ul class="trace rule-tree"><li>${item(t)}</li></ul>`;
}

/** A progress bar with its value in text. */
export function progressBar(fraction: number, label: string): SafeHtml {
  return html`<div class="pathway-progress"><progress max="100" value="${Math.round(fraction * 100)}" aria-label="${label}">${pct(fraction)}</progress> <span>${pct(fraction)}</span></div>`;
}

export function pathwayListBody(o: { pathways: Pathway[]; names: Record<string, string>; canWrite: boolean }): SafeHtml {
  return html`<h1>Pathways</h1>
<p class="lead">Stackable credentials: a larger credential awarded automatically when a learner’s micro-credentials meet its rule.</p>
${o.canWrite ? html`<p><a class="button" href="/pathways/new">New pathway</a></p>` : ''}
${o.pathways.length === 0 ? html`<p class="muted">No pathways yet.</p>` : html`<div class="table-wrap"><table><caption class="visually-hidden">Pathways</caption>
<thead><tr><th scope="col">Pathway</th><th scope="col">Awards</th><th scope="col">When a part stops counting</th><th scope="col">Version</th><th scope="col">Status</th></tr></thead>
<tbody>${o.pathways.map((p) => html`<tr><td><a href="/pathways/${p.id}">${p.name}</a></td><td>${o.names[p.targetAchievementId] ?? p.targetAchievementId}</td>
<td>${p.revocationPolicy}</td><td>${p.version}</td><td>${p.status}</td></tr>`)}</tbody></table></div>`}`;
}

export interface BuilderValues {
  name: string;
  description: string;
  targetAchievementId: string;
  revocationPolicy: string;
  rule: string;
  learnerEmail: string;
  version?: number;
}

/** The builder: a form that saves, and a preview (button without JavaScript; live with it). */
export function builderBody(o: {
  pathway?: Pathway; values: BuilderValues; errors: FieldErrors; csrfToken: string;
  achievements: { id: string; name: string }[]; preview?: { issues: { field: string; message: string }[]; evaluation: RuleEvaluation | null } | null;
}): SafeHtml {
  const action = o.pathway ? `/pathways/${o.pathway.id}/edit` : '/pathways/new';
  return html`<h1>${o.pathway ? html`Edit ${o.pathway.name}` : 'New pathway'}</h1>
${errorSummary(o.errors)}
<div class="builder">
<form method="post" action="${action}" class="card" id="pathway-form" data-csrf="${o.csrfToken}">
${csrfField(o.csrfToken)}
${o.values.version !== undefined ? html`<input type="hidden" name="version" value="${String(o.values.version)}">` : ''}
${o.pathway ? html`<input type="hidden" name="pathwayId" value="${o.pathway.id}">` : ''}
${inputField({ name: 'name', label: 'Name', value: o.values.name, required: true, errors: o.errors })}
${textareaField({ name: 'description', label: 'Description', value: o.values.description, rows: 2, errors: o.errors })}
${o.pathway ? html`<p><strong>Awards:</strong> ${o.achievements.find((a) => a.id === o.values.targetAchievementId)?.name ?? o.values.targetAchievementId}</p>
<input type="hidden" name="targetAchievementId" value="${o.values.targetAchievementId}">`
    : selectField({ name: 'targetAchievementId', label: 'Micro-credential it awards', value: o.values.targetAchievementId, required: true, errors: o.errors, options: [{ value: '', label: 'Choose…' }, ...o.achievements.map((a) => ({ value: a.id, label: a.name }))] })}
${selectField({ name: 'revocationPolicy', label: 'When a part stops counting (revoked, or expired with validOnly)', value: o.values.revocationPolicy, options: POLICIES, errors: o.errors })}
${textareaField({ name: 'rule', label: 'Rule (JSON)', value: o.values.rule, rows: 14, errors: o.errors, hint: 'allOf / anyOf / nOf (n) / minCredits (credits) groups over {"type":"credential","achievement":{"achievementId":"…"}} leaves; modifiers within (ISO-8601 duration), validOnly, key + after.', attrs: html` class="mono" spellcheck="false"` })}
${inputField({ name: 'learnerEmail', label: 'Preview for learner (email)', type: 'email', value: o.values.learnerEmail, errors: o.errors, hint: 'Shows how the rule judges this learner now. Nothing is saved.' })}
<div class="actions"><button type="submit">Save pathway</button>
<button type="submit" class="secondary" formaction="/pathways/preview">Preview</button></div>
</form>
<aside class="card" aria-labelledby="preview-h"><h2 id="preview-h">Preview</h2>
<div id="pathway-preview" aria-live="polite">${previewBody(o.preview ?? null)}</div>
<h3>Micro-credentials you can use</h3>
<ul class="small plain">${o.achievements.map((a) => html`<li>${a.name}: <code class="break">${a.id}</code></li>`)}</ul>
</aside></div>
<script src="/assets/pathway-builder.js" defer></script>`;
}

/** The preview region: rule problems, or the explanation for the chosen learner. */
export function previewBody(p: { issues: { field: string; message: string }[]; evaluation: RuleEvaluation | null } | null): SafeHtml {
  if (!p) return html`<p class="muted">Press Preview (or type, with JavaScript on) to check the rule.</p>`;
  if (p.issues.length) return html`<p><strong>The rule has problems:</strong></p><ul class="rule-issues">${p.issues.map((i) => html`<li><code>${i.field}</code>: ${i.message}</li>`)}</ul>`;
  if (!p.evaluation) return html`<p>The rule is valid. Give a learner’s email to see how it judges them.</p>`;
  return html`<p><strong>${p.evaluation.satisfied ? 'This learner qualifies now.' : 'This learner does not qualify yet.'}</strong></p>
${progressBar(p.evaluation.progress.fraction, 'Progress')}${traceTree(p.evaluation.trace)}`;
}

export function pathwayDetailBody(o: {
  pathway: Pathway; targetName: string; structure: TraceNode; funnel: FunnelReport; events: PathwayEvent[];
  dryRun: DryRunReport | null; canWrite: boolean; csrfToken: string;
}): SafeHtml {
  const p = o.pathway;
  const max = Math.max(1, o.funnel.enrolled);
  return html`<p class="eyebrow">Pathway · version ${p.version} · ${p.status}</p><h1>${p.name}</h1>
${p.description ? html`<p class="lead">${p.description}</p>` : ''}
<p>Awards <strong>${o.targetName}</strong>. When a part stops counting: <strong>${p.revocationPolicy}</strong>.</p>
${o.canWrite ? html`<div class="actions"><a class="button" href="/pathways/${p.id}/edit">Edit</a>
<form method="post" action="/pathways/${p.id}/${p.status === 'active' ? 'archive' : 'restore'}" class="inline">${csrfField(o.csrfToken)}<button type="submit" class="secondary">${p.status === 'active' ? 'Archive' : 'Restore'}</button></form>
<a class="button secondary" href="/pathways/${p.id}?dryrun=all">Dry run for everyone</a></div>` : ''}
<section class="card" aria-labelledby="rule-h"><h2 id="rule-h">What it takes</h2>${ruleTree(o.structure)}</section>
<section class="card" aria-labelledby="funnel-h"><h2 id="funnel-h">Funnel</h2>
<dl class="funnel"><div><dt>Enrolled (hold at least one part)</dt><dd>${o.funnel.enrolled}</dd></div>
<div><dt>Qualify now</dt><dd>${o.funnel.qualifying}</dd></div>
<div><dt>Awarded</dt><dd>${o.funnel.awards.awarded ?? 0}</dd></div>
<div><dt>Suspended / revoked</dt><dd>${o.funnel.awards.suspended ?? 0} / ${o.funnel.awards.revoked ?? 0}</dd></div></dl>
<h3>Progress by step</h3>
<table><caption class="visually-hidden">Learners who completed each step</caption><thead><tr><th scope="col">Step</th><th scope="col">Completed</th></tr></thead>
<tbody>${o.funnel.steps.map((s) => html`<tr><td>${s.label}</td><td>${s.completed} ${progressBar(s.completed / max, `${s.label}: completed by ${s.completed} of ${o.funnel.enrolled}`)}</td></tr>`)}</tbody></table>
<p><a href="/api/v1/pathways/${p.id}/funnel.csv" download>Export the funnel as CSV</a></p></section>
${o.dryRun ? dryRunSection(o.dryRun) : ''}
<section class="card" aria-labelledby="events-h"><h2 id="events-h">Recent events</h2>
${o.events.length === 0 ? html`<p class="muted">Nothing yet.</p>` : html`<ul>${o.events.map((e) => html`<li><time datetime="${e.createdAt}">${e.createdAt.slice(0, 16).replace('T', ' ')}</time> · <strong>${e.kind}</strong>: ${e.message}</li>`)}</ul>`}</section>`;
}

function dryRunSection(d: DryRunReport): SafeHtml {
  return html`<section class="card" aria-labelledby="dry-h"><h2 id="dry-h">Dry run: who would be awarded now</h2>
<p>${d.learners} learners; ${d.qualifying} qualify, ${d.alreadyAwarded} of them already hold it.</p>
${d.wouldAward.length ? html`<ul>${d.wouldAward.map((w) => html`<li><strong>${w.name ?? w.email}</strong> (${w.email}): ${w.message} Parts: ${w.components.join(', ')}.</li>`)}</ul>` : html`<p class="muted">Nobody new would be awarded.</p>`}
${d.inProgress.length ? html`<h3>On their way</h3><ul>${d.inProgress.map((w) => html`<li>${w.email}: ${pct(w.fraction)}</li>`)}</ul>` : ''}</section>`;
}

/** The learner's map: every pathway, its progress, the parts earned and missing, and the CLR download once awarded. */
export function progressMapBody(items: PathwayProgress[]): SafeHtml {
  return html`<h1>My pathways</h1>
<p class="lead">Larger credentials you can earn by stacking the ones you hold. Each shows what is done and what is missing.</p>
${items.length === 0 ? html`<p class="muted">None of the organizations that issued you credentials offers a pathway yet.</p>` : items.map((i) => html`<section class="card pathway-card" aria-labelledby="pw-${i.pathway.id}">
<h2 id="pw-${i.pathway.id}">${i.pathway.name}</h2>${i.pathway.description ? html`<p>${i.pathway.description}</p>` : ''}
${i.award?.status === 'awarded' ? html`<p class="success-card card"><strong>Awarded.</strong> <a href="/api/v1/me/pathways/${i.pathway.id}/clr" download>Download the signed CLR bundle</a> (the credential and every part, verifiable anywhere).</p>`
    : i.award?.status === 'suspended' ? html`<p class="card"><strong>Suspended:</strong> a part no longer counts. Earn it again to have the credential reinstated.</p>` : ''}
${progressBar(i.evaluation.progress.fraction, `Progress on ${i.pathway.name}`)}
${traceTree(i.evaluation.trace)}</section>`)}`;
}
