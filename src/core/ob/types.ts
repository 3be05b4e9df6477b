/**
 * Open Badges 3.0 / CLR 2.0 data model, named as in the standard (`OBS:ob_v3p0/common_credentials.lines`).
 * These are the *serialized* shapes we emit: multi-valued properties are arrays, `type` is an array where the
 * spec makes it a set. Documents read from elsewhere may be compacted; treat foreign input as `unknown` and
 * validate it with `src/core/schema` before trusting these types.
 */

/** ISO-8601 date-time with a timezone, e.g. `2026-12-04T20:00:00Z`. */
export type DateTimeZ = string;
/** Any URI: `https:`, `did:`, `urn:uuid:`, `data:` … */
export type Uri = string;

import type { AchievementType, AlignmentTargetType, AssociationType, IdentifierType, ResultStatus, ResultType } from './vocab.ts';

export * from './vocab.ts';

export interface Image {
  id: Uri;
  type: 'Image';
  caption?: string;
}

export interface GeoCoordinates {
  type: 'GeoCoordinates';
  latitude: number;
  longitude: number;
}

export interface Address {
  type: string[];
  addressCountry?: string;
  addressCountryCode?: string;
  addressRegion?: string;
  addressLocality?: string;
  streetAddress?: string;
  postOfficeBoxNumber?: string;
  postalCode?: string;
  geo?: GeoCoordinates;
}

export interface IdentifierEntry {
  type: 'IdentifierEntry';
  identifier: string;
  identifierType: IdentifierType;
}

export interface Profile {
  id: Uri;
  type: string[];
  name?: string;
  url?: string;
  phone?: string;
  description?: string;
  email?: string;
  image?: Image;
  address?: Address;
  otherIdentifier?: IdentifierEntry[];
  official?: string;
  parentOrg?: Profile;
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
  /** Key publication on an HTTPS issuer profile (controller document); not part of the OB Profile class. */
  [extension: string]: unknown;
}

export interface Criteria {
  id?: Uri;
  narrative?: string;
}

export interface Alignment {
  type: string[];
  targetName: string;
  targetUrl: Uri;
  targetCode?: string;
  targetDescription?: string;
  targetFramework?: string;
  targetType?: AlignmentTargetType;
}

export interface RubricCriterionLevel {
  id: Uri;
  type: string[];
  name: string;
  description?: string;
  level?: string;
  points?: string;
  alignment?: Alignment[];
}

export interface ResultDescription {
  id: Uri;
  type: string[];
  name: string;
  resultType: ResultType;
  allowedValue?: string[];
  requiredLevel?: Uri;
  requiredValue?: string;
  valueMax?: string;
  valueMin?: string;
  rubricCriterionLevel?: RubricCriterionLevel[];
  alignment?: Alignment[];
}

export interface Related {
  id: Uri;
  type: string[];
  inLanguage?: string;
  version?: string;
}

export interface Achievement {
  id: Uri;
  type: string[];
  name: string;
  description: string;
  criteria: Criteria;
  achievementType?: AchievementType;
  alignment?: Alignment[];
  creator?: Profile;
  creditsAvailable?: number;
  endorsement?: EndorsementCredential[];
  endorsementJwt?: string[];
  fieldOfStudy?: string;
  humanCode?: string;
  image?: Image;
  inLanguage?: string;
  otherIdentifier?: IdentifierEntry[];
  related?: Related[];
  resultDescription?: ResultDescription[];
  specialization?: string;
  tag?: string[];
  version?: string;
}

export interface IdentityObject {
  type: 'IdentityObject';
  hashed: boolean;
  identityHash: string;
  identityType: IdentifierType;
  salt?: string;
}

export interface Result {
  type: string[];
  value?: string;
  resultDescription?: Uri;
  achievedLevel?: Uri;
  status?: ResultStatus;
  alignment?: Alignment[];
}

export interface AchievementSubject {
  id?: Uri;
  type: string[];
  achievement: Achievement;
  identifier?: IdentityObject[];
  activityStartDate?: DateTimeZ;
  activityEndDate?: DateTimeZ;
  creditsEarned?: number;
  image?: Image;
  licenseNumber?: string;
  narrative?: string;
  result?: Result[];
  role?: string;
  source?: Profile;
  term?: string;
}

