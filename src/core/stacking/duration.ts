/**
 * ISO-8601 durations (`P1Y6M`, `P12M`, `P90D`, `P2W`, `PT36H`) with calendar-aware addition in UTC.
 */

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parse an ISO-8601 duration; returns `null` when it is not one or when it is zero. */
export function parseDuration(text: string): Duration | null {
  if (typeof text !== 'string') return null;
  const m = PATTERN.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  const d: Duration = { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
  if (Object.values(d).every((v) => v === 0)) return null;
  return d;
}

/** Add a duration to an instant (milliseconds since the epoch), month-end clamped like calendars do. */
export function addDuration(ms: number, d: Duration): number {
  const t = new Date(ms);
  if (d.years || d.months) {
    const day = t.getUTCDate();
    t.setUTCDate(1);
    t.setUTCMonth(t.getUTCMonth() + d.years * 12 + d.months);
    const lastDay = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
    t.setUTCDate(Math.min(day, lastDay));
  }
  return t.getTime() + ((d.weeks * 7 + d.days) * 24 * 3600 + d.hours * 3600 + d.minutes * 60 + d.seconds) * 1000;
}

/** Say a duration in words: `P12M` → "12 months", `P1Y6M` → "1 year and 6 months". */
export function describeDuration(d: Duration): string {
  const parts: string[] = [];
  const add = (v: number, unit: string) => {
    if (v) parts.push(`${v} ${unit}${v === 1 ? '' : 's'}`);
  };
  add(d.years, 'year');
  add(d.months, 'month');
  add(d.weeks, 'week');
  add(d.days, 'day');
  add(d.hours, 'hour');
  add(d.minutes, 'minute');
  add(d.seconds, 'second');
  if (parts.length <= 1) return parts[0] ?? '0 seconds';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
