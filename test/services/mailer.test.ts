import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { JobRunner } from '../../src/jobs/runner.ts';
import type { Deps } from '../../src/services/deps.ts';
import { JobsService } from '../../src/services/jobs.service.ts';
import { QueuedMailer, SEND_EMAIL_JOB, SmtpMailer, toEml, type MailMessage } from '../../src/services/mailer.ts';
import { fixedClock } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/db.ts';

/** A minimal SMTP server that records one session (enough for nodemailer's plain SMTP client). */
function fakeSmtp(): Promise<{ server: Server; port: number; transcript: string[] }> {
  const transcript: string[] = [];
  const server = createServer((sock) => {
    let inData = false;
    let buffer = '';
    sock.write('220 fake.smtp ESMTP\r\n');
    sock.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        transcript.push(line);
        if (inData) {
          if (line === '.') {
            inData = false;
            sock.write('250 OK queued\r\n');
          }
          continue;
        }
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') sock.write('250-fake.smtp\r\n250 8BITMIME\r\n');
        else if (cmd === 'DATA') {
          inData = true;
          sock.write('354 go ahead\r\n');
        } else if (cmd === 'QUIT') sock.end('221 bye\r\n');
        else sock.write('250 OK\r\n');
      }
    });
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    res({ server, port: typeof addr === 'object' && addr ? addr.port : 0, transcript });
  }));
}

describe('SmtpMailer', () => {
  let server: Server | undefined;
  afterEach(() => void server?.close());

  it('delivers through the SMTP server named by MICROCRED_SMTP_URL', async () => {
    const smtp = await fakeSmtp();
    server = smtp.server;
    const mailer = new SmtpMailer(`smtp://127.0.0.1:${smtp.port}?ignoreTLS=true`, 'microcred <no-reply@badges.example.edu>');
    expect(mailer.delivers).toBe(true);
    await mailer.send({ to: 'learner@example.org', subject: 'Your credential', text: 'Open https://badges.example.edu/claim/abc', kind: 'credential_awarded' });
    const t = smtp.transcript.join('\n');
    expect(t).toContain('MAIL FROM:<no-reply@badges.example.edu>');
    expect(t).toContain('RCPT TO:<learner@example.org>');
    expect(t).toContain('Subject: Your credential');
    expect(t).toContain('https://badges.example.edu/claim/abc');
  });
});

describe('toEml', () => {
  it('writes a text message and a multipart one with an HTML part, encoding non-ASCII subjects', () => {
    const base = { to: 'a@example.org', subject: 'Félicitations', text: 'Bravo', kind: 'x', from: 'm <m@example.org>', date: new Date('2026-12-04T20:00:00Z'), id: 'id1' };
    const text = toEml(base);
    expect(text).toContain('Subject: =?UTF-8?B?');
    expect(text).toContain('Content-Type: text/plain; charset=utf-8');
    const multi = toEml({ ...base, html: '<p>Bravo</p>' });
    expect(multi).toContain('multipart/alternative; boundary="mc-id1"');
    expect(multi).toContain('Content-Type: text/html; charset=utf-8');
  });
});

describe('QueuedMailer', () => {
  let server: Server | undefined;
  afterEach(() => void server?.close());

  it('queues mail as a durable job; an SMTP outage is retried until the server answers', async () => {
    const h = await freshDatabase('sqlite');
    try {
      const clock = fixedClock();
      const deps = { db: h.db, dialect: h.dialect, clock, logger: pino({ level: 'silent' }) } as unknown as Deps;
      // Nothing listens on this port yet: the first attempt fails.
      const probe = await fakeSmtp();
      const port = probe.port;
      probe.server.close();
      const mailer = new QueuedMailer(new SmtpMailer(`smtp://127.0.0.1:${port}?ignoreTLS=true&connectionTimeout=2000`, 'm <m@example.org>'), { db: h.db, clock });
      await mailer.send({ to: 'learner@example.org', subject: 'Hello', text: 'Body', kind: 'test' });
      const jobs = new JobsService(deps);
      const runner = new JobRunner(deps, { backoffMs: () => 30_000 });
      runner.register(SEND_EMAIL_JOB, (m: MailMessage) => mailer.deliver(m), { maxAttempts: 5 });
      expect(await runner.runUntilIdle()).toBe(1);
      const [job] = await h.db.selectFrom('jobs').selectAll().execute();
      expect(job).toMatchObject({ kind: SEND_EMAIL_JOB, status: 'queued', attempts: 1 });
      // The server comes up on the same port; after the backoff the mail goes out.
      const smtp = await new Promise<{ server: Server; transcript: string[] }>((res) => {
        const transcript: string[] = [];
        const srv = createServer((sock) => {
          sock.write('220 ok\r\n');
          let data = false;
          sock.on('data', (c) => {
            for (const line of c.toString().split('\r\n').filter(Boolean)) {
              transcript.push(line);
              if (data) { if (line === '.') { data = false; sock.write('250 queued\r\n'); } continue; }
              const cmd = line.slice(0, 4).toUpperCase();
              if (cmd === 'EHLO') sock.write('250 hi\r\n');
              else if (cmd === 'DATA') { data = true; sock.write('354 go\r\n'); } else if (cmd === 'QUIT') sock.end('221 bye\r\n');
              else sock.write('250 OK\r\n');
            }
          });
        });
        srv.listen(port, '127.0.0.1', () => res({ server: srv, transcript }));
      });
      server = smtp.server;
      clock.advance(30_000);
      expect(await runner.runUntilIdle()).toBe(1);
      expect(await jobs.getSystem(job!.id)).toMatchObject({ status: 'done', attempts: 2 });
      expect(smtp.transcript.join('\n')).toContain('RCPT TO:<learner@example.org>');
    } finally {
      await h.close();
    }
  });
});
