import { describe, expect, it } from 'vitest';
import { CredentialEvents, type CredentialEvent } from '../../src/services/credential-events.ts';

const ev = (n: number): CredentialEvent => ({
  type: 'issued', organizationId: 'org', credentialId: `c${n}`, learnerId: `l${n}`, achievementId: 'a', recipientEmail: `l${n}@example.com`,
});

describe('CredentialEvents', () => {
  it('gives batch listeners the events published together, and per-event listeners each one, in subscription order', async () => {
    const bus = new CredentialEvents();
    const seen: string[] = [];
    bus.subscribe((e) => { seen.push(`one:${e.credentialId}`); });
    bus.subscribeBatch((es) => { seen.push(`many:${es.map((e) => e.credentialId).join(',')}`); });
    bus.emitMany([ev(1), ev(2), ev(3)]);
    bus.emit(ev(4));
    await bus.idle();
    expect(seen).toEqual(['one:c1', 'one:c2', 'one:c3', 'many:c1,c2,c3', 'one:c4', 'many:c4']);
  });

  it('logs a failing listener and still runs the others; an empty group calls nobody', async () => {
    const errors: unknown[] = [];
    const bus = new CredentialEvents({ error: (o: unknown) => { errors.push(o); } } as never);
    const got: number[] = [];
    bus.subscribeBatch(() => { throw new Error('boom'); });
    bus.subscribeBatch((es) => { got.push(es.length); });
    bus.emitMany([]);
    bus.emitMany([ev(1), ev(2)]);
    await bus.idle();
    expect(got).toEqual([2]);
    expect(errors).toHaveLength(1);
  });

  it('stops calling a listener once unsubscribed', async () => {
    const bus = new CredentialEvents();
    let calls = 0;
    const off = bus.subscribeBatch(() => { calls++; });
    bus.emit(ev(1));
    await bus.idle();
    off();
    bus.emit(ev(2));
    await bus.idle();
    expect(calls).toBe(1);
  });
});
