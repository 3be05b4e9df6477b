/** Row types of the catalog's own tables (see migrations/2026_12_04_2255_create_achievement_images.ts). */

/** Badge image bytes of a micro-credential, stored once per distinct content (versions share them). */
export interface AchievementImagesTable {
  achievement_id: string;
  organization_id: string;
  sha256: string;
  media_type: string;
  /** Base64 of the checked (SVG: sanitised) bytes. */
  data: string;
  created_at: string;
}

export interface CatalogTables {
  achievement_images: AchievementImagesTable;
}
