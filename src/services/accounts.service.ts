/**
 * Accounts: sign up (user + issuer organization as owner, or joining by invitation), sign in with
 * scrypt-hashed passwords, and email addresses verified through one-time tokens (stored hashed).
 */
import { randomUUID } from 'node:crypto';
import { AppError, type FieldIssue } from '../core/errors.ts';
import { withTransaction, type Db } from '../db/transaction.ts';
import { countOrganizations, findOrganizationBySlug, insertOrganization, type Organization, type OrganizationKind } from '../db/repositories/organizations.repository.ts';
import {
  consumeEmailToken, findPasswordHash, findUserById, updatePasswordHash, updateUserName, findUserEmail, findUserWithPasswordByEmail, insertEmailToken, insertUser, insertUserEmail,
  listUserEmails, markEmailVerified, upsertMembership, type User, type UserEmail,
} from '../db/repositories/users.repository.ts';
import { audit } from './audit.service.ts';
import { systemAuth } from './auth.ts';
import { isoPlusHours, type Deps } from './deps.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, hashToken, isEmail, newToken, normalizeEmail, verifyPassword } from './security.ts';

export interface SignUpInput {
  name: string;
  email: string;
  password: string;
  /** Creates an organization of this name with the user as owner (omit for learner accounts). */
  organizationName?: string;
  organizationSlug?: string;
  organizationKind?: OrganizationKind;
}

export interface SignUpResult { user: User; organization: Organization | null }

const MIN_PASSWORD = 10;
const VERIFY_TTL_HOURS = 72;

/** Turns a name into a URL slug: lower-case letters, digits and dashes. */
export function slugify(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'org';
}

/** Checks a new password: at least 10 characters and not all one character. */
export function checkPassword(password: unknown, field = 'password'): string {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD) {
    throw new AppError('validation_failed', `The password must be at least ${MIN_PASSWORD} characters long.`, { field });
  }
  if (password.length > 512) throw new AppError('validation_failed', 'The password must be at most 512 characters long.', { field });
  if (new Set(password).size < 4) throw new AppError('validation_failed', 'Choose a less predictable password.', { field });
  return password;
}

/** Validates and normalises an email address, naming the field on failure. */
export function checkEmail(email: unknown, field = 'email'): string {
  const e = typeof email === 'string' ? normalizeEmail(email) : '';
  if (!isEmail(e)) throw new AppError('validation_failed', 'Enter a valid email address, like name@example.org.', { field });
  return e;
}

export class AccountsService {
  constructor(private readonly deps: Deps) {}

  /** Creates a user (and, with `organizationName`, an issuer organization they own) and sends the verification email. */
  async signUp(input: SignUpInput): Promise<SignUpResult> {
    const issues: FieldIssue[] = [];
    const attempt = <T>(fn: () => T): T | undefined => {
      try {
        return fn();
      } catch (e) {
        if (e instanceof AppError) issues.push(...e.issues);
        else throw e;
        return undefined;
      }
    };
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!name || name.length > 120) issues.push({ field: 'name', message: 'Enter your name (up to 120 characters).' });
    const email = attempt(() => checkEmail(input.email));
    const password = attempt(() => checkPassword(input.password));
    const orgName = input.organizationName?.trim();
    if (input.organizationName !== undefined && (!orgName || orgName.length > 160)) {
      issues.push({ field: 'organizationName', message: 'Enter the organization name (up to 160 characters).' });
    }
    if (issues.length || !email || !password) throw new AppError('validation_failed', issues[0]?.message, { issues });
    const passwordHash = await hashPassword(password, this.deps.random);
    const now = this.deps.clock.now().toISOString();

