import { describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../helpers/db.ts';
import { isUniqueViolation } from '../../src/db/util.ts';

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  it('creates the platform tables and enforces uniqueness', async () => {
    const h = await freshDatabase(dialect);
    try {
      const now = '2026-12-04T20:00:00.000Z';
      const org = { id: 'o1', slug: 'acme', kind: 'issuer', name: 'Acme', did_method: 'key', created_at: now,
        url: null, email: null, description: null, logo: null, address_json: null, email_domain: null, domain_verified_at: null };
      await h.db.insertInto('organizations').values(org).execute();
      const rows = await h.db.selectFrom('organizations').selectAll().execute();
      expect(rows.map((r) => r.slug)).toEqual(['acme']);
      let err: unknown;
      try {
        await h.db.insertInto('organizations').values({ ...org, id: 'o2' }).execute();
      } catch (e) {
        err = e;
      }
      expect(isUniqueViolation(err)).toBe(true);
    } finally {
      await h.close();
    }
  });
});
