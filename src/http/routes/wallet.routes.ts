/** JSON API of the signed-in learner's wallet: credentials, visibility, downloads, share links, imports, export, deletion. */
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.ts';
import type { WalletCredential, WalletKind } from '../../services/wallet-view.ts';
import { buildDownload, DOWNLOAD_FORMATS, sendFile } from '../../web/pages/wallet-files.ts';
import { StrictObject, Uuid, errorResponses, secured } from '../schemas/common.ts';
import type { App, PluginOptions } from '../types.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Kind = Type.Union([Type.Literal('issued'), Type.Literal('external')]);
const Params = Type.Object({ kind: Kind, id: Uuid });
const CredentialOut = Type.Object({
  kind: Kind, id: Type.String(), name: Type.String(), issuer: Type.Object({ id: Type.String(), name: Type.String() }),
  state: Type.String(), visibility: Type.String(), issuedAt: Type.String(), validUntil: Nullable(Type.String()),
  verificationCode: Nullable(Type.String()), verifyUrl: Nullable(Type.String()), claimedAt: Nullable(Type.String()),
  competencies: Type.Array(Type.String()),
});
const ShareOut = Type.Object({
  id: Type.String(), kind: Type.String(), label: Nullable(Type.String()), expiresAt: Nullable(Type.String()), revokedAt: Nullable(Type.String()),
  viewCount: Type.Number(), lastViewedAt: Nullable(Type.String()), createdAt: Type.String(), status: Type.String(),
  items: Type.Array(Type.Object({ kind: Type.String(), id: Type.String() })),
});
const TAGS = ['wallet'];

const out = (c: WalletCredential) => ({
  kind: c.kind, id: c.id, name: c.name, issuer: { id: c.issuer.id, name: c.issuer.name }, state: c.state, visibility: c.visibility,
  issuedAt: c.issuedAt, validUntil: c.validUntil, verificationCode: c.verificationCode, verifyUrl: c.verifyUrl, claimedAt: c.claimedAt,
  competencies: c.display.competencies.map((k) => k.name),
});

