/**
 * Status lists of an organization: random slot allocation for new credentials, and the signed
 * BitstringStatusListCredentials served at stable URLs, re-signed lazily when their revision changed.
 *
 * Every credential carries ONE status entry (`statusPurpose: "revocation"`, what the 1EdTech validator and every
 * Bitstring Status List verifier check). Suspension lives in a companion list with purpose `suspension` at the same
 * index, named by the entry's `statusReference` (see docs/decisions/ on suspension).
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import { randomInt } from '../core/status/allocate.ts';
import { createBitstring, encodeList, setBit } from '../core/status/bitstring.ts';
import { buildStatusEntry, buildStatusListCredential } from '../core/status/list-credential.ts';
import { signDataIntegrity } from '../core/proofs/index.ts';
import type { BitstringStatusListEntry } from '../core/ob/types.ts';
import { withTransaction, type Db } from '../db/transaction.ts';
import {
  bumpRevision, findOpenStatusList, findStatusList, insertStatusList, storeSignedStatusList, type StatusPurpose,
} from '../db/repositories/status-lists.repository.ts';
import { statusIndexesSet, takenStatusIndexes } from '../db/repositories/credentials.repository.ts';
import type { Deps } from './deps.ts';
import { SingleFlight } from './single-flight.ts';

/** Entries per list: the Bitstring Status List minimum (131,072), which is also the herd size for privacy. */
export const STATUS_LIST_SIZE = 131_072;
/** A list stops taking new credentials at this fill ratio (random picks stay cheap; a new list starts). */
export const STATUS_LIST_FILL_LIMIT = 0.85;
/** Seconds verifiers and caches may keep a served list. */
export const STATUS_LIST_MAX_AGE = 60;
const CANDIDATES = 16;
const REFRESH_EVERY = 256;
/** Slots checked free in one lookup for single issues (see `allocate`). */
const RESERVOIR = 32;
/**
 * Slots this instance handed out most recently, kept out of later draws. A slot is free in the database until the
 * credential holding it commits, so without this a draw made meanwhile (another call's reservoir refill, a bulk page)
 * could pick it again, and the clash would fail a whole group commit. Far more than are ever signed but not yet stored.
 */
const HANDED_OUT_KEPT = 16_384;

/** The slots an instance handed out recently (oldest forgotten first; by then they are stored or were never used). */
class HandedOut {
  private readonly byList = new Map<string, Set<number>>();
  private readonly order: { listId: string; index: number }[] = [];
  private next = 0;

  has(listId: string, index: number): boolean {
    return this.byList.get(listId)?.has(index) ?? false;
  }

  /** Makes a slot handed out but never used available again (its entry in the order is left to expire). */
  release(slot: { listId: string; index: number }): void {
    this.byList.get(slot.listId)?.delete(slot.index);
  }

  add(slot: { listId: string; index: number }): void {
    const old = this.order[this.next];
    if (old) this.byList.get(old.listId)?.delete(old.index);
    this.order[this.next] = slot;
    this.next = (this.next + 1) % HANDED_OUT_KEPT;
    let set = this.byList.get(slot.listId);
    if (!set) { set = new Set(); this.byList.set(slot.listId, set); }
    set.add(slot.index);
  }
}

/** The DB id of the suspension companion of a revocation list. */
export const suspensionListIdOf = (revocationListId: string): string => `${revocationListId}:suspension`;

/** Public URL of a list: `/status/<id>` (revocation) and `/status/<id>/suspension`. */
export function statusListUrl(publicUrl: string, revocationListId: string, purpose: StatusPurpose): string {
  const base = `${publicUrl}/status/${encodeURIComponent(revocationListId)}`;
  return purpose === 'revocation' ? base : `${base}/suspension`;
}

/** The credential's single status entry: revocation, with the suspension companion as `statusReference`. */
export function credentialStatusEntry(publicUrl: string, listId: string, index: number): BitstringStatusListEntry {
  const entry = buildStatusEntry(statusListUrl(publicUrl, listId, 'revocation'), index, 'revocation');
  return { ...entry, statusReference: statusListUrl(publicUrl, listId, 'suspension') };
}

export interface SignedStatusList {
  listId: string;
  purpose: StatusPurpose;
  organizationId: string;
  /** The signed BitstringStatusListCredential (JSON text). */
  json: string;
  etag: string;
  revision: number;
  /** URL of the suspension companion (for a revocation list). */
  companionUrl?: string;
}

export type StatusDeps = Pick<Deps, 'db' | 'clock' | 'random' | 'keyStore' | 'config'>;

export class StatusListService {
  constructor(private readonly deps: StatusDeps) {}

