/**
 * A key resolver for VC-JWTs over an injected fetcher: header `jwk`, `did:jwk`, `did:key`, `did:web`,
 * `<https issuer>#z6Mk…` fragments, dedicated key documents, and `kid` URLs that return a bare JWK (what the
 * 1EdTech validator reads) or a JWKS. It reports the key's controller when the source names one.
 */
import type { JWK } from 'jose';
import { decodeEd25519Multikey, decodeP256Multikey } from '../crypto/multikey.ts';
import { resolveVerificationMethod, type Fetcher } from '../did/index.ts';
import { hasPrivateMembers, isJwk } from './keys.ts';
import type { JwtKeyRef, JwtKeyResolution, JwtKeyResolver } from './verify.ts';

function multikeyToJwk(mb: string): JWK {
  if (mb.startsWith('z6Mk')) return { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(decodeEd25519Multikey(mb)).toString('base64url') };
  return decodeP256Multikey(mb) as unknown as JWK;
}

const unknown = (message: string): JwtKeyResolution => ({ status: 'unknown', message });
const invalid = (message: string): JwtKeyResolution => ({ status: 'invalid', message });

async function fetchJson(url: string, fetcher: Fetcher): Promise<unknown> {
  const res = await fetcher(url, { accept: 'application/jwk+json, application/json' });
  if (res.status !== 200) throw new Error(`Fetching ${url} returned HTTP ${res.status}.`);
  return JSON.parse(new TextDecoder().decode(res.body));
}

async function resolveKidUrl(kid: string, fetcher: Fetcher | undefined): Promise<JwtKeyResolution | undefined> {
  if (!/^https?:\/\//.test(kid) || kid.includes('#')) return undefined;
  if (!fetcher) return unknown(`Resolving the kid ${kid} needs a network fetch, which is not allowed here.`);
  let doc: unknown;
  try {
    doc = await fetchJson(kid, fetcher);
  } catch (e) {
    return unknown(`Could not fetch the key at ${kid}: ${(e as Error).message}`);
  }
  if (isJwk(doc)) {
    if (hasPrivateMembers(doc as Record<string, unknown>)) return invalid(`The key at ${kid} publishes private key material.`);
    return { key: doc, source: 'kid-url' };
  }
  const keys = (doc as { keys?: unknown })?.keys;
  if (Array.isArray(keys)) {
    const match = keys.find((k) => isJwk(k) && (k as JWK).kid === kid) ?? (keys.length === 1 ? keys[0] : undefined);
    if (!isJwk(match)) return invalid(`The JWKS at ${kid} has no key with kid ${kid}.`);
    if (hasPrivateMembers(match as Record<string, unknown>)) return invalid(`The JWKS at ${kid} publishes private key material.`);
    return { key: match, source: 'kid-url' };
  }
  return undefined; // not a JWK: maybe a key document (Multikey / publicKeyJwk); let the DID/document resolver try
}

/**
 * Builds a resolver for `verifyVcJwt`. Without a fetcher only offline sources work (jwk, did:jwk, did:key, fragment).
 * @example await verifyVcJwt(jwt, { resolveKey: createJwtKeyResolver({ fetcher }) })
 */
export function createJwtKeyResolver(opts: { fetcher?: Fetcher } = {}): JwtKeyResolver {
  return async (ref: JwtKeyRef): Promise<JwtKeyResolution> => {
    if (ref.jwk && !ref.kid) return { key: ref.jwk, source: 'embedded-jwk' };
    const kid = ref.kid;
    if (!kid) return unknown('The JWT names no key (no kid or jwk).');
    if (kid.startsWith('did:jwk:')) {
      try {
        const base = kid.split('#')[0]!;
        const jwk = JSON.parse(Buffer.from(base.slice(8), 'base64url').toString('utf8'));
        if (!isJwk(jwk) || hasPrivateMembers(jwk as Record<string, unknown>)) return invalid(`${kid} does not encode a public JWK.`);
        return { key: jwk, controller: base, source: 'did:jwk' };
      } catch {
        return invalid(`${kid} is not a valid did:jwk.`);
      }
    }
    const viaUrl = await resolveKidUrl(kid, opts.fetcher);
    if (viaUrl) return viaUrl;
    const vm = await resolveVerificationMethod(kid, { ...(opts.fetcher ? { fetcher: opts.fetcher } : {}), allowFragmentKey: true });
    if (!vm.ok) {
      if (ref.jwk) return { key: ref.jwk, source: 'embedded-jwk' };
      return vm.code === 'vm_fetch_failed' || vm.code === 'vm_unsupported_method' ? unknown(vm.message) : invalid(vm.message);
    }
    try {
      const key = vm.publicKeyJwk ? (vm.publicKeyJwk as JWK) : multikeyToJwk(vm.publicKeyMultibase!);
      return { key, controller: vm.controller, source: vm.keySource };
    } catch (e) {
      return invalid(`The key ${kid} is malformed: ${(e as Error).message}`);
    }
  };
}
