/**
 * Employer organizations: sign-up (an organization of kind employer), domain verification by email (a link sent to
 * an address at the claimed domain; endorsing needs it), and the candidate list: credentials people shared,
 * verified again here and saved with notes. Members and invitations are the organizations service's.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import { findCandidate, insertCandidate, listCandidates, updateCandidate, deleteCandidate, type Candidate } from '../db/repositories/candidates.repository.ts';
import { linkPartnersByDomain } from '../db/repositories/employer-lookups.repository.ts';
import { updateOrganization, findOrganizationById, type Organization } from '../db/repositories/organizations.repository.ts';
import { consumeEmailToken, insertEmailToken } from '../db/repositories/users.repository.ts';
import { withTransaction } from '../db/transaction.ts';
import { checkEmail, type AccountsService, type SignUpResult } from './accounts.service.ts';
import { audit } from './audit.service.ts';
import { type Auth } from './auth.ts';
import { isoPlusHours, type Deps } from './deps.ts';
import { requireEmployer } from './endorsement.service.ts';
import { hashToken, newToken } from './security.ts';
import type { CodeVerification, VerificationReport } from './verification.service.ts';

/** Mail providers anyone can sign up with: an address there proves nothing about an employer. */
export const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'yahoo.com', 'icloud.com', 'me.com', 'aol.com',
  'proton.me', 'protonmail.com', 'gmx.com', 'gmx.de', 'mail.com', 'yandex.com', 'zoho.com', 'example.com',
]);
const DOMAIN_TTL_HOURS = 72;

export interface EmployerDeps extends Deps {
  accounts: Pick<AccountsService, 'signUp'>;
  verification: {
    verifyInput(input: string | Uint8Array | object, viewer?: Auth): Promise<VerificationReport>;
    verifyCode(input: unknown, client: string, viewer?: Auth): Promise<CodeVerification>;
  };
  /** Opens a learner's share link (counts the view, noting the employer). */
  shares?: { open(token: string, opts: { viewer?: Auth }): Promise<{ credentials: Array<{ document: Record<string, unknown> | string }> }> };
}

