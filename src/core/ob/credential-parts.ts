/** Fields every credential builder shares: dates, issuer, status, schema, refresh, terms of use. */
import type {
  CredentialSchema, CredentialStatus, Image, Profile, RefreshService, TermsOfUse, VerifiableCredentialBase,
} from './types.ts';
import { fail, isRecord, mapMany, notAfter, optDateTime, optString, reqDateTime, reqString, reqUri, reqUrl } from './check.ts';
import { buildImage, type ImageInput } from './parts.ts';
import { buildProfile, type ProfileInput } from './profile.ts';
import { buildEvidence, type EvidenceInput } from './subject.ts';
import type { SchemaPassMemo } from './schema-memo.ts';

/** Inputs common to AchievementCredential, EndorsementCredential and ClrCredential. */
export interface CredentialCommonInput {
  /** The credential id, e.g. `urn:uuid:…` (caller generates it). */
  id: string;
  /** Always embedded as a Profile object (the 1EdTech validator requires it); `name` is required. */
  issuer: ProfileInput;
  validFrom: Date | string;
  validUntil?: Date | string;
  awardedDate?: Date | string;
  name?: string;
  description?: string;
  image?: ImageInput;
  evidence?: EvidenceInput[];
  /** One status object (the OB 3.0 schema rejects an array). */
  credentialStatus?: CredentialStatus;
  /** `true` adds the standard 1EdTech schema entry; or give the entries yourself. */
  credentialSchema?: boolean | CredentialSchema[];
  refreshService?: RefreshService;
  termsOfUse?: TermsOfUse[];
}

const STATUS_PURPOSES = ['revocation', 'suspension', 'refresh', 'message'];

/** Validates a single `credentialStatus` object of a known variant. */
export function checkCredentialStatus(input: unknown, field = 'credentialStatus'): CredentialStatus {
  if (Array.isArray(input)) fail(field, `${field} must be a single object: the OB 3.0 schema does not allow an array.`);
  if (!isRecord(input)) fail(field, `${field} must be an object.`);
  const type = input.type;
  if (type === '1EdTechRevocationList') return { id: reqUrl(input.id, `${field}.id`), type };
  if (type !== 'BitstringStatusListEntry' && type !== 'StatusList2021Entry') {
    fail(`${field}.type`, `${field}.type must be BitstringStatusListEntry, 1EdTechRevocationList or StatusList2021Entry.`);
  }
  const listUrl = reqUrl(input.statusListCredential, `${field}.statusListCredential`);
  const index = input.statusListIndex;
  if (typeof index !== 'string' || !/^(0|[1-9]\d*)$/.test(index)) {
    fail(`${field}.statusListIndex`, `${field}.statusListIndex must be a non-negative integer written as a string, e.g. "94567".`);
  }
  const purpose = reqString(input.statusPurpose, `${field}.statusPurpose`);
  if (!STATUS_PURPOSES.includes(purpose)) fail(`${field}.statusPurpose`, `${field}.statusPurpose must be one of ${STATUS_PURPOSES.join(', ')}.`);
  const id = reqUri(input.id, `${field}.id`);
  if (id === listUrl) fail(`${field}.id`, `${field}.id must not be the status list URL itself; use <list URL>#<index>.`);
  if (type === 'StatusList2021Entry') {
    return { id, type, statusPurpose: purpose as 'revocation' | 'suspension', statusListIndex: index, statusListCredential: listUrl };
  }
  const out: CredentialStatus = { id, type, statusPurpose: purpose, statusListIndex: index, statusListCredential: listUrl };
  if (input.statusSize !== undefined) {
    const size = input.statusSize;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > 8) fail(`${field}.statusSize`, `${field}.statusSize must be an integer 1…8.`);
    out.statusSize = size;
    if (size > 1 && !Array.isArray(input.statusMessage)) fail(`${field}.statusMessage`, `${field}.statusMessage is required when statusSize > 1.`);
  }
  if (Array.isArray(input.statusMessage)) out.statusMessage = input.statusMessage as { status: string; message: string }[];
  if (input.statusReference !== undefined) out.statusReference = input.statusReference as string;
  return out;
}

