/**
 * The learner's wallet: one account holds several verified addresses, and every credential issued to any of
 * them lands here (learner records are linked only to VERIFIED addresses). Claim links from award emails sign
 * the learner in or up; each credential is private until the learner makes it public; an opt-in profile lists
 * the public ones. Another person's credential is a 404, never a 403.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import { findCredentialAnyOrg } from '../db/repositories/credentials.repository.ts';
import {
  consumeEmailToken, findEmailToken, findUserEmail, insertUser, insertUserEmail, listUserEmails, markEmailVerified,
} from '../db/repositories/users.repository.ts';
import {
  findExternalOfUser, findIssuedOfUser, findProfileBySlug, findProfileSettings, findVerifiedOwners, linkLearners, listExternalOfUser,
  listIssuedOfUser, listPublicIssuedOfUser, listExternalOfUsers, markClaimed, saveProfileSettings, setCodeDisabled, setExternalVisibility, setIssuedVisibility, slugTakenByOther,
} from '../db/repositories/wallet.repository.ts';
import { withTransaction, type Db } from '../db/transaction.ts';
import { checkPassword } from './accounts.service.ts';
import { requireUser, type Auth } from './auth.ts';
import type { CredentialEvent } from './credential-events.ts';
import type { Deps } from './deps.ts';
import { hashPassword, hashToken } from './security.ts';
import { externalView, filterWallet, issuedView, type WalletCredential, type WalletFilter, type WalletKind } from './wallet-view.ts';

/** What a claim link shows before it is used. */
export interface ClaimInfo {
  email: string;
  credentialId: string;
  achievementName: string;
  issuerName: string;
  /** An account already has this address (sign in), or none does (sign up). */
  accountExists: boolean;
}

export interface ProfileSettings { name: string; publicProfile: boolean; slug: string | null }

const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

export class WalletService {
  constructor(private readonly deps: Deps) {}

  /** Links every learner record sent to one of the user's VERIFIED addresses to the user; returns how many. */
  async linkVerifiedEmails(userId: string): Promise<number> {
    const verified = (await listUserEmails(this.deps.db, userId)).filter((e) => e.verifiedAt).map((e) => e.email);
    return linkLearners(this.deps.db, userId, verified);
  }

  /** Accounts hook: an address was just verified, so credentials sent to it join the wallet. */
  async onEmailVerified(e: { userId: string; email: string }): Promise<void> {
    await linkLearners(this.deps.db, e.userId, [e.email]);
  }

  /**
   * Credential-event hook (batch): credentials issued to verified addresses land in those wallets at once. A bulk
   * page's events are answered with one owner lookup for all their addresses, then one link per account.
   */
  async onCredentialsIssued(events: readonly CredentialEvent[]): Promise<void> {
    const owners = await findVerifiedOwners(this.deps.db, events.filter((e) => e.type === 'issued').map((e) => e.recipientEmail));
    const emailsByOwner = new Map<string, string[]>();
    for (const [email, owner] of owners) emailsByOwner.set(owner, [...(emailsByOwner.get(owner) ?? []), email]);
    for (const [owner, emails] of emailsByOwner) await linkLearners(this.deps.db, owner, emails);
  }

  /** Every credential in the signed-in learner's wallet (issued and imported), filtered. */
  async list(auth: Auth, filter: WalletFilter = {}): Promise<WalletCredential[]> {
    const userId = requireUser(auth);
    await this.linkVerifiedEmails(userId);
    const now = this.deps.clock.now();
    const issued = (await listIssuedOfUser(this.deps.db, userId)).map((r) => issuedView(r, now, this.deps.config.publicUrl));
    const external = (await listExternalOfUser(this.deps.db, userId)).map((e) => externalView(e, now));
    const all = [...issued, ...external].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
    return filterWallet(all, filter);
  }

  /** One credential of the signed-in learner; `credential_not_found` (404) for anyone else's or unknown ids. */
  async get(auth: Auth, kind: WalletKind, id: string): Promise<WalletCredential> {
    const userId = requireUser(auth);
    const found = await this.findOwned(userId, kind, id);
    if (!found) throw new AppError('credential_not_found');
    return found;
  }

