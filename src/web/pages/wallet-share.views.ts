/** Wallet views for links and people: share links, shared pages, withdrawn links, public profile, claim, import, my data. */
import type { ClaimInfo, ProfileSettings } from '../../services/wallet.service.ts';
import type { ShareLinkView } from '../../services/wallet-shares.service.ts';
import type { WalletCredential } from '../../services/wallet-view.ts';
import { csrfField, errorSummary, inputField, textareaField, type FieldErrors } from '../forms.ts';
import { html, type SafeHtml } from '../html.ts';
import { stateBadge } from './wallet.views.ts';

const when = (iso: string | null): string => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '—');
const STATUS: Record<ShareLinkView['status'], string> = { active: 'Active', expired: 'Link expired', withdrawn: 'Withdrawn' };

/** The learner's share links: status, link expiry, views, withdraw. */
export function shareListBody(links: ShareLinkView[], names: Map<string, string>, csrf: string): SafeHtml {
  return html`<p><a href="/wallet">← My wallet</a></p><h1>Share links</h1>
<p class="lead">Each link has its own expiry, separate from the credentials’ validity. Withdraw a link and it stops working at once.</p>
${links.length === 0 ? html`<p>No share links yet. Open a credential to share it.</p>` : html`<ul class="plain share-links">${links.map((l) => html`<li class="card share-link">
<h2>${l.label ?? `Link of ${l.createdAt.slice(0, 10)}`} <span class="badge ${l.status === 'active' ? 'valid' : l.status === 'withdrawn' ? 'revoked' : 'expired'}">${STATUS[l.status]}</span></h2>
<dl class="facts"><dt>Shares</dt><dd>${l.items.map((i) => names.get(`${i.kind}:${i.id}`) ?? 'Removed credential').join(', ')}</dd>
<dt>Link expires</dt><dd>${l.expiresAt ? when(l.expiresAt) : 'Never'}</dd>
<dt>Views</dt><dd>${l.viewCount}</dd><dt>Last view</dt><dd>${when(l.lastViewedAt)}</dd><dt>Created</dt><dd>${when(l.createdAt)}</dd></dl>
${l.status === 'active' ? html`<form method="post" action="/wallet/shares/${l.id}/revoke">${csrfField(csrf)}<button type="submit" class="secondary">Withdraw this link</button></form>` : ''}</li>`)}</ul>`}`;
}

/** Shown once after creating a link: the token is not stored, so this is the only time the address is shown. */
export function shareCreatedBody(url: string, link: ShareLinkView): SafeHtml {
  return html`<section class="card narrow"><h1>Your share link</h1>
<p>Copy it now: for your safety only a fingerprint of it is kept, so it cannot be shown again.</p>
<label for="share-url">Share link</label><input id="share-url" type="text" readonly value="${url}">
<p><strong>Link expires:</strong> ${link.expiresAt ? when(link.expiresAt) : 'never'} <span class="hint">(the link only; the credential keeps its own validity)</span></p>
<p class="actions"><a class="button" href="${url}">Open the link</a><a class="button secondary" href="/wallet/shares">All share links</a></p></section>`;
}

/** A shared (or public profile) list of credentials. */
export function sharedListBody(title: string, intro: string, credentials: WalletCredential[], hrefOf: (c: WalletCredential) => string): SafeHtml {
  return html`<h1>${title}</h1><p class="lead">${intro}</p>
${credentials.length === 0 ? html`<p>Nothing is shared here yet.</p>` : html`<ul class="link-cards grid2">${credentials.map((c) => html`<li><a class="card" href="${hrefOf(c)}"><strong>${c.name}</strong><span>${c.issuer.name} · issued ${c.issuedAt.slice(0, 10)}</span><span>${stateBadge(c)}</span></a></li>`)}</ul>`}`;
}

/** The page a withdrawn or expired link shows. */
export function shareGoneBody(kind: 'withdrawn' | 'expired' | 'missing'): SafeHtml {
  const text = kind === 'withdrawn' ? 'This link was withdrawn by its owner.' : kind === 'expired' ? 'This link has expired.' : 'This link does not exist.';
  return html`<section class="card narrow"><h1>${text}</h1><p>Ask the person who sent it for a new link. Credentials can always be checked by their verification code on the <a href="/verify">verify page</a>.</p></section>`;
}

