/** Row types of the pathway tables (see migrations/2026_12_04_2230_create_pathways.ts). */

/** A pathway: the stacked credential it awards, the rule that earns it, and what happens when a part stops counting. */
export interface PathwaysTable {
  id: string; organization_id: string; name: string; description: string | null; target_achievement_id: string;
  rule_json: string; revocation_policy: string; version: number; status: string; created_by: string | null;
  created_at: string; updated_at: string;
}

/** Every saved version of a pathway (the rule an award was decided under stays readable). */
export interface PathwayVersionsTable {
  pathway_id: string; organization_id: string; version: number; name: string; target_achievement_id: string;
  rule_json: string; revocation_policy: string; created_by: string | null; created_at: string;
}

/**
 * At most one row per (pathway, learner): the claim that makes the award exactly-once. `round` grows each time a
 * revoked award is earned again (it is part of the issuance batch key).
 */
export interface PathwayAwardsTable {
  id: string; organization_id: string; pathway_id: string; learner_id: string; pathway_version: number;
  status: string; round: number; credential_id: string | null; component_ids_json: string; lapsed_at: string | null;
  created_at: string; updated_at: string;
}

/** What staff are told: awards, lapses and the policy applied. */
export interface PathwayEventsTable {
  id: string; organization_id: string; pathway_id: string; learner_id: string | null; kind: string; message: string;
  credential_id: string | null; created_at: string;
}

export interface PathwayTables {
  pathways: PathwaysTable;
  pathway_versions: PathwayVersionsTable;
  pathway_awards: PathwayAwardsTable;
  pathway_events: PathwayEventsTable;
}