  /** Reads one of a user's credentials (no auth: callers have established who the user is). */
  async findOwned(userId: string, kind: WalletKind, id: string): Promise<WalletCredential | undefined> {
    const now = this.deps.clock.now();
    if (typeof id !== 'string' || id.length > 64) return undefined;
    if (kind === 'issued') {
      const r = await findIssuedOfUser(this.deps.db, userId, id);
      return r ? issuedView(r, now, this.deps.config.publicUrl) : undefined;
    }
    const e = await findExternalOfUser(this.deps.db, userId, id);
    return e ? externalView(e, now) : undefined;
  }

  /** Makes one of the learner's credentials public or private. */
  async setVisibility(auth: Auth, kind: WalletKind, id: string, visibility: unknown): Promise<void> {
    const userId = requireUser(auth);
    if (visibility !== 'public' && visibility !== 'private') throw new AppError('validation_failed', 'Choose public or private.', { field: 'visibility' });
    const ok = kind === 'issued'
      ? await setIssuedVisibility(this.deps.db, userId, id, visibility)
      : await setExternalVisibility(this.deps.db, userId, id, visibility);
    if (!ok) throw new AppError('credential_not_found');
  }

  /**
   * Turns the credential's public verification code off or on. With the code off, `/v/<code>` says the holder
   * disabled it instead of showing the credential (the signed credential itself still verifies anywhere).
   */
  async setCodeEnabled(auth: Auth, id: string, enabled: boolean): Promise<void> {
    const userId = requireUser(auth);
    if (!(await setCodeDisabled(this.deps.db, userId, id, enabled ? null : this.deps.clock.now().toISOString()))) throw new AppError('credential_not_found');
  }

  /** Imported credentials of the users behind learner records, for pathways (`ExternalHoldings` port). */
  async externalOfUsers(userIds: readonly string[]): Promise<WalletCredential[][]> {
    const now = this.deps.clock.now();
    const all = await listExternalOfUsers(this.deps.db, userIds);
    return userIds.map((u) => all.filter((e) => e.userId === u).map((e) => externalView(e, now)));
  }

  // ---- claim links (award emails) ----

  private async claimToken(token: string, db: Db = this.deps.db) {
    const t = await findEmailToken(db, hashToken(String(token)), 'claim', this.deps.clock.now().toISOString());
    const credentialId = typeof t?.data?.credentialId === 'string' ? t.data.credentialId : undefined;
    if (!t || !credentialId) throw new AppError('claim_link_invalid');
    return { email: t.email, credentialId };
  }

  /** What a claim link is for (without using it); `claim_link_invalid` when unknown, used or expired. */
  async describeClaim(token: string): Promise<ClaimInfo> {
    const { email, credentialId } = await this.claimToken(token);
    const c = await findCredentialAnyOrg(this.deps.db, credentialId);
    if (!c) throw new AppError('claim_link_invalid');
    const doc = JSON.parse(c.document) as { issuer?: { name?: string }; credentialSubject?: { achievement?: { name?: string } } };
    return {
      email, credentialId, achievementName: doc.credentialSubject?.achievement?.name ?? 'Credential', issuerName: doc.issuer?.name ?? 'The issuer',
      accountExists: Boolean(await findUserEmail(this.deps.db, email)),
    };
  }

  /**
   * Claims with the signed-in account. The link proves control of the inbox, so the address is added to the
   * account as verified when no account has it; an address of another account is refused.
   */
  async claim(auth: Auth, token: string): Promise<{ credentialId: string }> {
    const userId = requireUser(auth);
    return withTransaction(this.deps.db, (trx) => this.claimIn(trx, userId, token));
  }

  private async claimIn(trx: Db, userId: string, token: string): Promise<{ credentialId: string }> {
    const now = this.deps.clock.now().toISOString();
    const { email, credentialId } = await this.claimToken(token, trx);
    const rec = await findUserEmail(trx, email);
    if (rec && rec.userId !== userId) throw new AppError('claim_email_taken', undefined, { field: 'email' });
    if (!rec) await insertUserEmail(trx, { id: randomUUID(), userId, email, isPrimary: false, verifiedAt: now, createdAt: now });
    else if (!rec.verifiedAt) await markEmailVerified(trx, userId, email, now);
    if (!(await consumeEmailToken(trx, hashToken(String(token)), 'claim', now))) throw new AppError('claim_link_invalid');
    await linkLearners(trx, userId, [email]);
    await markClaimed(trx, credentialId, now);
    return { credentialId };
  }

