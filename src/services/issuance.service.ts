/**
 * Issuance: award a micro-credential to a recipient by email. One call signs an OB 3.0 credential
 * (urn:uuid id, salted-hash email IdentityObject, random status-list slot, eddsa-rdfc-2022 proof by the issuer's
 * active key) and, all or nothing, stores it exactly as signed with its learner record, verification code,
 * audit entry and claim token — in a write shared with the issues signed at the same time (group commit, see
 * issuance-store.ts). The award email goes out after commit.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { AppError } from '../core/errors.ts';
import { validUntilFor } from '../core/catalog/achievement-input.ts';
import { checkIssueRequest, type IssueRequest } from '../core/issuance/issue-input.ts';
import { generateVerificationCode } from '../core/issuance/verification-code.ts';
import { uuidv7 } from '../core/uuid.ts';
import { buildAchievementCredential } from '../core/ob/credential.ts';
import { buildEmailIdentity } from '../core/ob/identity.ts';
import { buildProfile } from '../core/ob/profile.ts';
import { isTemplate, refillAchievementCredential, type RefillValues } from '../core/ob/credential-template.ts';
import { deepFreeze, SchemaPassMemo } from '../core/ob/schema-memo.ts';
import type { AchievementCredential, Profile } from '../core/ob/types.ts';
import { signDataIntegrity } from '../core/proofs/index.ts';
import { credentialConflictOf, findCredentialByBatchKey, type CredentialRecord, type CredentialSource } from '../db/repositories/credentials.repository.ts';
import { findIdempotencyKey } from '../db/repositories/idempotency.repository.ts';
import { findOrganizationById } from '../db/repositories/organizations.repository.ts';
import { findActiveIssuerKey } from '../db/repositories/issuer-keys.repository.ts';
import { isUniqueViolation } from '../db/util.ts';
import type { IssuableAchievement } from './achievement.service.ts';
import { auditEntry } from './audit.service.ts';
import { requirePermission, systemAuth, type Auth } from './auth.ts';
import { awardEmail } from './award-email.ts';
import { CredentialEvents } from './credential-events.ts';
import { toCredentialView, verifyUrlOf, type CredentialView } from './credential-view.ts';
import type { Deps } from './deps.ts';
import type { IssuerSigner } from './key-store.ts';
import { newToken } from './security.ts';
import { SingleFlight } from './single-flight.ts';
import { credentialStatusEntry, type StatusListService } from './status-list.service.ts';
import { GroupCommitter, type SignedIssue } from './issuance-store.ts';
import { issueBatch, type BatchItem, type BatchOutcome } from './issuance-batch.ts';

const MAX_ATTEMPTS = 12;
/** How long a signer and issuer Profile are reused between single issues. */
const CONTEXT_TTL_MS = 10_000;

export interface IssuanceDeps extends Deps {
  achievements: { getAchievementForIssuance(orgId: string, achievementId: string): Promise<IssuableAchievement> };
  statusLists: StatusListService;
  events: CredentialEvents;
  /** The issuer Profile embedded in credentials; defaults to one built from the organization record. */
  issuerProfile?: (organizationId: string, issuerId: string) => Promise<Profile>;
}

/** Signer, issuer Profile and micro-credentials of one organization, reused across a bulk run. */
export interface IssuingContext {
  organizationId: string;
  signer: IssuerSigner;
  issuer: Profile;
  issuerName: string;
  achievements: Map<string, IssuableAchievement>;
}

export interface IssueOptions {
  source: CredentialSource;
  /** API `Idempotency-Key` and the hash of the request it came with. */
  idempotency?: { key: string; requestHash: string };
  /** Bulk rows: the same key never issues twice in an organization. */
  batchKey?: string;
  context?: IssuingContext;
  /** Send the award email (default true). */
  notify?: boolean;
  /** Automatic awards: the user the action is recorded for (e.g. who uploaded a bulk file). */
  actorUserId?: string;
}

export interface IssueResult {
  credential: CredentialView;
  /** True when nothing new was issued: an idempotent replay or an already-issued bulk row. */
  replayed: boolean;
}

