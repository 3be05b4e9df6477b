/**
 * Open Badges 3.0 / CLR 2.0 model: types, builders, identity hashing, contexts and serialization rules.
 * Pure functions: ids, dates and salts come from the caller.
 */
export * from './types.ts';
export * from './contexts.ts';
export { hashIdentity, buildEmailIdentity, identityMatches, normalizeEmail } from './identity.ts';
export { normalizeOb, type ObClass } from './normalize.ts';
export { buildImage, buildIdentifierEntry, type ImageInput, type IdentifierEntryInput } from './parts.ts';
export { buildProfile, type ProfileInput, type AddressInput } from './profile.ts';
export {
  buildAchievement, buildAlignment, buildResultDescription, buildRubricCriterionLevel,
  type AchievementInput, type AlignmentInput, type ResultDescriptionInput, type RubricCriterionLevelInput, type RelatedInput,
} from './achievement.ts';
export {
  buildAchievementSubject, buildResult, buildEvidence,
  type AchievementSubjectInput, type ResultInput, type EvidenceInput,
} from './subject.ts';
export { checkCredentialStatus, type CredentialCommonInput } from './credential-parts.ts';
export {
  buildAchievementCredential, buildEndorsementCredential,
  type AchievementCredentialInput, type EndorsementCredentialInput,
} from './credential.ts';
export { buildClrCredential, type ClrCredentialInput, type AssociationInput } from './clr.ts';
