/** Issuers' employer partners (outreach records) and their timelines. */
import type { Db } from '../transaction.ts';
import type { PartnerEventsTable, PartnersTable } from '../tables/employer.ts';
import { fromJson, toJson } from '../util.ts';

export type PartnerStage = 'prospect' | 'contacted' | 'engaged' | 'endorsing' | 'hiring';
export interface PartnerContact { name: string; email: string | null; role: string | null }
export interface PartnerInterests { achievementIds: string[]; pathwayIds: string[] }

export interface Partner {
  id: string;
  organizationId: string;
  name: string;
  website: string | null;
  stage: PartnerStage;
  notes: string | null;
  ownerUserId: string | null;
  nextStep: string | null;
  /** YYYY-MM-DD. */
  nextStepDate: string | null;
  /** The employer organization on this platform this partner is (links its verifications, endorsements, views). */
  employerOrganizationId: string | null;
  contacts: PartnerContact[];
  interests: PartnerInterests;
  createdAt: string;
  updatedAt: string;
}

export type PartnerEventKind = 'note' | 'stage' | 'verification' | 'endorsement' | 'share_view';
export interface PartnerEvent {
  id: string; organizationId: string; partnerId: string; kind: PartnerEventKind; summary: string; actorUserId: string | null;
  refId: string | null; createdAt: string;
}

function toPartner(r: PartnersTable): Partner {
  return {
    id: r.id, organizationId: r.organization_id, name: r.name, website: r.website, stage: r.stage as PartnerStage, notes: r.notes,
    ownerUserId: r.owner_user_id, nextStep: r.next_step, nextStepDate: r.next_step_date, employerOrganizationId: r.employer_organization_id,
    contacts: fromJson<PartnerContact[]>(r.contacts_json, []), interests: fromJson<PartnerInterests>(r.interests_json, { achievementIds: [], pathwayIds: [] }),
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

function toRow(p: Partner): PartnersTable {
  return {
    id: p.id, organization_id: p.organizationId, name: p.name, website: p.website, stage: p.stage, notes: p.notes, owner_user_id: p.ownerUserId,
    next_step: p.nextStep, next_step_date: p.nextStepDate, employer_organization_id: p.employerOrganizationId,
    contacts_json: toJson(p.contacts), interests_json: toJson(p.interests), created_at: p.createdAt, updated_at: p.updatedAt,
  };
}

/** Inserts a partner. */
export async function insertPartner(db: Db, p: Partner): Promise<void> {
  await db.insertInto('partners').values(toRow(p)).execute();
}

/** Replaces a partner's fields; false when it is not the organization's. */
export async function updatePartner(db: Db, p: Partner): Promise<boolean> {
  const { id, organization_id, created_at, ...rest } = toRow(p);
  const r = await db.updateTable('partners').set(rest).where('organization_id', '=', organization_id).where('id', '=', id).executeTakeFirst();
  void created_at;
  return Number(r.numUpdatedRows) === 1;
}

/** One partner of the organization. */
export async function findPartner(db: Db, organizationId: string, id: string): Promise<Partner | undefined> {
  const r = await db.selectFrom('partners').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return r ? toPartner(r) : undefined;
}

/** The organization's partners by name. */
export async function listPartners(db: Db, organizationId: string): Promise<Partner[]> {
  return (await db.selectFrom('partners').selectAll().where('organization_id', '=', organizationId).orderBy('name').orderBy('id').execute()).map(toPartner);
}

/** Partners (of any issuer, or of one) linked to an employer organization. */
export async function listPartnersLinkedTo(db: Db, employerOrganizationId: string, organizationId?: string): Promise<Partner[]> {
  let q = db.selectFrom('partners').selectAll().where('employer_organization_id', '=', employerOrganizationId);
  if (organizationId) q = q.where('organization_id', '=', organizationId);
  return (await q.execute()).map(toPartner);
}

/** Deletes a partner (and its timeline); false when it is not the organization's. */
export async function deletePartner(db: Db, organizationId: string, id: string): Promise<boolean> {
  await db.deleteFrom('partner_events').where('organization_id', '=', organizationId).where('partner_id', '=', id).execute();
  const r = await db.deleteFrom('partners').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Appends a timeline event. */
export async function insertPartnerEvent(db: Db, e: PartnerEvent): Promise<void> {
  const row: PartnerEventsTable = {
    id: e.id, organization_id: e.organizationId, partner_id: e.partnerId, kind: e.kind, summary: e.summary, actor_user_id: e.actorUserId,
    ref_id: e.refId, created_at: e.createdAt,
  };
  await db.insertInto('partner_events').values(row).execute();
}

/** A partner's timeline, newest first. */
export async function listPartnerEvents(db: Db, organizationId: string, partnerId: string, limit = 200): Promise<PartnerEvent[]> {
  const rows = await db.selectFrom('partner_events').selectAll().where('organization_id', '=', organizationId).where('partner_id', '=', partnerId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, organizationId: r.organization_id, partnerId: r.partner_id, kind: r.kind as PartnerEventKind, summary: r.summary,
    actorUserId: r.actor_user_id, refId: r.ref_id, createdAt: r.created_at,
  }));
}
