/** Wallet views: the list with filters, a credential's detail (owner, share and public variants), downloads. */
import type { PathwayProgress } from '../../services/pathways.service.ts';
import { SHARE_EXPIRY_PRESETS } from '../../services/wallet-shares.service.ts';
import type { WalletCredential, WalletFilter } from '../../services/wallet-view.ts';
import { csrfField, inputField, selectField } from '../forms.ts';
import { html, type SafeHtml } from '../html.ts';

const STATE_LABEL: Record<WalletCredential['state'], string> = { valid: 'Valid', expired: 'Expired', revoked: 'Revoked', suspended: 'Suspended' };
const day = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : '—');

/** The state badge (text, not colour alone). */
export const stateBadge = (c: WalletCredential): SafeHtml => html`<span class="badge ${c.state}">${STATE_LABEL[c.state]}</span>`;

/** The wallet path of a credential. */
export const walletPath = (c: Pick<WalletCredential, 'kind' | 'id'>): string => `/wallet/${c.kind}/${c.id}`;

function filters(f: WalletFilter, issuers: string[]): SafeHtml {
  return html`<form method="get" action="/wallet" class="filters" role="search" aria-label="Search your credentials">
${inputField({ name: 'q', label: 'Search', value: f.q ?? '', type: 'search', hint: 'Name, issuer or competency' })}
${selectField({ name: 'state', label: 'State', value: f.state ?? 'all', options: [{ value: 'all', label: 'Any state' }, ...Object.entries(STATE_LABEL).map(([value, label]) => ({ value, label }))] })}
${selectField({ name: 'visibility', label: 'Visibility', value: f.visibility ?? 'all', options: [{ value: 'all', label: 'Public and private' }, { value: 'public', label: 'Public' }, { value: 'private', label: 'Private' }] })}
${selectField({ name: 'issuer', label: 'Issuer', value: f.issuer ?? 'all', options: [{ value: 'all', label: 'Any issuer' }, ...issuers.map((i) => ({ value: i, label: i }))] })}
<button type="submit" class="secondary">Filter</button></form>`;
}

function progressSummary(progress: PathwayProgress[]): SafeHtml {
  if (progress.length === 0) return html``;
  return html`<section class="card" aria-labelledby="wallet-pathways"><h2 id="wallet-pathways">Pathway progress</h2>
<ul>${progress.map((p) => html`<li><strong>${p.pathway.name}</strong>: ${p.award?.status === 'awarded' ? 'awarded' : `${p.evaluation.progress.earned} of ${p.evaluation.progress.required} ${p.evaluation.progress.unit}`}
<progress max="100" value="${Math.round(p.evaluation.progress.fraction * 100)}" aria-label="Progress on ${p.pathway.name}">${Math.round(p.evaluation.progress.fraction * 100)}%</progress></li>`)}</ul>
<p><a href="/my/pathways">See what each pathway still needs</a></p></section>`;
}

/** The wallet list: every credential with its state and visibility, search and filters, CLR selection. */
export function walletListBody(all: WalletCredential[], shown: WalletCredential[], f: WalletFilter, csrf: string, progress: PathwayProgress[]): SafeHtml {
  const issuers = [...new Set(all.map((c) => c.issuer.name))].sort();
  return html`<h1>My wallet</h1>
<p class="lead">Credentials issued to any of your confirmed email addresses. Each one is private until you make it public.</p>
<p class="actions"><a class="button secondary" href="/wallet/shares">Share links</a><a class="button secondary" href="/wallet/import">Add a credential from elsewhere</a><a class="button secondary" href="/wallet/profile">Public profile</a><a class="button secondary" href="/wallet/data">My data</a><a class="button secondary" href="/account">Email addresses</a></p>
${progressSummary(progress)}
${all.length === 0 ? html`<section class="card"><h2>No credentials yet</h2><p>Credentials sent to a confirmed address of yours appear here. Another address? <a href="/account">Add and confirm it</a> and its credentials join this wallet.</p></section>` : html`
${filters(f, issuers)}
<p aria-live="polite">${shown.length} of ${all.length} credential${all.length === 1 ? '' : 's'}</p>
<form method="post" action="/wallet/clr">${csrfField(csrf)}
<div class="table-wrap"><table><caption class="visually-hidden">Your credentials</caption>
<thead><tr><th scope="col"><span class="visually-hidden">Select for a CLR bundle</span></th><th scope="col">Credential</th><th scope="col">Issuer</th><th scope="col">Issued</th><th scope="col">Valid until</th><th scope="col">State</th><th scope="col">Visibility</th></tr></thead>
<tbody>${shown.map((c) => html`<tr>
<td>${c.kind === 'issued' ? html`<input type="checkbox" name="ids" value="${c.id}" id="sel-${c.id}" aria-label="Include ${c.name} in a CLR bundle">` : ''}</td>
<td><a href="${walletPath(c)}">${c.name}</a>${c.kind === 'external' ? html` <span class="badge">Imported</span>` : ''}</td>
<td>${c.issuer.name}</td><td>${day(c.issuedAt)}</td><td>${c.validUntil ? day(c.validUntil) : 'No expiry'}</td><td>${stateBadge(c)}</td>
<td>${c.visibility === 'public' ? 'Public' : 'Private'}</td></tr>`)}</tbody></table></div>
<button type="submit" class="secondary">Download selected as a CLR 2.0 bundle</button>
<p class="hint">A CLR bundle holds credentials of one issuer, signed by that issuer.</p></form>`}`;
}

