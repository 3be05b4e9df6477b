/**
 * Maps catalog objects to their Open Badges 3.0 form: a micro-credential version to an `Achievement`
 * (id stable across versions, `version` carrying the number) and a competency to an Achievement of type
 * Competency aligned to its external framework nodes (STANDARDS §1.4).
 */
import { buildAchievement, type AlignmentInput } from '../ob/achievement.ts';
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from '../ob/contexts.ts';
import type { Achievement, EndorsementCredential } from '../ob/types.ts';
import type { AchievementVersionContent, Competency, CompetencySnapshot, ExternalAlignment } from './types.ts';

const trimSlash = (u: string) => u.replace(/\/+$/, '');

/** Public URL of a micro-credential: its OB `Achievement.id`. */
export function achievementUrl(publicUrl: string, achievementId: string): string {
  return `${trimSlash(publicUrl)}/achievements/${achievementId}`;
}

/** Public URL of a competency (the target of the alignments that point to it). */
export function competencyUrl(publicUrl: string, competencyId: string): string {
  return `${trimSlash(publicUrl)}/competencies/${competencyId}`;
}

/** URL of the badge image of one version (old credentials keep pointing to their own image). */
export function achievementImageUrl(publicUrl: string, achievementId: string, version: number): string {
  return `${achievementUrl(publicUrl, achievementId)}/versions/${version}/image`;
}

function externalAlignment(a: ExternalAlignment): AlignmentInput {
  return {
    targetName: a.targetName, targetUrl: a.targetUrl,
    ...(a.targetCode ? { targetCode: a.targetCode } : {}),
    ...(a.targetFramework ? { targetFramework: a.targetFramework } : {}),
    ...(a.targetType ? { targetType: a.targetType } : {}),
  };
}

/** The alignments a competency contributes: itself (our public page) and its external framework nodes. */
export function competencyAlignments(publicUrl: string, c: CompetencySnapshot): AlignmentInput[] {
  return [
    {
      targetName: c.name, targetUrl: competencyUrl(publicUrl, c.id), targetCode: c.code, targetFramework: c.frameworkName,
      targetType: 'ceasn:Competency', ...(c.description ? { targetDescription: c.description } : {}),
    },
    ...c.alignments.map(externalAlignment),
  ];
}

export interface ObAchievementInput {
  publicUrl: string;
  achievementId: string;
  version: number;
  content: AchievementVersionContent;
  /** Endorsements the issuer accepted (embedded in credentials issued from now on). */
  endorsements?: EndorsementCredential[];
}

/**
 * The OB 3.0 Achievement of one micro-credential version.
 * @example toObAchievement({ publicUrl: 'https://x.edu', achievementId: 'a1', version: 2, content }).id // 'https://x.edu/achievements/a1'
 */
export function toObAchievement(input: ObAchievementInput): Achievement {
  const { publicUrl, achievementId, version, content } = input;
  const def = content.definition;
  const url = achievementUrl(publicUrl, achievementId);
  // OB 3.0 has no level property on Achievement; the level travels as a tag so displayers show it.
  const tags = [...def.tags, ...(def.level ? [`Level: ${def.level}`] : [])];
  return buildAchievement({
    id: url,
    name: def.name,
    description: def.description,
    criteria: { id: `${url}/criteria`, narrative: def.criteriaNarrative },
    achievementType: def.achievementType,
    image: { id: achievementImageUrl(publicUrl, achievementId, version), ...(def.image.caption ? { caption: def.image.caption } : { caption: def.name }) },
    ...(def.creditsAvailable !== null ? { creditsAvailable: def.creditsAvailable } : {}),
    ...(def.fieldOfStudy ? { fieldOfStudy: def.fieldOfStudy } : {}),
    ...(tags.length ? { tag: tags } : {}),
    ...(content.competencies.length ? { alignment: content.competencies.flatMap((c) => competencyAlignments(publicUrl, c)) } : {}),
    ...(def.resultDescriptions.length ? { resultDescription: def.resultDescriptions } : {}),
    ...(input.endorsements?.length ? { endorsement: input.endorsements } : {}),
    version: String(version),
  });
}

/** A standalone JSON-LD document (with `@context`) for an OB object served on its own URL. */
export function asJsonLd<T extends object>(obj: T): { '@context': string[] } & T {
  return { '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT], ...obj };
}

/** A competency as an OB Achievement of type Competency, aligned to its external framework nodes. */
export function competencyAsAchievement(publicUrl: string, c: Competency): Achievement {
  return buildAchievement({
    id: competencyUrl(publicUrl, c.id),
    name: c.name,
    description: c.description ?? c.name,
    criteria: { narrative: c.description ?? `Demonstrate the competency "${c.name}".` },
    achievementType: 'Competency',
    humanCode: c.code,
    ...(c.alignments.length ? { alignment: c.alignments.map(externalAlignment) } : {}),
  });
}

/** Snapshot of a competency frozen into an achievement version. */
export function snapshotCompetency(c: Competency): CompetencySnapshot {
  return { id: c.id, code: c.code, name: c.name, description: c.description, frameworkName: c.frameworkName, alignments: c.alignments };
}