/** SHA-256 of a request body in canonical JSON (RFC 8785): what an Idempotency-Key is bound to. */
export function requestHashOf(body: unknown): string {
  return createHash('sha256').update(canonicalize(body ?? null) ?? 'null', 'utf8').digest('hex');
}

const isIdempotencyViolation = (e: unknown) =>
  isUniqueViolation(e) && /idempotency/i.test(`${(e as { constraint?: string }).constraint ?? ''} ${(e as Error).message ?? ''}`);

export class IssuanceService {
  private readonly committer: GroupCommitter;

  constructor(private readonly deps: IssuanceDeps) {
    this.committer = new GroupCommitter({ db: deps.db, publicUrl: deps.config.publicUrl, events: deps.events, random: deps.random, writers: deps.dialect === 'postgres' ? 4 : 1 });
  }

  /** Concurrent calls share one read of the same micro-credential, and of an organization's active key. */
  private readonly achievementReads = new SingleFlight<IssuableAchievement>();
  private readonly activeKeyReads = new SingleFlight<Awaited<ReturnType<typeof findActiveIssuerKey>>>();

  /** Credential shapes that passed the full OB 3.0 schema: repeats skip the Ajv run (results/evidence never do). */
  private readonly schemaMemo = new SchemaPassMemo();
  /**
   * Credentials built in full and kept as templates (core/ob/credential-template.ts), per issuer Profile object, then
   * micro-credential object (both kept while unchanged: see `contextFor` and `lastRead`), then shape.
   */
  private readonly templates = new WeakMap<object, WeakMap<object, Map<string, AchievementCredential>>>();

  /**
   * Issues one credential for a signed-in user or API token (needs `credentials:issue`).
   * @example await issuance.issueCredential(auth, { achievementId, recipient: { email: 'ada@example.com' } }, { source: 'api' })
   */
  async issueCredential(auth: Auth, raw: unknown, opts: IssueOptions): Promise<IssueResult> {
    const a = requirePermission(auth, 'credentials:issue');
    return this.issue(a, raw, opts);
  }

  /** Issues on behalf of the organization itself (assessment awards, pathways, demo seed, CLI). */
  async awardCredential(organizationId: string, raw: unknown, opts: IssueOptions): Promise<IssueResult> {
    return this.issue({ ...systemAuth(organizationId), ...(opts.actorUserId ? { userId: opts.actorUserId } : {}) }, raw, opts);
  }

  /** Issues many credentials of one organization, stored a chunk per write (bulk jobs); results per item, in order. */
  issueBatch(ctx: IssuingContext, items: BatchItem[], opts: { notify: boolean; actorUserId: string | null }): Promise<BatchOutcome[]> {
    return issueBatch(this, this.deps, ctx, items, opts);
  }

  /** Checks that a micro-credential can be issued now (throws achievement_not_found / achievement_archived). */
  async prepareAchievement(organizationId: string, achievementId: string): Promise<IssuableAchievement> {
    return this.deps.achievements.getAchievementForIssuance(organizationId, achievementId);
  }

  /** Signer and issuer Profile per organization, reused for CONTEXT_TTL_MS while the active key stays the same. */
  private readonly contexts = new Map<string, { at: number; ctx: Promise<IssuingContext> }>();

  /** A fresh issuing context for one call: the cached signer and Profile, micro-credentials read anew. */
  private async contextFor(organizationId: string): Promise<IssuingContext> {
    const now = this.deps.clock.now().getTime();
    let hit = this.contexts.get(organizationId);
    // A rotated key takes effect at once: the cached context is dropped when the active key changed.
    const active = hit ? await this.activeKeyReads.run(organizationId, () => findActiveIssuerKey(this.deps.db, organizationId, 'Ed25519')) : undefined;
    if (!hit || now - hit.at > CONTEXT_TTL_MS || now < hit.at || active?.id !== (await hit.ctx.catch(() => undefined))?.signer.keyId) {
      hit = { at: now, ctx: this.prepare(organizationId) };
      hit.ctx.catch(() => this.contexts.delete(organizationId));
      this.contexts.set(organizationId, hit);
    }
    return { ...(await hit.ctx), achievements: new Map() };
  }

