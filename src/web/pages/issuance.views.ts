/** Issuer pages for issued credentials: the searchable list and the detail with revoke / suspend / reinstate. */
import type { MicroCredentialSummary } from '../../core/catalog/types.ts';
import type { CredentialView } from '../../services/credential-view.ts';
import type { CredentialQuery } from '../../services/credentials.service.ts';
import { csrfField, errorSummary, inputField, selectField, textareaField, type FieldErrors } from '../forms.ts';
import { html, type SafeHtml } from '../html.ts';

export const STATE_LABELS: Record<CredentialView['status'], string> = { active: 'Active', revoked: 'Revoked', suspended: 'Suspended', expired: 'Expired' };

/** A coloured status badge. */
export const stateBadge = (s: CredentialView['status']): SafeHtml => html`<span class="badge ${s}">${STATE_LABELS[s]}</span>`;

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/** Tabs of the issuance section. */
export function issuanceTabs(current: 'list' | 'single' | 'bulk', canIssue: boolean): SafeHtml {
  const tabs = [
    { href: '/issuance/credentials', label: 'Issued credentials', key: 'list', show: true },
    { href: '/issuance/new', label: 'Issue one', key: 'single', show: canIssue },
    { href: '/issuance/bulk', label: 'Bulk issue (CSV)', key: 'bulk', show: canIssue },
  ];
  return html`<nav class="tabs" aria-label="Issuance"><ul>${tabs.filter((t) => t.show).map((t) =>
    html`<li><a href="${t.href}"${t.key === current ? html` aria-current="page"` : ''}>${t.label}</a></li>`)}</ul></nav>`;
}

/** The credential list with search and filters (a plain GET form). */
export function credentialListBody(input: {
  items: CredentialView[]; nextCursor: string | null; query: CredentialQuery; achievements: MicroCredentialSummary[]; canIssue: boolean; errors: FieldErrors;
}): SafeHtml {
  const q = input.query;
  const nextQuery = new URLSearchParams(Object.entries({ ...q, cursor: input.nextCursor ?? '' }).filter(([, v]) => v !== undefined && v !== '') as [string, string][]);
  return html`${issuanceTabs('list', input.canIssue)}
<div class="page-head"><h1>Issued credentials</h1>${input.canIssue ? html`<p class="actions"><a class="button" href="/issuance/new">Issue a credential</a> <a class="button secondary" href="/issuance/bulk">Bulk issue</a></p>` : ''}</div>
${errorSummary(input.errors)}
<form method="get" action="/issuance/credentials" class="filters" role="search" aria-label="Search credentials">
${inputField({ name: 'q', label: 'Email, name or code', value: q.q ?? '', type: 'search', errors: input.errors })}
${selectField({ name: 'achievementId', label: 'Micro-credential', value: q.achievementId ?? '', errors: input.errors, options: [{ value: '', label: 'All' }, ...input.achievements.map((a) => ({ value: a.id, label: a.name }))] })}
${selectField({ name: 'status', label: 'Status', value: q.status ?? '', errors: input.errors, options: [{ value: '', label: 'Any' }, ...Object.entries(STATE_LABELS).map(([value, label]) => ({ value, label }))] })}
${inputField({ name: 'issuedFrom', label: 'Issued from', type: 'date', value: q.issuedFrom ?? '', errors: input.errors })}
${inputField({ name: 'issuedTo', label: 'Issued to', type: 'date', value: q.issuedTo ?? '', errors: input.errors })}
<button type="submit">Search</button></form>
${input.items.length === 0 ? html`<div class="card"><p>No credentials match.${input.canIssue ? html` <a href="/issuance/new">Issue one</a>.` : ''}</p></div>` : html`
<div class="table-wrap"><table><caption class="visually-hidden">Issued credentials, newest first</caption>
<thead><tr><th scope="col">Recipient</th><th scope="col">Micro-credential</th><th scope="col">Issued</th><th scope="col">Valid until</th><th scope="col">Status</th><th scope="col">Code</th></tr></thead>
<tbody>${input.items.map((c) => html`<tr>
<td><a href="/issuance/credentials/${c.id}">${c.recipient.name ?? c.recipient.email}</a>${c.recipient.name ? html`<div class="small muted">${c.recipient.email}</div>` : ''}</td>
<td>${c.achievementName ?? c.achievementId}</td><td>${day(c.issuedAt)}</td><td>${day(c.validUntil)}</td><td>${stateBadge(c.status)}</td>
<td><code>${c.verificationCode}</code></td></tr>`)}</tbody></table></div>
${input.nextCursor ? html`<p><a class="button secondary" href="/issuance/credentials?${nextQuery.toString()}" rel="next">Next page</a></p>` : ''}`}`;
}

