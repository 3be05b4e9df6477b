/**
 * The wallet's pages reached from outside: claim links from award emails (sign in or up), share links
 * (`/s/<token>`, with Open Graph tags; a withdrawn link says so), and opt-in public profiles (`/u/<slug>`).
 */
import { achievementImageUrl } from '../../core/catalog/ob-achievement.ts';
import { AppError } from '../../core/errors.ts';
import { setSessionCookie } from '../../http/auth.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import type { WalletCredential } from '../../services/wallet-view.ts';
import { fieldErrorsOf } from '../forms.ts';
import { html } from '../html.ts';
import type { OpenGraph } from '../layout.ts';
import { page, redirectWithFlash, statusOfError } from '../respond.ts';
import { claimBody, shareGoneBody, sharedListBody } from './wallet-share.views.ts';
import { buildDownload, sendFile } from './wallet-files.ts';
import { credentialFacts, downloadsCard } from './wallet.views.ts';

type Form = Record<string, string | undefined>;

export default async function walletPublicPages(app: App, { services }: PluginOptions): Promise<void> {
  const PAGE = { schema: { hide: true }, config: { page: true } };
  const secure = services.config.publicUrlIsHttps;
  const base = services.config.publicUrl;

  const og = (title: string, c: WalletCredential | undefined, url: string): OpenGraph => ({
    title, url, type: 'website',
    description: c ? `${c.name}, issued by ${c.issuer.name} on ${c.issuedAt.slice(0, 10)}. A verifiable Open Badges 3.0 credential.` : 'Verifiable Open Badges 3.0 credentials.',
    // Link previews need a fetchable image: the achievement's public image URL (the credential embeds a data: URI).
    ...(c?.kind === 'issued' && c.achievementVersion !== null ? { image: achievementImageUrl(base, c.achievementId, c.achievementVersion) }
      : c?.display.image && /^https?:\/\//.test(c.display.image) ? { image: c.display.image } : {}),
  });

  // ---- claim links ----
  async function claimPage(request: Parameters<typeof page>[0], reply: Parameters<typeof page>[1], token: string, errors = {}, v: Form = {}, status = 200) {
    try {
      const info = await services.wallet.describeClaim(token);
      const who = request.auth.userId ? request.auth.user?.name ?? 'you' : null;
      return page(request, reply, { title: 'Claim your credential', noindex: true, body: claimBody(token, info, request.csrfToken, who, errors, v) }, status);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'claim_link_invalid') throw e;
      return page(request, reply, { title: 'Claim link not valid', noindex: true, body: html`<section class="card narrow"><h1>This claim link is not valid</h1><p>It may have been used already. If the credential is yours, <a href="/signin?next=/wallet">sign in</a> to see it in your wallet; credentials sent to a confirmed address of yours appear there by themselves.</p></section>` }, 404);
    }
  }

  app.get('/claim/:token', PAGE, async (request, reply) => claimPage(request, reply, (request.params as { token: string }).token));

  app.post('/claim/:token', PAGE, async (request, reply) => {
    const { token } = request.params as { token: string };
    if (!request.auth.userId) return reply.redirect(`/claim/${token}`, 303);
    try {
      const { credentialId } = await services.wallet.claim(request.auth, token);
      return redirectWithFlash(reply, `/wallet/issued/${credentialId}`, { kind: 'success', message: 'The credential is in your wallet. It is private until you make it public.' });
    } catch (e) {
      if (!(e instanceof AppError) || statusOfError(e) >= 500 || e.code === 'claim_link_invalid') throw e;
      return claimPage(request, reply, token, fieldErrorsOf(e), {}, statusOfError(e));
    }
  });

  app.post('/claim/:token/signin', { ...PAGE, config: { page: true, rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const v = (request.body ?? {}) as Form;
    try {
      const user = await services.accounts.signIn(v.email ?? '', v.password ?? '');
      const { credentialId } = await services.wallet.claim({ userId: user.id, scopes: [] }, token);
      if (request.sessionToken) await services.sessions.destroy(request.sessionToken);
      const session = await services.sessions.create(user.id);
      setSessionCookie(reply, session.token, session.expiresAt, secure);
      return redirectWithFlash(reply, `/wallet/issued/${credentialId}`, { kind: 'success', message: 'Signed in: the credential is in your wallet.' });
    } catch (e) {
      if (!(e instanceof AppError) || statusOfError(e) >= 500 || e.code === 'claim_link_invalid') throw e;
      return claimPage(request, reply, token, fieldErrorsOf(e), { email: v.email }, statusOfError(e));
    }
  });

  app.post('/claim/:token/signup', PAGE, async (request, reply) => {
    const { token } = request.params as { token: string };
    const v = (request.body ?? {}) as Form;
    try {
      const { userId, credentialId } = await services.wallet.claimWithSignUp(token, { name: v.name, password: v.password });
      const session = await services.sessions.create(userId);
      setSessionCookie(reply, session.token, session.expiresAt, secure);
      return redirectWithFlash(reply, `/wallet/issued/${credentialId}`, { kind: 'success', message: 'Welcome! Your wallet is ready and the credential is in it.' });
    } catch (e) {
      if (!(e instanceof AppError) || statusOfError(e) >= 500 || e.code === 'claim_link_invalid') throw e;
      return claimPage(request, reply, token, fieldErrorsOf(e), { name: v.name }, statusOfError(e));
    }
  });

  // ---- share links ----
  async function openShare<T>(request: Parameters<typeof page>[0], reply: Parameters<typeof page>[1], fn: () => Promise<T>): Promise<T | ReturnType<typeof page>> {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const kind = e.code === 'share_link_withdrawn' ? 'withdrawn' : e.code === 'share_link_expired' ? 'expired' : e.code === 'share_link_not_found' ? 'missing' : undefined;
      if (!kind) throw e;
      const title = kind === 'withdrawn' ? 'Link withdrawn' : kind === 'expired' ? 'Link expired' : 'Link not found';
      return page(request, reply, { title, noindex: true, body: shareGoneBody(kind) }, kind === 'missing' ? 404 : 410);
    }
  }

  app.get('/s/:token', PAGE, async (request, reply) => {
    const { token } = request.params as { token: string };
    return openShare(request, reply, async () => {
      const s = await services.walletShares.open(token, { viewer: request.auth });
      const url = `${base}/s/${token}`;
      if (s.credentials.length === 1) {
        const c = s.credentials[0]!;
        return page(request, reply, {
          title: `${c.name} · shared by ${s.ownerName}`, noindex: true, og: og(`${s.ownerName}: ${c.name}`, c, url),
          body: html`<p class="muted">Shared by ${s.ownerName}${s.link.expiresAt ? html` · this link expires on ${s.link.expiresAt.slice(0, 10)}` : ''}</p>${credentialFacts(c)}${downloadsCard(c, `/s/${token}/${c.kind}/${c.id}/download`)}`,
        });
      }
      return page(request, reply, {
        title: `Credentials shared by ${s.ownerName}`, noindex: true, og: og(`Credentials of ${s.ownerName}`, s.credentials[0], url),
        body: sharedListBody(s.link.label ?? `Credentials of ${s.ownerName}`, `Shared by ${s.ownerName}${s.link.expiresAt ? `; this link expires on ${s.link.expiresAt.slice(0, 10)}` : ''}.`, s.credentials, (c) => `/s/${token}/${c.kind}/${c.id}`),
      });
    });
  });

  app.get('/s/:token/:kind/:id', PAGE, async (request, reply) => {
    const { token, kind, id } = request.params as { token: string; kind: string; id: string };
    return openShare(request, reply, async () => {
      const { ownerName, credential: c } = await services.walletShares.openItem(token, kind, id);
      return page(request, reply, {
        title: `${c.name} · shared by ${ownerName}`, noindex: true, og: og(`${ownerName}: ${c.name}`, c, `${base}/s/${token}/${kind}/${id}`),
        body: html`<p><a href="/s/${token}">← All shared credentials</a></p>${credentialFacts(c)}${downloadsCard(c, `/s/${token}/${c.kind}/${c.id}/download`)}`,
      });
    });
  });

  app.get('/s/:token/:kind/:id/download/:format', PAGE, async (request, reply) => {
    const { token, kind, id, format } = request.params as { token: string; kind: string; id: string; format: string };
    return openShare(request, reply, async () => {
      const { credential, ownerName } = await services.walletShares.openItem(token, kind, id);
      return sendFile(reply, await buildDownload(services.walletDownloads, credential, format, ownerName));
    });
  });

  // ---- public profiles ----
  app.get('/u/:slug', PAGE, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const p = await services.wallet.publicProfile(slug);
    return page(request, reply, {
      title: p.name, og: og(`${p.name}: credentials`, p.credentials[0], `${base}/u/${slug}`),
      body: sharedListBody(p.name, 'Credentials this person chose to show publicly. Each one can be verified.', p.credentials, (c) => `/u/${slug}/${c.kind}/${c.id}`),
    });
  });

  app.get('/u/:slug/:kind/:id', PAGE, async (request, reply) => {
    const { slug, kind, id } = request.params as { slug: string; kind: string; id: string };
    const { name, credential: c } = await services.wallet.publicCredential(slug, kind === 'external' ? 'external' : 'issued', id);
    return page(request, reply, {
      title: `${c.name} · ${name}`, og: og(`${name}: ${c.name}`, c, `${base}/u/${slug}/${kind}/${id}`),
      body: html`<p><a href="/u/${slug}">← ${name}</a></p>${credentialFacts(c)}${downloadsCard(c, `/u/${slug}/${c.kind}/${c.id}/download`)}`,
    });
  });

  app.get('/u/:slug/:kind/:id/download/:format', PAGE, async (request, reply) => {
    const { slug, kind, id, format } = request.params as { slug: string; kind: string; id: string; format: string };
    const { credential, name } = await services.wallet.publicCredential(slug, kind === 'external' ? 'external' : 'issued', id);
    return sendFile(reply, await buildDownload(services.walletDownloads, credential, format, name));
  });
}
