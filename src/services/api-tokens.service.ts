/** API tokens: created with scopes (the secret is shown once), listed by prefix, revocable. */
import { randomUUID } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import { insertApiToken, listApiTokens, revokeApiToken, type ApiToken } from '../db/repositories/api-tokens.repository.ts';
import { withTransaction } from '../db/transaction.ts';
import { audit } from './audit.service.ts';
import { requirePermission, type Auth } from './auth.ts';
import type { Deps } from './deps.ts';
import { TOKEN_SCOPES } from './permissions.ts';
import { hashToken, newToken } from './security.ts';
import { API_TOKEN_PREFIX } from './sessions.service.ts';

export interface CreatedApiToken { token: ApiToken; /** The secret, returned only here. */ secret: string }

export class ApiTokensService {
  constructor(private readonly deps: Deps) {}

  /** Creates a token for the caller's organization (needs `tokens:manage`). */
  async create(auth: Auth, input: { name: string; scopes: string[] }): Promise<CreatedApiToken> {
    const a = requirePermission(auth, 'tokens:manage');
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!name || name.length > 80) throw new AppError('validation_failed', 'Give the token a name (up to 80 characters).', { field: 'name' });
    const scopes = [...new Set(Array.isArray(input.scopes) ? input.scopes : [])];
    if (scopes.length === 0) throw new AppError('validation_failed', 'Choose at least one scope.', { field: 'scopes' });
    const unknown = scopes.find((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
    if (unknown) throw new AppError('validation_failed', `Unknown scope "${unknown}"; choose from ${TOKEN_SCOPES.join(', ')}.`, { field: 'scopes' });
    const secret = API_TOKEN_PREFIX + newToken(this.deps.random);
    const token: ApiToken = {
      id: randomUUID(), organizationId: a.organizationId, name, prefix: secret.slice(0, 11), scopes,
      createdBy: a.userId ?? null, createdAt: this.deps.clock.now().toISOString(), lastUsedAt: null, revokedAt: null,
    };
    await withTransaction(this.deps.db, async (trx) => {
      await insertApiToken(trx, token, hashToken(secret));
      await audit({ db: trx, clock: this.deps.clock }, a, 'api_token.create', { type: 'api_token', id: token.id }, { name, scopes });
    });
    return { token, secret };
  }

  /** Lists the organization's tokens (never the secrets). */
  list(auth: Auth): Promise<ApiToken[]> {
    const a = requirePermission(auth, 'tokens:manage');
    return listApiTokens(this.deps.db, a.organizationId);
  }

  /** Revokes a token of the caller's organization; `not_found` for another organization's token. */
  async revoke(auth: Auth, tokenId: string): Promise<void> {
    const a = requirePermission(auth, 'tokens:manage');
    await withTransaction(this.deps.db, async (trx) => {
      const ok = await revokeApiToken(trx, a.organizationId, tokenId, this.deps.clock.now().toISOString());
      if (!ok) throw new AppError('not_found', 'No such active API token.');
      await audit({ db: trx, clock: this.deps.clock }, a, 'api_token.revoke', { type: 'api_token', id: tokenId });
    });
  }
}
