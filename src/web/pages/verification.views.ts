/** Views of the public verify pages: the four ways in, and a report in plain language. */
import type { Check, CheckStatus } from '../../core/verify/types.ts';
import type { VerificationReport } from '../../services/verification.service.ts';
import type { CredentialDisplay } from '../../services/verification-view.ts';
import { errorSummary, inputField, textareaField, type FieldErrors } from '../forms.ts';
import { html, markdown, type SafeHtml } from '../html.ts';

const LABELS: Record<Check['id'], string> = {
  parse: 'Readable credential',
  jsonld_valid: 'Well-formed data',
  context_and_type: 'Credential type',
  ob_schema: 'Open Badges structure',
  proof: 'Signature',
  issuer_key_controller: 'Issuer identity',
  validity_window: 'Validity dates',
  revocation_status: 'Revocation',
  suspension_status: 'Suspension',
  endorsements: 'Endorsements',
  nested_credentials: 'Included credentials',
};
const WORD: Record<CheckStatus, string> = { valid: 'Passed', invalid: 'Failed', unknown: 'Could not check' };
const HEADLINE: Record<CheckStatus, string> = {
  valid: 'This credential is valid',
  invalid: 'This credential did not pass verification',
  unknown: 'This credential could not be fully checked',
};
const EXPLAIN: Record<CheckStatus, string> = {
  valid: 'Every check passed: it was issued by the named issuer, has not been changed, and is neither expired, revoked nor suspended.',
  invalid: 'At least one check failed. The failed checks below say what is wrong.',
  unknown: 'Nothing failed, but some checks could not be completed (for example the issuer\'s status list could not be reached). Do not treat it as valid until they can be.',
};

const date = (iso: string | undefined) => (iso ? iso.replace(/T(\d\d:\d\d).*$/, ' $1 UTC').replace(' 00:00 UTC', '') : '');

/** The verify page's forms, with errors of the form that was sent. */
export function verifyForms(o: { errors?: FieldErrors; values?: Record<string, string> }): SafeHtml {
  const errors = o.errors ?? {};
  const v = o.values ?? {};
  return html`${errorSummary(errors)}
<div class="grid2">
<section class="card" aria-labelledby="by-code"><h2 id="by-code">Verification code</h2>
<form method="get" action="/v">${inputField({ name: 'code', label: 'Code from the certificate', value: v.code ?? '', errors, autocomplete: 'off', hint: '18 letters and digits, e.g. 7KQ2-M9XD-4RTV-HC8N-P3', attrs: html` autocapitalize="characters" spellcheck="false"` })}
<button type="submit">Verify code</button></form></section>
<section class="card" aria-labelledby="by-file"><h2 id="by-file">Upload a file</h2>
<form method="post" action="/verify/file" enctype="multipart/form-data">
${inputField({ name: 'file', label: 'Credential file', type: 'file', errors, hint: 'JSON, JWT, baked PNG or SVG badge, or a PDF certificate', attrs: html` accept=".json,.jsonld,.jwt,.txt,.png,.svg,.pdf,application/json,image/png,image/svg+xml,application/pdf"` })}
<button type="submit">Verify file</button></form></section>
<section class="card" aria-labelledby="by-json"><h2 id="by-json">Paste a credential</h2>
<form method="post" action="/verify">${textareaField({ name: 'json', label: 'Credential JSON or VC-JWT', value: v.json ?? '', errors, rows: 6 })}
<button type="submit">Verify pasted credential</button></form></section>
<section class="card" aria-labelledby="by-url"><h2 id="by-url">Credential address</h2>
<form method="post" action="/verify">${inputField({ name: 'url', label: 'Address (URL) of the credential', type: 'url', value: v.url ?? '', errors, placeholder: 'https://', autocomplete: 'url' })}
<button type="submit">Verify address</button></form></section>
</div>`;
}

function checkList(checks: Check[]): SafeHtml {
  return html`<ul class="checks">${checks.map((c) => html`<li class="check-row ${c.status}"><span class="badge ${c.status}">${WORD[c.status]}</span> <strong>${LABELS[c.id] ?? c.id}</strong><span class="msg">${c.message}</span></li>`)}</ul>`;
}

