/**
 * The mailer port. With MICROCRED_SMTP_URL set, mail goes out through nodemailer; otherwise each
 * message is written to `<data>/outbox/<time>-<id>.eml` and the `outbox_emails` table, and the dev
 * mailbox page (`/dev/mailbox`) shows it.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../db/transaction.ts';
import { insertJob } from '../db/repositories/jobs.repository.ts';
import { insertOutboxEmail, listOutboxEmails, type OutboxEmail } from '../db/repositories/outbox.repository.ts';

export interface MailMessage {
  to: string;
  subject: string;
  /** Plain-text body (always sent). */
  text: string;
  /** Optional HTML body. */
  html?: string;
  /** What the mail is for, e.g. `verify_email`, `credential_awarded`, `invite`. */
  kind: string;
}

export interface Mailer {
  /** True when mail leaves the machine (SMTP); false when it lands in the local outbox. */
  readonly delivers: boolean;
  send(message: MailMessage): Promise<void>;
}

/** Sends through an SMTP server. */
export class SmtpMailer implements Mailer {
  readonly delivers = true;
  private readonly transport: Transporter;

  constructor(smtpUrl: string, private readonly from: string) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(m: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: m.to, subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}) });
  }
}

/** The job kind that delivers queued mail (registered in src/jobs/index.ts). */
export const SEND_EMAIL_JOB = 'send_email';

/**
 * Queues each message as a durable `send_email` job and delivers it from the job runner, so an SMTP outage
 * delays mail (retried with backoff) instead of failing the request that sent it.
 */
export class QueuedMailer implements Mailer {
  readonly delivers = true;

  constructor(private readonly inner: Mailer, private readonly deps: { db: Db; clock: { now(): Date } }) {}

  async send(m: MailMessage): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    await insertJob(this.deps.db, {
      id: randomUUID(), organizationId: null, kind: SEND_EMAIL_JOB, payload: m, progressTotal: 1, runAfter: now, createdBy: null, createdAt: now,
    });
  }

  /** Delivers one message now (the job handler). */
  deliver(m: MailMessage): Promise<void> {
    return this.inner.send(m);
  }
}

/** Builds an RFC 5322 message (text, optionally multipart/alternative with HTML). */
export function toEml(m: MailMessage & { from: string; date: Date; id: string }): string {
  const headers = [
    `From: ${m.from}`, `To: ${m.to}`, `Subject: ${encodeHeader(m.subject)}`, `Date: ${m.date.toUTCString()}`,
    `Message-ID: <${m.id}@microcred.local>`, 'MIME-Version: 1.0', `X-Microcred-Kind: ${m.kind}`,
  ];
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  if (!m.html) {
    return [...headers, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', b64(m.text), ''].join('\r\n');
  }
  const boundary = `mc-${m.id}`;
  return [
    ...headers, `Content-Type: multipart/alternative; boundary="${boundary}"`, '',
    `--${boundary}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', b64(m.text),
    `--${boundary}`, 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64', '', b64(m.html),
    `--${boundary}--`, '',
  ].join('\r\n');
}

function encodeHeader(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

/** Writes each message to `<dir>/*.eml` and the outbox table (development and tests). */
export class OutboxMailer implements Mailer {
  readonly delivers = false;

  constructor(private readonly deps: { db: Db; clock: { now(): Date }; dir: string; from: string }) {}

  async send(m: MailMessage): Promise<void> {
    const date = this.deps.clock.now();
    const id = randomUUID();
    mkdirSync(this.deps.dir, { recursive: true });
    const stamp = date.toISOString().replace(/[:.]/g, '-');
    writeFileSync(join(this.deps.dir, `${stamp}-${id}.eml`), toEml({ ...m, from: this.deps.from, date, id }), { mode: 0o600 });
    await insertOutboxEmail(this.deps.db, {
      id, to: m.to, subject: m.subject, text: m.text, html: m.html ?? null, kind: m.kind, createdAt: date.toISOString(), sentAt: null, error: null,
    });
  }
}

/** Keeps every message in memory (tests read `sent`), then hands it to an inner mailer if given. */
export class CapturingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  get delivers(): boolean {
    return this.pretendDelivers ?? this.inner?.delivers ?? false;
  }

  /** `pretendDelivers`: report SMTP-like delivery without an inner mailer (tests of SMTP configurations). */
  constructor(private readonly inner?: Mailer, private readonly pretendDelivers?: boolean) {}

  async send(m: MailMessage): Promise<void> {
    this.sent.push(m);
    await this.inner?.send(m);
  }

  /** The last message sent to an address (tests). */
  lastTo(to: string): MailMessage | undefined {
    return [...this.sent].reverse().find((m) => m.to === to);
  }
}

/**
 * The dev mailbox: lists outbox messages. Served only when SMTP is not configured and the public URL is not https:
 * a public deployment without SMTP must not show verification and invitation links to anyone.
 */
export class MailboxService {
  constructor(private readonly deps: { db: Db; mailer: Mailer; config: { publicUrlIsHttps: boolean } }) {}

  get enabled(): boolean {
    return !this.deps.mailer.delivers && !this.deps.config.publicUrlIsHttps;
  }

  /** Lists recorded mail, newest first. */
  list(opts: { to?: string; limit?: number } = {}): Promise<OutboxEmail[]> {
    return listOutboxEmails(this.deps.db, { to: opts.to?.trim().toLowerCase() || undefined, limit: Math.min(opts.limit ?? 100, 500) });
  }
}
