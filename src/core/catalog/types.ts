/**
 * The issuer's catalog: competency frameworks, competencies and micro-credential definitions
 * (OB 3.0 Achievements), as domain objects. Repositories map rows to these; nothing else sees rows.
 */
import type { AchievementType, AlignmentTargetType, ResultDescription } from '../ob/types.ts';

export interface CompetencyFramework {
  id: string;
  organizationId: string;
  name: string;
  description: string | null;
  createdAt: string;
  /** Number of competencies in the framework (filled by list queries). */
  competencyCount: number;
}

/** An alignment of one of our competencies to a node of an external framework (ESCO, O*NET, CASE …). */
export interface ExternalAlignment {
  targetName: string;
  targetUrl: string;
  targetCode: string | null;
  targetFramework: string | null;
  targetType: AlignmentTargetType | null;
}

export interface Competency {
  id: string;
  organizationId: string;
  frameworkId: string;
  frameworkName: string;
  code: string;
  name: string;
  description: string | null;
  createdAt: string;
  alignments: ExternalAlignment[];
}

/** Fields a person gives for a competency. */
export interface CompetencyFields {
  code: string;
  name: string;
  description: string | null;
  alignments: ExternalAlignment[];
}

export type BadgeMediaType = 'image/png' | 'image/svg+xml';

/** Checked (and for SVG sanitised) image bytes, ready to store. */
export interface BadgeImageFile {
  mediaType: BadgeMediaType;
  bytes: Uint8Array;
}

/** The badge image a definition refers to; its bytes are stored once per achievement under their SHA-256. */
export interface BadgeImage {
  mediaType: BadgeMediaType;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  generated: boolean;
  caption: string | null;
}

/** The editable definition of a micro-credential; each achievement version freezes one. */
export interface AchievementDefinition {
  name: string;
  description: string;
  /** Markdown narrative of what a learner must do. */
  criteriaNarrative: string;
  achievementType: AchievementType;
  creditsAvailable: number | null;
  level: string | null;
  tags: string[];
  fieldOfStudy: string | null;
  competencyIds: string[];
  resultDescriptions: ResultDescription[];
  /** Credentials expire this many months after award; null means never. */
  validityMonths: number | null;
  image: BadgeImage;
}

/** What an achievement version records about each aligned competency, frozen with the version. */
export interface CompetencySnapshot {
  id: string;
  code: string;
  name: string;
  description: string | null;
  frameworkName: string;
  alignments: ExternalAlignment[];
}

/** One version of a micro-credential: the definition and its competencies as they were. */
export interface AchievementVersionContent {
  definition: AchievementDefinition;
  competencies: CompetencySnapshot[];
}

export type AchievementStatus = 'active' | 'archived';

export interface MicroCredential extends AchievementVersionContent {
  id: string;
  organizationId: string;
  status: AchievementStatus;
  currentVersion: number;
  createdAt: string;
  updatedAt: string;
}

/** A line of the micro-credential list. */
export interface MicroCredentialSummary {
  id: string;
  name: string;
  achievementType: AchievementType;
  status: AchievementStatus;
  currentVersion: number;
  updatedAt: string;
  issuedCount: number;
}
