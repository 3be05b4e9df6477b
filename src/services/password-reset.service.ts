/**
 * Password reset by email: a one-time link (32 random bytes, stored as its SHA-256, valid one hour) goes to a
 * VERIFIED address of an account; using it sets a new password, ends every session of the user and uses up
 * the user's other reset links. Asking for a link never reveals whether an account exists.
 */
import { AppError } from '../core/errors.ts';
import { countTokensSince, useUpTokensOfUser } from '../db/repositories/password-reset.repository.ts';
import { deleteSessionsOfUser } from '../db/repositories/sessions.repository.ts';
import {
  consumeEmailToken, findEmailToken, findUserById, findUserEmail, insertEmailToken, listMembershipsOfUser, updatePasswordHash,
} from '../db/repositories/users.repository.ts';
import { withTransaction } from '../db/transaction.ts';
import { checkEmail, checkPassword } from './accounts.service.ts';
import { audit } from './audit.service.ts';
import { systemAuth } from './auth.ts';
import { isoPlusHours, type Deps } from './deps.ts';
import { hashPassword, hashToken, newToken } from './security.ts';

export const RESET_PURPOSE = 'reset_password';
/** A reset link is valid for this many hours. */
export const RESET_TTL_HOURS = 1;
/** At most this many reset links are mailed to one address per hour (further requests get the same answer, no mail). */
export const RESET_MAILS_PER_HOUR = 3;

export class PasswordResetService {
  constructor(private readonly deps: Deps) {}

  /**
   * Mails a reset link when `emailInput` is a verified address of an account; otherwise does nothing.
   * Throws only `validation_failed` (field `email`) for something that is not an email address.
   */
  async request(emailInput: unknown): Promise<void> {
    const email = checkEmail(emailInput);
    const now = this.deps.clock.now();
    const rec = await findUserEmail(this.deps.db, email);
    if (!rec?.verifiedAt || !(await findUserById(this.deps.db, rec.userId))) return;
    if (await countTokensSince(this.deps.db, email, RESET_PURPOSE, isoPlusHours(now, -1)) >= RESET_MAILS_PER_HOUR) {
      this.deps.logger.info({ event: 'password_reset.capped' }, 'password reset mail not sent: hourly cap for the address reached');
      return;
    }
    const token = newToken(this.deps.random, 32);
    await insertEmailToken(this.deps.db, {
      tokenHash: hashToken(token), purpose: RESET_PURPOSE, email, userId: rec.userId, data: null,
      createdAt: now.toISOString(), expiresAt: isoPlusHours(now, RESET_TTL_HOURS), usedAt: null,
    });
    const link = `${this.deps.config.publicUrl}/reset-password/${token}`;
    await this.deps.mailer.send({
      to: email, kind: 'reset_password', subject: 'Reset your password',
      text: `Someone (hopefully you) asked to reset the password of the account for ${email}.\n\n`
        + `Choose a new password by opening this link (valid for ${RESET_TTL_HOURS} hour, usable once):\n\n${link}\n\n`
        + 'If you did not ask for this, ignore this message: your password stays as it is.',
    });
  }

  /** The address a reset link was sent to; throws `password_reset_link_invalid` when it is unknown, used or expired. */
  async check(token: string): Promise<{ email: string }> {
    const t = await findEmailToken(this.deps.db, hashToken(String(token)), RESET_PURPOSE, this.deps.clock.now().toISOString());
    if (!t?.userId) throw new AppError('password_reset_link_invalid');
    return { email: t.email };
  }

  /**
   * Sets a new password with a reset link: checks the password (field `password`) before using the link up,
   * then in one transaction uses the link, stores the scrypt hash, uses up the user's other reset links, ends
   * every session of the user and records `user.password_reset` in each organization the user belongs to.
   */
  async reset(token: string, password: unknown): Promise<{ userId: string; email: string }> {
    await this.check(token);
    const passwordHash = await hashPassword(checkPassword(password), this.deps.random);
    return withTransaction(this.deps.db, async (trx) => {
      const now = this.deps.clock.now().toISOString();
      const t = await consumeEmailToken(trx, hashToken(String(token)), RESET_PURPOSE, now);
      if (!t?.userId || !(await findUserById(trx, t.userId))) throw new AppError('password_reset_link_invalid');
      await updatePasswordHash(trx, t.userId, passwordHash);
      await useUpTokensOfUser(trx, t.userId, RESET_PURPOSE, now);
      await deleteSessionsOfUser(trx, t.userId);
      for (const m of await listMembershipsOfUser(trx, t.userId)) {
        await audit({ db: trx, clock: this.deps.clock }, { ...systemAuth(m.organizationId), userId: t.userId }, 'user.password_reset', { type: 'user', id: t.userId }, { via: 'email link' });
      }
      return { userId: t.userId, email: t.email };
    });
  }
}