/**
 * The common fields, validated, in serialization order (without @context, type, subject). With `opts.memo`, an
 * issuer input object already built is not built again (see SchemaPassMemo for the contract).
 */
export function buildCommon(
  input: CredentialCommonInput,
  defaultSchemaId: string,
  opts: { nameRequired?: boolean; defaultName?: string; memo?: SchemaPassMemo } = {},
): Omit<VerifiableCredentialBase, '@context' | 'type'> & { name?: string } {
  if (!isRecord(input)) fail('credential', 'The credential input must be an object.');
  const id = reqUri(input.id, 'id');
  const issuerIn = input.issuer;
  const buildIssuer = (p: ProfileInput): Profile => buildProfile(p, 'issuer');
  const issuer = opts.memo && isRecord(issuerIn) ? opts.memo.part('profile', issuerIn, buildIssuer) : buildIssuer(issuerIn);
  if (!issuer.name) fail('issuer.name', 'issuer.name is required: verifiers and wallets display it.');
  const validFrom = reqDateTime(input.validFrom, 'validFrom');
  const validUntil = optDateTime(input.validUntil, 'validUntil');
  if (validUntil && !notAfter(validFrom, validUntil)) fail('validUntil', 'validUntil is before validFrom.');
  const awardedDate = optDateTime(input.awardedDate, 'awardedDate');
  const name = optString(input.name, 'name') ?? opts.defaultName;
  if (opts.nameRequired && !name) reqString(name, 'name');
  const out: Omit<VerifiableCredentialBase, '@context' | 'type'> & { name?: string } = { id, issuer, validFrom };
  if (validUntil) out.validUntil = validUntil;
  if (name) out.name = name;
  const description = optString(input.description, 'description');
  if (description) out.description = description;
  if (input.image !== undefined) out.image = buildImage(input.image, 'image') as Image;
  if (awardedDate) out.awardedDate = awardedDate;
  const evidence = mapMany(input.evidence, 'evidence', buildEvidence);
  if (evidence) out.evidence = evidence;
  if (input.credentialStatus !== undefined) out.credentialStatus = checkCredentialStatus(input.credentialStatus);
  if (input.credentialSchema === true) {
    out.credentialSchema = [{ id: defaultSchemaId, type: '1EdTechJsonSchemaValidator2019' }];
  } else if (Array.isArray(input.credentialSchema) && input.credentialSchema.length) {
    out.credentialSchema = input.credentialSchema.map((s, i) => ({
      id: reqUrl(s?.id, `credentialSchema[${i}].id`),
      type: reqString(s?.type, `credentialSchema[${i}].type`),
    }));
    if (!out.credentialSchema.some((s) => s.id === defaultSchemaId && s.type === '1EdTechJsonSchemaValidator2019')) {
      fail('credentialSchema', `credentialSchema must include ${defaultSchemaId} with type 1EdTechJsonSchemaValidator2019.`);
    }
  }
  if (input.refreshService !== undefined) {
    out.refreshService = {
      id: reqUrl(input.refreshService?.id, 'refreshService.id'),
      type: reqString(input.refreshService?.type, 'refreshService.type'),
    };
  }
  if (input.termsOfUse !== undefined && input.termsOfUse !== null) {
    if (!Array.isArray(input.termsOfUse)) fail('termsOfUse', 'termsOfUse must be an array of { type, id? } objects.');
    out.termsOfUse = input.termsOfUse.map((t, i) => {
      if (!isRecord(t)) fail(`termsOfUse[${i}]`, 'termsOfUse entries must be objects.');
      reqString(t.type, `termsOfUse[${i}].type`);
      return t;
    });
    if (!out.termsOfUse.length) delete out.termsOfUse;
  }
  return out;
}
