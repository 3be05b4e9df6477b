/**
 * Endorsements: an employer organization (domain verified) endorses a micro-credential or pathway with an OB 3.0
 * EndorsementCredential signed (eddsa-rdfc-2022) with the employer's own key; the endorsed issuer accepts or
 * declines it. Accepted endorsements are the `AcceptedEndorsementSource` of the catalog: shown on the public
 * achievement page and embedded in credentials issued afterwards.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import { achievementUrl } from '../core/catalog/ob-achievement.ts';
import { buildEndorsementCredential } from '../core/ob/credential.ts';
import type { EndorsementCredential } from '../core/ob/types.ts';
import { signDataIntegrity } from '../core/proofs/index.ts';
import {
  decideEndorsement, findReceivedEndorsement, hasOpenEndorsement, insertEndorsement, listAcceptedFor, listGivenEndorsements,
  listReceivedEndorsements, type EndorsementRecord, type EndorsementStatus,
} from '../db/repositories/endorsements.repository.ts';
import { findOrganizationById, type Organization } from '../db/repositories/organizations.repository.ts';
import { findPathwayTarget } from '../db/repositories/employer-lookups.repository.ts';
import { withTransaction } from '../db/transaction.ts';
import type { AchievementPublicService } from './achievement-public.service.ts';
import type { AcceptedEndorsementSource } from './achievement.service.ts';
import { audit } from './audit.service.ts';
import { requirePermission, type Auth, type OrgAuth } from './auth.ts';
import type { Deps } from './deps.ts';
import type { IssuerIdentityService } from './issuer-identity.service.ts';

/** What outreach hears about (an endorsement given, accepted or declined). */
export interface EmployerActivity {
  issuerOrganizationId: string;
  employerOrganizationId: string;
  kind: 'endorsement' | 'verification' | 'share_view';
  summary: string;
  refId: string | null;
  actorUserId: string | null;
}
export type ActivitySink = (activity: EmployerActivity) => Promise<void>;

export interface EndorsementDeps extends Deps {
  issuerIdentity: Pick<IssuerIdentityService, 'forOrganization' | 'profileOf'>;
  achievementPages: Pick<AchievementPublicService, 'getPublicAchievement'>;
  /** Feeds the outreach timeline of the issuer's partner linked to the employer. */
  activity?: ActivitySink;
}

export interface EndorseInput {
  /** The micro-credential's id or its public address (`…/achievements/<id>`). */
  achievement?: string;
  /** A pathway id: the endorsement targets the pathway's target micro-credential. */
  pathwayId?: string;
  comment: string;
}

const MAX_COMMENT = 2000;

/** Reads the employer organization behind the caller; throws employer_only / employer_domain_unverified. */
export async function requireEmployer(deps: Pick<Deps, 'db'>, auth: Auth, action: string, opts: { verified?: boolean } = {}): Promise<{ a: OrgAuth; org: Organization }> {
  const a = requirePermission(auth, action);
  const org = await findOrganizationById(deps.db, a.organizationId);
  if (!org || org.kind !== 'employer') throw new AppError('employer_only');
  if (opts.verified && !org.domainVerifiedAt) throw new AppError('employer_domain_unverified', 'Verify your organization\'s email domain first: a link goes to an address at your domain.');
  return { a, org };
}

/** Checks the caller acts for an issuing organization (employers have no catalog, outreach or analytics); throws forbidden. */
export async function requireIssuer(deps: Pick<Deps, 'db'>, auth: Auth, action: string): Promise<OrgAuth> {
  const a = requirePermission(auth, action);
  const org = await findOrganizationById(deps.db, a.organizationId);
  if (org?.kind !== 'issuer') throw new AppError('forbidden', 'This is for issuing organizations.');
  return a;
}

export class EndorsementService implements AcceptedEndorsementSource {
  constructor(private readonly deps: EndorsementDeps) {}

