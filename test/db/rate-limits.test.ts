import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hitRateLimit, purgeRateLimits } from '../../src/db/repositories/rate-limits.repository.ts';
import { DIALECTS, freshDatabase } from '../helpers/db.ts';

describe.each(DIALECTS)('rate-limit counters on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => { h = await freshDatabase(dialect); });
  afterAll(async () => h.close());

  const T0 = Date.parse('2026-12-05T03:00:00Z');

  it('counts requests per key within a window and starts a new window once it is over', async () => {
    expect(await hitRateLimit(h.db, 'POST /signin 10.0.0.1', 60_000, T0)).toEqual({ hits: 1, windowStart: T0 });
    expect(await hitRateLimit(h.db, 'POST /signin 10.0.0.1', 60_000, T0 + 1_000)).toEqual({ hits: 2, windowStart: T0 });
    expect(await hitRateLimit(h.db, 'POST /signin 10.0.0.2', 60_000, T0 + 2_000)).toEqual({ hits: 1, windowStart: T0 + 2_000 });
    expect(await hitRateLimit(h.db, 'POST /signin 10.0.0.1', 60_000, T0 + 59_999)).toEqual({ hits: 3, windowStart: T0 });
    expect(await hitRateLimit(h.db, 'POST /signin 10.0.0.1', 60_000, T0 + 60_000)).toEqual({ hits: 1, windowStart: T0 + 60_000 });
  });

  it('never loses a count under concurrent requests', async () => {
    await Promise.all(Array.from({ length: 25 }, () => hitRateLimit(h.db, 'burst', 60_000, T0)));
    expect((await hitRateLimit(h.db, 'burst', 60_000, T0)).hits).toBe(26);
  });

  it('deletes only the counters whose window is over', async () => {
    await hitRateLimit(h.db, 'old', 1_000, T0);
    await hitRateLimit(h.db, 'live', 600_000, T0);
    expect(await purgeRateLimits(h.db, T0 + 5_000)).toBeGreaterThanOrEqual(1);
    const keys = (await h.db.selectFrom('rate_limit_hits').select('key').execute()).map((r) => r.key);
    expect(keys).toContain('live');
    expect(keys).not.toContain('old');
  });
});
