/**
 * "My data": everything the wallet holds as one ZIP (each credential as JSON, baked PNG and SVG and a PDF
 * certificate; the profile, addresses and share links as JSON), and deleting the account. Deleting keeps
 * issued credentials valid (they belong to the issuer's records) but removes shares, the profile, imports,
 * sessions and addresses, and unlinks the learner records.
 */
import { zipSync, strToU8 } from 'fflate';
import { AppError } from '../core/errors.ts';
import { countMembersWithRole, listMembershipsOfUser, listUserEmails } from '../db/repositories/users.repository.ts';
import { eraseUser, findProfileSettings } from '../db/repositories/wallet.repository.ts';
import { withTransaction } from '../db/transaction.ts';
import { requireUser, type Auth } from './auth.ts';
import type { Deps } from './deps.ts';
import { fileSlug, type WalletDownloadsService } from './wallet-downloads.service.ts';
import type { WalletSharesService } from './wallet-shares.service.ts';
import type { WalletService } from './wallet.service.ts';

export class WalletDataService {
  constructor(private readonly deps: Deps & { wallet: WalletService; shares: WalletSharesService; downloads: WalletDownloadsService }) {}

  /** The learner's whole wallet as a ZIP. */
  async exportZip(auth: Auth): Promise<Uint8Array> {
    const userId = requireUser(auth);
    const profile = await findProfileSettings(this.deps.db, userId);
    if (!profile) throw new AppError('not_found', 'No such user.');
    const credentials = await this.deps.wallet.list(auth);
    const files: Record<string, Uint8Array> = {};
    const used = new Set<string>();
    for (const c of credentials) {
      let dir = `credentials/${fileSlug(c.name)}`;
      for (let i = 2; used.has(dir); i++) dir = `credentials/${fileSlug(c.name)}-${i}`;
      used.add(dir);
      const json = this.deps.downloads.json(c);
      files[`${dir}/${json.filename}`] = json.bytes;
      for (const format of ['png', 'svg'] as const) {
        const f = await this.deps.downloads.baked(c, format);
        files[`${dir}/${f.filename}`] = f.bytes;
      }
      const pdf = await this.deps.downloads.pdf(c, 'a4', profile.name);
      files[`${dir}/${pdf.filename}`] = pdf.bytes;
    }
    const emails = await listUserEmails(this.deps.db, userId);
    const shares = await this.deps.shares.list(auth);
    files['profile.json'] = strToU8(JSON.stringify({
      exportedAt: this.deps.clock.now().toISOString(), name: profile.name, publicProfile: profile.publicProfile, profileSlug: profile.slug,
      emails: emails.map((e) => ({ email: e.email, primary: e.isPrimary, verifiedAt: e.verifiedAt })),
      credentials: credentials.map((c) => ({ kind: c.kind, id: c.id, name: c.name, issuer: c.issuer.name, state: c.state, visibility: c.visibility, issuedAt: c.issuedAt, validUntil: c.validUntil, verificationCode: c.verificationCode })),
      shareLinks: shares,
    }, null, 2));
    return zipSync(files, { level: 6, mtime: this.deps.clock.now() });
  }

  /** Deletes the account: the learner must type DELETE. Issued credentials stay valid. */
  async deleteAccount(auth: Auth, confirm: unknown): Promise<void> {
    const userId = requireUser(auth);
    if (confirm !== 'DELETE') throw new AppError('validation_failed', 'Type DELETE in capital letters to confirm.', { field: 'confirm' });
    await withTransaction(this.deps.db, async (trx) => {
      // An organization must keep an owner: its last owner hands ownership over before leaving.
      for (const m of await listMembershipsOfUser(trx, userId)) {
        if (m.role === 'owner' && (await countMembersWithRole(trx, m.organizationId, 'owner')) <= 1) {
          throw new AppError('validation_failed', `You are the only owner of ${m.organization.name}: make another member owner first.`, { field: 'confirm' });
        }
      }
      await eraseUser(trx, userId, this.deps.clock.now().toISOString());
    });
  }
}
