/**
 * Job handler registry: each feature adds one line registering its handlers on the runner.
 * @example runner.register('bulk_issue', (payload, ctx) => services.issuance.runBulk(payload, ctx))
 */
import type { Services } from '../services/container.ts';
import { QueuedMailer, SEND_EMAIL_JOB, type MailMessage } from '../services/mailer.ts';
import type { JobRunner } from './runner.ts';
import { BULK_JOB_KIND } from '../services/bulk-issuance.service.ts';
import { BACKFILL_JOB, EXPIRY_SWEEP_JOB } from '../services/pathways.service.ts';

/** Registers every feature's job handlers. */
export function registerJobHandlers(runner: JobRunner, services: Services): JobRunner {
  // Mail queued by QueuedMailer (SMTP configured): delivered here, retried with backoff when the server is down.
  runner.register(SEND_EMAIL_JOB, (payload: MailMessage) => (services.mailer instanceof QueuedMailer ? services.mailer.deliver(payload) : services.mailer.send(payload)), { maxAttempts: 6 });
  runner.register(BULK_JOB_KIND, (payload, ctx) => services.bulkIssuance.runJob(payload, ctx), { maxAttempts: 10 });
  runner.register(BACKFILL_JOB, (payload, ctx) => services.pathways.runBackfill(payload, ctx), { maxAttempts: 5 });
  runner.register(EXPIRY_SWEEP_JOB, (payload) => services.pathways.runExpirySweep(payload));
  return runner;
}
