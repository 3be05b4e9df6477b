/**
 * Issuer identity: the issuer id of each organization (did:web under an https public URL, did:key
 * otherwise), its OB 3.0 Profile (served at /issuers/<slug> with content negotiation), and its
 * DID document listing every key, active and retired, so credentials signed before a rotation verify.
 */
import { AppError } from '../core/errors.ts';
import { buildDidDocument, type DidDocument } from '../core/did/index.ts';
import { buildProfile } from '../core/ob/profile.ts';
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from '../core/ob/contexts.ts';
import type { Profile } from '../core/ob/types.ts';
import { findOrganizationById, findOrganizationBySlug, type Organization } from '../db/repositories/organizations.repository.ts';
import type { Deps } from './deps.ts';
import { didWebOf, effectiveDidMethod, profilePath } from './issuer-ids.ts';
import type { PublicKeyInfo } from './key-store.ts';

export interface IssuerIdentity {
  organization: Organization;
  /** The issuer id new credentials carry. */
  issuerId: string;
  method: 'web' | 'key';
  /** Public profile page / JSON-LD URL. */
  profileUrl: string;
  /** did:web only: where the DID document is served. */
  didDocumentUrl: string | null;
  keys: PublicKeyInfo[];
}

export class IssuerIdentityService {
  constructor(private readonly deps: Deps) {}

  private async bySlug(slug: string): Promise<Organization> {
    const org = await findOrganizationBySlug(this.deps.db, slug);
    if (!org || org.kind !== 'issuer' && org.kind !== 'employer') throw new AppError('not_found', 'No such issuer.');
    return org;
  }

  private async identityOf(org: Organization): Promise<IssuerIdentity> {
    const method = effectiveDidMethod(org, this.deps.config);
    let keys = await this.deps.keyStore.publicKeys(org.id);
    if (!keys.some((k) => k.status === 'active')) {
      await this.deps.keyStore.ensureKey(org.id);
      keys = await this.deps.keyStore.publicKeys(org.id);
    }
    const active = keys.find((k) => k.status === 'active')!;
    const profileUrl = this.deps.config.publicUrl + profilePath(org.slug);
    return {
      organization: org, method, issuerId: active.issuerId, profileUrl, keys,
      didDocumentUrl: method === 'web' ? `${profileUrl}/did.json` : null,
    };
  }

  /** Identity of an organization by id (internal callers: issuance, endorsements). */
  async forOrganization(organizationId: string): Promise<IssuerIdentity> {
    const org = await findOrganizationById(this.deps.db, organizationId);
    if (!org) throw new AppError('not_found', 'No such organization.');
    return this.identityOf(org);
  }

  /** Identity of an organization by its public slug. */
  async forSlug(slug: string): Promise<IssuerIdentity> {
    return this.identityOf(await this.bySlug(slug));
  }

  /**
   * The OB 3.0 Profile of an issuer, for embedding as a credential's `issuer` (no @context).
   * `issuerId` overrides the id (did:key issuers: the id of the key that signs).
   */
  profileOf(identity: IssuerIdentity, issuerId = identity.issuerId): Profile {
    const org = identity.organization;
    const otherDids = identity.method === 'key'
      ? [...new Set(identity.keys.map((k) => k.issuerId))].filter((d) => d !== issuerId)
      : [];
    return buildProfile({
      id: issuerId,
      type: ['Profile'],
      name: org.name,
      ...(org.url ? { url: org.url } : {}),
      ...(org.email ? { email: org.email } : {}),
      ...(org.description ? { description: org.description } : {}),
      ...(org.logo ? { image: { id: `${identity.profileUrl}/logo`, caption: `${org.name} logo` } } : {}),
      ...(org.address ? { address: { type: ['Address'], ...org.address } } : {}),
      ...(otherDids.length ? { otherIdentifier: otherDids.map((identifier) => ({ identifier, identifierType: 'identifier' as const })) } : {}),
    });
  }

  /** The JSON-LD document served at the profile URL for machines. */
  async publicProfile(slug: string): Promise<{ identity: IssuerIdentity; document: Record<string, unknown> }> {
    const identity = await this.forSlug(slug);
    const profile = this.profileOf(identity);
    return { identity, document: { '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT], ...profile } };
  }

  /** The did:web DID document (every key in verificationMethod and assertionMethod); `not_found` for did:key issuers. */
  async didDocument(slug: string): Promise<DidDocument> {
    const identity = await this.forSlug(slug);
    if (identity.method !== 'web') throw new AppError('not_found', 'This issuer uses did:key; its keys are self-describing and have no hosted DID document.');
    const did = didWebOf(identity.organization.slug, this.deps.config.publicUrl);
    // The P-256 keys that sign VC-JWT downloads (wallet) are listed too, so `kid` resolves to a key the issuer controls.
    const jwtKeys = await this.deps.keyStore.jwtPublicKeys(identity.organization.id);
    return buildDidDocument({ id: did, keys: [...identity.keys, ...jwtKeys].map((k) => ({ id: k.verificationMethodId, publicKeyMultibase: k.publicKeyMultibase })) });
  }

  /** The uploaded logo of an issuer as bytes. */
  async logo(slug: string): Promise<{ mimeType: string; bytes: Buffer }> {
    const org = await this.bySlug(slug);
    const m = org.logo ? /^data:(image\/(?:png|svg\+xml));base64,(.*)$/.exec(org.logo) : null;
    if (!m) throw new AppError('not_found', 'This issuer has no logo.');
    return { mimeType: m[1]!, bytes: Buffer.from(m[2]!, 'base64') };
  }
}
