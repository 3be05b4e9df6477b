import { describe, expect, it } from 'vitest';
import { evaluateAwardRule, type AwardEvidence, type AwardRule } from '../../../src/core/assessment/award-rule.ts';
import {
  buildAssessmentResults,
  buildResultDescriptions,
  criterionLevelId,
  quizResultDescriptionId,
  type ResultDescriptionCatalog,
} from '../../../src/core/assessment/ob-results.ts';
import { scoreRubric } from '../../../src/core/assessment/rubric.ts';
import { buildAchievementCredential } from '../../../src/core/ob/credential.ts';
import { buildEmailIdentity } from '../../../src/core/ob/identity.ts';
import { validateOb3Credential } from '../../../src/core/schema/index.ts';
import { rubric } from './fixtures.ts';

const achievementId = 'https://example.edu/achievements/0b1c3d4e-1111-4222-8333-944455556666';
const rule: AwardRule = {
  requirements: [
    { kind: 'quiz', quizId: 'quiz1', minPercent: 70 },
    { kind: 'quiz', quizId: 'quiz2' },
    { kind: 'project', projectId: 'proj1' },
    { kind: 'mastery', competencyId: 'geo', minPercent: 80 },
    { kind: 'module', moduleId: 'mod1' },
    { kind: 'module', moduleId: 'mod2', minPercent: 60 },
  ],
};
const catalog: ResultDescriptionCatalog = {
  quizzes: { quiz1: { name: 'Basics quiz', passMark: 60 }, quiz2: { name: 'Final quiz', passMark: 75 } },
  projects: { proj1: { name: 'Portfolio', rubric } },
  competencies: { geo: { name: 'Geography' } },
  modules: { mod1: { name: 'Intro' }, mod2: { name: 'Advanced' } },
};
const evidence: AwardEvidence = {
  quizzes: [
    { quizId: 'quiz1', ref: 'a1', percent: 85.71, passed: true, startedAt: '2026-12-01T10:00:00.000Z', submittedAt: '2026-12-01T10:10:00.000Z' },
    { quizId: 'quiz2', ref: 'a2', percent: 80, passed: true, submittedAt: '2026-12-01T11:00:00.000Z' },
  ],
  projects: [
    {
      projectId: 'proj1',
      submissionId: 's1',
      status: 'accepted',
      rubricScore: scoreRubric(rubric, { clarity: 'good', accuracy: 'high' }),
      submittedAt: '2026-12-02T09:00:00.000Z',
      reviewedAt: '2026-12-03T09:00:00.000Z',
    },
  ],
  mastery: [{ competencyId: 'geo', pointsEarned: 9, pointsPossible: 10, percent: 90, questionCount: 4 }],
  modules: [
    { moduleId: 'mod1', ref: 'x1', completedAt: '2026-12-01T08:00:00.000Z' },
    { moduleId: 'mod2', ref: 'x2', percent: 72.5, completedAt: '2026-12-01T09:00:00.000Z' },
  ],
};

describe('buildResultDescriptions', () => {
  const rds = buildResultDescriptions(achievementId, rule, catalog);

  it('describes each quiz as a Percent with its required value', () => {
    expect(rds.find((d) => d.id === quizResultDescriptionId(achievementId, 'quiz1'))).toEqual({
      id: `${achievementId}#quiz-quiz1`,
      type: ['ResultDescription'],
      name: 'Basics quiz: score',
      resultType: 'Percent',
      valueMin: '0',
      valueMax: '100',
      requiredValue: '70',
    });
    expect(rds.find((d) => d.id.endsWith('#quiz-quiz2'))!.requiredValue).toBe('75'); // pass mark when no minimum
  });

  it('describes each rubric criterion with its levels low → high and the required level', () => {
    const clarity = rds.find((d) => d.id === `${achievementId}#project-proj1-criterion-clarity`)!;
    expect(clarity.resultType).toBe('RubricCriterionLevel');
    expect(clarity.name).toBe('Portfolio: Clarity');
    expect(clarity.allowedValue).toEqual(['Poor', 'Fair', 'Good', 'Excellent']);
    expect(clarity.requiredLevel).toBe(criterionLevelId(achievementId, 'proj1', 'clarity', 'fair'));
    expect(clarity.rubricCriterionLevel!.map((l) => [l.name, l.points, l.level])).toEqual([
      ['Poor', '0', '1'],
      ['Fair', '1', '2'],
      ['Good', '2', '3'],
      ['Excellent', '3', '4'],
    ]);
    expect(clarity.rubricCriterionLevel![0]!.description).toBe('Hard to follow');
    expect(clarity.rubricCriterionLevel!.map((l) => l.id)).toContain(clarity.requiredLevel);
  });

  it('adds mastery and module descriptions, no duplicates, ids unique', () => {
    expect(rds.map((d) => d.resultType)).toEqual(['Percent', 'Percent', 'RubricCriterionLevel', 'RubricCriterionLevel', 'Percent', 'Status', 'Percent']);
    expect(new Set(rds.map((d) => d.id)).size).toBe(rds.length);
    const twice = buildResultDescriptions(achievementId, { requirements: [...rule.requirements, ...rule.requirements] }, catalog);
    expect(twice).toEqual(rds);
  });

  it('escapes ids that are not URI-safe', () => {
    expect(quizResultDescriptionId(achievementId, 'a b#c')).toBe(`${achievementId}#quiz-a%20b%23c`);
  });
});

