/**
 * The shell implementation of the verifier's fetcher port: http(s) only, a timeout, a size limit, at most
 * three redirects, and private / loopback / link-local addresses refused unless configured (SSRF guard).
 * The address check runs inside the socket's DNS lookup, so a name cannot resolve to a public address for
 * the check and a private one for the connection.
 */
import http from 'node:http';
import https from 'node:https';
import dns from 'node:dns';
import net from 'node:net';
import type { Fetcher, FetchResponse } from '../core/verify/types.ts';

export interface HttpFetcherOptions {
  /** Allow loopback and private addresses (tests, intranet deployments). Default false. */
  allowPrivateAddresses?: boolean;
  /** Maximum redirects followed. Default 3. */
  maxRedirects?: number;
  /** User-Agent header. */
  userAgent?: string;
}

/** True for loopback, private, link-local, CGNAT, multicast, unspecified and other non-public addresses. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.startsWith('::ffff:') && net.isIPv4(address.slice(7)) ? address.slice(7) : address;
  if (net.isIPv4(ip)) {
    const [a, b] = ip.split('.').map(Number) as [number, number];
    return (
      a === 0 || a === 10 || a === 127 || a >= 224 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 192 && b === 0) ||
      (a === 198 && (b === 18 || b === 19))
    );
  }
  const lower = ip.toLowerCase();
  return (
    lower === '::' || lower === '::1' ||
    lower.startsWith('fc') || lower.startsWith('fd') ||
    lower.startsWith('fe8') || lower.startsWith('fe9') || lower.startsWith('fea') || lower.startsWith('feb') ||
    lower.startsWith('ff') || lower.startsWith('64:ff9b:') || lower.startsWith('2001:db8:')
  );
}

class FetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetchError';
  }
}

function guardedLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as dns.LookupAddress[];
      const bad = list.find((a) => !allowPrivate && isPrivateAddress(a.address));
      if (bad) return callback(new FetchError(`${hostname} resolves to a private address (${bad.address}); refused.`), '', 4);
      if ((options as dns.LookupOptions).all) return (callback as any)(null, list);
      const first = list[0];
      if (!first) return callback(new FetchError(`${hostname} has no address.`), '', 4);
      callback(null, first.address, first.family);
    });
  };
}

function requestOnce(
  url: URL,
  opts: { accept: string; maxBytes: number; timeoutMs: number },
  cfg: Required<HttpFetcherOptions>,
): Promise<FetchResponse & { location?: string }> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(host) && !cfg.allowPrivateAddresses && isPrivateAddress(host)) {
      reject(new FetchError(`${url.host} is a private address; refused.`));
      return;
    }
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(
      url,
      {
        method: 'GET',
        headers: { accept: opts.accept, 'user-agent': cfg.userAgent, 'accept-encoding': 'identity' },
        lookup: guardedLookup(cfg.allowPrivateAddresses),
        timeout: opts.timeoutMs,
      },
      (res) => {
        const declared = Number(res.headers['content-length'] ?? '0');
        if (declared > opts.maxBytes) {
          res.destroy();
          reject(new FetchError(`${url.href} is larger than ${opts.maxBytes} bytes.`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > opts.maxBytes) {
            res.destroy();
            reject(new FetchError(`${url.href} is larger than ${opts.maxBytes} bytes.`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: new Uint8Array(Buffer.concat(chunks)),
            ...(location ? { location } : {}),
          });
        });
        res.on('error', (e) => reject(e));
      },
    );
    const timer = setTimeout(() => req.destroy(new FetchError(`${url.href} did not answer within ${opts.timeoutMs} ms.`)), opts.timeoutMs);
    req.on('timeout', () => req.destroy(new FetchError(`${url.href} did not answer within ${opts.timeoutMs} ms.`)));
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.on('close', () => clearTimeout(timer));
    req.end();
  });
}

/**
 * Creates the fetcher used by the verifier (status lists, did:web documents, HTTPS keys).
 * @example const fetcher = createHttpFetcher({ allowPrivateAddresses: config.env === 'test' })
 */
export function createHttpFetcher(options: HttpFetcherOptions = {}): Fetcher {
  const cfg: Required<HttpFetcherOptions> = {
    allowPrivateAddresses: options.allowPrivateAddresses ?? false,
    maxRedirects: options.maxRedirects ?? 3,
    userAgent: options.userAgent ?? 'microcred-verifier/0.1',
  };
  return async (rawUrl, opts) => {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new FetchError(`"${rawUrl}" is not a URL.`);
    }
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new FetchError(`Only http(s) URLs are fetched, not ${url.protocol}.`);
      if (url.username || url.password) throw new FetchError('URLs with credentials are not fetched.');
      const res = await requestOnce(url, opts, cfg);
      if (res.status >= 300 && res.status < 400 && res.location) {
        if (hop >= cfg.maxRedirects) throw new FetchError(`Too many redirects from ${rawUrl}.`);
        url = new URL(res.location, url);
        continue;
      }
      return { status: res.status, contentType: res.contentType, body: res.body };
    }
  };
}
