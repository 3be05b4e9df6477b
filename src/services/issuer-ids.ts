/** Issuer and verification-method ids of an organization's key, by its DID method (did:web or did:key). */
import { didKeyVerificationMethodId } from '../core/did/did-key.ts';
import { didWebFromUrl } from '../core/did/did-web.ts';
import type { DidMethod } from '../db/repositories/organizations.repository.ts';

export interface IssuerIds {
  /** The DID method actually used (did:web needs an https public URL; otherwise did:key). */
  method: DidMethod;
  issuerId: string;
  verificationMethodId: string;
}

/** The path of an organization's public profile under the public URL. */
export const profilePath = (slug: string): string => `/issuers/${encodeURIComponent(slug)}`;

/** The did:web of an organization: `did:web:<host>:issuers:<slug>` (document at /issuers/<slug>/did.json). */
export function didWebOf(slug: string, publicUrl: string): string {
  return didWebFromUrl(publicUrl, `issuers/${slug}`);
}

/** The effective DID method: did:web only when chosen and the public URL is https. */
export function effectiveDidMethod(org: { didMethod: DidMethod }, config: { publicUrlIsHttps: boolean }): DidMethod {
  return org.didMethod === 'web' && config.publicUrlIsHttps ? 'web' : 'key';
}

/**
 * Ids for one key of an organization. did:web: one stable issuer id, key `#<multibase>` fragments;
 * did:key: the key itself is the issuer, so each key has its own issuer id.
 */
export function issuerIdsFor(
  org: { slug: string; didMethod: DidMethod },
  publicKeyMultibase: string,
  config: { publicUrl: string; publicUrlIsHttps: boolean },
): IssuerIds {
  if (effectiveDidMethod(org, config) === 'web') {
    const issuerId = didWebOf(org.slug, config.publicUrl);
    return { method: 'web', issuerId, verificationMethodId: `${issuerId}#${publicKeyMultibase}` };
  }
  return { method: 'key', issuerId: `did:key:${publicKeyMultibase}`, verificationMethodId: didKeyVerificationMethodId(publicKeyMultibase) };
}
