/**
 * Weekly buckets for analytics: ISO weeks (Monday 00:00 UTC) between two dates, and counts of dated events
 * per week and per key. Pure; the caller passes the dates.
 */

/** The Monday (00:00 UTC) of the week containing `d`, as YYYY-MM-DD. */
export function weekStart(d: Date): string {
  const day = (d.getUTCDay() + 6) % 7;
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day));
  return m.toISOString().slice(0, 10);
}

/**
 * The week starts from the week of `now` back `weeks - 1` weeks, oldest first.
 * @example lastWeeks(new Date('2026-12-04T12:00:00Z'), 2) // ['2026-11-23', '2026-11-30']
 */
export function lastWeeks(now: Date, weeks: number): string[] {
  const last = Date.parse(`${weekStart(now)}T00:00:00Z`);
  return Array.from({ length: weeks }, (_, i) => new Date(last - (weeks - 1 - i) * 7 * 86_400_000).toISOString().slice(0, 10));
}

/** Counts events per week (keys of `weeks`; events outside are ignored). */
export function bucketByWeek(weeks: readonly string[], dates: readonly string[]): number[] {
  const index = new Map(weeks.map((w, i) => [w, i]));
  const counts = weeks.map(() => 0);
  for (const at of dates) {
    const i = index.get(weekStart(new Date(at)));
    if (i !== undefined) counts[i]! += 1;
  }
  return counts;
}

/** Groups items by a key, preserving first-seen order. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const l = m.get(k);
    if (l) l.push(it);
    else m.set(k, [it]);
  }
  return m;
}
