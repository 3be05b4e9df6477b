/**
 * The credentials a learner holds, as the stacking engine sees them (`HeldCredential`), read from the
 * `credentials` table; plus the learner listings pathway re-evaluation pages through.
 */
import type { HeldCredential, HeldResult } from '../../core/stacking/types.ts';
import type { Db } from '../transaction.ts';

const CHUNK = 500;

interface HeldRow {
  id: string; organization_id: string; achievement_id: string; learner_id: string; valid_from: string;
  valid_until: string | null; revoked_at: string | null; suspended_at: string | null; credits: number | null; document?: string;
}

function resultsOf(document: string | undefined): { results?: HeldResult[]; name?: string } {
  if (!document) return {};
  const subject = (JSON.parse(document) as { credentialSubject?: { result?: unknown; achievement?: { name?: unknown } } }).credentialSubject;
  const raw = Array.isArray(subject?.result) ? subject.result : [];
  const results = raw
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
    .map((r) => ({
      ...(typeof r.resultDescription === 'string' ? { resultDescription: r.resultDescription } : {}),
      ...(typeof r.value === 'string' ? { value: r.value } : {}),
      ...(typeof r.achievedLevel === 'string' ? { achievedLevel: r.achievedLevel } : {}),
    }));
  const name = typeof subject?.achievement?.name === 'string' ? subject.achievement.name : undefined;
  return { results, ...(name ? { name } : {}) };
}

/**
 * Maps a credential row to a held credential: issued here (`origin: 'issued'`, `issuerId` = the organization id),
 * earned at `valid_from`, revoked over suspended, `credits` = creditsEarned; results only when the document is read.
 */
function toHeld(r: HeldRow): HeldCredential {
  const { results, name } = resultsOf(r.document);
  return {
    id: r.id,
    achievementId: r.achievement_id,
    ...(name ? { achievementName: name } : {}),
    issuerId: r.organization_id,
    origin: 'issued',
    issuedAt: new Date(r.valid_from),
    validUntil: r.valid_until ? new Date(r.valid_until) : null,
    status: r.revoked_at ? 'revoked' : r.suspended_at ? 'suspended' : 'valid',
    statusChangedAt: r.revoked_at ? new Date(r.revoked_at) : r.suspended_at ? new Date(r.suspended_at) : null,
    credits: r.credits === null ? null : Number(r.credits),
    ...(results ? { results } : {}),
  };
}

/**
 * The credentials an organization issued to each of `learnerIds`, by learner. `withResults` reads the signed
 * documents for `result` entries (only needed when a rule asks for a minimum result).
 */
export async function listHeldCredentials(
  db: Db, organizationId: string, learnerIds: readonly string[], opts: { withResults: boolean },
): Promise<Map<string, HeldCredential[]>> {
  const out = new Map<string, HeldCredential[]>(learnerIds.map((id) => [id, []]));
  for (let i = 0; i < learnerIds.length; i += CHUNK) {
    const ids = learnerIds.slice(i, i + CHUNK);
    const base = db.selectFrom('credentials')
      .select(['id', 'organization_id', 'achievement_id', 'learner_id', 'valid_from', 'valid_until', 'revoked_at', 'suspended_at', 'credits'])
      .where('organization_id', '=', organizationId).where('learner_id', 'in', ids);
    const rows: HeldRow[] = opts.withResults ? await base.select('document').execute() : await base.execute();
    for (const r of rows) out.get(r.learner_id)?.push(toHeld(r));
  }
  return out;
}

/** One page of an organization's learners (id, email, name), in id order, after `afterId`. */
export async function listLearnersPage(
  db: Db, organizationId: string, afterId: string | null, limit: number,
): Promise<{ id: string; email: string; name: string | null }[]> {
  let q = db.selectFrom('learners').select(['id', 'email', 'name']).where('organization_id', '=', organizationId);
  if (afterId) q = q.where('id', '>', afterId);
  return q.orderBy('id').limit(limit).execute();
}

/** How many learners an organization has. */
export async function countLearners(db: Db, organizationId: string): Promise<number> {
  const r = await db.selectFrom('learners').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', organizationId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The learner records (one per organization) claimed by a user account. */
export async function listLearnersOfUser(db: Db, userId: string): Promise<{ organizationId: string; learnerId: string; email: string }[]> {
  const rows = await db.selectFrom('learners').select(['organization_id', 'id', 'email']).where('user_id', '=', userId).execute();
  return rows.map((r) => ({ organizationId: r.organization_id, learnerId: r.id, email: r.email }));
}

/** Learners of an organization holding a credential whose validity ends in `(fromIso, toIso]`. */
export async function listLearnersWithExpiries(db: Db, organizationId: string, fromIso: string, toIso: string): Promise<string[]> {
  const rows = await db.selectFrom('credentials').select('learner_id').distinct().where('organization_id', '=', organizationId)
    .where('valid_until', '>', fromIso).where('valid_until', '<=', toIso).where('revoked_at', 'is', null).execute();
  return rows.map((r) => r.learner_id);
}

/** Signed documents of credentials of an organization, by id (evidence and CLR bundles). */
export async function listCredentialDocuments(
  db: Db, organizationId: string, ids: readonly string[],
): Promise<Map<string, { document: string; verificationCode: string; achievementId: string }>> {
  const out = new Map<string, { document: string; verificationCode: string; achievementId: string }>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.selectFrom('credentials').select(['id', 'document', 'verification_code', 'achievement_id'])
      .where('organization_id', '=', organizationId).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
    for (const r of rows) out.set(r.id, { document: r.document, verificationCode: r.verification_code, achievementId: r.achievement_id });
  }
  return out;
}
