/** Row types of the issuance tables (see migrations/2026_12_04_2030_create_bulk_issuance_rows.ts). */

/** One validated row of a bulk-issuance CSV, waiting for (or done by) its background job. */
export interface BulkIssuanceRowsTable {
  job_id: string; organization_id: string; row_number: number; email: string; name: string | null;
  achievement_id: string; valid_from: string | null; batch_key: string; status: string;
  credential_id: string | null; error: string | null;
}

export interface IssuanceTables {
  bulk_issuance_rows: BulkIssuanceRowsTable;
}
