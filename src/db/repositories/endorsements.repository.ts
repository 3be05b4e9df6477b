/** Endorsements: EndorsementCredentials signed by employers, waiting for (or decided by) the endorsed issuer. */
import type { Db } from '../transaction.ts';
import type { EndorsementsTable } from '../tables/employer.ts';

export type EndorsementStatus = 'pending' | 'accepted' | 'declined';

export interface EndorsementRecord {
  id: string;
  /** The issuer organization whose micro-credential is endorsed. */
  organizationId: string;
  endorserOrganizationId: string;
  endorserName: string;
  achievementId: string;
  pathwayId: string | null;
  /** `credentialSubject.id`: the OB id of what is endorsed. */
  targetId: string;
  comment: string;
  status: EndorsementStatus;
  /** The signed EndorsementCredential (JSON text, as signed). */
  document: string;
  createdBy: string | null;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
}

type Row = EndorsementsTable & { endorser_name: string };

function toRecord(r: Row): EndorsementRecord {
  return {
    id: r.id, organizationId: r.organization_id, endorserOrganizationId: r.endorser_organization_id, endorserName: r.endorser_name,
    achievementId: r.achievement_id, pathwayId: r.pathway_id, targetId: r.target_id, comment: r.comment,
    status: r.status as EndorsementStatus, document: r.document, createdBy: r.created_by, createdAt: r.created_at,
    decidedAt: r.decided_at, decidedBy: r.decided_by, decisionNote: r.decision_note,
  };
}

function base(db: Db) {
  return db.selectFrom('endorsements').innerJoin('organizations', 'organizations.id', 'endorsements.endorser_organization_id')
    .selectAll('endorsements').select('organizations.name as endorser_name');
}

/** Inserts an endorsement. */
export async function insertEndorsement(db: Db, e: Omit<EndorsementRecord, 'endorserName'>): Promise<void> {
  await db.insertInto('endorsements').values({
    id: e.id, organization_id: e.organizationId, endorser_organization_id: e.endorserOrganizationId, achievement_id: e.achievementId,
    pathway_id: e.pathwayId, target_id: e.targetId, comment: e.comment, status: e.status, document: e.document,
    created_by: e.createdBy, created_at: e.createdAt, decided_at: e.decidedAt, decided_by: e.decidedBy, decision_note: e.decisionNote,
  }).execute();
}

/** One endorsement of an issuer organization (what it received). */
export async function findReceivedEndorsement(db: Db, organizationId: string, id: string): Promise<EndorsementRecord | undefined> {
  const r = await base(db).where('endorsements.organization_id', '=', organizationId).where('endorsements.id', '=', id).executeTakeFirst();
  return r ? toRecord(r) : undefined;
}

/** Endorsements an issuer organization received, newest first (optionally of one status). */
export async function listReceivedEndorsements(db: Db, organizationId: string, status?: EndorsementStatus): Promise<EndorsementRecord[]> {
  let q = base(db).where('endorsements.organization_id', '=', organizationId);
  if (status) q = q.where('endorsements.status', '=', status);
  return (await q.orderBy('endorsements.created_at', 'desc').orderBy('endorsements.id').execute()).map(toRecord);
}

/** Endorsements an employer organization gave, newest first. */
export async function listGivenEndorsements(db: Db, endorserOrganizationId: string): Promise<EndorsementRecord[]> {
  return (await base(db).where('endorsements.endorser_organization_id', '=', endorserOrganizationId)
    .orderBy('endorsements.created_at', 'desc').orderBy('endorsements.id').execute()).map(toRecord);
}

/** Accepted endorsements of one micro-credential, oldest first (a stable order for embedding). */
export async function listAcceptedFor(db: Db, organizationId: string, achievementId: string): Promise<EndorsementRecord[]> {
  return (await base(db).where('endorsements.organization_id', '=', organizationId).where('endorsements.achievement_id', '=', achievementId)
    .where('endorsements.status', '=', 'accepted').orderBy('endorsements.decided_at').orderBy('endorsements.id').execute()).map(toRecord);
}

/** True when the endorser already has a pending or accepted endorsement of this micro-credential (or pathway). */
export async function hasOpenEndorsement(db: Db, endorserOrganizationId: string, achievementId: string, pathwayId: string | null): Promise<boolean> {
  let q = db.selectFrom('endorsements').select('id').where('endorser_organization_id', '=', endorserOrganizationId)
    .where('achievement_id', '=', achievementId).where('status', 'in', ['pending', 'accepted']);
  q = pathwayId ? q.where('pathway_id', '=', pathwayId) : q.where('pathway_id', 'is', null);
  return Boolean(await q.executeTakeFirst());
}

/** Records the issuer's decision on a pending endorsement; false when it was not pending. */
export async function decideEndorsement(db: Db, organizationId: string, id: string, d: { status: 'accepted' | 'declined'; at: string; by: string | null; note: string | null }): Promise<boolean> {
  const r = await db.updateTable('endorsements').set({ status: d.status, decided_at: d.at, decided_by: d.by, decision_note: d.note })
    .where('organization_id', '=', organizationId).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Endorsement counts of an issuer organization per micro-credential and status. */
export async function countEndorsements(db: Db, organizationId: string): Promise<Array<{ achievementId: string; status: EndorsementStatus; count: number }>> {
  const rows = await db.selectFrom('endorsements').select(['achievement_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('organization_id', '=', organizationId).groupBy(['achievement_id', 'status']).execute();
  return rows.map((r) => ({ achievementId: r.achievement_id, status: r.status as EndorsementStatus, count: Number(r.n) }));
}