/** The token of a share link given as its address (…/s/<token>) or as the token itself. */
export function shareTokenOf(input: string): string {
  const t = input.trim();
  const m = /\/s\/([A-Za-z0-9_-]{20,100})(?:[/?#]|$)/.exec(t);
  if (m) return m[1]!;
  if (/^[A-Za-z0-9_-]{20,100}$/.test(t)) return t;
  throw new AppError('validation_failed', 'Paste the whole share link, like https://…/s/…', { field: 'shareUrl' });
}

export class EmployerService {
  constructor(private readonly deps: EmployerDeps) {}

  /** Creates a user and an employer organization they own (domain not yet verified). */
  signUp(input: { name: string; email: string; password: string; organizationName: string }): Promise<SignUpResult> {
    return this.deps.accounts.signUp({ ...input, organizationName: input.organizationName ?? '', organizationKind: 'employer' });
  }

  /** The caller's employer organization. */
  async organization(auth: Auth): Promise<Organization> {
    return (await requireEmployer(this.deps, auth, 'org:read')).org;
  }

  /**
   * Sends a domain verification link to `email` (an address at the organization's domain; not a public mail provider).
   * @example await employers.claimDomain(auth, 'hr@acme.example')
   */
  async claimDomain(auth: Auth, emailInput: string): Promise<{ domain: string }> {
    const { a, org } = await requireEmployer(this.deps, auth, 'org:manage');
    const email = checkEmail(emailInput);
    const domain = email.split('@')[1]!;
    if (PUBLIC_MAIL_DOMAINS.has(domain)) {
      throw new AppError('validation_failed', `${domain} is a public mail provider: use an address at your organization's own domain.`, { field: 'email' });
    }
    const token = newToken(this.deps.random);
    const now = this.deps.clock.now();
    await withTransaction(this.deps.db, async (trx) => {
      await insertEmailToken(trx, {
        tokenHash: hashToken(token), purpose: 'employer_domain', email, userId: a.userId ?? null, data: { organizationId: org.id, domain },
        createdAt: now.toISOString(), expiresAt: isoPlusHours(now, DOMAIN_TTL_HOURS), usedAt: null,
      });
      await audit({ db: trx, clock: this.deps.clock }, a, 'employer.domain.claim', { type: 'organization', id: org.id }, { domain });
    });
    await this.deps.mailer.send({
      to: email, kind: 'employer_domain', subject: `Confirm ${domain} for ${org.name}`,
      text: `Someone asked to verify ${domain} for the employer organization ${org.name} on microcred.\n\nIf that is right, open this link (valid ${DOMAIN_TTL_HOURS} hours):\n${this.deps.config.publicUrl}/employer/domain/${token}\n\nIf not, ignore this message.`,
    });
    return { domain };
  }

  /** Consumes a domain link: the organization's domain is verified (and partners at that domain are linked to it). */
  async confirmDomain(token: string): Promise<{ organization: Organization; domain: string }> {
    const now = this.deps.clock.now().toISOString();
    return withTransaction(this.deps.db, async (trx) => {
      const t = await consumeEmailToken(trx, hashToken(String(token)), 'employer_domain', now);
      const orgId = t?.data?.organizationId;
      const domain = t?.data?.domain;
      if (!t || typeof orgId !== 'string' || typeof domain !== 'string') throw new AppError('verification_link_invalid');
      await updateOrganization(trx, orgId, { emailDomain: domain, domainVerifiedAt: now });
      await linkPartnersByDomain(trx, orgId, domain);
      await audit({ db: trx, clock: this.deps.clock }, { organizationId: orgId, userId: t.userId ?? undefined, scopes: [] }, 'employer.domain.verify', { type: 'organization', id: orgId }, { domain });
      return { organization: (await findOrganizationById(trx, orgId))!, domain };
    });
  }

  /** Verifies a credential for a signed-in employer member (recorded as their verification). */
  async verify(auth: Auth, input: { code?: string; credential?: string | Uint8Array; shareUrl?: string }, client: string): Promise<{ report: VerificationReport; code?: string; shared?: boolean }> {
    await requireEmployer(this.deps, auth, 'verifications:read');
    if (input.shareUrl?.trim() && this.deps.shares) {
      const { credentials } = await this.deps.shares.open(shareTokenOf(input.shareUrl), { viewer: auth });
      const doc = credentials[0]!.document;
      return { report: await this.deps.verification.verifyInput(doc, auth), shared: true };
    }
    if (input.code?.trim()) {
      const r = await this.deps.verification.verifyCode(input.code, client, auth);
      if (r.kind === 'disabled') throw new AppError('credential_not_found', `The learner disabled this verification code on ${r.disabledAt.slice(0, 10)}.`, { field: 'code' });
      return { report: r.report, code: r.code };
    }
    const c = input.credential;
    if (!c || (typeof c === 'string' && !c.trim())) throw new AppError('validation_failed', 'Enter a verification code, a share link or paste the credential.', { field: 'credential' });
    return { report: await this.deps.verification.verifyInput(c, auth) };
  }

  /**
   * Saves a shared credential to the candidate list: it is verified again here (what was posted is not trusted).
   * @example await employers.saveCandidate(auth, { code: '7KQ2-…', name: 'Ada Lovelace', notes: 'Met at the fair' }, ip)
   */
  async saveCandidate(auth: Auth, input: { code?: string; credential?: string; shareUrl?: string; name?: string; notes?: string; source?: string }, client: string): Promise<Candidate> {
    const { a, org } = await requireEmployer(this.deps, auth, 'verifications:read');
    const { report, code, shared } = await this.verify(auth, input, client);
    const doc = report.credential as Record<string, unknown> | undefined;
    const display = report.display;
    const name = (input.name ?? '').trim() || display?.recipientName || 'Unnamed candidate';
    if (name.length > 160) throw new AppError('validation_failed', 'Use at most 160 characters for the name.', { field: 'name' });
    const notes = (input.notes ?? '').trim() || null;
    if (notes && notes.length > 4000) throw new AppError('validation_failed', 'Use at most 4000 characters for notes.', { field: 'notes' });
    const now = this.deps.clock.now().toISOString();
    const c: Candidate = {
      id: randomUUID(), organizationId: org.id, credentialId: typeof doc?.id === 'string' ? doc.id : null, name,
      achievementName: display?.name ?? null, issuerName: display?.issuer?.name ?? null, summary: report.ownSummary,
      source: code ? `verification code ${code}` : shared ? 'share link' : (input.source?.trim().slice(0, 200) || 'uploaded credential'),
      document: doc ? JSON.stringify(doc) : null, notes, createdBy: a.userId ?? null, createdAt: now, updatedAt: now,
    };
    await insertCandidate(this.deps.db, c);
    return c;
  }

  /** The organization's candidates, newest first. */
  async candidates(auth: Auth): Promise<Candidate[]> {
    const { org } = await requireEmployer(this.deps, auth, 'verifications:read');
    return listCandidates(this.deps.db, org.id);
  }

  /** One candidate (another organization's is candidate_not_found). */
  async candidate(auth: Auth, id: string): Promise<Candidate> {
    const { org } = await requireEmployer(this.deps, auth, 'verifications:read');
    const c = await findCandidate(this.deps.db, org.id, id);
    if (!c) throw new AppError('candidate_not_found');
    return c;
  }

  /** Updates a candidate's name and notes. */
  async updateCandidate(auth: Auth, id: string, input: { name?: string; notes?: string }): Promise<Candidate> {
    const c = await this.candidate(auth, id);
    const name = (input.name ?? c.name).trim();
    if (!name || name.length > 160) throw new AppError('validation_failed', 'Enter a name (up to 160 characters).', { field: 'name' });
    const notes = (input.notes ?? '').trim() || null;
    if (notes && notes.length > 4000) throw new AppError('validation_failed', 'Use at most 4000 characters for notes.', { field: 'notes' });
    await updateCandidate(this.deps.db, c.organizationId, id, { name, notes, updatedAt: this.deps.clock.now().toISOString() });
    return { ...c, name, notes };
  }

  /** Removes a candidate from the list. */
  async removeCandidate(auth: Auth, id: string): Promise<void> {
    const c = await this.candidate(auth, id);
    await deleteCandidate(this.deps.db, c.organizationId, id);
  }
}
