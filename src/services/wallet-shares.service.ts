/**
 * Share links: a learner shares one credential or a collection through an unguessable link (256 random bits;
 * only the SHA-256 is stored) with its OWN expiry (never, a date, or 1 day / 1 week / 30 days), separate from
 * the credentials' validity. A link can be withdrawn at once and counts its views.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import {
  findShareLinkByHash, findShareLinkOfUser, insertShareLink, listShareLinks, recordShareView, revokeShareLink, type ShareItem, type ShareLink,
} from '../db/repositories/share-links.repository.ts';
import { findProfileSettings } from '../db/repositories/wallet.repository.ts';
import { withTransaction } from '../db/transaction.ts';
import { requireUser, type Auth } from './auth.ts';
import type { Deps } from './deps.ts';
import { hashToken, newToken } from './security.ts';
import type { WalletService } from './wallet.service.ts';
import type { WalletCredential } from './wallet-view.ts';

export type ShareExpiry = 'never' | '1d' | '1w' | '30d' | 'date';
export const SHARE_EXPIRY_PRESETS: Record<Exclude<ShareExpiry, 'never' | 'date'>, { label: string; hours: number }> = {
  '1d': { label: '1 day', hours: 24 }, '1w': { label: '1 week', hours: 24 * 7 }, '30d': { label: '30 days', hours: 24 * 30 },
};
const MAX_ITEMS = 100;

export interface CreateShareInput { items: unknown; label?: unknown; expiry?: unknown; expiresOn?: unknown }

export type ShareStatus = 'active' | 'expired' | 'withdrawn';

export interface ShareLinkView {
  id: string; kind: 'credential' | 'collection'; label: string | null; expiresAt: string | null; revokedAt: string | null;
  viewCount: number; lastViewedAt: string | null; createdAt: string; status: ShareStatus; items: ShareItem[];
}

/** A link's status at `now`: withdrawn over expired over active. */
export function shareStatus(l: Pick<ShareLink, 'revokedAt' | 'expiresAt'>, now: Date): ShareStatus {
  if (l.revokedAt) return 'withdrawn';
  if (l.expiresAt && Date.parse(l.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

/** The link expiry chosen by the learner, as an ISO instant (null = never); dates end at 23:59:59 UTC. */
export function shareExpiryOf(expiry: unknown, expiresOn: unknown, now: Date): string | null {
  const e = typeof expiry === 'string' && expiry ? expiry : 'never';
  if (e === 'never') return null;
  if (e in SHARE_EXPIRY_PRESETS) return new Date(now.getTime() + SHARE_EXPIRY_PRESETS[e as '1d'].hours * 3_600_000).toISOString();
  if (e === 'date') {
    const d = typeof expiresOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(expiresOn) ? new Date(`${expiresOn}T23:59:59.999Z`) : undefined;
    if (!d || Number.isNaN(d.getTime())) throw new AppError('validation_failed', 'Enter the date the link stops working, like 2027-01-31.', { field: 'expiresOn' });
    if (d.getTime() <= now.getTime()) throw new AppError('validation_failed', 'The link’s expiry date must be in the future.', { field: 'expiresOn' });
    return d.toISOString();
  }
  throw new AppError('validation_failed', 'Choose when the link stops working: never, 1 day, 1 week, 30 days or a date.', { field: 'expiry' });
}

const toView = (l: ShareLink, now: Date): ShareLinkView => ({
  id: l.id, kind: l.kind, label: l.label, expiresAt: l.expiresAt, revokedAt: l.revokedAt, viewCount: l.viewCount,
  lastViewedAt: l.lastViewedAt, createdAt: l.createdAt, status: shareStatus(l, now), items: l.items,
});

export class WalletSharesService {
  constructor(private readonly deps: Deps & { wallet: Pick<WalletService, 'findOwned'> }) {}

  /** The public address of a share token. */
  urlOf(token: string): string {
    return `${this.deps.config.publicUrl}/s/${token}`;
  }

  /** Creates a share link for one or several of the learner's own credentials; the token is returned once only. */
  async create(auth: Auth, input: CreateShareInput): Promise<{ link: ShareLinkView; token: string; url: string }> {
    const userId = requireUser(auth);
    const now = this.deps.clock.now();
    const raw = Array.isArray(input.items) ? input.items : [];
    if (raw.length === 0) throw new AppError('validation_failed', 'Choose at least one credential to share.', { field: 'items' });
    if (raw.length > MAX_ITEMS) throw new AppError('validation_failed', `Share at most ${MAX_ITEMS} credentials in one link.`, { field: 'items' });
    const items: ShareItem[] = [];
    for (const it of raw as { kind?: unknown; id?: unknown }[]) {
      const kind = it?.kind === 'external' ? 'external' : it?.kind === 'issued' ? 'issued' : undefined;
      // Somebody else's credential is "not found", exactly like an id that does not exist.
      if (!kind || typeof it.id !== 'string' || !(await this.deps.wallet.findOwned(userId, kind, it.id))) throw new AppError('credential_not_found', undefined, { field: 'items' });
      if (!items.some((x) => x.kind === kind && x.id === it.id)) items.push({ kind, id: it.id });
    }
    const label = typeof input.label === 'string' && input.label.trim() ? input.label.trim().slice(0, 120) : null;
    const expiresAt = shareExpiryOf(input.expiry, input.expiresOn, now);
    const token = newToken(this.deps.random, 32);
    const link: ShareLink = {
      id: randomUUID(), userId, tokenHash: hashToken(token), kind: items.length === 1 ? 'credential' : 'collection', label, expiresAt,
      revokedAt: null, viewCount: 0, lastViewedAt: null, createdAt: now.toISOString(), items,
    };
    await withTransaction(this.deps.db, (trx) => insertShareLink(trx, link));
    return { link: toView(link, now), token, url: this.urlOf(token) };
  }

  /** The learner's share links with their status and view counts. */
  async list(auth: Auth): Promise<ShareLinkView[]> {
    const now = this.deps.clock.now();
    return (await listShareLinks(this.deps.db, requireUser(auth))).map((l) => toView(l, now));
  }

  /** Withdraws one of the learner's links at once. */
  async revoke(auth: Auth, id: string): Promise<void> {
    const userId = requireUser(auth);
    const link = await findShareLinkOfUser(this.deps.db, userId, String(id));
    if (!link) throw new AppError('share_link_not_found');
    if (!link.revokedAt) await revokeShareLink(this.deps.db, userId, link.id, this.deps.clock.now().toISOString());
  }

  /**
   * Opens a share link: the credentials it names that the learner still holds, and counts the view. Throws
   * `share_link_withdrawn` / `share_link_expired` (410) or `share_link_not_found` (404).
   */
  async open(token: string, opts: { countView?: boolean; viewer?: Auth } = {}): Promise<{ link: ShareLinkView; ownerName: string; credentials: WalletCredential[] }> {
    const now = this.deps.clock.now();
    const link = typeof token === 'string' && token.length >= 20 && token.length <= 100 ? await findShareLinkByHash(this.deps.db, hashToken(token)) : undefined;
    if (!link) throw new AppError('share_link_not_found');
    const status = shareStatus(link, now);
    if (status === 'withdrawn') throw new AppError('share_link_withdrawn');
    if (status === 'expired') throw new AppError('share_link_expired', `This link expired on ${link.expiresAt!.slice(0, 10)}. Ask its owner for a new one.`);
    const owner = await findProfileSettings(this.deps.db, link.userId);
    if (!owner) throw new AppError('share_link_not_found');
    const credentials: WalletCredential[] = [];
    for (const it of link.items) {
      const c = await this.deps.wallet.findOwned(link.userId, it.kind, it.id);
      if (c) credentials.push(c);
    }
    if (credentials.length === 0) throw new AppError('share_link_not_found');
    if (opts.countView !== false) {
      await recordShareView(this.deps.db, link.id, now.toISOString());
      for (const hook of this.onViewed) {
        try {
          await hook({ shareId: link.id, credentials, ...(opts.viewer ? { viewer: opts.viewer } : {}) });
        } catch (err) {
          this.deps.logger.error({ err }, 'share view hook failed');
        }
      }
    }
    return { link: toView(link, now), ownerName: owner.name, credentials };
  }

  /** Hooks run after a counted view (analytics records it, noting a signed-in employer viewer); failures are logged. */
  readonly onViewed: Array<(e: { shareId: string; credentials: WalletCredential[]; viewer?: Auth }) => Promise<void>> = [];

  /** One credential of an open share link (its detail and downloads); 404 when the link does not name it. */
  async openItem(token: string, kind: string, id: string): Promise<{ ownerName: string; credential: WalletCredential }> {
    const s = await this.open(token, { countView: false });
    const c = s.credentials.find((x) => x.kind === kind && x.id === id);
    if (!c) throw new AppError('credential_not_found');
    return { ownerName: s.ownerName, credential: c };
  }
}
