import { describe, expect, it } from 'vitest';
import { bucketByWeek, lastWeeks, weekStart } from '../../../src/core/analytics/weekly.ts';

describe('weekly buckets', () => {
  it.each([
    ['2026-12-07T00:00:00.000Z', '2026-12-07'], // a Monday
    ['2026-12-06T23:59:59.999Z', '2026-11-30'], // Sunday night belongs to the week before
    ['2026-12-04T12:00:00.000Z', '2026-11-30'],
    ['2027-01-01T08:00:00.000Z', '2026-12-28'], // across the year
  ])('the week of %s starts on %s', (at, monday) => expect(weekStart(new Date(at))).toBe(monday));

  it('lists the last weeks oldest first and counts events into them, ignoring those outside', () => {
    const weeks = lastWeeks(new Date('2026-12-09T10:00:00Z'), 3);
    expect(weeks).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
    expect(bucketByWeek(weeks, ['2026-11-23T00:00:00Z', '2026-12-06T23:59:59Z', '2026-12-07T00:00:00Z', '2026-12-08T00:00:00Z', '2026-11-22T23:59:59Z'])).toEqual([1, 1, 2]);
  });
});
