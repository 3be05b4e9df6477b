/**
 * Resolves a proof's verificationMethod to a public key: did:key offline, `<issuer>#z6Mk…` from the fragment,
 * did:web and https documents through an injected fetcher. Never throws: failures are typed results.
 */
import { decodeEd25519Multikey, isEd25519Multikey } from '../crypto/multikey.ts';
import { didKeyDocument, multikeyFromDidKey } from './did-key.ts';
import { didWebToUrl } from './did-web.ts';

/** Fetches a URL; the caller enforces timeouts and size limits. */
export type Fetcher = (url: string, init: { accept: string }) => Promise<{ status: number; contentType: string; body: Uint8Array }>;

/** A resolved verification method. `keySource` says how the key was obtained. */
export interface ResolvedVerificationMethod {
  ok: true;
  id: string;
  controller: string;
  type: string;
  publicKeyMultibase?: string;
  publicKeyJwk?: Record<string, unknown>;
  keySource: 'did:key' | 'fragment' | 'document';
  /** Whether the controller document lists it under assertionMethod (undefined when there is no document). */
  assertionMethod?: boolean;
}

export type VerificationMethodFailureCode =
  | 'vm_missing'
  | 'vm_unsupported_method'
  | 'vm_fetch_failed'
  | 'vm_not_found'
  | 'vm_invalid';

/** Why a verification method could not be resolved. `vm_fetch_failed` means "could not check", not "invalid". */
export interface VerificationMethodFailure {
  ok: false;
  code: VerificationMethodFailureCode;
  message: string;
}

export type VerificationMethodResult = ResolvedVerificationMethod | VerificationMethodFailure;

const fail = (code: VerificationMethodFailureCode, message: string): VerificationMethodFailure => ({ ok: false, code, message });

/**
 * Resolves a verification method id to its key and controller.
 * @example await resolveVerificationMethod('did:key:z6Mk…#z6Mk…', {})
 */
