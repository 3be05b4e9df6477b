/** Small OB classes used by several builders: Image, IdentifierEntry, enumerations, embedded endorsements. */
import { IDENTIFIER_TYPES, type EndorsementCredential, type IdentifierEntry, type IdentifierType, type Image } from './types.ts';
import { fail, isRecord, optString, reqString, reqUri } from './check.ts';

export type ImageInput = string | { id: string; caption?: string };
export type IdentifierEntryInput = Omit<IdentifierEntry, 'type'> & { type?: 'IdentifierEntry' };

const EXT_RE = /^ext:[a-zA-Z0-9.\-_|]+$/;

/** Checks an extensible enumeration value: a listed term or `ext:…`. */
export function checkEnum<T extends string>(value: unknown, allowed: readonly string[], field: string): T {
  if (typeof value !== 'string' || !(allowed.includes(value) || EXT_RE.test(value))) {
    fail(field, `${field} must be one of ${allowed.join(', ')} or an ext: extension (got ${JSON.stringify(value)}).`);
  }
  return value as T;
}

/** Builds an Image from a URL/data URI or `{ id, caption }`. */
export function buildImage(input: ImageInput, field = 'image'): Image {
  const obj = typeof input === 'string' ? { id: input } : input;
  if (!isRecord(obj)) fail(field, `${field} must be a URL or an object with an id.`);
  const id = reqUri(obj.id, `${field}.id`);
  const caption = optString(obj.caption, `${field}.caption`);
  return caption ? { id, type: 'Image', caption } : { id, type: 'Image' };
}

/** Builds an IdentifierEntry ({ identifier, identifierType }). */
export function buildIdentifierEntry(input: IdentifierEntryInput, field = 'otherIdentifier'): IdentifierEntry {
  if (!isRecord(input)) fail(field, `${field} must be an object.`);
  return {
    type: 'IdentifierEntry',
    identifier: reqString(input.identifier, `${field}.identifier`),
    identifierType: checkEnum<IdentifierType>(input.identifierType, IDENTIFIER_TYPES, `${field}.identifierType`),
  };
}

/** Light shape check of embedded (already signed) EndorsementCredentials. */
export function checkEndorsements(list: unknown, field: string): EndorsementCredential[] {
  if (!Array.isArray(list)) fail(field, `${field} must be an array of EndorsementCredentials.`);
  list.forEach((e, i) => {
    const types = isRecord(e) ? (Array.isArray(e.type) ? e.type : [e.type]) : [];
    if (!types.includes('EndorsementCredential')) {
      fail(`${field}[${i}]`, `${field}[${i}] must be an EndorsementCredential (its type lacks EndorsementCredential).`);
    }
  });
  return list as EndorsementCredential[];
}
