import { describe, expect, it } from 'vitest';
import { assertValidRubric, scoreRubric, type Rubric } from '../../../src/core/assessment/rubric.ts';
import { AppError } from '../../../src/core/errors.ts';
import { rubric } from './fixtures.ts';

describe('scoreRubric', () => {
  it.each([
    ['top levels', { clarity: 'excellent', accuracy: 'high' }, 7, 100, true, [true, true]],
    ['exactly the required levels', { clarity: 'fair', accuracy: 'mid' }, 3, 42.86, true, [true, true]],
    ['one below required', { clarity: 'poor', accuracy: 'high' }, 4, 57.14, false, [false, true]],
    ['both below', { clarity: 'poor', accuracy: 'low' }, 0, 0, false, [false, false]],
    ['high points but one criterion short', { clarity: 'excellent', accuracy: 'low' }, 3, 42.86, false, [true, false]],
  ])('%s', (_n, choice, total, percent, allMet, perCriterion) => {
    const s = scoreRubric(rubric, choice);
    expect(s.totalPoints).toBe(total);
    expect(s.maxPoints).toBe(7);
    expect(s.percent).toBe(percent);
    expect(s.allCriteriaMet).toBe(allMet);
    expect(s.criteria.map((c) => c.meetsRequired)).toEqual(perCriterion);
  });

  it('reports names and levels per criterion', () => {
    expect(scoreRubric(rubric, { clarity: 'good', accuracy: 'mid' }).criteria[0]).toEqual({
      criterionId: 'clarity',
      criterionName: 'Clarity',
      levelId: 'good',
      levelName: 'Good',
      points: 2,
      maxPoints: 3,
      requiredLevelId: 'fair',
      meetsRequired: true,
    });
  });

  it.each([
    ['a missing criterion', { clarity: 'good' }, 'levels.accuracy'],
    ['an unknown level', { clarity: 'good', accuracy: 'perfect' }, 'levels.accuracy'],
    ["another criterion's level", { clarity: 'high', accuracy: 'mid' }, 'levels.clarity'],
    ['an unknown criterion', { clarity: 'good', accuracy: 'mid', style: 'good' }, 'levels.style'],
  ])('refuses %s naming it', (_n, choice, field) => {
    try {
      scoreRubric(rubric, choice);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('rubric_score_invalid');
      expect((e as AppError).issues.map((i) => i.field)).toContain(field);
    }
  });
});

describe('rubric validation', () => {
  const c0 = rubric.criteria[0]!;
  it.each([
    ['no criteria', { criteria: [] }, 'rubric.criteria'],
    ['one level', { criteria: [{ ...c0, levels: [c0.levels[0]!], requiredLevelId: 'poor' }] }, 'rubric.criteria.0.levels'],
    ['required level unknown', { criteria: [{ ...c0, requiredLevelId: 'zz' }] }, 'rubric.criteria.0.requiredLevelId'],
    ['duplicate criterion ids', { criteria: [c0, c0] }, 'rubric.criteria.1.id'],
    ['duplicate level ids', { criteria: [{ ...c0, levels: [c0.levels[0]!, c0.levels[0]!] }] }, 'rubric.criteria.0.levels.1.id'],
    ['negative points', { criteria: [{ ...c0, levels: [{ ...c0.levels[0]!, points: -1 }, c0.levels[1]!] }] }, 'rubric.criteria.0.levels.0.points'],
    ['decreasing points', { criteria: [{ ...c0, levels: [c0.levels[2]!, c0.levels[1]!], requiredLevelId: 'fair' }] }, 'rubric.criteria.0.levels.1.points'],
    ['nameless criterion', { criteria: [{ ...c0, name: '' }] }, 'rubric.criteria.0.name'],
  ] as [string, Rubric, string][])('rejects %s', (_n, r, field) => {
    try {
      assertValidRubric(r);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('rubric_invalid');
      expect((e as AppError).issues.map((i) => i.field)).toContain(field);
    }
  });

  it('accepts the fixture', () => expect(assertValidRubric(rubric)).toBe(rubric));
});
