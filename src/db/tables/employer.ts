/** Row types of the employer-side tables (see migrations/2026_12_04_2310_create_employer_side.ts). */

export interface EndorsementsTable {
  id: string; organization_id: string; endorser_organization_id: string; achievement_id: string; pathway_id: string | null;
  target_id: string; comment: string; status: string; document: string; created_by: string | null; created_at: string;
  decided_at: string | null; decided_by: string | null; decision_note: string | null;
}
export interface CandidatesTable {
  id: string; organization_id: string; credential_id: string | null; name: string; achievement_name: string | null;
  issuer_name: string | null; summary: string; source: string; document: string | null; notes: string | null;
  created_by: string | null; created_at: string; updated_at: string;
}
export interface PartnersTable {
  id: string; organization_id: string; name: string; website: string | null; stage: string; notes: string | null;
  owner_user_id: string | null; next_step: string | null; next_step_date: string | null; employer_organization_id: string | null;
  contacts_json: string; interests_json: string; created_at: string; updated_at: string;
}
export interface PartnerEventsTable {
  id: string; organization_id: string; partner_id: string; kind: string; summary: string; actor_user_id: string | null;
  ref_id: string | null; created_at: string;
}
export interface VerificationEventsTable {
  id: string; organization_id: string; credential_id: string; achievement_id: string; viewer_organization_id: string | null;
  viewer_user_id: string | null; via: string; result: string; created_at: string;
}
export interface ShareEventsTable {
  id: string; organization_id: string; credential_id: string; achievement_id: string; learner_id: string; share_id: string | null;
  kind: string; viewer_organization_id: string | null; created_at: string;
}

export interface EmployerTables {
  endorsements: EndorsementsTable; candidates: CandidatesTable; partners: PartnersTable; partner_events: PartnerEventsTable;
  verification_events: VerificationEventsTable; share_events: ShareEventsTable;
}
