/**
 * Storing signed credentials. `storeIssued` writes a group of them with their learner records, idempotency keys, claim
 * tokens, audit entries and status-list counters, all or nothing: one multi-row statement per table in a transaction
 * on SQLite, one statement on PostgreSQL (issued.repository.ts). Bulk pages call it directly. Single issues go through
 * the `GroupCommitter`: the issues signed while a group is being written are gathered into the next one (group
 * commit), so many concurrent API calls share one commit — one WAL write on SQLite, one round trip and one fsync on
 * PostgreSQL — instead of paying one each. A lone call is written at once, alone.
 */
import { uuidv7 } from '../core/uuid.ts';
import type { AuditEntry } from '../db/repositories/audit.repository.ts';
import type { CredentialRecord } from '../db/repositories/credentials.repository.ts';
import { LEARNER_ID_SLOT, writeIssued } from '../db/repositories/issued.repository.ts';
import type { Db } from '../db/transaction.ts';
import type { CredentialEvent, CredentialEvents } from './credential-events.ts';
import { toCredentialView, type CredentialView } from './credential-view.ts';
import { isoPlusHours } from './deps.ts';
import { hashToken } from './security.ts';

/** Claim links in award emails stay valid this long. */
export const CLAIM_TTL_HOURS = 24 * 365;
/** Most issues written by one group (the statements stay far below the engines' parameter limits). */
const MAX_GROUP = 200;

/** A signed credential ready to be stored, with what is written alongside it. */
export interface SignedIssue {
  /** The row, stored exactly as signed (`learnerId` is filled in when the learner record is written). */
  record: CredentialRecord;
  /** The signed document (`record.document` parsed), for the view returned to the caller. */
  signed: Record<string, unknown>;
  achievementName: string;
  /** The secret of the claim link in the award email (stored hashed). */
  claimToken: string;
  /** When it was signed: the claim token's and audit entry's time. */
  now: Date;
  /** API `Idempotency-Key`: stored with the response, in the same write. */
  idempotency?: { key: string; requestHash: string };
  /** This issue's own audit entry (single issues; a bulk page records one entry for the page). */
  audit?: AuditEntry;
}

/**
 * The view of a credential just signed, with the signed object as its document (no re-parse of the stored JSON), or
 * without a document, as a stored credential is listed.
 */
export function issuedView(item: SignedIssue, publicUrl: string, withDocument = true): CredentialView {
  const { document: _stored, ...summary } = item.record;
  const view = toCredentialView(summary, item.now, publicUrl, item.achievementName);
  return withDocument ? { ...view, document: item.signed } : view;
}

/** The 'issued' event of a stored credential. */
export const issuedEvent = (r: CredentialRecord): CredentialEvent => ({
  type: 'issued', organizationId: r.organizationId, credentialId: r.id, learnerId: r.learnerId,
  achievementId: r.achievementId, recipientEmail: r.recipientEmail,
});

/**
 * Writes signed credentials and what goes with them, all or nothing (see issued.repository.ts: one transaction on
 * SQLite, one statement on PostgreSQL); returns their views, in order, with their documents unless `documents` is
 * false. Any clash (a status slot, code, id, batch key or idempotency key taken meanwhile) fails the whole write:
 * callers retry alone.
 */
export async function storeIssued(
  db: Db, items: SignedIssue[], opts: { publicUrl: string; random: (n: number) => Uint8Array; audit?: AuditEntry[]; documents?: boolean },
): Promise<CredentialView[]> {
  await writeIssued(db, {
    learners: items.map((it) => ({
      id: uuidv7(it.now.getTime(), opts.random), organizationId: it.record.organizationId, email: it.record.recipientEmail,
      name: it.record.recipientName, createdAt: it.now.toISOString(),
    })),
    credentials: items.map((it) => it.record),
    // The response replayed for the key: this view, its learner id settled by the write.
    idempotencyKeys: items.flatMap((it) => it.idempotency
      ? [{
        organizationId: it.record.organizationId, key: it.idempotency.key, requestHash: it.idempotency.requestHash, now: it.now.toISOString(),
        email: it.record.recipientEmail, responseJson: JSON.stringify(issuedView({ ...it, record: { ...it.record, learnerId: LEARNER_ID_SLOT } }, opts.publicUrl)),
      }]
      : []),
    claimTokens: items.map((it) => ({
      tokenHash: hashToken(it.claimToken), email: it.record.recipientEmail, credentialId: it.record.id, organizationId: it.record.organizationId,
      createdAt: it.now.toISOString(), expiresAt: isoPlusHours(it.now, CLAIM_TTL_HOURS),
    })),
    audit: [...items.flatMap((it) => (it.audit ? [it.audit] : [])), ...(opts.audit ?? [])],
  });
  return items.map((it) => issuedView(it, opts.publicUrl, opts.documents ?? true));
}

interface Waiting { item: SignedIssue; resolve: (v: CredentialView) => void; reject: (e: unknown) => void }

/** Group commit of single issues (see the file comment). */
export class GroupCommitter {
  private queue: Waiting[] = [];
  private scheduled = false;
  private inFlight = 0;
  private readonly writers: number;

  /**
   * `writers`: group writes in flight at once. SQLite has one connection (1). On PostgreSQL a few let the next group's
   * statement travel while the previous one waits for its commit to reach the disk.
   */
  constructor(private readonly deps: { db: Db; publicUrl: string; events: CredentialEvents; random: (n: number) => Uint8Array; writers?: number }) {
    this.writers = deps.writers ?? 1;
  }

  /**
   * Stores one signed credential; resolves with its view once committed, and publishes its 'issued' event.
   * Rejects with this issue's own error (a clash of another issue in the same group never fails this one).
   */
  store(item: SignedIssue): Promise<CredentialView> {
    return new Promise<CredentialView>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || this.inFlight >= this.writers) return;
    this.scheduled = true;
    // One turn of the event loop: calls signed in the same turn (concurrent requests) join this group.
    setImmediate(() => {
      this.scheduled = false;
      while (this.queue.length > 0 && this.inFlight < this.writers) {
        this.inFlight++;
        void this.commit(this.queue.splice(0, MAX_GROUP)).finally(() => {
          this.inFlight--;
          this.schedule();
        });
      }
    });
  }

  private async commit(group: Waiting[]): Promise<void> {
    if (group.length > 1) {
      try {
        this.settled(group, await this.write(group));
        return;
      } catch {
        // One issue's clash fails the group's statements: write each alone so only that one sees its error.
      }
    }
    for (const w of group) {
      try {
        this.settled([w], await this.write([w]));
      } catch (e) {
        w.reject(e);
      }
    }
  }

  private write(group: Waiting[]): Promise<CredentialView[]> {
    return storeIssued(this.deps.db, group.map((w) => w.item), { publicUrl: this.deps.publicUrl, random: this.deps.random });
  }

  private settled(group: Waiting[], views: CredentialView[]): void {
    group.forEach((w, i) => w.resolve(views[i]!));
    this.deps.events.emitMany(group.map((w) => issuedEvent(w.item.record)));
  }
}
