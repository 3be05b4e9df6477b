/** Migration 2026_12_04_2255 moves badge bytes out of definitions into achievement_images, on every dialect. */
import { createHash, randomBytes } from 'node:crypto';
import { Migrator, sql, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { DIALECTS, PG_URL } from '../helpers/db.ts';

describe.each(DIALECTS)('achievement images migration on %s', (dialect) => {
  it('moves image data to achievement_images and leaves a sha256 reference in every definition', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const h = dialect === 'postgres' ? await openDatabase({ url: PG_URL!, schema, poolSize: 2 }) : await openDatabase({ url: 'sqlite::memory:' });
    try {
      const migrator = new Migrator({ db: h.db, provider: { getMigrations: async (): Promise<Record<string, Migration>> => migrations }, ...(dialect === 'postgres' ? { migrationTableSchema: schema } : {}) });
      const before = await migrator.migrateTo('2026_12_04_2250_add_achievement_version_frozen');
      expect(before.error).toBeUndefined();
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>');
      const def = JSON.stringify({ definition: { name: 'Old', image: { mediaType: 'image/svg+xml', data: svg.toString('base64'), generated: true, caption: null } }, competencies: [] });
      await h.db.insertInto('organizations').values({ id: 'o1', slug: 'o1', kind: 'issuer', name: 'O', url: null, email: null, description: null, logo: null, address_json: null, did_method: 'key', email_domain: null, domain_verified_at: null, created_at: '2026-12-01T00:00:00.000Z' }).execute();
      await h.db.insertInto('achievements').values({ id: 'a1', organization_id: 'o1', status: 'active', current_version: 2, definition_json: def, created_at: '2026-12-01T00:00:00.000Z', updated_at: '2026-12-01T00:00:00.000Z' }).execute();
      for (const v of [1, 2]) {
        await h.db.insertInto('achievement_versions').values({ id: `v${v}`, achievement_id: 'a1', organization_id: 'o1', version: v, definition_json: def, created_at: '2026-12-01T00:00:00.000Z' }).execute();
      }
      await migrateToLatest(h.db);
      const sha = createHash('sha256').update(svg).digest('hex');
      const images = await h.db.selectFrom('achievement_images').selectAll().execute();
      expect(images).toEqual([{ achievement_id: 'a1', organization_id: 'o1', sha256: sha, media_type: 'image/svg+xml', data: svg.toString('base64'), created_at: '2026-12-01T00:00:00.000Z' }]);
      for (const r of [...await h.db.selectFrom('achievements').select('definition_json').execute(), ...await h.db.selectFrom('achievement_versions').select('definition_json').execute()]) {
        expect(JSON.parse(r.definition_json).definition.image).toEqual({ mediaType: 'image/svg+xml', sha256: sha, generated: true, caption: null });
      }
    } finally {
      if (dialect === 'postgres') await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(h.db);
      await h.close();
    }
  });
});