  /** Creates a revocation list and its suspension companion; returns the revocation list id. */
  private async createListPair(organizationId: string): Promise<string> {
    const id = randomUUID();
    const now = this.deps.clock.now().toISOString();
    await withTransaction(this.deps.db, async (trx) => {
      await insertStatusList(trx, { id, organizationId, purpose: 'revocation', size: STATUS_LIST_SIZE, now });
      await insertStatusList(trx, { id: suspensionListIdOf(id), organizationId, purpose: 'suspension', size: STATUS_LIST_SIZE, now });
    });
    return id;
  }

  /**
   * Free slots of each organization, checked against the stored credentials when drawn, handed to single issues.
   * Another instance may take one meanwhile: the unique (list, index) constraint catches it and the issue retries.
   */
  private readonly reservoirs = new Map<string, { listId: string; index: number }[]>();
  private readonly refills = new SingleFlight<void>();
  private readonly handedOut = new HandedOut();

  /**
   * The open list of each organization, re-read from the database every REFRESH_EVERY allocations. The read due then
   * runs behind the draw that made it due, which goes on with the list it knows: a draw waits for no read but the first
   * and those after a failed round (`fresh`), which is also what notices a list that filled meanwhile.
   */
  private readonly openLists = new Map<string, { listId: string; size: number; fill: number; uses: number }>();

  private async openList(organizationId: string, fresh: boolean, uses = 1) {
    let cached = this.openLists.get(organizationId);
    if (fresh || !cached) cached = await this.readOpenList(organizationId);
    else if (cached.uses >= REFRESH_EVERY) this.readOpenList(organizationId).catch(() => undefined);
    cached.uses += uses;
    return cached;
  }

  /** Reads (or starts) the open list; concurrent callers share one read (and never create two list pairs between them). */
  private readOpenList(organizationId: string) {
    return this.listReads.run(organizationId, async () => {
      const open = await findOpenStatusList(this.deps.db, organizationId, 'revocation', STATUS_LIST_FILL_LIMIT);
      const read = open
        ? { listId: open.id, size: open.size, fill: open.allocated / open.size, uses: 0 }
        : { listId: await this.createListPair(organizationId), size: STATUS_LIST_SIZE, fill: 0, uses: 0 };
      this.openLists.set(organizationId, read);
      return read;
    });
  }
  private readonly listReads = new SingleFlight<{ listId: string; size: number; fill: number; uses: number }>();

  /**
   * Picks a random free index in the organization's open list (a new list pair when none is open). Single issues take
   * slots checked free a batch at a time (one lookup per RESERVOIR issues); `afterClash` (a slot taken meanwhile by
   * another instance) checks candidates on the spot. The unique (list, index) constraint settles races between
   * instances; callers retry on a clash. Within an instance, slots handed out are never handed out again.
   */
  async allocate(organizationId: string, opts: { afterClash?: boolean } = {}): Promise<{ listId: string; index: number }> {
    if (!opts.afterClash) {
      for (let round = 0; round < 4; round++) {
        const reservoir = this.reservoirs.get(organizationId);
        const slot = reservoir?.pop();
        if (slot) {
          // Refilled ahead, while half is left: concurrent issues then rarely wait for the lookup (on PostgreSQL a
          // round trip that would otherwise hold up a whole wave of callers). A failed refill is retried on demand.
          if (reservoir!.length < RESERVOIR / 2) this.refill(organizationId).catch(() => undefined);
          return slot;
        }
        await this.refill(organizationId);
      }
    }
    for (let round = 0; round < 8; round++) {
      const list = await this.openList(organizationId, round > 0);
      const candidates = this.candidates(list, CANDIDATES);
      const taken = await takenStatusIndexes(this.deps.db, list.listId, candidates);
      // Checked again after the lookup: another draw of this instance may have handed a candidate out meanwhile.
      const free = candidates.find((c) => !taken.has(c) && !this.handedOut.has(list.listId, c));
      if (free !== undefined) return this.handOut({ listId: list.listId, index: free });
    }
    throw new AppError('status_list_full', 'No free status list index was found; try again.');
  }

  /** Adds RESERVOIR checked free slots to an organization's reservoir (concurrent calls share one refill). */
  private refill(organizationId: string): Promise<void> {
    return this.refills.run(organizationId, async () => {
      const slots = await this.allocateMany(organizationId, RESERVOIR);
      this.reservoirs.set(organizationId, [...(this.reservoirs.get(organizationId) ?? []), ...slots]);
    });
  }

