/**
 * A plain-text form of a rubric for the authoring page: one criterion per line,
 * `Criterion | Level=points | Level=points* | …` from lowest to highest level, `*` marking the required
 * level, and an optional `: description` after a level's points.
 * @example parseRubricText('Clarity | Poor=0 | Fair=1* | Good=2: clear and concise')
 */
import { AppError, type FieldIssue } from '../errors.ts';
import { assertValidRubric, type Rubric, type RubricCriterion, type RubricLevel } from './rubric.ts';

const slug = (s: string, used: Set<string>): string => {
  const base = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'item';
  let id = base;
  for (let i = 2; used.has(id); i++) id = `${base}-${i}`;
  used.add(id);
  return id;
};

/** Parse the text form into a validated rubric; throws `rubric_invalid` naming the line at fault. */
export function parseRubricText(text: string): Rubric {
  const issues: FieldIssue[] = [];
  const criteria: RubricCriterion[] = [];
  const criterionIds = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const field = `rubric line ${i + 1}`;
    const [name = '', ...levelParts] = line.split('|').map((p) => p.trim());
    if (!name || levelParts.length < 2) return void issues.push({ field, message: `${field}: write "Criterion | Level=points | Level=points*" with at least two levels.` });
    const levelIds = new Set<string>();
    let required: string | undefined;
    const levels: RubricLevel[] = [];
    for (const part of levelParts) {
      const m = /^(.+?)\s*=\s*(\d+(?:\.\d+)?)\s*(\*)?\s*(?::\s*(.*))?$/.exec(part);
      if (!m) {
        issues.push({ field, message: `${field}: "${part}" should look like "Good=2" (add * for the required level).` });
        continue;
      }
      const level: RubricLevel = { id: slug(m[1]!, levelIds), name: m[1]!.trim(), points: Number(m[2]) };
      if (m[4]?.trim()) level.description = m[4].trim();
      if (m[3]) {
        if (required) issues.push({ field, message: `${field}: mark only one level with *.` });
        required = level.id;
      }
      levels.push(level);
    }
    if (!required) issues.push({ field, message: `${field}: mark the required level with *, e.g. "Fair=1*".` });
    criteria.push({ id: slug(name, criterionIds), name, levels, requiredLevelId: required ?? '' });
  });
  if (criteria.length === 0 && issues.length === 0) issues.push({ field: 'rubric', message: 'Write at least one criterion.' });
  if (issues.length) throw new AppError('rubric_invalid', issues[0]!.message, { issues });
  return assertValidRubric({ criteria });
}

/** The text form of a rubric (the inverse of {@link parseRubricText}, for editing). */
export function rubricToText(rubric: Rubric): string {
  return rubric.criteria
    .map((c) => [c.name, ...c.levels.map((l) => `${l.name}=${l.points}${l.id === c.requiredLevelId ? '*' : ''}${l.description ? `: ${l.description}` : ''}`)].join(' | '))
    .join('\n');
}
