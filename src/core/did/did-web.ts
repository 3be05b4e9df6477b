/** did:web ↔ https URL mapping (W3C did:web method). */

/**
 * The did:web for a public base URL and an optional path.
 * @example didWebFromUrl('https://badges.example.org', 'issuers/42') // did:web:badges.example.org:issuers:42
 */
export function didWebFromUrl(publicUrl: string, path = ''): string {
  const u = new URL(publicUrl);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`"${publicUrl}" is not an http(s) URL.`);
  const host = u.port ? `${u.hostname}%3A${u.port}` : u.hostname;
  const segments = [...u.pathname.split('/'), ...path.split('/')].filter((s) => s.length > 0);
  return ['did:web', host, ...segments.map((s) => encodeURIComponent(decodeURIComponent(s)))].join(':');
}

/**
 * The https URL of a did:web's DID document (`/.well-known/did.json` without a path).
 * @example didWebToUrl('did:web:badges.example.org:issuers:42') // https://badges.example.org/issuers/42/did.json
 */
export function didWebToUrl(did: string): string {
  const bare = did.split('#')[0]!.split('?')[0]!;
  const m = /^did:web:([^:]+)((?::[^:]+)*)$/.exec(bare);
  if (!m) throw new Error(`"${did}" is not a did:web identifier.`);
  const host = decodeURIComponent(m[1]!);
  if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(host)) throw new Error(`"${did}" has an invalid host "${host}".`);
  const segments = m[2] ? m[2].slice(1).split(':').map((s) => decodeURIComponent(s)) : [];
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('/'))) {
    throw new Error(`"${did}" has an invalid path segment.`);
  }
  const path = segments.length ? `/${segments.map(encodeURIComponent).join('/')}/did.json` : '/.well-known/did.json';
  return `https://${host}${path}`;
}