  /**
   * Picks `count` distinct free indexes for a batch, checked against the stored credentials in one lookup per round.
   * (Unchecked random picks, fine for one credential in a nearly empty list, would make a batch of 100 clash with a
   * taken slot — and fall back to one-by-one issuance — as soon as the list holds a few hundred credentials.)
   */
  async allocateMany(organizationId: string, count: number): Promise<{ listId: string; index: number }[]> {
    const out: { listId: string; index: number }[] = [];
    for (let round = 0; round < 12 && out.length < count; round++) {
      const list = await this.openList(organizationId, round > 0, count - out.length);
      // Enough candidates that about twice the slots still needed are free, however full the list already is.
      const need = count - out.length;
      const draws = Math.min(Math.ceil((2 * need) / Math.max(1 - list.fill, 0.05)), 40 * need + 64);
      const candidates = this.candidates(list, draws);
      const taken = await takenStatusIndexes(this.deps.db, list.listId, candidates);
      // Handed out as they are taken, checked again after the lookup: concurrent draws of this instance (a reservoir
      // refill, a bulk page) never return the same slot.
      for (const c of candidates) {
        if (out.length < count && !taken.has(c) && !this.handedOut.has(list.listId, c)) out.push(this.handOut({ listId: list.listId, index: c }));
      }
    }
    if (out.length < count) {
      // A failed draw gives its slots back.
      for (const slot of out) this.handedOut.release(slot);
      throw new AppError('status_list_full', 'No free status list index was found; try again.');
    }
    return out;
  }

  /** Up to `draws` distinct random indexes of `list`, leaving out the slots this instance handed out (this draw's too). */
  private candidates(list: { listId: string; size: number }, draws: number): number[] {
    const out = new Set<number>();
    for (let k = 0; k < draws; k++) {
      const c = randomInt(list.size, this.deps.random);
      if (!this.handedOut.has(list.listId, c)) out.add(c);
    }
    return [...out];
  }

  private handOut(slot: { listId: string; index: number }): { listId: string; index: number } {
    this.handedOut.add(slot);
    return slot;
  }

  /** Marks a list (by revocation list id and purpose) changed so it is re-signed on its next fetch. */
  async markChanged(db: Db, revocationListId: string, purpose: StatusPurpose): Promise<void> {
    const id = purpose === 'revocation' ? revocationListId : suspensionListIdOf(revocationListId);
    await bumpRevision(db, id, this.deps.clock.now().toISOString());
  }

  /**
   * The signed list credential for `/status/<id>` (purpose revocation) or `/status/<id>/suspension`,
   * re-signed when its revision moved since the last signing; undefined for an unknown list.
   */
  async signedList(revocationListId: string, purpose: StatusPurpose): Promise<SignedStatusList | undefined> {
    const dbId = purpose === 'revocation' ? revocationListId : suspensionListIdOf(revocationListId);
    const list = await findStatusList(this.deps.db, dbId);
    if (!list || list.purpose !== purpose) return undefined;
    const companionUrl = purpose === 'revocation' ? statusListUrl(this.deps.config.publicUrl, revocationListId, 'suspension') : undefined;
    const out = (json: string, revision: number): SignedStatusList => ({
      listId: revocationListId, purpose, organizationId: list.organizationId, json, revision,
      etag: `"${dbId}@${revision}"`, ...(companionUrl ? { companionUrl } : {}),
    });
    if (list.credentialJson && list.signedRevision >= list.revision) return out(list.credentialJson, list.signedRevision);
    // Read the revision before the bits: a change racing with us then leaves the list stale (re-signed next time),
    // never marked fresh with old bits.
    const revision = list.revision;
    const indexes = await statusIndexesSet(this.deps.db, revocationListId, purpose);
    const bits = createBitstring(list.size);
    for (const i of indexes) setBit(bits, i);
    const signer = await this.deps.keyStore.getSigner(list.organizationId);
    const now = this.deps.clock.now();
    const unsigned = buildStatusListCredential({
      id: statusListUrl(this.deps.config.publicUrl, revocationListId, purpose), issuer: signer.issuerId, purpose,
      encodedList: encodeList(bits), validFrom: now, ttl: STATUS_LIST_MAX_AGE * 1000,
    });
    const signed = await signDataIntegrity(unsigned as unknown as Record<string, unknown>, { signer, created: now });
    const json = JSON.stringify(signed);
    if (await storeSignedStatusList(this.deps.db, dbId, revision, json)) return out(json, revision);
    // Another instance stored this (or a newer) revision first: serve what is stored, so every instance agrees.
    const stored = await findStatusList(this.deps.db, dbId);
    return stored?.credentialJson ? out(stored.credentialJson, stored.signedRevision) : out(json, revision);
  }
}
