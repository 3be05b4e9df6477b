/** Organizations (tenants): issuers and employers. */
import type { Db } from '../transaction.ts';
import type { OrganizationsTable } from '../tables/platform.ts';
import { fromJson, toJson } from '../util.ts';

export type OrganizationKind = 'issuer' | 'employer';
export type DidMethod = 'key' | 'web';

export interface PostalAddress {
  streetAddress?: string;
  addressLocality?: string;
  addressRegion?: string;
  postalCode?: string;
  addressCountry?: string;
  addressCountryCode?: string;
}

export interface Organization {
  id: string;
  slug: string;
  kind: OrganizationKind;
  name: string;
  url: string | null;
  email: string | null;
  description: string | null;
  /** `data:` URI (uploaded PNG/SVG) or an https URL. */
  logo: string | null;
  address: PostalAddress | null;
  didMethod: DidMethod;
  emailDomain: string | null;
  domainVerifiedAt: string | null;
  createdAt: string;
}

function toOrganization(r: OrganizationsTable): Organization {
  return {
    id: r.id, slug: r.slug, kind: r.kind as OrganizationKind, name: r.name, url: r.url, email: r.email,
    description: r.description, logo: r.logo, address: fromJson<PostalAddress | null>(r.address_json, null),
    didMethod: r.did_method as DidMethod, emailDomain: r.email_domain, domainVerifiedAt: r.domain_verified_at,
    createdAt: r.created_at,
  };
}

/** Inserts an organization. */
export async function insertOrganization(db: Db, o: Organization): Promise<void> {
  await db.insertInto('organizations').values({
    id: o.id, slug: o.slug, kind: o.kind, name: o.name, url: o.url, email: o.email, description: o.description,
    logo: o.logo, address_json: o.address ? toJson(o.address) : null, did_method: o.didMethod,
    email_domain: o.emailDomain, domain_verified_at: o.domainVerifiedAt, created_at: o.createdAt,
  }).execute();
}

/** Finds an organization by id. */
export async function findOrganizationById(db: Db, id: string): Promise<Organization | undefined> {
  const r = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toOrganization(r) : undefined;
}

/** Finds an organization by its URL slug. */
export async function findOrganizationBySlug(db: Db, slug: string): Promise<Organization | undefined> {
  const r = await db.selectFrom('organizations').selectAll().where('slug', '=', slug).executeTakeFirst();
  return r ? toOrganization(r) : undefined;
}

export type OrganizationPatch = Partial<Pick<Organization, 'name' | 'url' | 'email' | 'description' | 'logo' | 'address' | 'didMethod' | 'emailDomain' | 'domainVerifiedAt'>>;

/** Updates the given profile fields of one organization. */
export async function updateOrganization(db: Db, id: string, patch: OrganizationPatch): Promise<void> {
  const v: Partial<OrganizationsTable> = {};
  if (patch.name !== undefined) v.name = patch.name;
  if (patch.url !== undefined) v.url = patch.url;
  if (patch.email !== undefined) v.email = patch.email;
  if (patch.description !== undefined) v.description = patch.description;
  if (patch.logo !== undefined) v.logo = patch.logo;
  if (patch.address !== undefined) v.address_json = patch.address ? toJson(patch.address) : null;
  if (patch.didMethod !== undefined) v.did_method = patch.didMethod;
  if (patch.emailDomain !== undefined) v.email_domain = patch.emailDomain;
  if (patch.domainVerifiedAt !== undefined) v.domain_verified_at = patch.domainVerifiedAt;
  if (Object.keys(v).length === 0) return;
  await db.updateTable('organizations').set(v).where('id', '=', id).execute();
}

/** Counts organizations (the demo seed runs only on an empty database). */
export async function countOrganizations(db: Db): Promise<number> {
  const r = await db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
