/**
 * Public catalog pages (no sign-in, no JavaScript): a micro-credential, its criteria, and a competency.
 * The endorsement list is a slot: `renderEndorsements` can be replaced by the endorsement feature.
 */
import type { Competency, CompetencySnapshot, ExternalAlignment } from '../../core/catalog/types.ts';
import type { EndorsementCredential, ResultDescription } from '../../core/ob/types.ts';
import type { PublicAchievementView } from '../../services/achievement-public.service.ts';
import type { Auth } from '../../services/auth.ts';
import { html, markdown, raw, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';

/** Renders the endorsements an issuer accepted; the endorsement feature may pass its own renderer. */
export type EndorsementRenderer = (endorsements: EndorsementCredential[], view: PublicAchievementView) => SafeHtml;

/** A JSON-LD block for <head>; `<` is escaped so the text can never close the script element. */
export function jsonLdScript(doc: unknown): SafeHtml {
  return raw(`<script type="application/ld+json">${JSON.stringify(doc).replace(/</g, '\\u003c')}</script>`);
}

const ACHIEVEMENT_TYPE_LABELS: Record<string, string> = {
  MicroCredential: 'Micro-credential', CertificateOfCompletion: 'Certificate of completion', Badge: 'Badge', Certificate: 'Certificate',
  Course: 'Course', Competency: 'Competency', LearningProgram: 'Learning programme', Certification: 'Certification',
};

/** A human label for an OB achievementType ("MasterDegree" → "Master degree", "ext:Nano" → "Nano"). */
export function achievementTypeLabel(t: string): string {
  if (ACHIEVEMENT_TYPE_LABELS[t]) return ACHIEVEMENT_TYPE_LABELS[t];
  const s = t.replace(/^ext:/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

/** "Expires 24 months after it is awarded" / "Does not expire". */
export function validityLabel(months: number | null): string {
  if (months === null) return 'Does not expire';
  if (months % 12 === 0) return `Expires ${months / 12} year${months === 12 ? '' : 's'} after it is awarded`;
  return `Expires ${months} month${months === 1 ? '' : 's'} after it is awarded`;
}

/** One external alignment as a link named by its framework and code ("ESCO S5.6.1"), with the node's name. */
export function alignmentLink(a: ExternalAlignment): SafeHtml {
  const label = [a.targetFramework, a.targetCode].filter(Boolean).join(' ');
  return label ? html`<a href="${a.targetUrl}" rel="nofollow noopener">${label}</a> <span class="muted">(${a.targetName})</span>`
    : html`<a href="${a.targetUrl}" rel="nofollow noopener">${a.targetName}</a>`;
}

function competencyList(items: CompetencySnapshot[]): SafeHtml {
  if (!items.length) return html``;
  return html`<section aria-labelledby="h-competencies"><h2 id="h-competencies">Competencies</h2><ul class="plain">
${items.map((c) => html`<li><a href="/competencies/${c.id}">${c.name}</a> <span class="muted">${c.frameworkName} · ${c.code}</span>
${c.alignments.length ? html`<ul class="aligned">${c.alignments.map((a) => html`<li>Aligned to ${alignmentLink(a)}</li>`)}</ul>` : ''}</li>`)}</ul></section>`;
}

function resultRequirement(rd: ResultDescription): string {
  const req = rd.requiredLevel ? rd.rubricCriterionLevel?.find((l) => l.id === rd.requiredLevel)?.name : undefined;
  if (req) return `at least “${req}”`;
  if (rd.requiredValue !== undefined) return `at least ${rd.requiredValue}${rd.resultType === 'Percent' ? '%' : ''}`;
  return '';
}

function resultList(rds: ResultDescription[]): SafeHtml {
  if (!rds.length) return html``;
  return html`<section aria-labelledby="h-results"><h2 id="h-results">How it is assessed</h2><div class="table-wrap"><table>
<thead><tr><th scope="col">Result</th><th scope="col">Kind</th><th scope="col">Required</th></tr></thead><tbody>
${rds.map((rd) => html`<tr><td>${rd.name}${rd.rubricCriterionLevel?.length ? html`<div class="muted small">Levels: ${rd.rubricCriterionLevel.map((l) => l.name).join(', ')}</div>` : ''}</td>
<td>${achievementTypeLabel(rd.resultType)}</td><td>${resultRequirement(rd) || '—'}</td></tr>`)}</tbody></table></div></section>`;
}

/** The default rendering of accepted endorsements (endorser, comment, date). */
export const renderEndorsementList: EndorsementRenderer = (endorsements) => {
  if (!endorsements.length) return html``;
  return html`<section aria-labelledby="h-endorsements"><h2 id="h-endorsements">Endorsed by</h2><ul class="plain endorsements">
${endorsements.map((e) => {
    const issuer = e.issuer as { name?: string; url?: string } | string;
    const name = typeof issuer === 'string' ? issuer : issuer.name ?? 'An organisation';
    const subject = (Array.isArray(e.credentialSubject) ? e.credentialSubject[0] : e.credentialSubject) as { endorsementComment?: string } | undefined;
    const date = typeof e.validFrom === 'string' ? e.validFrom.slice(0, 10) : '';
    return html`<li><strong>${name}</strong>${date ? html` <span class="muted">· <time datetime="${date}">${date}</time></span>` : ''}${subject?.endorsementComment ? html`<blockquote>${markdown(subject.endorsementComment)}</blockquote>` : ''}</li>`;
  })}</ul></section>`;
};

export interface AchievementPageOptions {
  auth?: Auth;
  csrfToken?: string;
  renderEndorsements?: EndorsementRenderer;
}

/** The public page of a micro-credential (HTML twin of its OB Achievement JSON-LD). */
export function achievementPage(view: PublicAchievementView, opts: AchievementPageOptions = {}): SafeHtml {
  const def = view.content.definition;
  const m = view.microCredential;
  const imageUrl = `/achievements/${m.id}/versions/${view.version}/image`;
  const details: [string, unknown][] = [
    ['Type', achievementTypeLabel(def.achievementType)],
    ['Issued by', html`<a href="${view.issuer.profileUrl}">${view.issuer.name}</a>`],
    ['Credits', def.creditsAvailable ?? null],
    ['Level', def.level],
    ['Field of study', def.fieldOfStudy],
    ['Validity', validityLabel(def.validityMonths)],
    ['Version', String(view.version)],
  ];
  const body = html`<article class="achievement">
<header class="achievement-head">
<img class="badge-image" src="${imageUrl}" alt="${def.image.caption ?? `Badge of ${def.name}`}" width="160" height="160">
<div><p class="eyebrow">${achievementTypeLabel(def.achievementType)} · ${view.issuer.name}</p><h1>${def.name}</h1>
${m.status === 'archived' ? html`<p class="notice" role="note">This micro-credential is no longer awarded. Credentials already issued remain valid.</p>` : ''}
<p class="lead">${def.description}</p>
${def.tags.length ? html`<ul class="tags" aria-label="Tags">${def.tags.map((t) => html`<li>${t}</li>`)}</ul>` : ''}</div>
</header>
<dl class="facts">${details.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
<section aria-labelledby="h-criteria"><h2 id="h-criteria">What a learner must do</h2>${markdown(def.criteriaNarrative)}
<p><a href="/achievements/${m.id}/criteria">Full criteria page</a></p></section>
${resultList(def.resultDescriptions)}
${competencyList(view.content.competencies)}
${(opts.renderEndorsements ?? renderEndorsementList)(view.endorsements, view)}
<section aria-labelledby="h-data"><h2 id="h-data">For software</h2>
<p>This page is also an Open Badges 3.0 Achievement. Request it with <code>Accept: application/ld+json</code>, or open <a href="/achievements/${m.id}?format=json">the JSON-LD document</a>. Identifier: <code class="break">${view.url}</code></p></section>
</article>`;
  return layout({
    title: def.name, auth: opts.auth, csrfToken: opts.csrfToken, body, description: def.description,
    og: { title: def.name, description: def.description, url: view.url, image: `${view.url}/versions/${view.version}/image` },
    head: html`<link rel="alternate" type="application/ld+json" href="/achievements/${m.id}?format=json">${jsonLdScript(view.document)}`,
  });
}

/** The public criteria page a credential's `criteria.id` points to. */
export function criteriaPage(view: PublicAchievementView, opts: AchievementPageOptions = {}): SafeHtml {
  const def = view.content.definition;
  const body = html`<article class="criteria">
<p class="eyebrow"><a href="/achievements/${view.microCredential.id}">${def.name}</a> · ${view.issuer.name}</p>
<h1>Criteria: ${def.name}</h1>
${markdown(def.criteriaNarrative)}
${resultList(def.resultDescriptions)}
${competencyList(view.content.competencies)}
<p class="muted">${validityLabel(def.validityMonths)}. Version ${view.version}.</p>
</article>`;
  return layout({ title: `Criteria: ${def.name}`, auth: opts.auth, csrfToken: opts.csrfToken, body, description: `What a learner must do to earn ${def.name}.` });
}

/** The public page of a competency, with the issuer's micro-credentials aligned to it. */
export function competencyPage(c: Competency, document: unknown, aligned: { id: string; name: string }[], opts: AchievementPageOptions = {}): SafeHtml {
  const body = html`<article class="competency">
<p class="eyebrow">Competency · ${c.frameworkName}</p>
<h1>${c.name}</h1>
<dl class="facts"><dt>Code</dt><dd><code>${c.code}</code></dd><dt>Framework</dt><dd>${c.frameworkName}</dd></dl>
${c.description ? html`<p class="lead">${c.description}</p>` : ''}
${c.alignments.length ? html`<section aria-labelledby="h-aligned"><h2 id="h-aligned">Aligned to external frameworks</h2><ul class="plain">${c.alignments.map((a) => html`<li>${alignmentLink(a)}${a.targetType ? html` <span class="muted small">${a.targetType}</span>` : ''}</li>`)}</ul></section>` : ''}
${aligned.length ? html`<section aria-labelledby="h-mc"><h2 id="h-mc">Micro-credentials that certify it</h2><ul class="plain">${aligned.map((a) => html`<li><a href="/achievements/${a.id}">${a.name}</a></li>`)}</ul></section>` : ''}
<p class="muted small">Also available as JSON-LD: <a href="/competencies/${c.id}?format=json">Open Badges Achievement (Competency)</a>.</p>
</article>`;
  return layout({
    title: c.name, auth: opts.auth, csrfToken: opts.csrfToken, body, description: c.description ?? c.name,
    head: html`<link rel="alternate" type="application/ld+json" href="/competencies/${c.id}?format=json">${jsonLdScript(document)}`,
  });
}
