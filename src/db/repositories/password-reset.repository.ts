/** Password-reset queries on `email_tokens` (purpose `reset_password`) that the generic token functions do not cover. */
import type { Db } from '../transaction.ts';

/** Number of tokens of a purpose created for an address since `since` (to cap reset mails per address). */
export async function countTokensSince(db: Db, email: string, purpose: string, since: string): Promise<number> {
  const r = await db.selectFrom('email_tokens').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email', '=', email).where('purpose', '=', purpose).where('created_at', '>=', since).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Marks every unused token of a purpose of one user used (other reset links stop working once one is used). */
export async function useUpTokensOfUser(db: Db, userId: string, purpose: string, now: string): Promise<void> {
  await db.updateTable('email_tokens').set({ used_at: now }).where('user_id', '=', userId).where('purpose', '=', purpose)
    .where('used_at', 'is', null).execute();
}
