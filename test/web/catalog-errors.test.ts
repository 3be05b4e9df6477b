import { describe, expect, it } from 'vitest';
import { humanizeMessage } from '../../src/web/pages/catalog-errors.ts';

describe('humanizeMessage', () => {
  it.each([
    ['alignments[0].targetUrl must be an http(s) URL (got "x").', 'Alignment 1: target URL must be an http(s) URL (got "x").'],
    ['resultDescriptions[1].resultType must be one of A, B.', 'Result 2: kind of result must be one of A, B.'],
    ['resultDescriptions[0].rubricCriterionLevel[2].name is required and must be a non-empty string.', 'Result 1: rubric levels is required and must be a non-empty string.'],
    ['validityMonths must be a whole number from 1 to 1200 (got "0").', 'Valid for (months) must be a whole number from 1 to 1200 (got "0").'],
    ['code is required.', 'Code is required.'],
    ['The image is 513 KB; the limit is 512 KB.', 'The image is 513 KB; the limit is 512 KB.'],
  ])('%s', (input, expected) => {
    expect(humanizeMessage(input)).toBe(expected);
  });
});
