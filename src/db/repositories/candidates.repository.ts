/** An employer's candidate list: credentials people shared with them, saved with notes. */
import type { Db } from '../transaction.ts';
import type { CandidatesTable } from '../tables/employer.ts';

export interface Candidate {
  id: string;
  organizationId: string;
  /** The credential's own `id` (e.g. `urn:uuid:…`), when it has one. */
  credentialId: string | null;
  name: string;
  achievementName: string | null;
  issuerName: string | null;
  /** The verification summary when saved: valid | invalid | unknown. */
  summary: string;
  /** Where it came from: a verification code, a share link, an upload. */
  source: string;
  document: string | null;
  notes: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

function toCandidate(r: CandidatesTable): Candidate {
  return {
    id: r.id, organizationId: r.organization_id, credentialId: r.credential_id, name: r.name, achievementName: r.achievement_name,
    issuerName: r.issuer_name, summary: r.summary, source: r.source, document: r.document, notes: r.notes, createdBy: r.created_by,
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** Inserts a candidate. */
export async function insertCandidate(db: Db, c: Candidate): Promise<void> {
  await db.insertInto('candidates').values({
    id: c.id, organization_id: c.organizationId, credential_id: c.credentialId, name: c.name, achievement_name: c.achievementName,
    issuer_name: c.issuerName, summary: c.summary, source: c.source, document: c.document, notes: c.notes, created_by: c.createdBy,
    created_at: c.createdAt, updated_at: c.updatedAt,
  }).execute();
}

/** The organization's candidates, newest first. */
export async function listCandidates(db: Db, organizationId: string): Promise<Candidate[]> {
  return (await db.selectFrom('candidates').selectAll().where('organization_id', '=', organizationId).orderBy('created_at', 'desc').orderBy('id').execute()).map(toCandidate);
}

/** One candidate of the organization. */
export async function findCandidate(db: Db, organizationId: string, id: string): Promise<Candidate | undefined> {
  const r = await db.selectFrom('candidates').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return r ? toCandidate(r) : undefined;
}

/** Updates a candidate's name and notes; false when it is not the organization's. */
export async function updateCandidate(db: Db, organizationId: string, id: string, patch: { name: string; notes: string | null; updatedAt: string }): Promise<boolean> {
  const r = await db.updateTable('candidates').set({ name: patch.name, notes: patch.notes, updated_at: patch.updatedAt })
    .where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Deletes a candidate; false when it is not the organization's. */
export async function deleteCandidate(db: Db, organizationId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('candidates').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
