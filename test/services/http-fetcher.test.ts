import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpFetcher, isPrivateAddress } from '../../src/services/http-fetcher.ts';

let server: http.Server;
let base: string;
const opts = { accept: 'application/json', maxBytes: 1000, timeoutMs: 2000 };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/ok') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ accept: req.headers.accept }));
    } else if (req.url === '/big') {
      res.end('x'.repeat(5000));
    } else if (req.url === '/chunked-big') {
      res.write('x'.repeat(800));
      res.end('y'.repeat(800));
    } else if (req.url === '/redirect') {
      res.statusCode = 302;
      res.setHeader('location', '/ok');
      res.end();
    } else if (req.url === '/loop') {
      res.statusCode = 302;
      res.setHeader('location', '/loop');
      res.end();
    } else if (req.url === '/slow') {
      setTimeout(() => res.end('late'), 1500);
    } else {
      res.statusCode = 404;
      res.end('no');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('createHttpFetcher', () => {
  const fetcher = createHttpFetcher({ allowPrivateAddresses: true });

  it('fetches a body with status, content type and the accept header', async () => {
    const res = await fetcher(`${base}/ok`, opts);
    expect(res.status).toBe(200);
    expect(res.contentType).toContain('application/json');
    expect(JSON.parse(new TextDecoder().decode(res.body))).toEqual({ accept: 'application/json' });
  });

  it('reports HTTP errors as a status, not a throw', async () => {
    expect((await fetcher(`${base}/missing`, opts)).status).toBe(404);
  });

  it('follows redirects and stops redirect loops', async () => {
    expect((await fetcher(`${base}/redirect`, opts)).status).toBe(200);
    await expect(fetcher(`${base}/loop`, opts)).rejects.toThrow(/Too many redirects/);
  });

  it('enforces the size limit, declared or streamed', async () => {
    await expect(fetcher(`${base}/big`, opts)).rejects.toThrow(/larger than 1000 bytes/);
    await expect(fetcher(`${base}/chunked-big`, opts)).rejects.toThrow(/larger than 1000 bytes/);
  });

  it('enforces the timeout', async () => {
    await expect(fetcher(`${base}/slow`, { ...opts, timeoutMs: 200 })).rejects.toThrow(/did not answer within 200 ms/);
  });

  it('refuses non-http schemes and URLs with credentials', async () => {
    await expect(fetcher('file:///etc/passwd', opts)).rejects.toThrow(/Only http\(s\)/);
    await expect(fetcher('ftp://example.org/x', opts)).rejects.toThrow(/Only http\(s\)/);
    await expect(fetcher('http://u:p@127.0.0.1/', opts)).rejects.toThrow(/credentials/);
    await expect(fetcher('not a url', opts)).rejects.toThrow(/not a URL/);
  });

  it('refuses loopback and private addresses unless configured', async () => {
    const strict = createHttpFetcher();
    await expect(strict(`${base}/ok`, opts)).rejects.toThrow(/private address/);
    await expect(strict(`http://localhost:${new URL(base).port}/ok`, opts)).rejects.toThrow(/private address/);
    await expect(strict('http://[::1]/', opts)).rejects.toThrow(/private address/);
  });

  it('classifies addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '93.184.216.34', '2606:4700::1111', '172.32.0.1']) expect(isPrivateAddress(a), a).toBe(false);
  });
});
