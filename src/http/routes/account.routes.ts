/** JSON API for the signed-in caller: who am I, organization profile, keys, members, API tokens, audit. */
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.ts';
import { TOKEN_SCOPES, ROLES } from '../../services/permissions.ts';
import { StrictObject, Uuid, errorResponses, secured } from '../schemas/common.ts';
import type { App, PluginOptions } from '../types.ts';

const KeyInfo = Type.Object({
  keyId: Type.String(), algorithm: Type.String(), publicKeyMultibase: Type.String(), verificationMethodId: Type.String(),
  issuerId: Type.String(), status: Type.String(), createdAt: Type.String(), retiredAt: Type.Union([Type.String(), Type.Null()]),
});
const TokenInfo = Type.Object({
  id: Type.String(), name: Type.String(), prefix: Type.String(), scopes: Type.Array(Type.String()), createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]), revokedAt: Type.Union([Type.String(), Type.Null()]),
});
const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const OrgInfo = Type.Object({
  id: Type.String(), slug: Type.String(), kind: Type.String(), name: Type.String(), url: Nullable(Type.String()), email: Nullable(Type.String()),
  description: Nullable(Type.String()), didMethod: Type.String(), issuerId: Type.String(), profileUrl: Type.String(),
});

export default async function accountRoutes(app: App, { services }: PluginOptions): Promise<void> {
  app.get('/me', {
    schema: {
      tags: ['account'], summary: 'The caller: user or API token, organization, role and scopes', security: secured,
      response: {
        200: Type.Object({
          userId: Type.Optional(Type.String()), tokenId: Type.Optional(Type.String()), organizationId: Type.Optional(Type.String()),
          role: Type.Optional(Type.String()), scopes: Type.Array(Type.String()),
        }),
        ...errorResponses(401),
      },
    },
  }, async (request) => {
    const a = request.auth;
    if (!a.userId && !a.tokenId) throw new AppError('unauthenticated');
    return { userId: a.userId, tokenId: a.tokenId, organizationId: a.organizationId, role: a.role, scopes: a.scopes };
  });

  app.get('/organization', {
    schema: { tags: ['account'], summary: "The caller's organization", security: secured, response: { 200: OrgInfo, ...errorResponses(401, 403) } },
  }, async (request) => {
    const org = await services.organizations.get(request.auth);
    const id = await services.issuerIdentity.forOrganization(org.id);
    return { ...org, issuerId: id.issuerId, profileUrl: id.profileUrl };
  });

  app.patch('/organization', {
    schema: {
      tags: ['account'], summary: 'Update the organization profile', security: secured,
      body: StrictObject({
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 160 })), url: Type.Optional(Type.String({ maxLength: 500 })),
        email: Type.Optional(Type.String({ maxLength: 254 })), description: Type.Optional(Type.String({ maxLength: 4000 })),
      }),
      response: { 200: OrgInfo, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const org = await services.organizations.updateProfile(request.auth, request.body);
    const id = await services.issuerIdentity.forOrganization(org.id);
    return { ...org, issuerId: id.issuerId, profileUrl: id.profileUrl };
  });

  app.get('/organization/keys', {
    schema: { tags: ['account'], summary: 'Signing keys (public parts), active first', security: secured, response: { 200: Type.Array(KeyInfo), ...errorResponses(401, 403) } },
  }, async (request) => services.keys.list(request.auth));

  app.post('/organization/keys/rotate', {
    schema: { tags: ['account'], summary: 'Rotate the signing key (old keys stay published)', security: secured, response: { 201: KeyInfo, ...errorResponses(401, 403) } },
  }, async (request, reply) => reply.code(201).send(await services.keys.rotate(request.auth)));

  app.get('/organization/members', {
    schema: {
      tags: ['account'], summary: 'Members and roles', security: secured,
      response: { 200: Type.Array(Type.Object({ userId: Type.String(), name: Type.String(), email: Nullable(Type.String()), role: Type.String(), createdAt: Type.String() })), ...errorResponses(401, 403) },
    },
  }, async (request) => services.organizations.members(request.auth));

  app.post('/organization/members', {
    schema: {
      tags: ['account'], summary: 'Invite someone by email with a role', security: secured,
      body: StrictObject({ email: Type.String({ maxLength: 254 }), role: Type.Union(ROLES.map((r) => Type.Literal(r))) }),
      response: { 202: Type.Object({ joined: Type.Boolean() }), ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => reply.code(202).send(await services.organizations.invite(request.auth, request.body)));

  app.patch('/organization/members/:userId', {
    schema: {
      tags: ['account'], summary: "Change a member's role", security: secured, params: Type.Object({ userId: Uuid }),
      body: StrictObject({ role: Type.Union(ROLES.map((r) => Type.Literal(r))) }),
      response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await services.organizations.changeRole(request.auth, request.params.userId, request.body.role);
    return reply.code(204).send(null);
  });

  app.delete('/organization/members/:userId', {
    schema: { tags: ['account'], summary: 'Remove a member', security: secured, params: Type.Object({ userId: Uuid }), response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    await services.organizations.removeMember(request.auth, request.params.userId);
    return reply.code(204).send(null);
  });

  app.get('/api-tokens', {
    schema: { tags: ['account'], summary: 'API tokens (never the secrets)', security: secured, response: { 200: Type.Array(TokenInfo), ...errorResponses(401, 403) } },
  }, async (request) => services.apiTokens.list(request.auth));

  app.post('/api-tokens', {
    schema: {
      tags: ['account'], summary: 'Create an API token; the secret is returned only in this response', security: secured,
      body: StrictObject({ name: Type.String({ minLength: 1, maxLength: 80 }), scopes: Type.Array(Type.Union(TOKEN_SCOPES.map((s) => Type.Literal(s))), { minItems: 1 }) }),
      response: { 201: Type.Object({ token: TokenInfo, secret: Type.String() }), ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => reply.code(201).send(await services.apiTokens.create(request.auth, request.body)));

  app.delete('/api-tokens/:id', {
    schema: { tags: ['account'], summary: 'Revoke an API token', security: secured, params: Type.Object({ id: Uuid }), response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } },
  }, async (request, reply) => {
    await services.apiTokens.revoke(request.auth, request.params.id);
    return reply.code(204).send(null);
  });

  app.get('/audit', {
    schema: {
      tags: ['account'], summary: 'Audit log, newest first', security: secured,
      querystring: Type.Object({ action: Type.Optional(Type.String({ maxLength: 80 })), before: Type.Optional(Type.String({ maxLength: 40 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
      response: {
        200: Type.Array(Type.Object({
          id: Type.String(), action: Type.String(), actorUserId: Nullable(Type.String()), actorTokenId: Nullable(Type.String()), actorName: Nullable(Type.String()),
          targetType: Nullable(Type.String()), targetId: Nullable(Type.String()), details: Type.Unknown(), createdAt: Type.String(),
        })),
        ...errorResponses(401, 403),
      },
    },
  }, async (request) => services.audit.list(request.auth, request.query));
}