  /** Creates an account for the claim link's address (verified by the link) and claims; returns the new user id. */
  async claimWithSignUp(token: string, input: { name: unknown; password: unknown }): Promise<{ userId: string; credentialId: string }> {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!name || name.length > 120) throw new AppError('validation_failed', 'Enter your name (up to 120 characters).', { field: 'name' });
    const password = checkPassword(input.password);
    const info = await this.claimToken(token);
    if (await findUserEmail(this.deps.db, info.email)) throw new AppError('claim_email_taken', 'An account already has this address: sign in to claim the credential.', { field: 'email' });
    const passwordHash = await hashPassword(password, this.deps.random);
    const now = this.deps.clock.now().toISOString();
    const userId = randomUUID();
    await withTransaction(this.deps.db, async (trx) => {
      await insertUser(trx, { id: userId, name, publicProfile: false, profileSlug: null, createdAt: now, deletedAt: null }, passwordHash);
      await insertUserEmail(trx, { id: randomUUID(), userId, email: info.email, isPrimary: true, verifiedAt: null, createdAt: now });
      await this.claimIn(trx, userId, token);
    });
    return { userId, credentialId: info.credentialId };
  }

  // ---- public profile ----

  /** The learner's profile settings. */
  async profileSettings(auth: Auth): Promise<ProfileSettings> {
    const s = await findProfileSettings(this.deps.db, requireUser(auth));
    if (!s) throw new AppError('not_found', 'No such user.');
    return s;
  }

  /** Turns the public profile on or off and sets its address `/u/<slug>`. */
  async saveProfile(auth: Auth, input: { publicProfile: unknown; slug: unknown }): Promise<ProfileSettings> {
    const userId = requireUser(auth);
    const on = input.publicProfile === true || input.publicProfile === 'on' || input.publicProfile === 'true';
    const raw = typeof input.slug === 'string' ? input.slug.trim().toLowerCase() : '';
    if (on && !raw) throw new AppError('validation_failed', 'Choose the address of your public profile.', { field: 'slug' });
    if (raw && !SLUG_RE.test(raw)) throw new AppError('validation_failed', 'The address may contain 3 to 40 lower-case letters, digits and dashes.', { field: 'slug' });
    if (raw && (await slugTakenByOther(this.deps.db, userId, raw))) throw new AppError('profile_slug_taken', undefined, { field: 'slug' });
    await saveProfileSettings(this.deps.db, userId, { publicProfile: on, slug: raw || null });
    return this.profileSettings(auth);
  }

  /** A public profile and only its public credentials; `not_found` unless the learner opted in. */
  async publicProfile(slug: string): Promise<{ name: string; slug: string; credentials: WalletCredential[] }> {
    const p = typeof slug === 'string' && SLUG_RE.test(slug) ? await findProfileBySlug(this.deps.db, slug) : undefined;
    if (!p) throw new AppError('not_found', 'No public profile has this address.');
    const now = this.deps.clock.now();
    const issued = (await listPublicIssuedOfUser(this.deps.db, p.userId)).map((r) => issuedView(r, now, this.deps.config.publicUrl));
    const external = (await listExternalOfUser(this.deps.db, p.userId)).filter((e) => e.visibility === 'public').map((e) => externalView(e, now));
    return { name: p.name, slug, credentials: [...issued, ...external].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt)) };
  }

  /** A public credential of a public profile (its page under `/u/<slug>/c/...`); 404 for private ones. */
  async publicCredential(slug: string, kind: WalletKind, id: string): Promise<{ name: string; credential: WalletCredential }> {
    const p = await this.publicProfile(slug);
    const c = p.credentials.find((x) => x.kind === kind && x.id === id);
    if (!c) throw new AppError('credential_not_found');
    return { name: p.name, credential: c };
  }
}