describe('buildAssessmentResults', () => {
  const evaluation = evaluateAwardRule(rule, evidence);
  const results = buildAssessmentResults(achievementId, evaluation);
  const rds = buildResultDescriptions(achievementId, rule, catalog);

  it('gives the quiz score as a Percent value and the achieved level per criterion', () => {
    expect(evaluation.satisfied).toBe(true);
    expect(results).toContainEqual({ type: ['Result'], resultDescription: `${achievementId}#quiz-quiz1`, value: '85.71' });
    expect(results).toContainEqual({
      type: ['Result'],
      resultDescription: `${achievementId}#project-proj1-criterion-accuracy`,
      achievedLevel: `${achievementId}#project-proj1-criterion-accuracy-level-high`,
    });
    expect(results).toContainEqual({ type: ['Result'], resultDescription: `${achievementId}#module-mod1`, status: 'Completed' });
    expect(results).toContainEqual({ type: ['Result'], resultDescription: `${achievementId}#module-mod2`, value: '72.5' });
    expect(results).toHaveLength(7);
  });

  it('every result points to a description, and every achieved level to a level of it', () => {
    for (const r of results) {
      const rd = rds.find((d) => d.id === r.resultDescription);
      expect(rd, r.resultDescription).toBeDefined();
      if (r.achievedLevel) expect(rd!.rubricCriterionLevel!.map((l) => l.id)).toContain(r.achievedLevel);
    }
  });

  it('builds a credential that passes the OB 3.0 schema and the builder cross-checks', () => {
    const credential = buildAchievementCredential({
      id: 'urn:uuid:7f1c9a52-6a2e-4a3b-9c1d-2e3f4a5b6c7d',
      issuer: { id: 'https://example.edu/issuers/1', name: 'Example University' },
      validFrom: '2026-12-04T10:00:00.000Z',
      credentialSubject: {
        identifier: [buildEmailIdentity('learner@example.com', 'pepper')],
        achievement: {
          id: achievementId,
          name: 'Geography Micro-credential',
          description: 'Shows geography basics.',
          criteria: { narrative: 'Pass the quizzes and the portfolio.' },
          achievementType: 'MicroCredential',
          creditsAvailable: 2,
          resultDescription: rds,
        },
        result: results,
        activityStartDate: evaluation.activityStartDate!,
        activityEndDate: evaluation.activityEndDate!,
        creditsEarned: 2,
      },
    });
    expect(validateOb3Credential(credential).valid).toBe(true);
    expect(credential.credentialSubject.result).toHaveLength(7);
    expect(credential.credentialSubject.activityStartDate).toBe('2026-12-01T08:00:00.000Z');
  });

  it('the builder refuses a result whose level is not in the description (the check can fail)', () => {
    const bad = results.map((r) => (r.achievedLevel ? { ...r, achievedLevel: `${achievementId}#nope` } : r));
    expect(() =>
      buildAchievementCredential({
        id: 'urn:uuid:7f1c9a52-6a2e-4a3b-9c1d-2e3f4a5b6c7d',
        issuer: { id: 'https://example.edu/issuers/1', name: 'Example University' },
        validFrom: '2026-12-04T10:00:00.000Z',
        credentialSubject: {
          identifier: [buildEmailIdentity('learner@example.com', 'pepper')],
          achievement: { id: achievementId, name: 'X', description: 'X', criteria: { narrative: 'X' }, resultDescription: rds },
          result: bad,
        },
      }),
    ).toThrowError(/achievedLevel/);
  });
});