function actionForm(c: CredentialView, action: 'revoke' | 'suspend' | 'reinstate', csrf: string, errors: FieldErrors): SafeHtml {
  const labels = {
    revoke: { title: 'Revoke', button: 'Revoke for good', hint: 'Permanent: every verifier (including the 1EdTech validator) will report it revoked. The reason is recorded and shown on the verify page.' },
    suspend: { title: 'Suspend', button: 'Suspend', hint: 'Temporary: microcred’s verify pages and command-line verifier report it suspended until you reinstate it; other verifiers only check revocation (see decision 010).' },
    reinstate: { title: 'Reinstate', button: 'Reinstate', hint: 'Lifts the suspension; the credential verifies again.' },
  }[action];
  const field = `${action}_reason`;
  return html`<form method="post" action="/issuance/credentials/${c.id}/${action}" class="card" novalidate>
<h3>${labels.title}</h3>${csrfField(csrf)}
${textareaField({ name: field, label: action === 'reinstate' ? 'Note (optional)' : 'Reason', rows: 2, required: action !== 'reinstate', hint: labels.hint, errors })}
<button type="submit" class="${action === 'revoke' ? 'danger' : 'secondary'}">${labels.button}</button></form>`;
}

/** One credential: who, what, when, its code and status, the actions, and the signed document. */
export function credentialDetailBody(c: CredentialView, input: { canRevoke: boolean; csrfToken: string; errors: FieldErrors }): SafeHtml {
  const rows: [string, SafeHtml | string][] = [
    ['Recipient', html`${c.recipient.name ?? ''} &lt;${c.recipient.email}&gt;`],
    ['Micro-credential', html`<a href="/achievements/${c.achievementId}">${c.achievementName ?? c.achievementId}</a> (version ${c.achievementVersion})`],
    ['Status', html`${stateBadge(c.status)}${c.revocationReason ? html` <span class="small">${c.revocationReason}</span>` : ''}${c.status === 'suspended' && c.suspensionReason ? html` <span class="small">${c.suspensionReason}</span>` : ''}`],
    ['Verification code', html`<code>${c.verificationCode}</code> · <a href="${c.verifyUrl}">verify page</a>`],
    ['Issued', c.issuedAt.replace('T', ' ').slice(0, 16) + ' UTC'],
    ['Valid from', day(c.validFrom)],
    ['Valid until', c.validUntil ? day(c.validUntil) : 'No expiry'],
    ['Credits', c.credits === null ? '—' : String(c.credits)],
    ['Source', c.source],
    ['Credential id', html`<code>${c.credentialId}</code>`],
    ['Status list', html`<a href="${c.statusList.url}">revocation</a> · <a href="${c.statusList.suspensionUrl}">suspension</a> · index ${String(c.statusList.index)}`],
  ];
  return html`<p><a href="/issuance/credentials">← Issued credentials</a></p>
<div class="page-head"><h1>${c.achievementName ?? 'Credential'} <span class="small">for ${c.recipient.name ?? c.recipient.email}</span></h1></div>
${errorSummary(input.errors)}
<div class="card"><dl class="facts">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl></div>
${input.canRevoke && c.status !== 'revoked' ? html`<div class="grid2">
${c.status === 'suspended' ? actionForm(c, 'reinstate', input.csrfToken, input.errors) : actionForm(c, 'suspend', input.csrfToken, input.errors)}
${actionForm(c, 'revoke', input.csrfToken, input.errors)}</div>` : ''}
<details class="card"><summary>Signed credential (Open Badges 3.0 JSON)</summary>
<pre class="json" tabindex="0">${JSON.stringify(c.document, null, 2)}</pre>
<p><a href="/issuance/credentials/${c.id}/credential.json" download>Download JSON</a></p></details>`;
}
