/**
 * Organizations: profile fields and logo, DID method, members and invitations by email. Every
 * call is scoped to the caller's organization; another organization's data is `not_found`.
 */
import { AppError } from '../core/errors.ts';
import { findOrganizationById, updateOrganization, type DidMethod, type Organization, type PostalAddress } from '../db/repositories/organizations.repository.ts';
import {
  consumeEmailToken, countMembersWithRole, deleteMembership, findEmailToken, findMembership, findUserEmail, insertEmailToken,
  listMembers, listMembershipsOfUser, upsertMembership, type MemberView,
} from '../db/repositories/users.repository.ts';
import { withTransaction } from '../db/transaction.ts';
import { audit } from './audit.service.ts';
import { checkEmail } from './accounts.service.ts';
import { requirePermission, requireUser, type Auth } from './auth.ts';
import { isoPlusHours, type Deps } from './deps.ts';
import { isRole, ROLE_LABELS, type Role } from './permissions.ts';
import { hashToken, newToken } from './security.ts';
import { checkImage } from './images.ts';

export interface ProfileInput {
  name?: string; url?: string | null; email?: string | null; description?: string | null; address?: PostalAddress | null;
}

const INVITE_TTL_HOURS = 24 * 7;

function optionalUrl(v: string | null | undefined, field: string): string | null | undefined {
  if (v === undefined) return undefined;
  const t = (v ?? '').trim();
  if (!t) return null;
  let u: URL;
  try {
    u = new URL(t);
  } catch {
    throw new AppError('validation_failed', 'Enter a full web address starting with https://.', { field });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new AppError('validation_failed', 'The address must start with http:// or https://.', { field });
  return u.toString();
}

function optionalText(v: string | null | undefined, field: string, max: number): string | null | undefined {
  if (v === undefined) return undefined;
  const t = (v ?? '').trim();
  if (t.length > max) throw new AppError('validation_failed', `Use at most ${max} characters.`, { field });
  return t || null;
}

export class OrganizationsService {
  constructor(private readonly deps: Deps) {}

  /** The caller's organization. */
  async get(auth: Auth): Promise<Organization> {
    const a = requirePermission(auth, 'org:read');
    const org = await findOrganizationById(this.deps.db, a.organizationId);
    if (!org) throw new AppError('not_found', 'No such organization.');
    return org;
  }

  /** Updates profile fields (needs `org:manage`); empty strings clear optional fields. */
  async updateProfile(auth: Auth, input: ProfileInput): Promise<Organization> {
    const a = requirePermission(auth, 'org:manage');
    const name = input.name === undefined ? undefined : input.name.trim();
    if (name !== undefined && (!name || name.length > 160)) throw new AppError('validation_failed', 'Enter the organization name (up to 160 characters).', { field: 'name' });
    const email = input.email === undefined ? undefined : input.email?.trim() ? checkEmail(input.email, 'email') : null;
    let address: PostalAddress | null | undefined;
    if (input.address !== undefined) {
      address = null;
      if (input.address) {
        const a2: PostalAddress = {};
        for (const k of ['streetAddress', 'addressLocality', 'addressRegion', 'postalCode', 'addressCountry', 'addressCountryCode'] as const) {
          const v = optionalText(input.address[k], `address.${k}`, 200);
          if (v) a2[k] = v;
        }
        if (a2.addressCountryCode && !/^[A-Z]{2}$/.test(a2.addressCountryCode.toUpperCase())) {
          throw new AppError('validation_failed', 'Use a two-letter country code such as FR or US.', { field: 'address.addressCountryCode' });
        }
        if (a2.addressCountryCode) a2.addressCountryCode = a2.addressCountryCode.toUpperCase();
        address = Object.keys(a2).length ? a2 : null;
      }
    }
    const patch = {
      name, email, address, url: optionalUrl(input.url, 'url'), description: optionalText(input.description, 'description', 4000),
    };
    await withTransaction(this.deps.db, async (trx) => {
      const before = await findOrganizationById(trx, a.organizationId);
      const changed = Object.entries(patch)
        .filter(([k, v]) => v !== undefined && JSON.stringify(v) !== JSON.stringify((before as unknown as Record<string, unknown> | undefined)?.[k] ?? null))
        .map(([k]) => k);
      if (changed.length === 0) return;
      await updateOrganization(trx, a.organizationId, patch);
      await audit({ db: trx, clock: this.deps.clock }, a, 'organization.update', { type: 'organization', id: a.organizationId }, { fields: changed });
    });
    return this.get(auth);
  }

  /** Stores an uploaded logo (PNG or SVG, checked) as a data: URI; `null` removes it. */
  async setLogo(auth: Auth, upload: { bytes: Uint8Array; mimeType: string } | null): Promise<void> {
    const a = requirePermission(auth, 'org:manage');
    const logo = upload ? checkImage(upload.bytes, upload.mimeType, 'logo').dataUri : null;
    await withTransaction(this.deps.db, async (trx) => {
      await updateOrganization(trx, a.organizationId, { logo });
      await audit({ db: trx, clock: this.deps.clock }, a, logo ? 'organization.logo.set' : 'organization.logo.remove', { type: 'organization', id: a.organizationId });
    });
  }

  /** Chooses did:web (needs an https public URL) or did:key for future credentials. */
  async setDidMethod(auth: Auth, method: DidMethod): Promise<void> {
    const a = requirePermission(auth, 'keys:manage');
    if (method !== 'web' && method !== 'key') throw new AppError('validation_failed', 'Choose did:web or did:key.', { field: 'didMethod' });
    if (method === 'web' && !this.deps.config.publicUrlIsHttps) {
      throw new AppError('validation_failed', 'did:web needs the platform to be served over https (MICROCRED_PUBLIC_URL).', { field: 'didMethod' });
    }
    await withTransaction(this.deps.db, async (trx) => {
      await updateOrganization(trx, a.organizationId, { didMethod: method });
      await audit({ db: trx, clock: this.deps.clock }, a, 'organization.did_method', { type: 'organization', id: a.organizationId }, { method });
    });
  }

  /** The members of the caller's organization. */
  members(auth: Auth): Promise<MemberView[]> {
    const a = requirePermission(auth, 'org:read');
    return listMembers(this.deps.db, a.organizationId);
  }

  /**
   * Invites someone by email with a role: an existing account joins at once; otherwise an invitation link
   * (valid 7 days) is mailed and joining happens when they sign up or sign in through it.
   */
  async invite(auth: Auth, input: { email: string; role: string }): Promise<{ joined: boolean }> {
    const a = requirePermission(auth, 'members:manage');
    const email = checkEmail(input.email);
    const role = input.role;
    if (!isRole(role)) throw new AppError('validation_failed', 'Choose a role.', { field: 'role' });
    if (role === 'owner' && a.role !== 'owner' && !a.system) throw new AppError('forbidden', 'Only an owner can make someone an owner.', { field: 'role' });
    const org = await this.get(auth);
    const now = this.deps.clock.now();
    const existing = await findUserEmail(this.deps.db, email);
    if (existing?.verifiedAt) {
      await withTransaction(this.deps.db, async (trx) => {
        await upsertMembership(trx, { organizationId: a.organizationId, userId: existing.userId, role, createdAt: now.toISOString() });
        await audit({ db: trx, clock: this.deps.clock }, a, 'member.add', { type: 'user', id: existing.userId }, { email, role });
      });
      await this.deps.mailer.send({
        to: email, kind: 'member_added', subject: `You were added to ${org.name}`,
        text: `You are now ${ROLE_LABELS[role]} of ${org.name} on microcred.\n\nSign in: ${this.deps.config.publicUrl}/signin`,
      });
      return { joined: true };
    }
    const token = newToken(this.deps.random);
    await withTransaction(this.deps.db, async (trx) => {
      await insertEmailToken(trx, {
        tokenHash: hashToken(token), purpose: 'invite', email, userId: null, data: { organizationId: a.organizationId, role },
        createdAt: now.toISOString(), expiresAt: isoPlusHours(now, INVITE_TTL_HOURS), usedAt: null,
      });
      await audit({ db: trx, clock: this.deps.clock }, a, 'member.invite', { type: 'email', id: email }, { role });
    });
    await this.deps.mailer.send({
      to: email, kind: 'invite', subject: `Invitation to join ${org.name}`,
      text: `You are invited to join ${org.name} on microcred as ${ROLE_LABELS[role]}.\n\nAccept the invitation (valid 7 days):\n${this.deps.config.publicUrl}/invite/${token}`,
    });
    return { joined: false };
  }

  /** Reads an invitation without using it (for the accept page). */
  async invitation(token: string): Promise<{ email: string; role: Role; organization: Organization }> {
    const t = await findEmailToken(this.deps.db, hashToken(token), 'invite', this.deps.clock.now().toISOString());
    const orgId = t?.data?.organizationId;
    const org = typeof orgId === 'string' ? await findOrganizationById(this.deps.db, orgId) : undefined;
    if (!t || !org || !isRole(t.data?.role)) throw new AppError('verification_link_invalid');
    return { email: t.email, role: t.data.role as Role, organization: org };
  }

  /** Accepts an invitation for the signed-in user; returns the organization joined. */
  async acceptInvitation(auth: Auth, token: string): Promise<Organization> {
    const userId = requireUser(auth);
    const inv = await this.invitation(token);
    await withTransaction(this.deps.db, async (trx) => {
      const t = await consumeEmailToken(trx, hashToken(token), 'invite', this.deps.clock.now().toISOString());
      if (!t) throw new AppError('verification_link_invalid');
      await upsertMembership(trx, { organizationId: inv.organization.id, userId, role: inv.role, createdAt: this.deps.clock.now().toISOString() });
      await audit({ db: trx, clock: this.deps.clock }, { organizationId: inv.organization.id, userId, scopes: [] }, 'member.join', { type: 'user', id: userId }, { role: inv.role });
    });
    return inv.organization;
  }

  /** Changes a member's role (the last owner cannot be demoted). */
  async changeRole(auth: Auth, userId: string, role: string): Promise<void> {
    const a = requirePermission(auth, 'members:manage');
    if (!isRole(role)) throw new AppError('validation_failed', 'Choose a role.', { field: 'role' });
    await withTransaction(this.deps.db, async (trx) => {
      const m = await findMembership(trx, a.organizationId, userId);
      if (!m) throw new AppError('not_found', 'No such member.');
      if ((role === 'owner' || m.role === 'owner') && a.role !== 'owner' && !a.system) throw new AppError('forbidden', 'Only an owner can change an owner.');
      if (m.role === 'owner' && role !== 'owner' && (await countMembersWithRole(trx, a.organizationId, 'owner')) <= 1) {
        throw new AppError('validation_failed', 'An organization needs at least one owner.', { field: 'role' });
      }
      await upsertMembership(trx, { ...m, role });
      await audit({ db: trx, clock: this.deps.clock }, a, 'member.role', { type: 'user', id: userId }, { from: m.role, to: role });
    });
  }

  /** Removes a member (not the last owner). */
  async removeMember(auth: Auth, userId: string): Promise<void> {
    const a = requirePermission(auth, 'members:manage');
    await withTransaction(this.deps.db, async (trx) => {
      const m = await findMembership(trx, a.organizationId, userId);
      if (!m) throw new AppError('not_found', 'No such member.');
      if (m.role === 'owner' && a.role !== 'owner' && !a.system) throw new AppError('forbidden', 'Only an owner can remove an owner.');
      if (m.role === 'owner' && (await countMembersWithRole(trx, a.organizationId, 'owner')) <= 1) {
        throw new AppError('validation_failed', 'An organization needs at least one owner.', { field: 'userId' });
      }
      await deleteMembership(trx, a.organizationId, userId);
      await audit({ db: trx, clock: this.deps.clock }, a, 'member.remove', { type: 'user', id: userId });
    });
  }

  /** The organizations a user belongs to, with their role. */
  async mine(userId: string): Promise<Array<{ organization: Organization; role: string }>> {
    const ms = await listMembershipsOfUser(this.deps.db, userId);
    return ms.map((m) => ({ organization: m.organization, role: m.role }));
  }
}