/** Downloads of a credential under `base` (e.g. `/wallet/issued/<id>/download`). */
export function downloadsCard(c: WalletCredential, base: string, linkedIn?: string): SafeHtml {
  const isJwt = typeof c.document === 'string';
  return html`<section class="card" aria-labelledby="dl-h"><h2 id="dl-h">Download</h2>
<ul class="download-list">
<li><a href="${base}/json" download>${isJwt ? 'VC-JWT (as imported)' : 'Open Badges 3.0 JSON'}</a></li>
${isJwt || c.kind !== 'issued' ? '' : html`<li><a href="${base}/jwt" download>VC-JWT (ES256)</a></li>`}
<li><a href="${base}/png" download>Badge image (PNG) with the credential baked in</a></li>
<li><a href="${base}/svg" download>Badge image (SVG) with the credential baked in</a></li>
<li><a href="${base}/pdf-a4" download>PDF certificate, A4</a></li>
<li><a href="${base}/pdf-letter" download>PDF certificate, US Letter</a></li>
</ul><p class="hint">The PDF certificate carries the signed credential as an attachment, so the file itself can be verified.</p>
${linkedIn ? html`<p><a class="button secondary" href="${linkedIn}" rel="noopener" target="_blank">Add to LinkedIn profile<span class="visually-hidden"> (opens LinkedIn in a new tab)</span></a></p>` : ''}
</section>`;
}

/** Achievement, issuer, dates, competencies, results and evidence of a credential. */
export function credentialFacts(c: WalletCredential): SafeHtml {
  const d = c.display;
  return html`<div class="credential-head">${d.image ? html`<img class="badge-image" src="${d.image}" alt="Badge of ${c.name}">` : ''}
<div><h1>${c.name}</h1><p>${stateBadge(c)} ${c.kind === 'external' ? html`<span class="badge">Imported</span>` : ''}</p>
${d.description ? html`<p>${d.description}</p>` : ''}</div></div>
<section class="card" aria-labelledby="facts-h"><h2 id="facts-h">About this credential</h2><dl class="facts">
<dt>Issuer</dt><dd>${c.issuer.url ? html`<a href="${c.issuer.url}">${c.issuer.name}</a>` : c.issuer.name}</dd>
${d.recipientName || c.recipientName ? html`<dt>Awarded to</dt><dd>${d.recipientName ?? c.recipientName}</dd>` : ''}
<dt>Issued</dt><dd>${day(c.issuedAt)}</dd>
<dt>Credential valid until</dt><dd>${c.validUntil ? day(c.validUntil) : 'No expiry'}</dd>
${d.achievementType ? html`<dt>Type</dt><dd>${d.achievementType}</dd>` : ''}
${d.credits?.earned !== undefined ? html`<dt>Credits</dt><dd>${d.credits.earned}${d.credits.available !== undefined ? ` of ${d.credits.available}` : ''}</dd>` : ''}
${c.verificationCode ? html`<dt>Verification code</dt><dd><code>${c.verificationCode}</code> · <a href="${c.verifyUrl}">Verify</a></dd>` : ''}
${d.criteria?.narrative ? html`<dt>Criteria</dt><dd>${d.criteria.narrative}</dd>` : ''}
</dl></section>
${d.competencies.length ? html`<section class="card" aria-labelledby="comp-h"><h2 id="comp-h">Competencies</h2><ul>${d.competencies.map((k) => html`<li>${k.code ? html`<code>${k.code}</code> ` : ''}${k.url ? html`<a href="${k.url}">${k.name}</a>` : k.name}${k.framework ? html` <span class="muted">(${k.framework})</span>` : ''}</li>`)}</ul></section>` : ''}
${d.results.length ? html`<section class="card" aria-labelledby="res-h"><h2 id="res-h">Results</h2><dl class="facts">${d.results.map((r) => html`<dt>${r.label}</dt><dd>${r.value}</dd>`)}</dl></section>` : ''}
${d.evidence.length ? html`<section class="card" aria-labelledby="ev-h"><h2 id="ev-h">Evidence</h2><ul>${d.evidence.map((e) => html`<li>${e.url ? html`<a href="${e.url}">${e.name ?? e.url}</a>` : e.name ?? 'Evidence'}${e.description ? html`: ${e.description}` : ''}${e.narrative ? html`<br>${e.narrative}` : ''}</li>`)}</ul></section>` : ''}`;
}

