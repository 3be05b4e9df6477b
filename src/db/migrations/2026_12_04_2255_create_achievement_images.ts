/**
 * Moves badge image bytes out of achievement definitions into `achievement_images` (keyed by achievement and
 * SHA-256), so reading or listing definitions no longer parses up to 700 KB of base64 per row. Existing rows
 * are rewritten: `image.data` becomes `image.sha256`.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';

interface StoredImage { mediaType: string; data?: string; sha256?: string; generated: boolean; caption: string | null }

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('achievement_images')
    .addColumn('achievement_id', 'text', (c) => c.notNull().references('achievements.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('achievement_images_pk', ['achievement_id', 'sha256'])
    .execute();

  const seen = new Set<string>();
  for (const table of ['achievements', 'achievement_versions'] as const) {
    const idColumn = table === 'achievements' ? 'id' : 'achievement_id';
    const rows = await db.selectFrom(table).select(['id', idColumn === 'id' ? 'id as achievement_id' : 'achievement_id', 'organization_id', 'definition_json', 'created_at']).execute();
    for (const row of rows as { id: string; achievement_id: string; organization_id: string; definition_json: string; created_at: string }[]) {
      const content = JSON.parse(row.definition_json) as { definition?: { image?: StoredImage } };
      const image = content.definition?.image;
      if (!image || typeof image.data !== 'string') continue;
      const sha256 = createHash('sha256').update(Buffer.from(image.data, 'base64')).digest('hex');
      const key = `${row.achievement_id}:${sha256}`;
      if (!seen.has(key)) {
        seen.add(key);
        await db.insertInto('achievement_images').values({
          achievement_id: row.achievement_id, organization_id: row.organization_id, sha256, media_type: image.mediaType, data: image.data, created_at: row.created_at,
        }).execute();
      }
      content.definition!.image = { mediaType: image.mediaType, sha256, generated: image.generated, caption: image.caption };
      await db.updateTable(table).set({ definition_json: JSON.stringify(content) }).where('id', '=', row.id).execute();
    }
  }
}