export interface Evidence {
  id?: Uri;
  type: string[];
  narrative?: string;
  name?: string;
  description?: string;
  genre?: string;
  audience?: string;
}

/** W3C Bitstring Status List v1.0 entry (`credentialStatus`). */
export interface BitstringStatusListEntry {
  id: Uri;
  type: 'BitstringStatusListEntry';
  statusPurpose: 'revocation' | 'suspension' | 'refresh' | 'message' | (string & {});
  statusListIndex: string;
  statusListCredential: Uri;
  statusSize?: number;
  statusMessage?: { status: string; message: string }[];
  statusReference?: Uri | Uri[];
}

/** 1EdTech Revocation List (VCRL 1.0) status. Needs the extensions context. */
export interface OneEdTechRevocationListStatus {
  id: Uri;
  type: '1EdTechRevocationList';
}

/** Legacy W3C StatusList2021 entry (read only). */
export interface StatusList2021Entry {
  id: Uri;
  type: 'StatusList2021Entry';
  statusPurpose: 'revocation' | 'suspension';
  statusListIndex: string;
  statusListCredential: Uri;
}

export type CredentialStatus = BitstringStatusListEntry | OneEdTechRevocationListStatus | StatusList2021Entry;

export interface CredentialSchema {
  id: Uri;
  type: '1EdTechJsonSchemaValidator2019' | (string & {});
}

export interface RefreshService {
  id: Uri;
  type: '1EdTechCredentialRefresh' | (string & {});
}

export interface TermsOfUse {
  type: string;
  id?: Uri;
  [extension: string]: unknown;
}

/** Embedded proof: DataIntegrityProof (eddsa-rdfc-2022 …) or legacy Ed25519Signature2020. */
export interface Proof {
  type: 'DataIntegrityProof' | 'Ed25519Signature2020' | (string & {});
  cryptosuite?: string;
  created?: DateTimeZ;
  expires?: DateTimeZ;
  verificationMethod?: Uri;
  proofPurpose?: string;
  proofValue?: string;
  id?: Uri;
  domain?: string | string[];
  challenge?: string;
  nonce?: string;
  previousProof?: Uri | Uri[];
  [extension: string]: unknown;
}

/** Fields shared by every verifiable credential we emit (VC 2.0 form). */
export interface VerifiableCredentialBase {
  '@context': string[];
  id: Uri;
  type: string[];
  issuer: Profile;
  validFrom: DateTimeZ;
  validUntil?: DateTimeZ;
  name?: string;
  description?: string;
  image?: Image;
  awardedDate?: DateTimeZ;
  evidence?: Evidence[];
  credentialStatus?: CredentialStatus;
  credentialSchema?: CredentialSchema[];
  refreshService?: RefreshService;
  termsOfUse?: TermsOfUse[];
  proof?: Proof[];
}

/** OpenBadgeCredential (= AchievementCredential). */
export interface AchievementCredential extends VerifiableCredentialBase {
  credentialSubject: AchievementSubject;
  endorsement?: EndorsementCredential[];
  endorsementJwt?: string[];
}
export type OpenBadgeCredential = AchievementCredential;

export interface EndorsementSubject {
  id: Uri;
  type: string[];
  endorsementComment?: string;
}

export interface EndorsementCredential extends VerifiableCredentialBase {
  name: string;
  credentialSubject: EndorsementSubject;
}

export interface Association {
  type: 'Association';
  associationType: AssociationType;
  sourceId: Uri;
  targetId: Uri;
}

export interface ClrSubject {
  id?: Uri;
  type: string[];
  identifier?: IdentityObject[];
  achievement?: Achievement[];
  /** Each nested credential is signed on its own (JSON with a proof; the CLR schema requires objects). */
  verifiableCredential: (AchievementCredential | Record<string, unknown>)[];
  association?: Association[];
}

export interface ClrCredential extends VerifiableCredentialBase {
  name: string;
  credentialSubject: ClrSubject;
  partial?: boolean;
  endorsement?: EndorsementCredential[];
  endorsementJwt?: string[];
}
