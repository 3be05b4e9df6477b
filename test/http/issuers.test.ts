/** Issuer profile content negotiation, the DID document, logo uploads with type and size checks, and the dev mailbox. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signUpIssuer, type Client, type TestApp } from '../helpers/app.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function multipart(field: string, filename: string, type: string, bytes: Buffer) {
  const boundary = '----mcboundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    bytes, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('issuer identity over HTTP', () => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    t = await buildTestApp({ publicUrl: 'https://badges.example.edu' });
    owner = await signUpIssuer(t, { org: 'Northbridge Institute', email: 'registrar@northbridge.example' });
  });
  afterAll(async () => t.close());

  const upload = (bytes: Buffer, type: string, filename: string, c: Client = owner, csrf = c.csrf) => {
    const m = multipart('logo', filename, type, bytes);
    return t.app.inject({ method: 'POST', url: `/org/logo?_csrf=${encodeURIComponent(csrf)}`, cookies: { mc_session: c.cookie }, ...m });
  };

  it('serves the profile as JSON-LD to machines and as HTML to browsers', async () => {
    const json = await t.app.inject({ url: '/issuers/northbridge-institute', headers: { accept: 'application/ld+json' } });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toContain('application/ld+json');
    expect(json.headers.vary).toContain('Accept');
    const doc = json.json() as Record<string, unknown>;
    expect(doc).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: 'did:web:badges.example.edu:issuers:northbridge-institute', type: ['Profile'], name: 'Northbridge Institute', email: 'registrar@northbridge.example',
    });
    const page = await t.app.inject({ url: '/issuers/northbridge-institute', headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<h1>Northbridge Institute</h1>');
    expect(page.body).toContain('property="og:title" content="Northbridge Institute"');
    expect(page.body).toContain('application/ld+json');
    expect((await t.app.inject({ url: '/issuers/nobody-here', headers: { accept: 'application/json' } })).statusCode).toBe(404);
  });

  it('accepts a PNG logo and serves it; the profile then carries an image', async () => {
    const res = await upload(PNG, 'image/png', 'logo.png');
    expect(res.statusCode).toBe(303);
    const logo = await t.app.inject({ url: '/issuers/northbridge-institute/logo' });
    expect(logo.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(logo.rawPayload, PNG)).toBe(0);
    const doc = (await t.app.inject({ url: '/issuers/northbridge-institute', headers: { accept: 'application/json' } })).json() as { image: { id: string } };
    expect(doc.image.id).toBe('https://badges.example.edu/issuers/northbridge-institute/logo');
  });

  it('sanitises an SVG logo (no script, no event handler, no external reference)', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"><script>alert(2)</script><image href="https://evil.example/x.png"/><circle cx="5" cy="5" r="4" fill="#123"/></svg>');
    expect((await upload(svg, 'image/svg+xml', 'logo.svg')).statusCode).toBe(303);
    const logo = await t.app.inject({ url: '/issuers/northbridge-institute/logo' });
    expect(logo.headers['content-type']).toBe('image/svg+xml');
    expect(logo.body).toContain('<circle');
    expect(logo.body).not.toMatch(/script|onload|evil\.example/);
  });

  it('refuses other file types and oversized files with the field named, keeping the previous logo', async () => {
    const before = (await t.app.inject({ url: '/issuers/northbridge-institute/logo' })).rawPayload;
    const gif = await upload(Buffer.from('GIF89a....'), 'image/gif', 'x.gif');
    expect(gif.statusCode).toBe(400);
    expect(gif.body).toContain('Upload a PNG or SVG image.');
    expect(gif.body).toContain('id="f-logo-error"');
    const disguised = await upload(PNG, 'image/svg+xml', 'x.svg');
    expect(disguised.statusCode).toBe(400);
    const huge = await upload(Buffer.concat([PNG, Buffer.alloc(600 * 1024)]), 'image/png', 'big.png');
    expect(huge.statusCode).toBe(400);
    expect(huge.body).toContain('at most 512 KB');
    expect(Buffer.compare((await t.app.inject({ url: '/issuers/northbridge-institute/logo' })).rawPayload, before)).toBe(0);
  });

  it('removes the logo', async () => {
    expect((await upload(PNG, 'image/png', 'logo.png')).statusCode).toBe(303);
    const res = await t.app.inject({ method: 'POST', url: '/org/logo/remove', cookies: { mc_session: owner.cookie }, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(owner.csrf)}` });
    expect(res.statusCode).toBe(303);
    expect((await t.app.inject({ url: '/issuers/northbridge-institute/logo', headers: { accept: 'application/json' } })).statusCode).toBe(404);
    const doc = (await t.app.inject({ url: '/issuers/northbridge-institute', headers: { accept: 'application/json' } })).json() as { image?: unknown };
    expect(doc.image).toBeUndefined();
    expect((await upload(PNG, 'image/png', 'logo.png')).statusCode).toBe(303);
  });

  it('refuses a logo upload without the CSRF token and from a member without org:manage', async () => {
    const noCsrf = await upload(PNG, 'image/png', 'logo.png', owner, 'wrong');
    expect(noCsrf.statusCode).toBe(403);
    const stranger = await signUpIssuer(t);
    // A member of another organization changes only their own organization.
    expect((await upload(PNG, 'image/png', 'logo.png', stranger)).statusCode).toBe(303);
    const theirs = await t.services.sessions.resolve(stranger.cookie);
    expect(theirs!.auth.organization!.slug).not.toBe('northbridge-institute');
  });

  it('writes mail to the outbox (.eml + table); the dev mailbox is hidden on an https deployment', async () => {
    const files = readdirSync(join(t.services.config.dataDir, 'outbox')).filter((f) => f.endsWith('.eml'));
    expect(files.length).toBeGreaterThan(0);
    const emls = files.map((f) => readFileSync(join(t.services.config.dataDir, 'outbox', f), 'utf8'));
    const eml = emls.find((e) => e.includes('To: registrar@northbridge.example'))!;
    expect(eml).toMatch(/^From: .*\r\nTo: registrar@northbridge.example\r\nSubject: Confirm your email address/m);
    // With an https public URL (a real deployment) the dev mailbox is not served, even without SMTP.
    const hidden = await t.app.inject({ url: '/dev/mailbox', headers: { accept: 'application/json' } });
    expect(hidden.statusCode).toBe(404);
  });
});

describe('dev mailbox on a development URL', () => {
  it('lists outbox mail with clickable links', async () => {
    const t = await buildTestApp({ publicUrl: 'http://localhost:3000' });
    try {
      await signUpIssuer(t, { email: 'dev@example.org' });
      const page = await t.app.inject({ url: '/dev/mailbox?to=dev@example.org' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/<a href="http:\/\/localhost:3000\/verify-email\/[A-Za-z0-9_-]+">/);
      expect(page.body).not.toContain('registrar@');
    } finally {
      await t.close();
    }
  });
});

describe('dev mailbox with SMTP configured', () => {
  it('is not served', async () => {
    const t = await buildTestApp({ env: { MICROCRED_SMTP_URL: 'smtp://127.0.0.1:2525' } });
    try {
      expect((await t.app.inject({ url: '/dev/mailbox', headers: { accept: 'application/json' } })).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describe('session cookie attributes', () => {
  it('is HttpOnly and SameSite=Lax, and Secure when the public URL is https', async () => {
    for (const [publicUrl, secure] of [['https://badges.example.edu', true], ['http://localhost:3000', false]] as const) {
      const t = await buildTestApp({ publicUrl });
      try {
        const anon = await t.app.inject({ url: '/signup' });
        const csrf = anon.cookies.find((c) => c.name === 'mc_csrf')!.value;
        const res = await t.app.inject({
          method: 'POST', url: '/signup', cookies: { mc_csrf: csrf }, headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: csrf, name: 'A', email: 'a@example.org', password: 'a long passphrase', organizationName: 'Org' }).toString(),
        });
        const cookie = res.cookies.find((c) => c.name === 'mc_session')!;
        expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(cookie.httpOnly).toBe(true);
        expect(cookie.sameSite).toBe('Lax');
        expect(Boolean(cookie.secure)).toBe(secure);
        expect(cookie.path).toBe('/');
      } finally {
        await t.close();
      }
    }
  });
});

describe('security headers', () => {
  it('pages cannot be framed and forms post only here; every response is nosniff; HSTS on https', async () => {
    const t = await buildTestApp({ publicUrl: 'https://badges.example.edu' });
    try {
      const page = await t.app.inject({ url: '/signin' });
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(page.headers['content-security-policy']).toContain("form-action 'self'");
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['strict-transport-security']).toBe('max-age=31536000');
      const json = await t.app.inject({ url: '/health' });
      expect(json.headers['x-content-type-options']).toBe('nosniff');
      expect(json.headers['x-frame-options']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