  private achievementIdOf(input: string | undefined): string {
    const v = (input ?? '').trim();
    const prefix = `${achievementUrl(this.deps.config.publicUrl, '')}`;
    const id = v.startsWith(prefix) ? v.slice(prefix.length).split(/[/?#]/)[0]! : v;
    if (!id) throw new AppError('validation_failed', 'Choose the micro-credential to endorse (its address or id).', { field: 'achievement' });
    return id;
  }

  /**
   * Signs and stores an endorsement (pending until the issuer accepts it).
   * @example await endorsements.endorse(employerAuth, { achievement: 'https://x.edu/achievements/a1', comment: 'We hire with it.' })
   */
  async endorse(auth: Auth, input: EndorseInput): Promise<EndorsementRecord> {
    const { a, org } = await requireEmployer(this.deps, auth, 'endorsements:write', { verified: true });
    const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
    if (!comment || comment.length > MAX_COMMENT) throw new AppError('validation_failed', `Write a comment (up to ${MAX_COMMENT} characters): why your organization endorses it.`, { field: 'comment' });
    let achievementId: string;
    let pathwayId: string | null = null;
    let pathwayName: string | null = null;
    if (input.pathwayId?.trim()) {
      const p = await findPathwayTarget(this.deps.db, input.pathwayId.trim());
      if (!p) throw new AppError('pathway_not_found', undefined, { field: 'pathwayId' });
      ({ targetAchievementId: achievementId, name: pathwayName } = p);
      pathwayId = p.id;
    } else {
      achievementId = this.achievementIdOf(input.achievement);
    }
    let view;
    try {
      view = await this.deps.achievementPages.getPublicAchievement(achievementId);
    } catch (e) {
      if (e instanceof AppError && e.kind === 'not_found') throw new AppError('achievement_not_found', 'No micro-credential has this address.', { field: 'achievement' });
      throw e;
    }
    const issuerOrgId = view.microCredential.organizationId;
    if (issuerOrgId === org.id) throw new AppError('validation_failed', 'An organization cannot endorse its own micro-credential.', { field: 'achievement' });
    if (await hasOpenEndorsement(this.deps.db, org.id, achievementId, pathwayId)) throw new AppError('endorsement_exists', undefined, { field: 'achievement' });

    const id = randomUUID();
    const now = this.deps.clock.now();
    const signer = await this.deps.keyStore.getSigner(org.id);
    const issuer = this.deps.issuerIdentity.profileOf(await this.deps.issuerIdentity.forOrganization(org.id), signer.issuerId);
    const target = pathwayName ?? view.content.definition.name;
    const unsigned = buildEndorsementCredential({
      id: `urn:uuid:${id}`, name: `${org.name} endorses ${target}`, issuer, validFrom: now,
      credentialSubject: { id: view.url, endorsementComment: comment },
    });
    const signed = await signDataIntegrity(unsigned as unknown as Record<string, unknown>, { signer, created: now });
    const record: Omit<EndorsementRecord, 'endorserName'> = {
      id, organizationId: issuerOrgId, endorserOrganizationId: org.id, achievementId, pathwayId, targetId: view.url, comment,
      status: 'pending', document: JSON.stringify(signed), createdBy: a.userId ?? null, createdAt: now.toISOString(),
      decidedAt: null, decidedBy: null, decisionNote: null,
    };
    await withTransaction(this.deps.db, async (trx) => {
      await insertEndorsement(trx, record);
      await audit({ db: trx, clock: this.deps.clock }, a, 'endorsement.create', { type: 'endorsement', id }, { achievementId, pathwayId });
    });
    const issuerOrg = await findOrganizationById(this.deps.db, issuerOrgId);
    if (issuerOrg?.email) {
      await this.deps.mailer.send({
        to: issuerOrg.email, kind: 'endorsement_received', subject: `${org.name} endorsed ${target}`,
        text: `${org.name} endorsed ${target}:\n\n${comment}\n\nReview it (accept or decline): ${this.deps.config.publicUrl}/endorsements`,
      });
    }
    await this.deps.activity?.({ issuerOrganizationId: issuerOrgId, employerOrganizationId: org.id, kind: 'endorsement', summary: `Endorsed ${target} (waiting for your review).`, refId: id, actorUserId: a.userId ?? null });
    return { ...record, endorserName: org.name };
  }

  /** Endorsements the caller's (issuer) organization received, newest first. */
  async received(auth: Auth, status?: EndorsementStatus): Promise<EndorsementRecord[]> {
    const a = await requireIssuer(this.deps, auth, 'endorsements:write');
    return listReceivedEndorsements(this.deps.db, a.organizationId, status);
  }

  /** Endorsements the caller's (employer) organization gave. */
  async given(auth: Auth): Promise<EndorsementRecord[]> {
    const { org } = await requireEmployer(this.deps, auth, 'org:read');
    return listGivenEndorsements(this.deps.db, org.id);
  }

  /** Accepts or declines a pending endorsement of one of the caller's micro-credentials. */
  async decide(auth: Auth, id: string, decision: 'accepted' | 'declined', note?: string): Promise<EndorsementRecord> {
    const a = await requireIssuer(this.deps, auth, 'endorsements:write');
    if (decision !== 'accepted' && decision !== 'declined') throw new AppError('validation_failed', 'Accept or decline.', { field: 'decision' });
    const trimmed = typeof note === 'string' && note.trim() ? note.trim().slice(0, 1000) : null;
    const e = await withTransaction(this.deps.db, async (trx) => {
      const found = await findReceivedEndorsement(trx, a.organizationId, id);
      if (!found) throw new AppError('endorsement_not_found');
      const ok = await decideEndorsement(trx, a.organizationId, id, { status: decision, at: this.deps.clock.now().toISOString(), by: a.userId ?? null, note: trimmed });
      if (!ok) throw new AppError('endorsement_decided');
      await audit({ db: trx, clock: this.deps.clock }, a, decision === 'accepted' ? 'endorsement.accept' : 'endorsement.decline', { type: 'endorsement', id }, { endorser: found.endorserName });
      return (await findReceivedEndorsement(trx, a.organizationId, id))!;
    });
    await this.deps.activity?.({
      issuerOrganizationId: e.organizationId, employerOrganizationId: e.endorserOrganizationId, kind: 'endorsement',
      summary: `Endorsement ${decision}: “${e.comment.slice(0, 120)}”`, refId: e.id, actorUserId: a.userId ?? null,
    });
    return e;
  }

  /** The signed endorsements an issuer accepted for a micro-credential (the catalog's endorsement slot). */
  async acceptedEndorsements(orgId: string, achievementId: string): Promise<EndorsementCredential[]> {
    return (await listAcceptedFor(this.deps.db, orgId, achievementId)).map((e) => JSON.parse(e.document) as EndorsementCredential);
  }
}
