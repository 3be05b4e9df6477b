/**
 * Credential lifecycle events (issued, revoked, suspended, reinstated), published after commit so other
 * features (pathways re-evaluation, analytics) react without issuance knowing them. A bulk page or a group commit
 * publishes its events together (`emitMany`), so a batch listener answers them with a few queries, not one per event.
 */
import type { Logger } from 'pino';

export type CredentialEventType = 'issued' | 'revoked' | 'suspended' | 'reinstated';

export interface CredentialEvent {
  type: CredentialEventType;
  organizationId: string;
  /** The uuid of the credential (its document id is `urn:uuid:<credentialId>`). */
  credentialId: string;
  learnerId: string;
  achievementId: string;
  recipientEmail: string;
}

export type CredentialListener = (event: CredentialEvent) => Promise<void> | void;
/** Receives the events published together, in order of emission (never an empty array). */
export type CredentialBatchListener = (events: readonly CredentialEvent[]) => Promise<void> | void;

type Subscriber = { one: CredentialListener } | { many: CredentialBatchListener };

/** A small in-process event bus; listeners run one after another and their failures are logged, never thrown. */
export class CredentialEvents {
  private readonly subscribers: Subscriber[] = [];
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly logger?: Pick<Logger, 'error'>) {}

  /** Registers a listener called once per event; returns a function that removes it. */
  subscribe(listener: CredentialListener): () => void {
    return this.add({ one: listener });
  }

  /** Registers a listener called once per group of events published together; returns a function that removes it. */
  subscribeBatch(listener: CredentialBatchListener): () => void {
    return this.add({ many: listener });
  }

  private add(s: Subscriber): () => void {
    this.subscribers.push(s);
    return () => {
      const i = this.subscribers.indexOf(s);
      if (i >= 0) this.subscribers.splice(i, 1);
    };
  }

  /** Queues an event for every listener (in order of emission). */
  emit(event: CredentialEvent): void {
    this.emitMany([event]);
  }

  /** Queues events published together: each listener sees all of them before the next listener runs. */
  emitMany(events: readonly CredentialEvent[]): void {
    if (this.subscribers.length === 0 || events.length === 0) return;
    const batch = [...events];
    this.pending = this.pending.then(async () => {
      for (const s of [...this.subscribers]) {
        if ('many' in s) await this.safely(() => s.many(batch), batch);
        else for (const e of batch) await this.safely(() => s.one(e), [e]);
      }
    });
  }

  private async safely(fn: () => Promise<void> | void, events: readonly CredentialEvent[]): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.logger?.error({ err, events: events.length === 1 ? events[0] : events.map((e) => e.credentialId) }, 'credential event listener failed');
    }
  }

  /** Resolves when every event emitted so far has been handled (tests, graceful shutdown). */
  idle(): Promise<void> {
    return this.pending;
  }
}
