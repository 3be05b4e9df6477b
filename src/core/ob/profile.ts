/** Builder for Profile (issuer, creator, source, endorser) and Address. */
import type { Address, EndorsementCredential, GeoCoordinates, Profile } from './types.ts';
import { fail, isRecord, mapMany, optString, optStringArray, reqUri, reqUrl, typeSet } from './check.ts';
import { buildIdentifierEntry, buildImage, checkEndorsements, type IdentifierEntryInput, type ImageInput } from './parts.ts';

export type AddressInput = Omit<Address, 'type' | 'geo'> & {
  type?: string | string[];
  geo?: { latitude: number; longitude: number };
};

export interface ProfileInput {
  id: string;
  type?: string | string[];
  name?: string;
  url?: string;
  phone?: string;
  description?: string;
  email?: string;
  image?: ImageInput;
  address?: AddressInput;
  otherIdentifier?: IdentifierEntryInput[];
  official?: string;
  parentOrg?: ProfileInput;
  familyName?: string;
  givenName?: string;
  additionalName?: string;
  patronymicName?: string;
  honorificPrefix?: string;
  honorificSuffix?: string;
  familyNamePrefix?: string;
  dateOfBirth?: string;
  endorsement?: EndorsementCredential[];
  endorsementJwt?: string[];
  /** Extra JSON-LD properties (e.g. `verificationMethod`/`assertionMethod` when the profile is a controller document). */
  extensions?: Record<string, unknown>;
}

const STRING_FIELDS = [
  'name', 'phone', 'description', 'official', 'familyName', 'givenName', 'additionalName', 'patronymicName',
  'honorificPrefix', 'honorificSuffix', 'familyNamePrefix',
] as const;

function buildAddress(input: AddressInput, field: string): Address {
  if (!isRecord(input)) fail(field, `${field} must be an object.`);
  const out: Address = { type: typeSet('Address', input.type, `${field}.type`) };
  for (const k of ['addressCountry', 'addressCountryCode', 'addressRegion', 'addressLocality', 'streetAddress', 'postOfficeBoxNumber', 'postalCode'] as const) {
    const v = optString(input[k], `${field}.${k}`);
    if (v) out[k] = v;
  }
  if (out.addressCountryCode && !/^[A-Z]{2}$/.test(out.addressCountryCode)) {
    fail(`${field}.addressCountryCode`, `${field}.addressCountryCode must be a two-letter ISO 3166-1 code such as US.`);
  }
  if (input.geo !== undefined) {
    const { latitude, longitude } = input.geo ?? ({} as GeoCoordinates);
    if (typeof latitude !== 'number' || latitude < -90 || latitude > 90) fail(`${field}.geo.latitude`, 'Latitude must be between -90 and 90.');
    if (typeof longitude !== 'number' || longitude < -180 || longitude > 180) fail(`${field}.geo.longitude`, 'Longitude must be between -180 and 180.');
    out.geo = { type: 'GeoCoordinates', latitude, longitude };
  }
  return out;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Builds an OB 3.0 Profile (always an embedded object with `type: ['Profile']`).
 * @example buildProfile({ id: 'did:web:uni.example', name: 'Example University', url: 'https://uni.example' })
 */
export function buildProfile(input: ProfileInput, field = 'profile'): Profile {
  if (!isRecord(input)) fail(field, `${field} must be an object with at least an id.`);
  const out: Profile = { id: reqUri(input.id, `${field}.id`), type: typeSet('Profile', input.type, `${field}.type`) };
  for (const k of STRING_FIELDS) {
    const v = optString(input[k], `${field}.${k}`);
    if (v) out[k] = v;
  }
  if (input.url !== undefined && input.url !== '') out.url = reqUrl(input.url, `${field}.url`);
  const email = optString(input.email, `${field}.email`);
  if (email) {
    if (!EMAIL_RE.test(email)) fail(`${field}.email`, `${field}.email is not a valid email address.`);
    out.email = email;
  }
  if (input.image !== undefined) out.image = buildImage(input.image, `${field}.image`);
  if (input.address !== undefined) out.address = buildAddress(input.address, `${field}.address`);
  const other = mapMany(input.otherIdentifier, `${field}.otherIdentifier`, buildIdentifierEntry);
  if (other) out.otherIdentifier = other;
  if (input.parentOrg !== undefined) out.parentOrg = buildProfile(input.parentOrg, `${field}.parentOrg`);
  const dob = optString(input.dateOfBirth, `${field}.dateOfBirth`);
  if (dob) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dob) || Number.isNaN(Date.parse(dob))) fail(`${field}.dateOfBirth`, `${field}.dateOfBirth must be a date such as 1990-04-30.`);
    out.dateOfBirth = dob;
  }
  if (input.endorsement?.length) out.endorsement = checkEndorsements(input.endorsement, `${field}.endorsement`);
  const jwts = optStringArray(input.endorsementJwt, `${field}.endorsementJwt`);
  if (jwts?.length) out.endorsementJwt = jwts;
  if (input.extensions) {
    for (const [k, v] of Object.entries(input.extensions)) {
      if (k in out) fail(`${field}.extensions.${k}`, `${field}.extensions must not override the standard property ${k}.`);
      if (v !== undefined && v !== null) out[k] = v;
    }
  }
  return out;
}
