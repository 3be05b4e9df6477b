/** OB 3.0 / CLR 2.0 enumerations (extensible ones accept an `ext:` prefix). */

export const ACHIEVEMENT_TYPES = [
  'Achievement', 'ApprenticeshipCertificate', 'Assessment', 'Assignment', 'AssociateDegree', 'Award', 'Badge',
  'BachelorDegree', 'Certificate', 'CertificateOfCompletion', 'Certification', 'CommunityService', 'Competency',
  'Course', 'CoCurricular', 'Degree', 'Diploma', 'DoctoralDegree', 'Fieldwork', 'GeneralEducationDevelopment',
  'JourneymanCertificate', 'LearningProgram', 'License', 'Membership', 'ProfessionalDoctorate',
  'QualityAssuranceCredential', 'MasterCertificate', 'MasterDegree', 'MicroCredential', 'ResearchDoctorate',
  'SecondarySchoolDiploma',
] as const;
/** AchievementType enumeration; extensions use the `ext:` prefix. */
export type AchievementType = (typeof ACHIEVEMENT_TYPES)[number] | `ext:${string}`;

export const IDENTIFIER_TYPES = [
  'name', 'sourcedId', 'systemId', 'productId', 'userName', 'accountId', 'emailAddress', 'nationalIdentityNumber',
  'isbn', 'issn', 'lisSourcedId', 'oneRosterSourcedId', 'sisSourcedId', 'ltiContextId', 'ltiDeploymentId',
  'ltiToolId', 'ltiPlatformId', 'ltiUserId', 'identifier',
] as const;
/** IdentifierTypeEnum; extensions use the `ext:` prefix. */
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number] | `ext:${string}`;

export const RESULT_TYPES = [
  'GradePointAverage', 'LetterGrade', 'Percent', 'PerformanceLevel', 'PredictedScore', 'RawScore', 'Result',
  'RubricCriterion', 'RubricCriterionLevel', 'RubricScore', 'ScaledScore', 'Status',
] as const;
export type ResultType = (typeof RESULT_TYPES)[number] | `ext:${string}`;

export const RESULT_STATUSES = ['Completed', 'Enrolled', 'Failed', 'InProgress', 'OnHold', 'Provisional', 'Withdrew'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

export const ALIGNMENT_TARGET_TYPES = [
  'ceasn:Competency', 'ceterms:Credential', 'CFItem', 'CFRubric', 'CFRubricCriterion', 'CFRubricCriterionLevel', 'CTDL',
] as const;
export type AlignmentTargetType = (typeof ALIGNMENT_TARGET_TYPES)[number] | `ext:${string}`;

export const ASSOCIATION_TYPES = [
  'exactMatchOf', 'isChildOf', 'isParentOf', 'isPartOf', 'isPeerOf', 'isRelatedTo', 'precedes', 'replacedBy',
] as const;
export type AssociationType = (typeof ASSOCIATION_TYPES)[number];
