/** Outgoing mail recorded when no SMTP server is configured (shown on the dev mailbox page). */
import type { Db } from '../transaction.ts';

export interface OutboxEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  kind: string;
  createdAt: string;
  sentAt: string | null;
  error: string | null;
}

/** Records one email. */
export async function insertOutboxEmail(db: Db, m: OutboxEmail): Promise<void> {
  await db.insertInto('outbox_emails').values({
    id: m.id, to_address: m.to, subject: m.subject, text_body: m.text, html_body: m.html, kind: m.kind,
    created_at: m.createdAt, sent_at: m.sentAt, error: m.error,
  }).execute();
}

/** Lists recorded email, newest first, optionally for one address. */
export async function listOutboxEmails(db: Db, opts: { to?: string; limit: number }): Promise<OutboxEmail[]> {
  let q = db.selectFrom('outbox_emails').selectAll();
  if (opts.to) q = q.where('to_address', '=', opts.to);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
  return rows.map((r) => ({
    id: r.id, to: r.to_address, subject: r.subject, text: r.text_body, html: r.html_body, kind: r.kind,
    createdAt: r.created_at, sentAt: r.sent_at, error: r.error,
  }));
}
