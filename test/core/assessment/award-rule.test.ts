import { describe, expect, it } from 'vitest';
import {
  assertValidAwardRule,
  evaluateAwardRule,
  type AwardEvidence,
  type AwardRule,
  type ProjectEvidence,
  type QuizEvidence,
} from '../../../src/core/assessment/award-rule.ts';
import { scoreRubric } from '../../../src/core/assessment/rubric.ts';
import { AppError } from '../../../src/core/errors.ts';
import { rubric } from './fixtures.ts';

const quiz = (percent: number, passed: boolean, minute: number, ref = `a${minute}`): QuizEvidence => ({
  quizId: 'quiz1',
  ref,
  percent,
  passed,
  startedAt: `2026-12-01T10:${String(minute).padStart(2, '0')}:00.000Z`,
  submittedAt: `2026-12-01T10:${String(minute + 5).padStart(2, '0')}:00.000Z`,
});
const project = (status: ProjectEvidence['status'], levels?: Record<string, string>, day = 2): ProjectEvidence => {
  const p: ProjectEvidence = { projectId: 'proj1', submissionId: `s${day}`, status, submittedAt: `2026-12-0${day}T09:00:00.000Z` };
  if (levels) {
    p.rubricScore = scoreRubric(rubric, levels);
    p.reviewedAt = `2026-12-0${day}T15:00:00.000Z`;
  }
  return p;
};
const none: AwardEvidence = { quizzes: [], projects: [], mastery: [] };
const names = { quiz1: 'Basics', proj1: 'Portfolio', geo: 'Geography', mod1: 'Intro' };

const quizRule: AwardRule = { requirements: [{ kind: 'quiz', quizId: 'quiz1', minPercent: 70 }] };
const passRule: AwardRule = { requirements: [{ kind: 'quiz', quizId: 'quiz1' }] };
const projectRule: AwardRule = { requirements: [{ kind: 'project', projectId: 'proj1' }] };
const projectMin: AwardRule = { requirements: [{ kind: 'project', projectId: 'proj1', allCriteriaAtRequiredLevel: false, minPercent: 50 }] };
const masteryRule: AwardRule = { requirements: [{ kind: 'mastery', competencyId: 'geo', minPercent: 80 }] };
const moduleRule: AwardRule = { requirements: [{ kind: 'module', moduleId: 'mod1', minPercent: 60 }] };
const moduleAny: AwardRule = { requirements: [{ kind: 'module', moduleId: 'mod1' }] };
const geo = (percent: number) => ({ competencyId: 'geo', pointsEarned: percent, pointsPossible: 100, percent, questionCount: 3 });

