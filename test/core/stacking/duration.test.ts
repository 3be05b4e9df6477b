import { describe, expect, it } from 'vitest';
import { addDuration, describeDuration, parseDuration } from '../../../src/core/stacking/index.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('ISO-8601 durations', () => {
  it.each([
    ['P12M', { months: 12 }],
    ['P1Y6M', { years: 1, months: 6 }],
    ['P2W', { weeks: 2 }],
    ['P90D', { days: 90 }],
    ['PT36H', { hours: 36 }],
    ['P1DT1.5S', { days: 1, seconds: 1.5 }],
  ])('parses %s', (text, parts) => {
    expect(parseDuration(text)).toMatchObject(parts);
  });

  it.each(['', 'P', 'PT', '12M', 'P-1M', 'P1.5M', 'P0D', 'P1M2Y', 'PT1D', 'one year'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it.each([
    ['2026-01-31T00:00:00.000Z', 'P1M', '2026-02-28T00:00:00.000Z'],
    ['2024-01-31T00:00:00.000Z', 'P1M', '2024-02-29T00:00:00.000Z'],
    ['2025-03-15T12:00:00.000Z', 'P12M', '2026-03-15T12:00:00.000Z'],
    ['2024-02-29T00:00:00.000Z', 'P1Y', '2025-02-28T00:00:00.000Z'],
    ['2026-01-01T00:00:00.000Z', 'P1Y2M3DT4H', '2027-03-04T04:00:00.000Z'],
    ['2026-12-30T00:00:00.000Z', 'P1W', '2027-01-06T00:00:00.000Z'],
  ])('%s + %s = %s', (start, d, end) => {
    expect(iso(addDuration(at(start), parseDuration(d)!))).toBe(end);
  });

  it.each([
    ['P12M', '12 months'],
    ['P1Y', '1 year'],
    ['P1Y6M', '1 year and 6 months'],
    ['P1Y2M3D', '1 year, 2 months and 3 days'],
    ['P90D', '90 days'],
  ])('describes %s as %s', (d, words) => {
    expect(describeDuration(parseDuration(d)!)).toBe(words);
  });
});
