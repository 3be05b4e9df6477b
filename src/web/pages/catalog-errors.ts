/** Turns the field paths in service messages into the labels people see on the catalog forms. */
import type { FieldErrors } from '../forms.ts';

const LABELS: Record<string, string> = {
  name: 'Name', code: 'Code', description: 'Description', frameworkId: 'Framework', criteriaNarrative: 'Criteria',
  achievementType: 'Type', creditsAvailable: 'Credits', level: 'Level', fieldOfStudy: 'Field of study', tags: 'Tags',
  validityMonths: 'Valid for (months)', competencyIds: 'Competencies', imageCaption: 'Image description',
  targetUrl: 'target URL', targetName: 'name in that framework', targetCode: 'code in that framework', targetFramework: 'framework',
  targetType: 'target type', resultType: 'kind of result', allowedValue: 'allowed values', requiredValue: 'required value',
  requiredLevel: 'required level', valueMin: 'lowest value', valueMax: 'highest value', rubricCriterionLevel: 'rubric levels',
};

/** "alignments[0].targetUrl must be …" → "Alignment 1: target URL must be …"; "validityMonths must …" → "Valid for (months) must …". */
export function humanizeMessage(message: string): string {
  return message
    .replace(/\balignments\[(\d+)\]\.(\w+)/g, (_m, i: string, k: string) => `Alignment ${Number(i) + 1}: ${LABELS[k] ?? k}`)
    .replace(/\bresultDescriptions\[(\d+)\]\.(\w+)(\[\d+\](\.\w+)?)?/g, (_m, i: string, k: string) => `Result ${Number(i) + 1}: ${LABELS[k] ?? k}`)
    .replace(/^(\w+)(?= (is|must|has|are|can))/, (w) => LABELS[w] ?? w);
}

/** Applies humanizeMessage to every message of a form's errors. */
export function humanizeErrors(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, humanizeMessage(v)]));
}
