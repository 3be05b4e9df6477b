/** Issuer keys as staff see them: list (public parts only) and rotate, with permission checks and audit. */
import { pingDatabase, withTransaction } from '../db/transaction.ts';
import { audit } from './audit.service.ts';
import { requirePermission, type Auth } from './auth.ts';
import type { Deps } from './deps.ts';
import type { PublicKeyInfo } from './key-store.ts';

export class KeysService {
  constructor(private readonly deps: Deps) {}

  /** Every key of the caller's organization, active first (public parts only). */
  list(auth: Auth): Promise<PublicKeyInfo[]> {
    const a = requirePermission(auth, 'org:read');
    return this.deps.keyStore.publicKeys(a.organizationId);
  }

  /** Retires the active key and creates a new one (needs `keys:manage`); old keys stay published. */
  async rotate(auth: Auth): Promise<PublicKeyInfo> {
    const a = requirePermission(auth, 'keys:manage');
    return withTransaction(this.deps.db, async (trx) => {
      const key = await this.deps.keyStore.rotate(a.organizationId, trx);
      await audit({ db: trx, clock: this.deps.clock }, a, 'key.rotate', { type: 'issuer_key', id: key.keyId }, { publicKeyMultibase: key.publicKeyMultibase });
      return key;
    });
  }
}

/** Health of the service's dependencies. */
export class HealthService {
  constructor(private readonly deps: Deps) {}

  /** Throws when the database does not answer; returns the dialect otherwise. */
  async check(): Promise<{ database: string }> {
    await pingDatabase(this.deps.db);
    return { database: this.deps.dialect };
  }
}
