import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows } from '../../src/db/insert-rows.ts';
import { DIALECTS, freshDatabase } from '../helpers/db.ts';
import { recordingHandle } from '../helpers/query-log.ts';

describe.each(DIALECTS)('insertRows on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    h = await freshDatabase(dialect);
    await h.db.insertInto('organizations').values({
      id: 'org-1', slug: 'org-1', name: 'Org', kind: 'issuer', url: null, email: null, description: null, logo: null,
      address_json: null, did_method: 'key', created_at: '2026-12-05T00:00:00Z',
    } as never).execute();
  });
  afterAll(async () => h.close());

  const learner = (n: number, name: string | null) => ({
    id: `learner-${n}`, organization_id: 'org-1', email: `l${n}@example.com`, name, user_id: null, created_at: `2026-12-05T00:00:0${n}Z`,
  });

  it('writes every row, each value in its column, in one statement whose text is reused', async () => {
    const recorded = recordingHandle({ ...h, close: async () => undefined });
    await insertRows(recorded.handle.db, 'learners', [learner(1, 'Ada'), learner(2, null), learner(3, 'Grace')]);
    await insertRows(recorded.handle.db, 'learners', [learner(4, 'Alan'), learner(5, 'Edsger'), learner(6, null)]);
    expect(recorded.queries).toHaveLength(2);
    expect(recorded.queries[0]).toBe(recorded.queries[1]);
    const rows = await h.db.selectFrom('learners').selectAll().orderBy('id').execute();
    expect(rows).toEqual([1, 2, 3, 4, 5, 6].map((n) => learner(n, ['Ada', null, 'Grace', 'Alan', 'Edsger', null][n - 1]!)));
  });

  it('appends the caller\'s ON CONFLICT and RETURNING clause', async () => {
    const back = await insertRows(h.db, 'learners', [learner(1, 'Changed'), learner(7, 'New')],
      'on conflict ("organization_id", "email") do update set "name" = coalesce("learners"."name", "excluded"."name") returning *');
    expect(back.map((r) => [r.id, r.name]).sort()).toEqual([['learner-1', 'Ada'], ['learner-7', 'New']]);
  });

  it('writes nothing for no rows, and refuses rows of different members or names that are not plain identifiers', async () => {
    expect(await insertRows(h.db, 'learners', [])).toEqual([]);
    const { name: _n, ...short } = learner(8, 'x');
    await expect(insertRows(h.db, 'learners', [learner(8, 'x'), short as never])).rejects.toThrow(/differ in their members/);
    await expect(insertRows(h.db, 'learners', [{ ...learner(9, 'x'), 'name"; drop table learners; --': 1 } as never])).rejects.toThrow(/not a plain identifier/);
    expect(await h.db.selectFrom('learners').select('id').where('id', 'in', ['learner-8', 'learner-9']).execute()).toEqual([]);
  });
});