  /** Loads the signer, issuer Profile and (lazily) micro-credentials of an organization for many issues. */
  async prepare(organizationId: string): Promise<IssuingContext> {
    const org = await findOrganizationById(this.deps.db, organizationId);
    if (!org) throw new AppError('not_found', 'No such organization.');
    const signer = await this.deps.keyStore.getSigner(organizationId);
    const issuer = this.deps.issuerProfile
      ? await this.deps.issuerProfile(organizationId, signer.issuerId)
      : buildProfile({
        id: signer.issuerId, name: org.name,
        ...(org.url ? { url: org.url } : {}), ...(org.email ? { email: org.email } : {}),
        ...(org.description ? { description: org.description } : {}),
        ...(org.logo && /^https?:/.test(org.logo) ? { image: { id: org.logo, caption: `${org.name} logo` } } : {}),
      }, 'issuer');
    return { organizationId, signer, issuer, issuerName: org.name, achievements: new Map() };
  }

  /** The micro-credential of a context (loaded once per context). */
  async achievement(ctx: IssuingContext, achievementId: string): Promise<IssuableAchievement> {
    let a = ctx.achievements.get(achievementId);
    if (!a) {
      a = await this.deps.achievements.getAchievementForIssuance(ctx.organizationId, achievementId);
      ctx.achievements.set(achievementId, a);
    }
    return a;
  }

  /**
   * The issuing context and micro-credential of one call. Without a given context both are read at once (on
   * PostgreSQL over two pooled connections); a context failure is reported first, as when read one after the other.
   */
  private async contextAndAchievement(orgId: string, achievementId: string, given?: IssuingContext): Promise<{ ctx: IssuingContext; issuable: IssuableAchievement }> {
    if (given) return { ctx: given, issuable: await this.achievement(given, achievementId) };
    const [c, a] = await Promise.allSettled([
      this.contextFor(orgId),
      this.achievementReads.run(`${orgId} ${achievementId}`, () => this.deps.achievements.getAchievementForIssuance(orgId, achievementId)),
    ]);
    if (c.status === 'rejected') throw c.reason;
    if (a.status === 'rejected') throw a.reason;
    const issuable = this.lastRead(orgId, a.value);
    c.value.achievements.set(achievementId, issuable);
    return { ctx: c.value, issuable };
  }

  /** The last micro-credential read per organization and id (see `lastRead`). */
  private readonly issuables = new Map<string, { key: string; issuable: IssuableAchievement }>();

  /**
   * The object issued last time when this read describes the same thing: the same frozen version (its content never
   * changes) with the same accepted endorsements, compared in full. Passing the same object lets
   * the credential builders reuse what they built and checked from it (see core/ob/schema-memo.ts).
   */
  private lastRead(orgId: string, read: IssuableAchievement): IssuableAchievement {
    const key = `${read.version} ${JSON.stringify(read.achievement.endorsement ?? [])}`;
    const id = `${orgId} ${read.achievementId}`;
    const last = this.issuables.get(id);
    if (last?.key === key) return last.issuable;
    if (this.issuables.size >= 1000) this.issuables.clear();
    this.issuables.set(id, { key, issuable: read });
    return read;
  }

  private async replay(organizationId: string, key: string, requestHash: string): Promise<IssueResult | undefined> {
    const existing = await findIdempotencyKey(this.deps.db, organizationId, key);
    if (!existing) return undefined;
    if (existing.requestHash !== requestHash) {
      throw new AppError('idempotency_conflict', 'This Idempotency-Key was already used with a different request body.', { field: 'Idempotency-Key' });
    }
    return { credential: existing.response as CredentialView, replayed: true };
  }

  private async existingForBatch(organizationId: string, batchKey: string): Promise<IssueResult | undefined> {
    const found = await findCredentialByBatchKey(this.deps.db, organizationId, batchKey);
    return found ? { credential: toCredentialView(found, this.deps.clock.now(), this.deps.config.publicUrl), replayed: true } : undefined;
  }