export default async function walletRoutes(app: App, { services }: PluginOptions): Promise<void> {
  app.get('/wallet/credentials', {
    schema: {
      tags: TAGS, summary: "The signed-in learner's credentials (issued and imported), filtered", security: secured,
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), state: Type.Optional(Type.String()), visibility: Type.Optional(Type.String()), issuer: Type.Optional(Type.String()) }),
      response: { 200: Type.Object({ items: Type.Array(CredentialOut) }), ...errorResponses(401) },
    },
  }, async (request) => ({ items: (await services.wallet.list(request.auth, request.query as Record<string, string>)).map(out) }));

  app.get('/wallet/credentials/:kind/:id', {
    schema: { tags: TAGS, summary: 'One credential of the wallet (404 for anyone else’s)', security: secured, params: Params, response: { 200: CredentialOut, ...errorResponses(401, 404) } },
  }, async (request) => {
    const { kind, id } = request.params as { kind: WalletKind; id: string };
    return out(await services.wallet.get(request.auth, kind, id));
  });

  app.put('/wallet/credentials/:kind/:id/visibility', {
    schema: {
      tags: TAGS, summary: 'Make a credential public or private', security: secured, params: Params,
      body: StrictObject({ visibility: Type.Union([Type.Literal('public'), Type.Literal('private')]) }),
      response: { 200: CredentialOut, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => {
    const { kind, id } = request.params as { kind: WalletKind; id: string };
    await services.wallet.setVisibility(request.auth, kind, id, (request.body as { visibility: string }).visibility);
    return out(await services.wallet.get(request.auth, kind, id));
  });

  app.get('/wallet/credentials/:kind/:id/download/:format', {
    schema: {
      tags: TAGS, summary: `Download a credential: ${DOWNLOAD_FORMATS.join(', ')}`, security: secured,
      params: Type.Object({ kind: Kind, id: Uuid, format: Type.Union(DOWNLOAD_FORMATS.map((f) => Type.Literal(f))) }),
      response: { ...errorResponses(401, 404) },
    },
  }, async (request, reply) => {
    const { kind, id, format } = request.params as { kind: WalletKind; id: string; format: string };
    return sendFile(reply, await buildDownload(services.walletDownloads, await services.wallet.get(request.auth, kind, id), format, request.auth.user?.name));
  });

  app.get('/wallet/shares', {
    schema: { tags: TAGS, summary: 'Share links with status and views', security: secured, response: { 200: Type.Object({ items: Type.Array(ShareOut) }), ...errorResponses(401) } },
  }, async (request) => ({ items: await services.walletShares.list(request.auth) }));

  app.post('/wallet/shares', {
    schema: {
      tags: TAGS, summary: 'Create a share link (the token is returned once)', security: secured,
      body: StrictObject({
        items: Type.Array(Type.Object({ kind: Kind, id: Uuid }), { minItems: 1, maxItems: 100 }), label: Type.Optional(Type.String({ maxLength: 120 })),
        expiry: Type.Optional(Type.Union(['never', '1d', '1w', '30d', 'date'].map((e) => Type.Literal(e)))), expiresOn: Type.Optional(Type.String({ format: 'date' })),
      }),
      response: { 201: Type.Object({ link: ShareOut, url: Type.String() }), ...errorResponses(400, 401, 404) },
    },
  }, async (request, reply) => {
    const { link, url } = await services.walletShares.create(request.auth, request.body as { items: unknown });
    return reply.code(201).send({ link, url });
  });

  app.post('/wallet/shares/:id/revoke', {
    schema: { tags: TAGS, summary: 'Withdraw a share link at once', security: secured, params: Type.Object({ id: Uuid }), response: { 204: Type.Null(), ...errorResponses(401, 404) } },
  }, async (request, reply) => {
    await services.walletShares.revoke(request.auth, (request.params as { id: string }).id);
    return reply.code(204).send(null);
  });

  app.post('/wallet/imports', {
    schema: {
      tags: TAGS, summary: 'Import a credential from elsewhere (verified first)', security: secured,
      body: StrictObject({ text: Type.Optional(Type.String({ maxLength: 5_000_000 })), url: Type.Optional(Type.String({ maxLength: 2000 })), base64: Type.Optional(Type.String({ maxLength: 7_000_000 })) }),
      response: { 201: CredentialOut, ...errorResponses(400, 401, 409, 422) },
    },
    bodyLimit: 8 * 1024 * 1024,
  }, async (request, reply) => {
    const b = request.body as { text?: string; url?: string; base64?: string };
    const input = b.base64 ? { bytes: new Uint8Array(Buffer.from(b.base64, 'base64')) } : b.url ? { url: b.url } : b.text !== undefined ? { text: b.text } : undefined;
    if (!input) throw new AppError('validation_failed', 'Send text, url or base64.', { field: 'text' });
    return reply.code(201).send(out(await services.walletImport.import(request.auth, input)));
  });

  app.get('/wallet/export', {
    schema: { tags: TAGS, summary: 'Everything in the wallet as a ZIP', security: secured, response: { ...errorResponses(401) } },
  }, async (request, reply) => sendFile(reply, { filename: 'microcred-wallet.zip', contentType: 'application/zip', bytes: await services.walletData.exportZip(request.auth) }));

  app.delete('/wallet/account', {
    schema: {
      tags: TAGS, summary: 'Delete the account (issued credentials stay valid)', security: secured,
      body: StrictObject({ confirm: Type.Literal('DELETE') }), response: { 204: Type.Null(), ...errorResponses(400, 401) },
    },
  }, async (request, reply) => {
    await services.walletData.deleteAccount(request.auth, (request.body as { confirm: string }).confirm);
    return reply.code(204).send(null);
  });
}
