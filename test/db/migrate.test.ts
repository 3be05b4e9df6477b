import { describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../helpers/db.ts';
import { sql } from 'kysely';
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
  it.runIf(dialect === 'postgres')('compresses credential documents with lz4 where the server has it, and undoes it', async () => {
    const h = await freshDatabase(dialect);
    try {
      const method = async () => (await sql<{ m: string }>`select attcompression as m from pg_attribute
        where attrelid = 'credentials'::regclass and attname = 'document'`.execute(h.db)).rows[0]!.m;
      // The server's own answer: can it compress with lz4? (Debian's PostgreSQL 14+ can.)
      const lz4 = await sql.raw('create temp table lz4_probe (t text compression lz4)').execute(h.db).then(() => true, () => false);
      expect(await method()).toBe(lz4 ? 'l' : '');
      const { down } = await import('../../src/db/migrations/2026_12_05_0730_compress_credential_documents_lz4.ts');
      await down(h.db);
      expect(await method()).toBe(lz4 ? 'p' : '');
    } finally {
      await h.close();
    }
  });
});