    const result = await withTransaction(this.deps.db, async (trx) => {
      if (await findUserEmail(trx, email)) throw new AppError('email_taken', undefined, { field: 'email' });
      const user: User = { id: randomUUID(), name, publicProfile: false, profileSlug: null, createdAt: now, deletedAt: null };
      await insertUser(trx, user, passwordHash);
      await insertUserEmail(trx, { id: randomUUID(), userId: user.id, email, isPrimary: true, verifiedAt: null, createdAt: now });
      let organization: Organization | null = null;
      if (orgName) {
        organization = await this.createOrganization(trx, { name: orgName, slug: input.organizationSlug, kind: input.organizationKind ?? 'issuer', email });
        await upsertMembership(trx, { organizationId: organization.id, userId: user.id, role: 'owner', createdAt: now });
        await audit({ db: trx, clock: this.deps.clock }, { ...systemAuth(organization.id), userId: user.id }, 'organization.create', { type: 'organization', id: organization.id }, { name: organization.name });
      }
      return { user, organization };
    });
    await this.sendVerification(result.user.id, email);
    return result;
  }

  /** Creates an organization (unique slug derived from the name unless given) and its first signing key. */
  async createOrganization(db: Db, input: { name: string; slug?: string; kind: OrganizationKind; email?: string | null; url?: string | null; description?: string | null }): Promise<Organization> {
    let slug: string;
    if (input.slug?.trim()) {
      slug = input.slug.trim().toLowerCase();
      if (!/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(slug)) {
        throw new AppError('validation_failed', 'The address may contain lower-case letters, digits and dashes (up to 40).', { field: 'organizationSlug' });
      }
      if (await findOrganizationBySlug(db, slug)) throw new AppError('organization_slug_taken', undefined, { field: 'organizationSlug' });
    } else {
      const base = slugify(input.name);
      slug = base;
      for (let i = 2; await findOrganizationBySlug(db, slug); i++) slug = `${base.slice(0, 36)}-${i}`;
    }
    const org: Organization = {
      id: randomUUID(), slug, kind: input.kind, name: input.name, url: input.url ?? null, email: input.email ?? null,
      description: input.description ?? null, logo: null, address: null, didMethod: this.deps.config.publicUrlIsHttps ? 'web' : 'key',
      emailDomain: null, domainVerifiedAt: null, createdAt: this.deps.clock.now().toISOString(),
    };
    await insertOrganization(db, org);
    await this.deps.keyStore.ensureKey(org.id, db);
    return org;
  }

  /** Checks email + password; throws `invalid_credentials` (same time and message whether or not the email exists). */
  async signIn(emailInput: string, password: string): Promise<User> {
    const email = typeof emailInput === 'string' ? normalizeEmail(emailInput) : '';
    const found = email ? await findUserWithPasswordByEmail(this.deps.db, email) : undefined;
    const ok = await verifyPassword(typeof password === 'string' ? password : '', found?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!found || !found.passwordHash || !ok) throw new AppError('invalid_credentials', undefined, { field: 'email' });
    return found.user;
  }

  /** Sends (again) a verification link for one of the user's unverified addresses. */
  async sendVerification(userId: string, emailInput: string): Promise<void> {
    const email = normalizeEmail(emailInput);
    const rec = await findUserEmail(this.deps.db, email);
    if (!rec || rec.userId !== userId) throw new AppError('not_found', 'This address is not on your account.', { field: 'email' });
    if (rec.verifiedAt) return;
    const token = newToken(this.deps.random);
    const now = this.deps.clock.now();
    await insertEmailToken(this.deps.db, {
      tokenHash: hashToken(token), purpose: 'verify_email', email, userId, data: null, createdAt: now.toISOString(),
      expiresAt: isoPlusHours(now, VERIFY_TTL_HOURS), usedAt: null,
    });
    const link = `${this.deps.config.publicUrl}/verify-email/${token}`;
    await this.deps.mailer.send({
      to: email, kind: 'verify_email', subject: 'Confirm your email address',
      text: `Confirm that ${email} is your address by opening this link (valid for ${VERIFY_TTL_HOURS} hours):\n\n${link}\n\nIf you did not ask for this, ignore this message.`,
    });
  }

  /** Consumes a verification token and marks the address verified; returns the user id and email. */
  async verifyEmail(token: string): Promise<{ userId: string; email: string }> {
    const now = this.deps.clock.now().toISOString();
    const t = await consumeEmailToken(this.deps.db, hashToken(String(token)), 'verify_email', now);
    if (!t || !t.userId) throw new AppError('verification_link_invalid');
    await markEmailVerified(this.deps.db, t.userId, t.email, now);
    for (const hook of this.onEmailVerified) await hook({ userId: t.userId, email: t.email });
    return { userId: t.userId, email: t.email };
  }

  /** Hooks run after an address is verified (the wallet claims credentials sent to it). */
  readonly onEmailVerified: Array<(e: { userId: string; email: string }) => Promise<void>> = [];

  /** Adds another (unverified) address to the user's account and sends its verification link. */
  async addEmail(userId: string, emailInput: string): Promise<UserEmail> {
    const email = checkEmail(emailInput);
    const existing = await findUserEmail(this.deps.db, email);
    if (existing) throw new AppError('email_taken', 'This address is already on an account.', { field: 'email' });
    const rec: UserEmail = { id: randomUUID(), userId, email, isPrimary: false, verifiedAt: null, createdAt: this.deps.clock.now().toISOString() };
    await insertUserEmail(this.deps.db, rec);
    await this.sendVerification(userId, email);
    return rec;
  }

  /** The user's addresses, primary first. */
  listEmails(userId: string): Promise<UserEmail[]> {
    return listUserEmails(this.deps.db, userId);
  }

  /** Finds a user by id (not deleted). */
  async getUser(userId: string): Promise<User> {
    const u = await findUserById(this.deps.db, userId);
    if (!u) throw new AppError('not_found', 'No such user.');
    return u;
  }

  /** Changes the user's display name. */
  async rename(userId: string, nameInput: string): Promise<void> {
    const name = typeof nameInput === 'string' ? nameInput.trim() : '';
    if (!name || name.length > 120) throw new AppError('validation_failed', 'Enter your name (up to 120 characters).', { field: 'name' });
    await updateUserName(this.deps.db, userId, name);
  }

  /** Changes the password after checking the current one; other sessions of the user end. */
  async changePassword(userId: string, current: string, next: string): Promise<void> {
    const stored = await findPasswordHash(this.deps.db, userId);
    if (stored === undefined) throw new AppError('not_found', 'No such user.');
    if (!stored || !(await verifyPassword(typeof current === 'string' ? current : '', stored))) {
      throw new AppError('validation_failed', 'The current password is not right.', { field: 'currentPassword' });
    }
    const password = checkPassword(next, 'newPassword');
    await updatePasswordHash(this.deps.db, userId, await hashPassword(password, this.deps.random));
  }

  /** True when no organization exists yet (the demo seed runs then). */
  async isEmpty(): Promise<boolean> {
    return (await countOrganizations(this.deps.db)) === 0;
  }
}
