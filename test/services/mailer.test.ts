import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SmtpMailer, toEml } from '../../src/services/mailer.ts';

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
