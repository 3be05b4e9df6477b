/**
 * Credential lifecycle events (issued, revoked, suspended, reinstated), published after commit so other
 * features (pathways re-evaluation, analytics) react without issuance knowing them.
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

/** A small in-process event bus; listeners run one after another and their failures are logged, never thrown. */
export class CredentialEvents {
  private readonly listeners: CredentialListener[] = [];
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly logger?: Pick<Logger, 'error'>) {}

  /** Registers a listener; returns a function that removes it. */
  subscribe(listener: CredentialListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Queues an event for every listener (in order of emission). */
  emit(event: CredentialEvent): void {
    if (this.listeners.length === 0) return;
    this.pending = this.pending.then(async () => {
      for (const l of [...this.listeners]) {
        try {
          await l(event);
        } catch (err) {
          this.logger?.error({ err, event }, 'credential event listener failed');
        }
      }
    });
  }

  /** Resolves when every event emitted so far has been handled (tests, graceful shutdown). */
  idle(): Promise<void> {
    return this.pending;
  }
}
