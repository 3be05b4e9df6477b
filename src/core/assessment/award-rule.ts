/**
 * Award rules: what a learner must pass, and how, to earn a micro-credential; and their pure evaluation
 * against the learner's evidence, with a plain-language explanation of every requirement.
 */
import { AppError, type FieldIssue } from '../errors.ts';
import type { CompetencyMastery } from './mastery.ts';
import type { RubricScore } from './rubric.ts';

/** One requirement; all requirements of a rule must hold. */
export type AwardRequirement =
  /** Best attempt scores ≥ minPercent; without minPercent, an attempt must have passed the quiz's pass mark. */
  | { kind: 'quiz'; quizId: string; minPercent?: number }
  /** An accepted submission whose rubric meets every criterion's required level (unless turned off) and ≥ minPercent. */
  | { kind: 'project'; projectId: string; allCriteriaAtRequiredLevel?: boolean; minPercent?: number }
  /** Mastery of a competency (from tagged quiz questions) ≥ minPercent. */
  | { kind: 'mastery'; competencyId: string; minPercent: number }
  /** A module reported complete (e.g. by an external LMS), with a score ≥ minPercent when given. */
  | { kind: 'module'; moduleId: string; minPercent?: number };

export interface AwardRule {
  requirements: AwardRequirement[];
}

/** A quiz result: an internal attempt or an external completion reported for the quiz. */
export interface QuizEvidence {
  quizId: string;
  /** Attempt id or external event id. */
  ref: string;
  percent: number;
  passed: boolean;
  startedAt?: string;
  submittedAt: string;
}

export interface ProjectEvidence {
  projectId: string;
  submissionId: string;
  status: 'submitted' | 'accepted' | 'resubmission_requested';
  rubricScore?: RubricScore;
  submittedAt: string;
  reviewedAt?: string;
}

export interface ModuleEvidence {
  moduleId: string;
  ref: string;
  percent?: number;
  startedAt?: string;
  completedAt: string;
}

/** Everything known about one learner that an award rule can use. */
export interface AwardEvidence {
  quizzes: QuizEvidence[];
  projects: ProjectEvidence[];
  mastery: CompetencyMastery[];
  modules?: ModuleEvidence[];
}

export interface RequirementEvaluation {
  requirement: AwardRequirement;
  satisfied: boolean;
  /** Plain language, e.g. "Quiz “Basics”: best score 55% — needs 70%." */
  message: string;
  quiz?: QuizEvidence;
  project?: ProjectEvidence;
  mastery?: CompetencyMastery;
  module?: ModuleEvidence;
}

export interface AwardEvaluation {
  satisfied: boolean;
  requirements: RequirementEvaluation[];
  /** One line per requirement, prefixed ✓ or ✗. */
  explanation: string[];
  /** Earliest start among the evidence used (when satisfied). */
  activityStartDate?: string;
  /** Latest submission or review among the evidence used (when satisfied). */
  activityEndDate?: string;
}

/** Display names for ids, so explanations read "Quiz “Basics”" instead of an id. */
export type AwardNames = Readonly<Record<string, string>>;

const pct = (n: number) => `${Math.round(n * 100) / 100}%`;
const meets = (value: number, min: number) => value + 1e-9 >= min;

function label(kind: string, id: string, names: AwardNames): string {
  return `${kind} “${names[id] ?? id}”`;
}

function evaluateQuiz(r: Extract<AwardRequirement, { kind: 'quiz' }>, ev: AwardEvidence, names: AwardNames): RequirementEvaluation {
  const name = label('Quiz', r.quizId, names);
  const attempts = ev.quizzes.filter((q) => q.quizId === r.quizId);
  const qualifies = (q: QuizEvidence) => (r.minPercent === undefined ? q.passed : meets(q.percent, r.minPercent));
  const need = r.minPercent === undefined ? 'a pass' : `at least ${pct(r.minPercent)}`;
  const best = attempts
    .slice()
    .sort((a, b) => b.percent - a.percent || a.submittedAt.localeCompare(b.submittedAt))
    .find(qualifies);
  if (best) return { requirement: r, satisfied: true, quiz: best, message: `${name}: scored ${pct(best.percent)} (needs ${need}).` };
  if (attempts.length === 0) return { requirement: r, satisfied: false, message: `${name}: not attempted yet (needs ${need}).` };
  const top = Math.max(...attempts.map((a) => a.percent));
  return { requirement: r, satisfied: false, message: `${name}: best score ${pct(top)} — needs ${need}.` };
}