export async function resolveVerificationMethod(
  vmId: unknown,
  opts: { fetcher?: Fetcher; allowFragmentKey?: boolean } = {},
): Promise<VerificationMethodResult> {
  try {
    if (typeof vmId !== 'string' || vmId.length === 0) return fail('vm_missing', 'The proof has no verificationMethod.');
    const hash = vmId.indexOf('#');
    const base = hash === -1 ? vmId : vmId.slice(0, hash);
    const fragment = hash === -1 ? undefined : vmId.slice(hash + 1);
    if (base.startsWith('did:key:')) return resolveDidKey(vmId);
    if (base.startsWith('did:web:')) return await resolveFromDocument(vmId, didWebToUrl(base), base, opts.fetcher, true);
    if (base.startsWith('did:')) {
      return fail('vm_unsupported_method', `The DID method of "${vmId}" is not supported (did:key and did:web are).`);
    }
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(base)?.[1]?.toLowerCase();
    if (!scheme) return fail('vm_invalid', `The verificationMethod "${vmId}" is not an absolute URL.`);
    if (fragment !== undefined && (opts.allowFragmentKey ?? true) && isEd25519Multikey(fragment)) {
      return { ok: true, id: vmId, controller: base, type: 'Multikey', publicKeyMultibase: fragment, keySource: 'fragment' };
    }
    if (fragment !== undefined && (opts.allowFragmentKey ?? true) && /^z[1-9A-HJ-NP-Za-km-z]{40,}$/.test(fragment)) {
      return fail('vm_invalid', `The key in the fragment of "${vmId}" is not a valid Ed25519 Multikey (z6Mk…).`);
    }
    if (scheme === 'https' || scheme === 'http') return await resolveFromDocument(vmId, base, base, opts.fetcher, false);
    return fail('vm_unsupported_method', `The verificationMethod "${vmId}" uses the unsupported scheme "${scheme}:".`);
  } catch (e) {
    return fail('vm_invalid', `The verificationMethod could not be resolved: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function resolveDidKey(vmId: string): VerificationMethodResult {
  let doc;
  try {
    multikeyFromDidKey(vmId);
    doc = didKeyDocument(vmId);
  } catch (e) {
    return fail('vm_invalid', `"${vmId}" is not a valid Ed25519 did:key: ${(e as Error).message}`);
  }
  const vm = doc.verificationMethod[0]!;
  return { ok: true, id: vm.id, controller: vm.controller, type: vm.type, publicKeyMultibase: vm.publicKeyMultibase!, keySource: 'did:key', assertionMethod: true };
}

async function resolveFromDocument(vmId: string, url: string, docId: string, fetcher: Fetcher | undefined, isDid: boolean): Promise<VerificationMethodResult> {
  if (!fetcher) return fail('vm_fetch_failed', `Resolving "${vmId}" needs a network fetch of ${url}, which is not allowed here.`);
  let res;
  try {
    res = await fetcher(url, { accept: isDid ? 'application/did+json, application/did+ld+json, application/json' : 'application/ld+json, application/json' });
  } catch (e) {
    return fail('vm_fetch_failed', `Could not fetch ${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (res.status !== 200) return fail('vm_fetch_failed', `Fetching ${url} returned HTTP ${res.status}.`);
  let doc: any;
  try {
    doc = JSON.parse(new TextDecoder().decode(res.body));
  } catch {
    return fail('vm_invalid', `${url} did not return JSON.`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return fail('vm_invalid', `${url} did not return a JSON object.`);
  if (doc.id !== docId && !(!isDid && doc.id === vmId)) {
    return fail('vm_invalid', `The document at ${url} has id "${String(doc.id)}", expected "${docId}".`);
  }
  // A dedicated key URL: the document is the verification method itself.
  if (!isDid && doc.id === vmId && (doc.publicKeyMultibase || doc.publicKeyJwk)) {
    return toResolved(doc, vmId, undefined);
  }
  const candidates = [...asArray(doc.verificationMethod), ...asArray(doc.assertionMethod)].filter((x) => x && typeof x === 'object');
  const fragment = vmId.includes('#') ? vmId.slice(vmId.indexOf('#')) : undefined;
  const vm = candidates.find((c: any) => c.id === vmId || (fragment && c.id === fragment));
  if (!vm) return fail('vm_not_found', `The document at ${url} does not list the key "${vmId}".`);
  const listed = asArray(doc.assertionMethod).some((a: any) => a === vmId || (fragment && a === fragment) || (a && typeof a === 'object' && a.id === vm.id));
  return toResolved({ controller: doc.id, ...vm }, vmId, listed);
}

function toResolved(vm: any, vmId: string, assertionMethod: boolean | undefined): VerificationMethodResult {
  if (typeof vm.controller !== 'string') return fail('vm_invalid', `The key "${vmId}" has no controller.`);
  const type = typeof vm.type === 'string' ? vm.type : 'Multikey';
  if (typeof vm.publicKeyMultibase === 'string') {
    if (vm.publicKeyMultibase.startsWith('z6Mk')) {
      try {
        decodeEd25519Multikey(vm.publicKeyMultibase);
      } catch (e) {
        return fail('vm_invalid', `The key "${vmId}" is malformed: ${(e as Error).message}`);
      }
    }
    return { ok: true, id: vmId, controller: vm.controller, type, publicKeyMultibase: vm.publicKeyMultibase, keySource: 'document', ...(assertionMethod === undefined ? {} : { assertionMethod }) };
  }
  if (vm.publicKeyJwk && typeof vm.publicKeyJwk === 'object') {
    return { ok: true, id: vmId, controller: vm.controller, type, publicKeyJwk: vm.publicKeyJwk, keySource: 'document', ...(assertionMethod === undefined ? {} : { assertionMethod }) };
  }
  return fail('vm_invalid', `The key "${vmId}" has neither publicKeyMultibase nor publicKeyJwk.`);
}

function asArray(x: unknown): any[] {
  return x === undefined || x === null ? [] : Array.isArray(x) ? x : [x];
}