/** The claim page: sign in or create an account to add the credential. */
export function claimBody(token: string, info: ClaimInfo, csrf: string, signedInAs: string | null, errors: FieldErrors = {}, v: Record<string, string | undefined> = {}): SafeHtml {
  const head = html`<h1>Add “${info.achievementName}” to your wallet</h1><p>${info.issuerName} awarded this credential to <strong>${info.email}</strong>.</p>${errorSummary(errors)}`;
  if (signedInAs) {
    return html`<section class="card narrow">${head}
<form method="post" action="/claim/${token}">${csrfField(csrf)}<p>You are signed in as ${signedInAs}. ${info.email} will be added to your account as a confirmed address (this link proves it is yours).</p>
<button type="submit">Add to my wallet</button></form></section>`;
  }
  if (info.accountExists) {
    return html`<section class="card narrow">${head}<h2>Sign in to claim it</h2>
<form method="post" action="/claim/${token}/signin" novalidate>${csrfField(csrf)}
${inputField({ name: 'email', label: 'Email', type: 'email', value: v.email ?? info.email, required: true, autocomplete: 'username', errors })}
${inputField({ name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'current-password', errors })}
<button type="submit">Sign in and add to my wallet</button></form></section>`;
  }
  return html`<section class="card narrow">${head}<h2>Create your wallet</h2>
<p>Your address ${info.email} is confirmed by this link. Choose a name and a password.</p>
<form method="post" action="/claim/${token}/signup" novalidate>${csrfField(csrf)}
${inputField({ name: 'name', label: 'Your name', value: v.name, required: true, autocomplete: 'name', errors })}
${inputField({ name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'new-password', hint: 'At least 10 characters.', errors })}
<button type="submit">Create my wallet</button></form>
<p>Already have an account with another address? <a href="/signin?next=/claim/${token}">Sign in</a> and claim it there.</p></section>`;
}

/** Public profile settings. */
export function profileSettingsBody(s: ProfileSettings, publicUrl: string, csrf: string, errors: FieldErrors = {}): SafeHtml {
  return html`<p><a href="/wallet">← My wallet</a></p><section class="card narrow"><h1>Public profile</h1>
<p>Your profile lists only the credentials you made public. It is off unless you turn it on.</p>${errorSummary(errors)}
<form method="post" action="/wallet/profile" novalidate>${csrfField(csrf)}
<div class="check"><input type="checkbox" id="f-publicProfile" name="publicProfile" value="on"${s.publicProfile ? html` checked` : ''}><label for="f-publicProfile">Show my public profile</label></div>
${inputField({ name: 'slug', label: 'Profile address', value: s.slug ?? '', hint: `${publicUrl}/u/<address>: 3–40 lower-case letters, digits and dashes.`, errors })}
<button type="submit">Save</button></form>
${s.publicProfile && s.slug ? html`<p>Your profile: <a href="/u/${s.slug}">${publicUrl}/u/${s.slug}</a></p>` : ''}</section>`;
}

/** The import form (file, pasted text or URL). */
export function importBody(csrf: string, errors: FieldErrors = {}, v: Record<string, string | undefined> = {}): SafeHtml {
  return html`<p><a href="/wallet">← My wallet</a></p><section class="card narrow"><h1>Add a credential from elsewhere</h1>
<p>It is verified first (signature, issuer, status, dates); only a credential that passes is added, as imported. Pathways that accept it count it.</p>${errorSummary(errors)}
<form method="post" action="/wallet/import?_csrf=${encodeURIComponent(csrf)}" enctype="multipart/form-data">
<div class="field"><label for="f-file">Credential file</label><p class="hint" id="f-file-hint">JSON, VC-JWT, a baked PNG or SVG badge, or a PDF certificate.</p>
<input id="f-file" name="file" type="file" accept=".json,.jsonld,.jwt,.txt,.png,.svg,.pdf,application/json,image/png,image/svg+xml,application/pdf" aria-describedby="f-file-hint"></div>
${textareaField({ name: 'text', label: 'Or paste the credential (JSON or VC-JWT)', value: v.text, errors, rows: 5 })}
${inputField({ name: 'url', label: 'Or its address', type: 'url', value: v.url, errors, placeholder: 'https://' })}
<button type="submit">Verify and add</button></form></section>`;
}

/** My data: export and delete. */
export function dataBody(csrf: string, errors: FieldErrors = {}): SafeHtml {
  return html`<p><a href="/wallet">← My wallet</a></p><h1>My data</h1>
<section class="card"><h2>Export everything</h2><p>A ZIP with each credential as JSON, baked PNG and SVG and a PDF certificate, plus your profile, addresses and share links as JSON.</p>
<p><a class="button" href="/wallet/data/export.zip" download>Download my data (ZIP)</a></p></section>
<section class="card"><h2>Delete my account</h2>${errorSummary(errors)}
<p>Credentials already issued stay valid with their issuers and can still be verified by code. Your share links, public profile, imported credentials, sessions and email addresses are deleted.</p>
<form method="post" action="/wallet/data/delete" novalidate>${csrfField(csrf)}
${inputField({ name: 'confirm', label: 'Type DELETE to confirm', required: true, errors, autocomplete: 'off' })}
<button type="submit" class="danger">Delete my account</button></form></section>`;
}