function evaluateProject(
  r: Extract<AwardRequirement, { kind: 'project' }>,
  ev: AwardEvidence,
  names: AwardNames,
): RequirementEvaluation {
  const name = label('Project', r.projectId, names);
  const subs = ev.projects
    .filter((p) => p.projectId === r.projectId)
    .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  const needAll = r.allCriteriaAtRequiredLevel !== false;
  const problems = (p: ProjectEvidence): string[] => {
    const out: string[] = [];
    if (!p.rubricScore) return ['not scored'];
    if (needAll) {
      const below = p.rubricScore.criteria.filter((c) => !c.meetsRequired).map((c) => `“${c.criterionName}” at ${c.levelName}`);
      if (below.length > 0) out.push(`below the required level: ${below.join(', ')}`);
    }
    if (r.minPercent !== undefined && !meets(p.rubricScore.percent, r.minPercent)) {
      out.push(`rubric score ${pct(p.rubricScore.percent)} — needs ${pct(r.minPercent)}`);
    }
    return out;
  };
  const accepted = subs.filter((p) => p.status === 'accepted');
  const good = accepted.find((p) => problems(p).length === 0);
  if (good) return { requirement: r, satisfied: true, project: good, message: `${name}: accepted, every requirement met.` };
  if (subs.length === 0) return { requirement: r, satisfied: false, message: `${name}: nothing submitted yet.` };
  const latest = subs[0]!;
  if (latest.status === 'submitted') return { requirement: r, satisfied: false, message: `${name}: submitted, waiting for review.` };
  if (latest.status === 'resubmission_requested') {
    return { requirement: r, satisfied: false, message: `${name}: the assessor asked for a resubmission.` };
  }
  return { requirement: r, satisfied: false, message: `${name}: accepted but ${problems(latest).join('; ')}.` };
}

function evaluateOne(r: AwardRequirement, ev: AwardEvidence, names: AwardNames): RequirementEvaluation {
  switch (r.kind) {
    case 'quiz':
      return evaluateQuiz(r, ev, names);
    case 'project':
      return evaluateProject(r, ev, names);
    case 'mastery': {
      const name = label('Competency', r.competencyId, names);
      const m = ev.mastery.find((x) => x.competencyId === r.competencyId);
      if (!m) return { requirement: r, satisfied: false, message: `${name}: no evidence yet (needs ${pct(r.minPercent)} mastery).` };
      const ok = meets(m.percent, r.minPercent);
      return {
        requirement: r,
        satisfied: ok,
        mastery: m,
        message: `${name}: mastery ${pct(m.percent)}${ok ? '' : ` — needs ${pct(r.minPercent)}`}.`,
      };
    }
    case 'module': {
      const name = label('Module', r.moduleId, names);
      const done = (ev.modules ?? [])
        .filter((m) => m.moduleId === r.moduleId)
        .sort((a, b) => (b.percent ?? 0) - (a.percent ?? 0) || a.completedAt.localeCompare(b.completedAt));
      const ok = done.find((m) => r.minPercent === undefined || (m.percent !== undefined && meets(m.percent, r.minPercent)));
      if (ok) return { requirement: r, satisfied: true, module: ok, message: `${name}: completed${ok.percent === undefined ? '' : ` with ${pct(ok.percent)}`}.` };
      if (done.length === 0) return { requirement: r, satisfied: false, message: `${name}: not completed yet.` };
      return { requirement: r, satisfied: false, message: `${name}: best score ${pct(done[0]!.percent ?? 0)} — needs ${pct(r.minPercent ?? 0)}.` };
    }
  }
}