describe('evaluateAwardRule', () => {
  it.each([
    ['quiz: never attempted', quizRule, none, false, /Quiz “Basics”: not attempted yet \(needs at least 70%\)/],
    ['quiz: best attempt below', quizRule, { ...none, quizzes: [quiz(55, false, 0), quiz(65, false, 10)] }, false, /best score 65% — needs at least 70%/],
    ['quiz: exactly the minimum', quizRule, { ...none, quizzes: [quiz(70, true, 0)] }, true, /scored 70%/],
    ['quiz: second attempt passes', quizRule, { ...none, quizzes: [quiz(40, false, 0), quiz(90, true, 10)] }, true, /scored 90%/],
    ['quiz: external quiz id ignored', quizRule, { ...none, quizzes: [{ ...quiz(100, true, 0), quizId: 'other' }] }, false, /not attempted/],
    ['quiz (pass mark): passed flag decides', passRule, { ...none, quizzes: [quiz(60, true, 0)] }, true, /needs a pass/],
    ['quiz (pass mark): failed', passRule, { ...none, quizzes: [quiz(95, false, 0)] }, false, /best score 95% — needs a pass/],
    ['project: nothing submitted', projectRule, none, false, /Project “Portfolio”: nothing submitted yet/],
    ['project: awaiting review', projectRule, { ...none, projects: [project('submitted')] }, false, /waiting for review/],
    ['project: resubmission asked', projectRule, { ...none, projects: [project('resubmission_requested', { clarity: 'poor', accuracy: 'low' })] }, false, /asked for a resubmission/],
    ['project: accepted at required levels', projectRule, { ...none, projects: [project('accepted', { clarity: 'fair', accuracy: 'mid' })] }, true, /accepted, every requirement met/],
    ['project: accepted but a criterion short', projectRule, { ...none, projects: [project('accepted', { clarity: 'poor', accuracy: 'high' })] }, false, /below the required level: “Clarity” at Poor/],
    ['project: earlier accepted counts despite a newer pending one', projectRule, { ...none, projects: [project('accepted', { clarity: 'good', accuracy: 'high' }, 2), project('submitted', undefined, 5)] }, true, /accepted/],
    ['project min%: criterion short allowed', projectMin, { ...none, projects: [project('accepted', { clarity: 'poor', accuracy: 'high' })] }, true, /accepted/],
    ['project min%: score too low', projectMin, { ...none, projects: [project('accepted', { clarity: 'fair', accuracy: 'low' })] }, false, /rubric score 14.29% — needs 50%/],
    ['mastery: no evidence', masteryRule, none, false, /Competency “Geography”: no evidence yet \(needs 80% mastery\)/],
    ['mastery: below', masteryRule, { ...none, mastery: [geo(79.99)] }, false, /mastery 79.99% — needs 80%/],
    ['mastery: at', masteryRule, { ...none, mastery: [geo(80)] }, true, /mastery 80%\./],
    ['module: none', moduleRule, none, false, /Module “Intro”: not completed yet/],
    ['module: low score', moduleRule, { ...none, modules: [{ moduleId: 'mod1', ref: 'e1', percent: 50, completedAt: '2026-12-01T00:00:00.000Z' }] }, false, /best score 50% — needs 60%/],
    ['module: no score when a score is needed', moduleRule, { ...none, modules: [{ moduleId: 'mod1', ref: 'e1', completedAt: '2026-12-01T00:00:00.000Z' }] }, false, /needs 60%/],
    ['module: completion without minimum', moduleAny, { ...none, modules: [{ moduleId: 'mod1', ref: 'e1', completedAt: '2026-12-01T00:00:00.000Z' }] }, true, /Module “Intro”: completed\./],
    ['empty rule is never satisfied', { requirements: [] }, none, false, /no requirements/],
  ] as [string, AwardRule, AwardEvidence, boolean, RegExp][])('%s', (_n, rule, evidence, satisfied, explanation) => {
    const e = evaluateAwardRule(rule, evidence, names);
    expect(e.satisfied).toBe(satisfied);
    expect(e.explanation.join('\n')).toMatch(explanation);
    expect(e.explanation.every((l) => /^[✓✗] /.test(l))).toBe(true);
  });

  it('all requirements must hold, each explained, and activity dates span the evidence used', () => {
    const rule: AwardRule = { requirements: [...quizRule.requirements, ...projectRule.requirements, ...masteryRule.requirements] };
    const evidence: AwardEvidence = {
      quizzes: [quiz(50, false, 0), quiz(85, true, 20), quiz(85, true, 40)],
      projects: [project('accepted', { clarity: 'good', accuracy: 'high' }, 3)],
      mastery: [geo(90)],
    };
    const e = evaluateAwardRule(rule, evidence, names);
    expect(e.satisfied).toBe(true);
    expect(e.requirements[0]!.quiz!.ref).toBe('a20'); // best score, earliest on a tie
    expect(e.activityStartDate).toBe('2026-12-01T10:20:00.000Z');
    expect(e.activityEndDate).toBe('2026-12-03T15:00:00.000Z');
    expect(e.explanation).toHaveLength(3);

    const missing = evaluateAwardRule(rule, { ...evidence, mastery: [geo(10)] }, names);
    expect(missing.satisfied).toBe(false);
    expect(missing.explanation.filter((l) => l.startsWith('✗'))).toEqual(['✗ Competency “Geography”: mastery 10% — needs 80%.']);
    expect(missing.activityStartDate).toBeUndefined();
  });

  it('falls back to ids when no names are given', () => {
    expect(evaluateAwardRule(quizRule, none).explanation[0]).toContain('Quiz “quiz1”');
  });
});

describe('assertValidAwardRule', () => {
  const catalog = {
    quizIds: new Set(['quiz1']),
    projectIds: new Set(['proj1']),
    competencyIds: new Set(['geo']),
    moduleIds: new Set(['mod1']),
  };
  it.each([
    ['no requirements', { requirements: [] }, 'requirements'],
    ['unknown quiz', { requirements: [{ kind: 'quiz', quizId: 'nope' }] }, 'requirements.0.quizId'],
    ['percent over 100', { requirements: [{ kind: 'quiz', quizId: 'quiz1', minPercent: 120 }] }, 'requirements.0.minPercent'],
    ['unknown project', { requirements: [{ kind: 'project', projectId: 'x' }] }, 'requirements.0.projectId'],
    ['mastery without minimum', { requirements: [{ kind: 'mastery', competencyId: 'geo' }] }, 'requirements.0.minPercent'],
    ['unknown competency', { requirements: [{ kind: 'mastery', competencyId: 'x', minPercent: 50 }] }, 'requirements.0.competencyId'],
    ['unknown module', { requirements: [{ kind: 'module', moduleId: 'x' }] }, 'requirements.0.moduleId'],
    ['unknown kind', { requirements: [{ kind: 'essay' }] }, 'requirements.0.kind'],
  ])('rejects %s', (_n, rule, field) => {
    try {
      assertValidAwardRule(rule as AwardRule, catalog);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('award_rule_invalid');
      expect((e as AppError).issues.map((i) => i.field)).toContain(field);
    }
  });

  it('accepts a valid rule', () => {
    const rule: AwardRule = { requirements: [...quizRule.requirements, ...projectRule.requirements, ...masteryRule.requirements, ...moduleAny.requirements] };
    expect(assertValidAwardRule(rule, catalog)).toBe(rule);
    expect(() => assertValidAwardRule({ requirements: [] }, catalog)).toThrowError(AppError);
  });
});
