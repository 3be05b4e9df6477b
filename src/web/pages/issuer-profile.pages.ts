/** The public HTML page of an issuer profile (the JSON-LD is served at the same URL to machines). */
import type { Auth } from '../../services/auth.ts';
import type { IssuerIdentity } from '../../services/issuer-identity.service.ts';
import { html, markdown, raw, type SafeHtml } from '../html.ts';
import { layout } from '../layout.ts';

/** Renders the issuer's public profile with its identifiers and published keys. */
export function renderIssuerProfilePage(input: { identity: IssuerIdentity; document: Record<string, unknown>; auth?: Auth; csrfToken?: string }): SafeHtml {
  const { identity } = input;
  const org = identity.organization;
  const addr = org.address ? [org.address.streetAddress, org.address.postalCode, org.address.addressLocality, org.address.addressRegion, org.address.addressCountry].filter(Boolean).join(', ') : '';
  const jsonLd = JSON.stringify(input.document).replace(/</g, '\\u003c');
  return layout({
    title: org.name, auth: input.auth, csrfToken: input.csrfToken,
    description: org.description ?? `${org.name} issues verifiable micro-credentials with microcred.`,
    og: { title: org.name, description: org.description ?? `Verifiable credentials issued by ${org.name}`, url: identity.profileUrl, type: 'profile', ...(org.logo ? { image: `${identity.profileUrl}/logo` } : {}) },
    head: html`<link rel="alternate" type="application/ld+json" href="${identity.profileUrl}">${raw(`<script type="application/ld+json">${jsonLd}</script>`)}`,
    body: html`<article class="profile">
<header class="profile-head">
${org.logo ? html`<img class="profile-logo" src="${identity.profileUrl}/logo" alt="${org.name} logo" width="96" height="96">` : ''}
<div><p class="eyebrow">Credential issuer</p><h1>${org.name}</h1>
${org.url ? html`<p><a href="${org.url}" rel="nofollow noopener">${org.url}</a></p>` : ''}</div>
</header>
${org.description ? html`<section class="card prose">${markdown(org.description)}</section>` : ''}
<section class="card">
<h2>Contact</h2>
<dl class="facts">
${org.email ? html`<dt>Email</dt><dd><a href="mailto:${org.email}">${org.email}</a></dd>` : ''}
${addr ? html`<dt>Address</dt><dd>${addr}</dd>` : ''}
<dt>Member since</dt><dd>${org.createdAt.slice(0, 10)}</dd>
</dl>
</section>
<section class="card">
<h2>Identity and signing keys</h2>
<p>Credentials from ${org.name} are signed with the keys below. Retired keys stay listed so that credentials signed before a key change still verify.</p>
<dl class="facts">
<dt>Issuer id</dt><dd><code class="break">${identity.issuerId}</code></dd>
<dt>Method</dt><dd>${identity.method === 'web' ? 'did:web (DID document hosted here)' : 'did:key (each key is its own identifier)'}</dd>
${identity.didDocumentUrl ? html`<dt>DID document</dt><dd><a href="${identity.didDocumentUrl}">${identity.didDocumentUrl}</a></dd>` : ''}
</dl>
<div class="table-wrap"><table>
<caption class="visually-hidden">Signing keys</caption>
<thead><tr><th scope="col">Key</th><th scope="col">Status</th><th scope="col">Since</th></tr></thead>
<tbody>${identity.keys.map((k) => html`<tr><td><code class="break">${k.verificationMethodId}</code></td><td><span class="badge ${k.status}">${k.status}</span></td><td>${k.createdAt.slice(0, 10)}${k.retiredAt ? html` – ${k.retiredAt.slice(0, 10)}` : ''}</td></tr>`)}</tbody>
</table></div>
</section>
</article>`,
  });
}
