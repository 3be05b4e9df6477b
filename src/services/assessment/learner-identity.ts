/**
 * Who the signed-in learner is inside an organization: the organization's learner record for one of the
 * user's verified email addresses. Learner accounts are the platform's user accounts (sign-up, email
 * verification, sign-in come from the accounts service); the learner record is what credentials are issued to.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors.ts';
import { findLearnersForUser, linkLearnerUser } from '../../db/repositories/modules.repository.ts';
import { findLearner, upsertLearner, type Learner } from '../../db/repositories/learners.repository.ts';
import { listUserEmails } from '../../db/repositories/users.repository.ts';
import type { Db } from '../../db/transaction.ts';
import { requireUser, type Auth } from '../auth.ts';

/** The user's verified email addresses, primary first; throws `email_not_verified` when there is none. */
export async function verifiedEmails(db: Db, auth: Auth): Promise<string[]> {
  const userId = requireUser(auth);
  const emails = (await listUserEmails(db, userId)).filter((e) => e.verifiedAt !== null).map((e) => e.email);
  if (emails.length === 0) {
    throw new AppError('email_not_verified', 'Verify your email address first: credentials are sent to it.', { field: 'email' });
  }
  return emails;
}

/**
 * The learner record of the signed-in user in an organization, or undefined when they have none.
 * A record for any verified email counts (staff may have enrolled a secondary address).
 */
export async function findLearnerForUser(db: Db, auth: Auth, organizationId: string): Promise<Learner | undefined> {
  if (!auth.userId) return undefined;
  const emails = (await listUserEmails(db, auth.userId)).filter((e) => e.verifiedAt !== null).map((e) => e.email);
  const [first] = await findLearnersForUser(db, organizationId, auth.userId, emails);
  if (!first) return undefined;
  await linkLearnerUser(db, organizationId, first.id, auth.userId);
  return findLearner(db, organizationId, first.id);
}

/** The learner record of the signed-in user, created for their primary verified email when missing. */
export async function ensureLearnerForUser(db: Db, auth: Auth, organizationId: string, now: string): Promise<Learner> {
  const existing = await findLearnerForUser(db, auth, organizationId);
  if (existing) return existing;
  const [email] = await verifiedEmails(db, auth);
  const learner = await upsertLearner(db, { id: randomUUID(), organizationId, email: email!, name: auth.user?.name ?? null, now });
  await linkLearnerUser(db, organizationId, learner.id, auth.userId!);
  return learner;
}

/** The learner record of the signed-in user, or `forbidden` (e.g. not enrolled in that organization). */
export async function requireLearner(db: Db, auth: Auth, organizationId: string): Promise<Learner> {
  requireUser(auth);
  const learner = await findLearnerForUser(db, auth, organizationId);
  if (!learner) throw new AppError('not_enrolled');
  return learner;
}