  private async issue(auth: Auth & { organizationId: string }, raw: unknown, opts: IssueOptions): Promise<IssueResult> {
    const orgId = auth.organizationId;
    const req: IssueRequest = checkIssueRequest(raw);
    if (opts.idempotency) {
      const replayed = await this.replay(orgId, opts.idempotency.key, opts.idempotency.requestHash);
      if (replayed) return replayed;
    }
    if (opts.batchKey) {
      const done = await this.existingForBatch(orgId, opts.batchKey);
      if (done) return done;
    }
    const { ctx, issuable } = await this.contextAndAchievement(orgId, req.achievementId, opts.context);
    const { clock } = this.deps;

    for (let attempt = 1; ; attempt++) {
      const now = clock.now();
      const slot = await this.deps.statusLists.allocate(orgId, { afterClash: attempt > 1 });
      const signed = await this.signCredential(ctx, issuable, req, slot, { source: opts.source, batchKey: opts.batchKey ?? null, createdBy: auth.userId ?? null, now });
      const id = signed.record.id;
      let view: CredentialView;
      try {
        view = await this.committer.store({
          ...signed,
          ...(opts.idempotency ? { idempotency: opts.idempotency } : {}),
          audit: auditEntry(auth, 'credential.issue', now, { type: 'credential', id }, {
            achievementId: issuable.achievementId, version: issuable.version, recipient: req.recipient.email, source: opts.source,
          }),
        });
      } catch (e) {
        const conflict = credentialConflictOf(e);
        if (conflict === 'batch_key' && opts.batchKey) {
          const done = await this.existingForBatch(orgId, opts.batchKey);
          if (done) return done;
        }
        if (opts.idempotency && isIdempotencyViolation(e)) {
          const replayed = await this.replay(orgId, opts.idempotency.key, opts.idempotency.requestHash);
          if (replayed) return replayed;
        }
        // Another issue took the slot or the code first (another instance, or a random clash): draw again.
        if ((conflict === 'status_slot' || conflict === 'verification_code' || conflict === 'id') && attempt < MAX_ATTEMPTS) continue;
        throw e;
      }
      if (opts.notify !== false) {
        await this.sendAwardEmail(ctx, view, signed.claimToken);
      }
      return { credential: view, replayed: false };
    }
  }

  /**
   * Builds and signs one credential for a slot: id, code, salted email identity, validity, status entry and
   * proof. Nothing is stored (building block of `issue` and of batch issuance; see issuance-store.ts).
   */
  async signCredential(
    ctx: IssuingContext, issuable: IssuableAchievement, req: IssueRequest, slot: { listId: string; index: number },
    meta: { source: CredentialSource; batchKey: string | null; createdBy: string | null; now: Date },
  ): Promise<SignedIssue> {
    const { config, random } = this.deps;
    const now = meta.now;
    // Time-ordered: a group of new credentials lands on the last pages of the id index (see core/uuid.ts).
    const id = uuidv7(now.getTime(), random);
    const code = generateVerificationCode(random);
    const validFrom = req.validFrom ?? now;
    const validUntil = validUntilFor(validFrom, issuable.validityMonths) ?? undefined;
    const credits = req.creditsEarned ?? issuable.creditsAvailable ?? undefined;
    const salt = Buffer.from(random(16)).toString('hex');
    const unsigned = this.unsignedCredential(ctx, issuable, req, {
      id: `urn:uuid:${id}`, validFrom, ...(validUntil ? { validUntil } : {}), identity: buildEmailIdentity(req.recipient.email, salt),
      credentialStatus: credentialStatusEntry(config.publicUrl, slot.listId, slot.index), ...(credits !== undefined ? { creditsEarned: credits } : {}),
    });
    const signed = await signDataIntegrity(unsigned as unknown as Record<string, unknown>, { signer: ctx.signer, created: now });
    const record: CredentialRecord = {
      id, organizationId: ctx.organizationId, achievementId: issuable.achievementId, achievementVersion: issuable.version, learnerId: '',
      recipientEmail: req.recipient.email, recipientName: req.recipient.name, verificationCode: code, statusListId: slot.listId,
      statusIndex: slot.index, source: meta.source, issuedAt: now.toISOString(), validFrom: validFrom.toISOString(),
      validUntil: validUntil ? validUntil.toISOString() : null, revokedAt: null, revocationReason: null, suspendedAt: null,
      suspensionReason: null, visibility: 'private', claimedAt: null, codeDisabledAt: null, credits: credits ?? null,
      document: JSON.stringify(signed), createdBy: meta.createdBy, batchKey: meta.batchKey,
    };
    return { record, signed, achievementName: issuable.name, claimToken: newToken(random), now };
  }

