/**
 * The database as Kysely sees it: every table, combined from the per-feature files in ./tables.
 * Add your feature's tables to `Database` with one more `extends` entry.
 */
import type { PlatformTables } from './tables/platform.ts';
import type { IssuanceTables } from './tables/issuance.ts';
import type { AssessmentTables } from './tables/assessment.ts';
import type { PathwayTables } from './tables/pathways.ts';
import type { CatalogTables } from './tables/catalog.ts';
import type { EmployerTables } from './tables/employer.ts';
import type { WalletTables } from './tables/wallet.ts';

export interface Database extends PlatformTables, IssuanceTables, AssessmentTables, PathwayTables, CatalogTables, WalletTables, EmployerTables {}