/**
 * Evaluate an award rule against a learner's evidence. Pure: the same inputs always give the same answer.
 * Satisfied when every requirement holds (a rule with no requirements is never satisfied).
 * @example evaluateAwardRule({ requirements: [{ kind: 'quiz', quizId: 'q1', minPercent: 70 }] }, evidence, { q1: 'Basics' })
 */
export function evaluateAwardRule(rule: AwardRule, evidence: AwardEvidence, names: AwardNames = {}): AwardEvaluation {
  const requirements = rule.requirements.map((r) => evaluateOne(r, evidence, names));
  const satisfied = requirements.length > 0 && requirements.every((r) => r.satisfied);
  const evaluation: AwardEvaluation = {
    satisfied,
    requirements,
    explanation: requirements.map((r) => `${r.satisfied ? '✓' : '✗'} ${r.message}`),
  };
  if (requirements.length === 0) evaluation.explanation.push('✗ The rule has no requirements, so nothing can be awarded.');
  if (satisfied) {
    const starts: string[] = [];
    const ends: string[] = [];
    for (const r of requirements) {
      if (r.quiz) {
        starts.push(r.quiz.startedAt ?? r.quiz.submittedAt);
        ends.push(r.quiz.submittedAt);
      }
      if (r.project) {
        starts.push(r.project.submittedAt);
        ends.push(r.project.reviewedAt ?? r.project.submittedAt);
      }
      if (r.module) {
        starts.push(r.module.startedAt ?? r.module.completedAt);
        ends.push(r.module.completedAt);
      }
    }
    if (starts.length > 0) evaluation.activityStartDate = starts.sort()[0];
    if (ends.length > 0) evaluation.activityEndDate = ends.sort()[ends.length - 1];
  }
  return evaluation;
}

/** Ids an award rule may refer to (those of the organization's quizzes, projects, competencies, modules). */
export interface AwardRuleCatalog {
  quizIds: ReadonlySet<string>;
  projectIds: ReadonlySet<string>;
  competencyIds: ReadonlySet<string>;
  moduleIds: ReadonlySet<string>;
}

/** Throw `award_rule_invalid` naming each faulty requirement, or return the rule unchanged. */
export function assertValidAwardRule(rule: AwardRule, catalog: AwardRuleCatalog): AwardRule {
  const issues: FieldIssue[] = [];
  if (!Array.isArray(rule?.requirements) || rule.requirements.length === 0) {
    issues.push({ field: 'requirements', message: 'An award rule needs at least one requirement.' });
  }
  (rule?.requirements ?? []).forEach((r, i) => {
    const at = `requirements.${i}`;
    const percent = (v: unknown, required: boolean) => {
      if (v === undefined && !required) return;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100) {
        issues.push({ field: `${at}.minPercent`, message: 'The minimum must be a percentage from 0 to 100.' });
      }
    };
    const known = (set: ReadonlySet<string>, id: unknown, field: string, what: string) => {
      if (typeof id !== 'string' || !set.has(id)) issues.push({ field: `${at}.${field}`, message: `Unknown ${what} "${String(id)}".` });
    };
    switch (r?.kind) {
      case 'quiz':
        known(catalog.quizIds, r.quizId, 'quizId', 'quiz');
        percent(r.minPercent, false);
        break;
      case 'project':
        known(catalog.projectIds, r.projectId, 'projectId', 'project');
        percent(r.minPercent, false);
        break;
      case 'mastery':
        known(catalog.competencyIds, r.competencyId, 'competencyId', 'competency');
        percent(r.minPercent, true);
        break;
      case 'module':
        known(catalog.moduleIds, r.moduleId, 'moduleId', 'module');
        percent(r.minPercent, false);
        break;
      default:
        issues.push({ field: `${at}.kind`, message: 'The kind must be quiz, project, mastery or module.' });
    }
  });
  if (issues.length > 0) throw new AppError('award_rule_invalid', issues[0]!.message, { issues });
  return rule;
}
