/** The learner's wallet pages: list, detail, visibility, share links, downloads, CLR, import, profile, my data. */
import { AppError } from '../../core/errors.ts';
import { clearSessionCookie } from '../../http/auth.ts';
import { readMultipartForm } from '../../http/multipart.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import { requireUser } from '../../services/auth.ts';
import type { ImportInput } from '../../services/wallet-import.service.ts';
import { filterWallet, type WalletKind } from '../../services/wallet-view.ts';
import { fieldErrorsOf } from '../forms.ts';
import { page, redirectWithFlash, statusOfError } from '../respond.ts';
import { dataBody, importBody, profileSettingsBody, shareCreatedBody, shareListBody } from './wallet-share.views.ts';
import { buildDownload, sendFile } from './wallet-files.ts';
import { walletDetailBody, walletListBody, walletPath } from './wallet.views.ts';

type Form = Record<string, string | string[] | undefined>;
const one = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');
const kindOf = (k: string): WalletKind => {
  if (k !== 'issued' && k !== 'external') throw new AppError('not_found');
  return k;
};
const recoverable = (e: unknown): e is AppError => e instanceof AppError && statusOfError(e) < 500 && statusOfError(e) !== 404;

export default async function walletPages(app: App, { services }: PluginOptions): Promise<void> {
  const PAGE = { schema: { hide: true }, config: { page: true } };
  const wallet = services.wallet;

  app.get('/wallet', PAGE, async (request, reply) => {
    requireUser(request.auth);
    const q = request.query as Record<string, string | undefined>;
    const filter = { q: q.q, state: q.state, visibility: q.visibility, issuer: q.issuer };
    const all = await wallet.list(request.auth);
    const progress = await services.pathways.progressForUser(request.auth).catch(() => []);
    return page(request, reply, { title: 'My wallet', current: '/wallet', noindex: true, body: walletListBody(all, filterWallet(all, filter), filter, request.csrfToken, progress) });
  });

  app.get('/wallet/:kind/:id', PAGE, async (request, reply) => {
    const { kind, id } = request.params as { kind: string; id: string };
    const c = await wallet.get(request.auth, kindOf(kind), id);
    const linkedIn = services.walletDownloads.linkedInUrl(c, c.verifyUrl ?? `${services.config.publicUrl}${walletPath(c)}`);
    return page(request, reply, { title: c.name, current: '/wallet', noindex: true, body: walletDetailBody(c, request.csrfToken, linkedIn) });
  });

  app.post('/wallet/:kind/:id/visibility', PAGE, async (request, reply) => {
    const { kind, id } = request.params as { kind: string; id: string };
    const visibility = one((request.body as Form | undefined)?.visibility);
    await wallet.setVisibility(request.auth, kindOf(kind), id, visibility);
    return redirectWithFlash(reply, `/wallet/${kind}/${id}`, { kind: 'success', message: visibility === 'public' ? 'The credential is public.' : 'The credential is private.' });
  });

  app.post('/wallet/issued/:id/code', PAGE, async (request, reply) => {
    const { id } = request.params as { id: string };
    const enabled = one((request.body as Form | undefined)?.enabled) === 'true';
    await wallet.setCodeEnabled(request.auth, id, enabled);
    return redirectWithFlash(reply, `/wallet/issued/${id}`, { kind: 'success', message: enabled ? 'The verification code works again.' : 'The verification code is off.' });
  });

  app.get('/wallet/:kind/:id/download/:format', PAGE, async (request, reply) => {
    const { kind, id, format } = request.params as { kind: string; id: string; format: string };
    return sendFile(reply, await buildDownload(services.walletDownloads, await wallet.get(request.auth, kindOf(kind), id), format, request.auth.user?.name));
  });

  app.post('/wallet/clr', PAGE, async (request, reply) => {
    const userId = requireUser(request.auth);
    const raw = (request.body as Form | undefined)?.ids;
    const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String);
    try {
      const credentials = await Promise.all(ids.map((id) => wallet.get(request.auth, 'issued', id)));
      const user = await services.accounts.getUser(userId);
      const email = credentials[0]?.recipientEmail ?? request.auth.user?.email ?? '';
      return sendFile(reply, await services.walletDownloads.clr(credentials, { name: user.name, email }));
    } catch (e) {
      if (!recoverable(e)) throw e;
      return redirectWithFlash(reply, '/wallet', { kind: 'error', message: e.message });
    }
  });

  app.get('/wallet/shares', PAGE, async (request, reply) => {
    const links = await services.walletShares.list(request.auth);
    const names = new Map((await wallet.list(request.auth)).map((c) => [`${c.kind}:${c.id}`, c.name]));
    return page(request, reply, { title: 'Share links', current: '/wallet', noindex: true, body: shareListBody(links, names, request.csrfToken) });
  });

  app.post('/wallet/shares', PAGE, async (request, reply) => {
    const b = (request.body ?? {}) as Form;
    const rawItems = Array.isArray(b.items) ? b.items : b.items ? [b.items] : [];
    const items = rawItems.map((s) => { const [kind, id] = String(s).split(':'); return { kind, id }; });
    try {
      const { link, url } = await services.walletShares.create(request.auth, { items, label: one(b.label), expiry: one(b.expiry), expiresOn: one(b.expiresOn) });
      return page(request, reply, { title: 'Your share link', current: '/wallet', noindex: true, body: shareCreatedBody(url, link), flash: { kind: 'success', message: 'Share link created.' } }, 201);
    } catch (e) {
      if (!recoverable(e)) throw e;
      const back = items.length === 1 ? `/wallet/${items[0]!.kind}/${items[0]!.id}` : '/wallet';
      return redirectWithFlash(reply, back, { kind: 'error', message: e.message });
    }
  });

  app.post('/wallet/shares/:id/revoke', PAGE, async (request, reply) => {
    await services.walletShares.revoke(request.auth, (request.params as { id: string }).id);
    return redirectWithFlash(reply, '/wallet/shares', { kind: 'success', message: 'The link was withdrawn: it stopped working now.' });
  });

  app.get('/wallet/import', PAGE, async (request, reply) => {
    requireUser(request.auth);
    return page(request, reply, { title: 'Add a credential', current: '/wallet', noindex: true, body: importBody(request.csrfToken) });
  });

  app.post('/wallet/import', { ...PAGE, bodyLimit: 6 * 1024 * 1024 }, async (request, reply) => {
    requireUser(request.auth);
    let values: Record<string, string> = {};
    try {
      if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Send this form as multipart/form-data.');
      const form = await readMultipartForm(request, { maxFileBytes: 5 * 1024 * 1024 });
      const text = one(form.fields.text), url = one(form.fields.url);
      values = { text, url };
      const input: ImportInput = form.file ? { bytes: new Uint8Array(form.file.bytes), filename: form.file.filename } : url.trim() ? { url } : { text };
      const c = await services.walletImport.import(request.auth, input);
      return redirectWithFlash(reply, walletPath(c), { kind: 'success', message: `Verified and added: ${c.name}.` });
    } catch (e) {
      if (!recoverable(e)) throw e;
      const errors = fieldErrorsOf(e);
      return page(request, reply, { title: 'Add a credential', current: '/wallet', noindex: true, body: importBody(request.csrfToken, Object.keys(errors).length ? errors : { file: e.message }, values) }, statusOfError(e));
    }
  });

  app.get('/wallet/profile', PAGE, async (request, reply) => {
    const s = await wallet.profileSettings(request.auth);
    return page(request, reply, { title: 'Public profile', current: '/wallet', noindex: true, body: profileSettingsBody(s, services.config.publicUrl, request.csrfToken) });
  });

  app.post('/wallet/profile', PAGE, async (request, reply) => {
    const b = (request.body ?? {}) as Form;
    try {
      const s = await wallet.saveProfile(request.auth, { publicProfile: one(b.publicProfile), slug: one(b.slug) });
      return redirectWithFlash(reply, '/wallet/profile', { kind: 'success', message: s.publicProfile ? 'Your public profile is on.' : 'Your public profile is off.' });
    } catch (e) {
      if (!recoverable(e)) throw e;
      const s = { ...(await wallet.profileSettings(request.auth)), publicProfile: one(b.publicProfile) === 'on', slug: one(b.slug) };
      return page(request, reply, { title: 'Public profile', current: '/wallet', noindex: true, body: profileSettingsBody(s, services.config.publicUrl, request.csrfToken, fieldErrorsOf(e)) }, statusOfError(e));
    }
  });

  app.get('/wallet/data', PAGE, async (request, reply) => {
    requireUser(request.auth);
    return page(request, reply, { title: 'My data', current: '/wallet', noindex: true, body: dataBody(request.csrfToken) });
  });

  app.get('/wallet/data/export.zip', PAGE, async (request, reply) => {
    const zip = await services.walletData.exportZip(request.auth);
    return sendFile(reply, { filename: 'microcred-wallet.zip', contentType: 'application/zip', bytes: zip });
  });

  app.post('/wallet/data/delete', PAGE, async (request, reply) => {
    try {
      await services.walletData.deleteAccount(request.auth, one((request.body as Form | undefined)?.confirm));
    } catch (e) {
      if (!recoverable(e)) throw e;
      return page(request, reply, { title: 'My data', current: '/wallet', noindex: true, body: dataBody(request.csrfToken, fieldErrorsOf(e)) }, statusOfError(e));
    }
    clearSessionCookie(reply);
    return redirectWithFlash(reply, '/', { kind: 'info', message: 'Your account was deleted. Credentials already issued stay valid.' });
  });
}