/** The owner's detail page: facts, visibility toggle, share form, downloads. */
export function walletDetailBody(c: WalletCredential, csrf: string, linkedIn: string): SafeHtml {
  const path = walletPath(c);
  const pub = c.visibility === 'public';
  return html`<p><a href="/wallet">← My wallet</a></p>
${credentialFacts(c)}
<section class="card" aria-labelledby="vis-h"><h2 id="vis-h">Who can see it</h2>
<p>This credential is <strong>${pub ? 'public' : 'private'}</strong>. ${pub ? 'It is listed on your public profile (when the profile is on).' : 'Only you, and people you send a share link to, can see it.'}</p>
<form method="post" action="${path}/visibility">${csrfField(csrf)}<input type="hidden" name="visibility" value="${pub ? 'private' : 'public'}">
<button type="submit"${pub ? html` class="secondary"` : ''}>${pub ? 'Make private' : 'Make public'}</button></form>
${c.verificationCode ? html`<h3>Verification code</h3><p>${c.codeDisabledAt ? html`The code is <strong>off</strong>: its verify page says you turned it off.` : html`Anyone with the code <code>${c.verificationCode}</code> (printed on the certificate) can open its verify page.`}</p>
<form method="post" action="${path}/code">${csrfField(csrf)}<input type="hidden" name="enabled" value="${c.codeDisabledAt ? 'true' : 'false'}">
<button type="submit" class="secondary">${c.codeDisabledAt ? 'Turn the verification code on' : 'Turn the verification code off'}</button></form>` : ''}</section>
<section class="card" aria-labelledby="share-h"><h2 id="share-h">Share with a link</h2>
<form method="post" action="/wallet/shares">${csrfField(csrf)}<input type="hidden" name="items" value="${c.kind}:${c.id}">
${inputField({ name: 'label', label: 'Label (for you)', hint: 'For example: Application to Acme, March' })}
<fieldset class="field"><legend>When does the link stop working?</legend>
<p class="hint">This is the expiry of the LINK only. The credential’s own validity (${c.validUntil ? `until ${day(c.validUntil)}` : 'no expiry'}) does not change.</p>
<div class="check"><input type="radio" id="exp-never" name="expiry" value="never" checked><label for="exp-never">Link never expires</label></div>
${Object.entries(SHARE_EXPIRY_PRESETS).map(([v, p]) => html`<div class="check"><input type="radio" id="exp-${v}" name="expiry" value="${v}"><label for="exp-${v}">Link expires in ${p.label}</label></div>`)}
<div class="check"><input type="radio" id="exp-date" name="expiry" value="date"><label for="exp-date">Link expires on a date</label></div>
${inputField({ name: 'expiresOn', label: 'Link expiry date', type: 'date', hint: 'Only used with “Link expires on a date”.' })}
</fieldset><button type="submit">Create share link</button></form>
<p><a href="/wallet/shares">All your share links</a> (views, withdraw)</p></section>
${downloadsCard(c, `${path}/download`, linkedIn)}`;
}