  /**
   * The unsigned credential: refilled from the template of this issuer, micro-credential and shape when the request
   * carries nothing free-form (results, activity dates, evidence, endorsements); otherwise, or for the first of its
   * kind, built in full — the first then becomes the template. Either way the same document (tested).
   */
  private unsignedCredential(ctx: IssuingContext, issuable: IssuableAchievement, req: IssueRequest, v: RefillValues): AchievementCredential {
    const fixedOnly = !req.results && !req.activityStartDate && !req.activityEndDate && !req.evidence && !req.endorsements;
    const shape = `${v.validUntil !== undefined} ${v.creditsEarned !== undefined}`;
    const shapes = fixedOnly ? this.templateShapes(ctx.issuer, issuable.achievement) : undefined;
    const template = shapes?.get(shape);
    if (template) return refillAchievementCredential(template, v);
    const built = buildAchievementCredential({
      id: v.id, issuer: ctx.issuer, validFrom: v.validFrom, ...(v.validUntil ? { validUntil: v.validUntil } : {}), name: issuable.name,
      credentialSubject: {
        identifier: [v.identity], achievement: issuable.achievement,
        ...(req.results ? { result: req.results } : {}),
        ...(req.activityStartDate ? { activityStartDate: req.activityStartDate } : {}),
        ...(req.activityEndDate ? { activityEndDate: req.activityEndDate } : {}),
        ...(v.creditsEarned !== undefined ? { creditsEarned: v.creditsEarned } : {}),
      },
      ...(req.evidence ? { evidence: req.evidence } : {}),
      ...(req.endorsements ? { endorsement: req.endorsements } : {}),
      credentialStatus: v.credentialStatus,
      credentialSchema: true,
    }, { memo: this.schemaMemo });
    if (shapes && isTemplate(built)) {
      // Shared by every refill from now on: frozen, so no holder of a signed document can change the others.
      const kept = { ...built };
      deepFreeze(kept);
      shapes.set(shape, kept);
    }
    return built;
  }

  /** The templates of one issuer Profile and micro-credential object, by shape (created empty on first use). */
  private templateShapes(issuer: object, achievement: object): Map<string, AchievementCredential> {
    let byAchievement = this.templates.get(issuer);
    if (!byAchievement) this.templates.set(issuer, (byAchievement = new WeakMap()));
    let byShape = byAchievement.get(achievement);
    if (!byShape) byAchievement.set(achievement, (byShape = new Map()));
    return byShape;
  }

  /** Sends the award email of an issued credential (failures are logged, never thrown). */
  async sendAwardEmail(ctx: IssuingContext, view: CredentialView, claimToken: string): Promise<void> {
    const { config, mailer, logger } = this.deps;
    try {
      await mailer.send(awardEmail({
        to: view.recipient.email, recipientName: view.recipient.name, achievementName: view.achievementName ?? 'a credential',
        issuerName: ctx.issuerName, verificationCode: view.verificationCode,
        verifyUrl: verifyUrlOf(config.publicUrl, view.verificationCode), claimUrl: `${config.publicUrl}/claim/${claimToken}`,
        validUntil: view.validUntil,
      }));
    } catch (e) {
      // The credential is issued and stored; a mail failure must not undo it. The learner can still claim by email.
      logger.error({ err: e, credentialId: view.id }, 'award email could not be sent');
    }
  }
}
