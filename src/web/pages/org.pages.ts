/** Organization settings: profile fields, logo upload (PNG/SVG), DID method, signing keys and rotation. */
import { AppError } from '../../core/errors.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import { can } from '../../services/auth.ts';
import type { Organization } from '../../db/repositories/organizations.repository.ts';
import { MAX_IMAGE_BYTES } from '../../services/images.ts';
import { csrfField, errorSummary, fieldErrorsOf, inputField, selectField, textareaField, type FieldErrors } from '../forms.ts';
import { html } from '../html.ts';
import { page, redirectWithFlash, statusOfError } from '../respond.ts';
import { orgTabs } from './org-nav.ts';

type Form = Record<string, string | undefined>;

export default async function orgPages(app: App, { services }: PluginOptions): Promise<void> {
  const cfg = { page: true };

  function profileBody(request: Parameters<typeof page>[0], org: Organization, v: Form, errors: FieldErrors, profileUrl: string) {
    const a = org.address ?? {};
    const editable = can(request.auth, 'org:manage');
    const dis = editable ? '' : html` disabled`;
    return html`<h1>Organization settings</h1>
${orgTabs(request.auth, '/org/settings')}
<section class="card">
<h2>Public profile</h2>
<p>This is the Open Badges issuer profile embedded in every credential and published at <a href="${profileUrl}">${profileUrl}</a>.</p>
${errorSummary(errors)}
<form method="post" action="/org/settings" novalidate>
${csrfField(request.csrfToken)}
<fieldset${dis} class="plain-fieldset"><legend class="visually-hidden">Profile</legend>
${inputField({ name: 'name', label: 'Name', value: v.name ?? org.name, required: true, errors })}
${inputField({ name: 'url', label: 'Website', type: 'url', value: v.url ?? org.url ?? '', placeholder: 'https://', errors })}
${inputField({ name: 'email', label: 'Contact email', type: 'email', value: v.email ?? org.email ?? '', errors })}
${textareaField({ name: 'description', label: 'Description', value: v.description ?? org.description ?? '', hint: 'Markdown is allowed.', rows: 5, errors })}
<div class="grid2">
${inputField({ name: 'address.streetAddress', label: 'Street address', value: v['address.streetAddress'] ?? a.streetAddress ?? '', autocomplete: 'street-address', errors })}
${inputField({ name: 'address.addressLocality', label: 'City', value: v['address.addressLocality'] ?? a.addressLocality ?? '', autocomplete: 'address-level2', errors })}
${inputField({ name: 'address.postalCode', label: 'Postal code', value: v['address.postalCode'] ?? a.postalCode ?? '', autocomplete: 'postal-code', errors })}
${inputField({ name: 'address.addressCountryCode', label: 'Country code', value: v['address.addressCountryCode'] ?? a.addressCountryCode ?? '', hint: 'Two letters, e.g. FR.', errors })}
</div>
${editable ? html`<button type="submit">Save profile</button>` : html`<p class="muted">Only owners and administrators can change the profile.</p>`}
</fieldset>
</form>
</section>
${editable ? html`<section class="card">
<h2>Logo</h2>
${org.logo ? html`<p><img class="logo-preview" src="${profileUrl}/logo" alt="Current logo" width="96" height="96"></p>
<form method="post" action="/org/logo/remove">${csrfField(request.csrfToken)}<button type="submit" class="secondary small">Remove the logo</button></form>` : html`<p class="muted">No logo yet.</p>`}
<form method="post" action="/org/logo?_csrf=${encodeURIComponent(request.csrfToken)}" enctype="multipart/form-data">
<div class="field${errors.logo ? ' has-error' : ''}"><label for="f-logo">Upload a PNG or SVG</label><p class="hint" id="f-logo-hint">At most ${MAX_IMAGE_BYTES / 1024} KB. A square image looks best.</p>
${errors.logo ? html`<p class="field-error" id="f-logo-error">${errors.logo}</p>` : ''}
<input id="f-logo" name="logo" type="file" accept="image/png,image/svg+xml" aria-describedby="f-logo-hint${errors.logo ? ' f-logo-error' : ''}" required></div>
<button type="submit">Upload logo</button>
</form>
</section>` : ''}`;
  }

  async function showProfile(request: Parameters<typeof page>[0], reply: Parameters<typeof page>[1], v: Form = {}, errors: FieldErrors = {}, status = 200) {
    const org = await services.organizations.get(request.auth);
    const identity = await services.issuerIdentity.forOrganization(org.id);
    return page(request, reply, { title: 'Organization settings', current: '/org/settings', noindex: true, body: profileBody(request, org, v, errors, identity.profileUrl) }, status);
  }

  app.get('/org/settings', { schema: { hide: true }, config: cfg }, async (request, reply) => showProfile(request, reply));

  app.post('/org/settings', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const v = (request.body ?? {}) as Form;
    try {
      await services.organizations.updateProfile(request.auth, {
        name: v.name ?? '', url: v.url ?? null, email: v.email ?? null, description: v.description ?? null,
        address: {
          streetAddress: v['address.streetAddress'], addressLocality: v['address.addressLocality'], postalCode: v['address.postalCode'],
          addressCountryCode: v['address.addressCountryCode'],
        },
      });
      return redirectWithFlash(reply, '/org/settings', { kind: 'success', message: 'Profile saved.' });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind !== 'invalid_input') throw e;
      return showProfile(request, reply, v, fieldErrorsOf(e), statusOfError(e));
    }
  });

  app.post('/org/logo', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    try {
      const file = await request.file({ limits: { fileSize: MAX_IMAGE_BYTES + 1 } });
      if (!file || file.fieldname !== 'logo') throw new AppError('image_invalid', 'Choose a PNG or SVG file to upload.', { field: 'logo' });
      const bytes = await file.toBuffer().catch((e: { code?: string }) => {
        if (e.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('image_invalid', `The image must be at most ${MAX_IMAGE_BYTES / 1024} KB.`, { field: 'logo' });
        throw e;
      });
      await services.organizations.setLogo(request.auth, { bytes, mimeType: file.mimetype });
      return redirectWithFlash(reply, '/org/settings', { kind: 'success', message: 'Logo updated.' });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind !== 'invalid_input') throw e;
      return showProfile(request, reply, {}, fieldErrorsOf(e), statusOfError(e));
    }
  });

  app.post('/org/logo/remove', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    await services.organizations.setLogo(request.auth, null);
    return redirectWithFlash(reply, '/org/settings', { kind: 'success', message: 'Logo removed.' });
  });

  app.get('/org/keys', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const keys = await services.keys.list(request.auth);
    const org = await services.organizations.get(request.auth);
    const identity = await services.issuerIdentity.forOrganization(org.id);
    const manage = can(request.auth, 'keys:manage');
    const https = services.config.publicUrlIsHttps;
    return page(request, reply, {
      title: 'Signing keys', current: '/org/settings', noindex: true,
      body: html`<h1>Organization settings</h1>
${orgTabs(request.auth, '/org/keys')}
<section class="card">
<h2>Signing keys</h2>
<p>New credentials are signed with the active key. Retired keys stay published${identity.method === 'web' ? ' in the DID document' : ' (each did:key describes itself)'}, so every credential signed earlier still verifies.</p>
<dl class="facts"><dt>Issuer id</dt><dd><code class="break">${identity.issuerId}</code></dd>
${identity.didDocumentUrl ? html`<dt>DID document</dt><dd><a href="${identity.didDocumentUrl}">${identity.didDocumentUrl}</a></dd>` : ''}</dl>
<div class="table-wrap"><table>
<caption class="visually-hidden">Keys</caption>
<thead><tr><th scope="col">Verification method</th><th scope="col">Algorithm</th><th scope="col">Status</th><th scope="col">Created</th><th scope="col">Retired</th></tr></thead>
<tbody>${keys.map((k) => html`<tr><td><code class="break">${k.verificationMethodId}</code></td><td>${k.algorithm}</td><td><span class="badge ${k.status}">${k.status}</span></td><td>${k.createdAt.slice(0, 16).replace('T', ' ')}</td><td>${k.retiredAt?.slice(0, 16).replace('T', ' ') ?? '—'}</td></tr>`)}</tbody>
</table></div>
${manage ? html`<form method="post" action="/org/keys/rotate">${csrfField(request.csrfToken)}<button type="submit">Rotate the signing key</button></form>` : ''}
</section>
${manage ? html`<section class="card"><h2>Identifier method</h2>
<form method="post" action="/org/did-method">${csrfField(request.csrfToken)}
${selectField({ name: 'didMethod', label: 'Issuer identifier', value: org.didMethod, options: [{ value: 'key', label: 'did:key (works anywhere, offline)' }, { value: 'web', label: 'did:web (bound to this site; needs https)' }], hint: https ? undefined : 'did:web is available when the platform is served over https.' })}
<button type="submit" class="secondary">Save method</button></form></section>` : ''}`,
    });
  });

  app.post('/org/keys/rotate', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const key = await services.keys.rotate(request.auth);
    return redirectWithFlash(reply, '/org/keys', { kind: 'success', message: `Key rotated. New credentials are signed with ${key.publicKeyMultibase.slice(0, 16)}…` });
  });

  app.post('/org/did-method', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const v = (request.body ?? {}) as Form;
    try {
      await services.organizations.setDidMethod(request.auth, v.didMethod === 'web' ? 'web' : v.didMethod === 'key' ? 'key' : (v.didMethod as 'key'));
      return redirectWithFlash(reply, '/org/keys', { kind: 'success', message: 'Identifier method saved.' });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind !== 'invalid_input') throw e;
      return redirectWithFlash(reply, '/org/keys', { kind: 'error', message: e.message });
    }
  });
}