function credentialCard(d: CredentialDisplay): SafeHtml {
  return html`<section class="card" aria-labelledby="cred-name">
<div class="achievement-head">${d.image ? html`<img class="badge-image" src="${d.image}" alt="">` : ''}
<div><p class="eyebrow">${d.achievementType ?? 'Achievement'}</p><h2 id="cred-name">${d.name ?? 'Unnamed credential'}</h2>
${d.description ? html`<p>${d.description}</p>` : ''}</div></div>
<dl class="facts">
<dt>Issuer</dt><dd>${d.issuer.url ? html`<a href="${d.issuer.url}" rel="nofollow noopener">${d.issuer.name ?? d.issuer.url}</a>` : d.issuer.name ?? d.issuer.id ?? 'Unknown'}${d.issuer.id ? html`<br><span class="muted small">${d.issuer.id}</span>` : ''}</dd>
${d.recipientName ? html`<dt>Awarded to</dt><dd>${d.recipientName}</dd>` : ''}
${d.awardedDate ? html`<dt>Awarded</dt><dd>${date(d.awardedDate)}</dd>` : ''}
${d.validFrom ? html`<dt>Valid from</dt><dd>${date(d.validFrom)}</dd>` : ''}
<dt>Valid until</dt><dd>${d.validUntil ? date(d.validUntil) : 'No expiry date'}</dd>
${d.credits ? html`<dt>Credits</dt><dd>${d.credits.earned ?? '–'}${d.credits.available !== undefined ? html` of ${d.credits.available}` : ''}</dd>` : ''}
</dl>
${d.criteria ? html`<h3>Criteria</h3>${d.criteria.narrative ? html`<div class="prose">${markdown(d.criteria.narrative)}</div>` : ''}${d.criteria.id ? html`<p><a href="${d.criteria.id}" rel="nofollow noopener">Full criteria</a></p>` : ''}` : ''}
${d.competencies.length ? html`<h3>Competencies</h3><ul>${d.competencies.map((c) => html`<li>${c.url ? html`<a href="${c.url}" rel="nofollow noopener">${c.name}</a>` : c.name}${c.framework ? html` <span class="muted">(${c.framework}${c.code ? html` ${c.code}` : ''})</span>` : ''}</li>`)}</ul>` : ''}
${d.results.length ? html`<h3>Results</h3><dl class="facts">${d.results.map((r) => html`<dt>${r.label}</dt><dd>${r.value}</dd>`)}</dl>` : ''}
${d.evidence.length ? html`<h3>Evidence</h3><ul>${d.evidence.map((e) => html`<li>${e.url ? html`<a href="${e.url}" rel="nofollow noopener">${e.name ?? e.url}</a>` : e.name ?? 'Evidence'}${e.description ? html` — ${e.description}` : ''}${e.narrative ? html`<div class="prose small">${markdown(e.narrative)}</div>` : ''}</li>`)}</ul>` : ''}
</section>`;
}

/** A full verification report: the verdict, every check in plain language, the credential, endorsements. */
export function reportView(r: VerificationReport, source: string): SafeHtml {
  const endorsements = (r.children ?? []).filter((c) => c.kind === 'endorsement');
  const nested = (r.children ?? []).filter((c) => c.kind === 'nested_credential');
  const ownDiffers = r.ownSummary !== r.summary;
  return html`<section class="verdict ${r.summary}" role="status" aria-live="polite">
<h1>${HEADLINE[r.summary]}</h1><p class="lead">${EXPLAIN[r.summary]}</p>
${ownDiffers ? html`<p><strong>The credential itself: ${WORD[r.ownSummary].toLowerCase()}.</strong> ${r.summary === 'invalid' ? 'What failed is one of its endorsements, listed below.' : 'One of its endorsements could not be checked.'}</p>` : ''}
<p class="muted small">Checked ${source}${r.format ? html` (${r.format.toUpperCase()})` : ''}.</p></section>
<section aria-labelledby="checks-h"><h2 id="checks-h">Checks</h2>${checkList(r.checks)}</section>
${r.display && r.ownSummary !== 'valid' ? html`<p class="notice">${r.ownSummary === 'invalid' ? 'The details below are what the document claims. Because a check failed, they cannot be trusted.' : 'The details below are what the document claims; they are not confirmed until every check can be completed.'}</p>` : ''}
${r.display ? credentialCard(r.display) : ''}
${endorsements.length ? html`<section aria-labelledby="end-h"><h2 id="end-h">Endorsements</h2>${endorsements.map((e) => html`<div class="card"><h3>${e.result.display?.issuer.name ?? e.result.display?.name ?? 'Endorsement'} <span class="badge ${e.result.summary}">${WORD[e.result.summary]}</span></h3>${e.result.checks.filter((c) => c.status !== 'valid').length ? checkList(e.result.checks.filter((c) => c.status !== 'valid')) : html`<p>Every check passed.</p>`}</div>`)}</section>` : ''}
${nested.length ? html`<section aria-labelledby="nested-h"><h2 id="nested-h">Included credentials</h2><ul class="checks">${nested.map((n) => html`<li class="check-row ${n.result.summary}"><span class="badge ${n.result.summary}">${WORD[n.result.summary]}</span> <strong>${n.result.display?.name ?? 'Credential'}</strong><span class="msg">${n.result.checks.find((c) => c.status !== 'valid')?.message ?? 'Every check passed.'}</span></li>`)}</ul></section>` : ''}
<p><a class="button secondary" href="/verify">Verify another credential</a></p>`;
}
