/**
 * Pathways (stackable credentials): staff define a target micro-credential, a rule and a revocation policy;
 * every credential event re-evaluates the learner's pathways (auto-award, exactly once); saving a pathway
 * backfills existing learners as a background job; learners see their progress and download a signed CLR.
 */
import { randomUUID } from 'node:crypto';
import { AppError, type FieldIssue } from '../core/errors.ts';
import { createBatchEvaluator, evaluateRule, type PathwayDefinition, type Rule, type RuleEvaluation } from '../core/stacking/index.ts';
import { findLearner, findLearnerByEmail } from '../db/repositories/learners.repository.ts';
import { countLearners, listLearnersOfUser, listLearnersPage, listLearnersWithExpiries } from '../db/repositories/held-credentials.repository.ts';
import { listJobs } from '../db/repositories/jobs.repository.ts';
import {
  findAward, findPathway, insertPathway, listAwardsOfLearner, listPathwayEvents, listPathways, listPathwayVersions, updatePathway,
  type Pathway, type PathwayAward, type PathwayEvent,
} from '../db/repositories/pathways.repository.ts';
import { withTransaction } from '../db/transaction.ts';
import { audit } from './audit.service.ts';
import { requirePermission, requireUser, type Auth, type OrgAuth } from './auth.ts';
import type { CredentialEvent, CredentialEvents } from './credential-events.ts';
import type { JobsService } from './jobs.service.ts';
import { eachSettled, PathwayAwarder, type AwarderDeps, type AwardAction } from './pathways/awarder.ts';
import { buildPathwayClr, type ClrDeps } from './pathways/clr.ts';
import { loadHoldings, loadOrgPathways, toDefinition, type OrgPathways } from './pathways/context.ts';
import { dryRunEveryone, funnel, funnelCsv, type DryRunReport, type FunnelReport } from './pathways/reports.ts';
import { checkPathwayInput, type PathwayInput } from './pathways/input.ts';

export type { AchievementCatalog } from './pathways/catalog.ts';
export type { ExternalHoldings } from './pathways/context.ts';

export interface PathwaysDeps extends AwarderDeps {
  jobs: Pick<JobsService, 'enqueue'>;
  issuance: AwarderDeps['issuance'] & { prepare: ClrDeps['prepare'] };
}

export const BACKFILL_JOB = 'pathway_backfill';
export const EXPIRY_SWEEP_JOB = 'pathway_expiry_sweep';
const SWEEP_EVERY_MS = 15 * 60_000;

/** A learner's view of one pathway: the explained evaluation and the award, if any. */
export interface PathwayProgress {
  pathway: { id: string; name: string; description: string | null; organizationId: string; targetAchievementId: string };
  learnerId: string;
  evaluation: RuleEvaluation;
  award: PathwayAward | null;
}

export class PathwaysService {
  readonly awarder: PathwayAwarder;

  constructor(private readonly deps: PathwaysDeps) {
    this.awarder = new PathwayAwarder(deps);
  }

  /** Re-evaluates the learners of every group of credential events (issued, revoked, suspended, reinstated); returns an unsubscribe. */
  listen(events: CredentialEvents): () => void {
    return events.subscribeBatch((group) => this.onCredentialEvents(group).then(() => undefined));
  }

  /** Handles one credential event for that learner only. */
  onCredentialEvent(e: CredentialEvent): Promise<AwardAction[]> {
    return this.onCredentialEvents([e]);
  }

  /**
   * Handles events published together (a bulk page mixes learners, achievements and event types): per
   * organization the pathways are read once, and each learner, in order of first appearance, is re-evaluated once
   * for every pathway any of its events can affect.
   */
  async onCredentialEvents(events: readonly CredentialEvent[]): Promise<AwardAction[]> {
    const byOrg = new Map<string, Map<string, string[]>>();
    for (const e of events) {
      const learners = byOrg.get(e.organizationId) ?? new Map<string, string[]>();
      byOrg.set(e.organizationId, learners);
      const achievementIds = learners.get(e.learnerId) ?? [];
      learners.set(e.learnerId, achievementIds.includes(e.achievementId) ? achievementIds : [...achievementIds, e.achievementId]);
    }
    const actions: AwardAction[] = [];
    // One organization's failure does not keep the others' learners from their awards.
    await eachSettled(byOrg, async ([organizationId, learners]) => {
      actions.push(...(await this.awarder.reevaluateLearners(organizationId, learners)));
    });
    return actions;
  }

  /** After a learner imported a credential into their wallet: re-evaluate every learner record of that user. */
  async onCredentialImported(userId: string): Promise<AwardAction[]> {
    const out: AwardAction[] = [];
    for (const l of await listLearnersOfUser(this.deps.db, userId)) out.push(...(await this.awarder.reevaluateLearner(l.organizationId, l.learnerId)));
    return out;
  }

  private checkInput(a: OrgAuth, raw: unknown, selfId?: string): Promise<PathwayInput> {
    return checkPathwayInput(this.deps.db, this.deps.catalog, a.organizationId, raw, selfId);
  }

  /** The organization's pathways (needs `org:read`). */
  async list(auth: Auth, opts: { includeArchived?: boolean } = {}): Promise<Pathway[]> {
    const a = requirePermission(auth, 'org:read');
    return listPathways(this.deps.db, a.organizationId, opts.includeArchived ? undefined : 'active');
  }

  /** One pathway with its version history. */
  async get(auth: Auth, id: string): Promise<Pathway & { versions: { version: number; createdAt: string }[] }> {
    const a = requirePermission(auth, 'org:read');
    const p = await this.load(a, id);
    return { ...p, versions: await listPathwayVersions(this.deps.db, a.organizationId, id) };
  }

  private async load(a: OrgAuth, id: string): Promise<Pathway> {
    const p = typeof id === 'string' ? await findPathway(this.deps.db, a.organizationId, id) : undefined;
    if (!p) throw new AppError('pathway_not_found', undefined, { field: 'id' });
    return p;
  }

  /**
   * Creates a pathway (needs `pathways:write`) after validating its rule, and queues the backfill of existing learners.
   * @example await pathways.create(auth, { name: 'Data Analyst', targetAchievementId, rule: { type: 'allOf', children: [...] } })
   */
  async create(auth: Auth, raw: unknown): Promise<{ pathway: Pathway; backfillJobId: string }> {
    const a = requirePermission(auth, 'pathways:write');
    const input = await this.checkInput(a, raw);
    const now = this.deps.clock.now().toISOString();
    const pathway: Pathway = { id: randomUUID(), organizationId: a.organizationId, ...input, version: 1, status: 'active', createdBy: a.userId ?? null, createdAt: now, updatedAt: now };
    const jobId = await withTransaction(this.deps.db, async (trx) => {
      if (!(await insertPathway(trx, pathway))) throw new AppError('pathway_target_taken', undefined, { field: 'targetAchievementId' });
      await audit({ db: trx, clock: this.deps.clock }, a, 'pathway.create', { type: 'pathway', id: pathway.id }, { name: pathway.name, target: pathway.targetAchievementId });
      await this.ensureExpirySweep(a.organizationId, trx);
      return this.deps.jobs.enqueue({ kind: BACKFILL_JOB, organizationId: a.organizationId, createdBy: a.userId ?? null, payload: { organizationId: a.organizationId, pathwayId: pathway.id, version: 1 } }, trx);
    });
    return { pathway, backfillJobId: jobId };
  }

  /** Saves a new version (send the `version` you edited: a concurrent edit gets `pathway_version_conflict`), then backfills. */
  async update(auth: Auth, id: string, raw: unknown): Promise<{ pathway: Pathway; backfillJobId: string }> {
    const a = requirePermission(auth, 'pathways:write');
    const current = await this.load(a, id);
    const expected = (raw as { version?: unknown } | null)?.version;
    if (typeof expected !== 'number') throw new AppError('validation_failed', 'version is required: the version you edited.', { field: 'version' });
    const input = await this.checkInput(a, { ...(raw as object), targetAchievementId: current.targetAchievementId }, id);
    const pathway: Pathway = { ...current, ...input, version: expected + 1, updatedAt: this.deps.clock.now().toISOString() };
    const jobId = await withTransaction(this.deps.db, async (trx) => {
      if (!(await updatePathway(trx, pathway, expected))) throw new AppError('pathway_version_conflict', undefined, { field: 'version' });
      await audit({ db: trx, clock: this.deps.clock }, a, 'pathway.update', { type: 'pathway', id }, { version: pathway.version });
      return this.deps.jobs.enqueue({ kind: BACKFILL_JOB, organizationId: a.organizationId, createdBy: a.userId ?? null, payload: { organizationId: a.organizationId, pathwayId: id, version: pathway.version } }, trx);
    });
    return { pathway, backfillJobId: jobId };
  }

  /** Archives (stops awarding) or restores a pathway; awards already made stay. */
  async setArchived(auth: Auth, id: string, archived: boolean): Promise<Pathway> {
    const a = requirePermission(auth, 'pathways:write');
    const current = await this.load(a, id);
    const pathway: Pathway = { ...current, status: archived ? 'archived' : 'active', version: current.version + 1, updatedAt: this.deps.clock.now().toISOString() };
    await withTransaction(this.deps.db, async (trx) => {
      if (!(await updatePathway(trx, pathway, current.version))) throw new AppError('pathway_version_conflict');
      await audit({ db: trx, clock: this.deps.clock }, a, archived ? 'pathway.archive' : 'pathway.restore', { type: 'pathway', id });
    });
    return pathway;
  }

  /**
   * Live preview for the builder: validates a draft rule and, for a learner given by email, explains it (nothing saved).
   */
  async preview(auth: Auth, raw: { rule?: unknown; targetAchievementId?: string; pathwayId?: string; learnerEmail?: string }): Promise<{ issues: FieldIssue[]; evaluation: RuleEvaluation | null }> {
    const a = requirePermission(auth, 'pathways:write');
    let issues: FieldIssue[] = [];
    try {
      await this.checkInput(a, { name: 'preview', targetAchievementId: raw.targetAchievementId, rule: raw.rule }, raw.pathwayId);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      issues = e.issues.filter((i) => i.field.startsWith('rule'));
    }
    if (issues.length || !raw.learnerEmail) return { issues, evaluation: null };
    const learner = await findLearnerByEmail(this.deps.db, a.organizationId, raw.learnerEmail.trim().toLowerCase());
    if (!learner) throw new AppError('not_found', 'No learner with this email in your organization.', { field: 'learnerEmail' });
    const org = await loadOrgPathways(this.deps.db, this.deps.catalog, a.organizationId, { names: true });
    return { issues, evaluation: await this.explainFor(org, a.organizationId, learner.id, raw.rule as Rule) };
  }

  private async explainFor(org: OrgPathways, organizationId: string, learnerId: string, rule: Rule): Promise<RuleEvaluation> {
    const held = (await loadHoldings(this.deps.db, organizationId, [learnerId], true, this.deps.external)).get(learnerId) ?? [];
    return evaluateRule(rule, held, this.deps.clock.now(), { achievementNames: org.names, pathways: org.defs });
  }

  /** Dry run for one learner (by id or email): would they be awarded, and why. Nothing is written. */
  async dryRunLearner(auth: Auth, id: string, who: { learnerId?: string; email?: string }): Promise<{ learnerId: string; evaluation: RuleEvaluation; award: PathwayAward | null }> {
    const a = requirePermission(auth, 'pathways:write');
    const p = await this.load(a, id);
    const learner = who.learnerId
      ? await findLearner(this.deps.db, a.organizationId, who.learnerId)
      : who.email ? await findLearnerByEmail(this.deps.db, a.organizationId, who.email.trim().toLowerCase()) : undefined;
    if (!learner) throw new AppError('not_found', 'No such learner in your organization.', { field: who.learnerId ? 'learnerId' : 'email' });
    const org = await loadOrgPathways(this.deps.db, this.deps.catalog, a.organizationId, { names: true });
    const evaluation = await this.explainFor(org, a.organizationId, learner.id, p.rule);
    return { learnerId: learner.id, evaluation, award: (await findAward(this.deps.db, a.organizationId, p.id, learner.id)) ?? null };
  }

  /** Dry run for everyone: who would be awarded now, and why (first `limit`). */
  async dryRunEveryone(auth: Auth, id: string, limit = 200): Promise<DryRunReport> {
    const a = requirePermission(auth, 'pathways:write');
    const p = await this.load(a, id);
    const org = await loadOrgPathways(this.deps.db, this.deps.catalog, a.organizationId, { names: true });
    return dryRunEveryone(this.reportDeps(), org, { ...toDefinition(p), organizationId: a.organizationId }, Math.min(limit, 1000));
  }

  /** The staff funnel of a pathway (needs `analytics:read`). */
  async funnel(auth: Auth, id: string): Promise<FunnelReport> {
    const a = requirePermission(auth, 'analytics:read');
    const p = await this.load(a, id);
    return funnel(this.reportDeps(), await loadOrgPathways(this.deps.db, this.deps.catalog, a.organizationId, { names: true }), p);
  }

  /** The funnel as CSV, one row per enrolled learner. */
  async funnelCsv(auth: Auth, id: string): Promise<string> {
    const a = requirePermission(auth, 'analytics:read');
    const p = await this.load(a, id);
    return funnelCsv(this.reportDeps(), await loadOrgPathways(this.deps.db, this.deps.catalog, a.organizationId, { names: true }), p);
  }

  private reportDeps() {
    return { db: this.deps.db, now: this.deps.clock.now(), ...(this.deps.external ? { external: this.deps.external } : {}) };
  }

  /** Recent award, lapse and policy events staff are told about. */
  async events(auth: Auth, opts: { pathwayId?: string; limit?: number } = {}): Promise<PathwayEvent[]> {
    const a = requirePermission(auth, 'org:read');
    return listPathwayEvents(this.deps.db, a.organizationId, { ...(opts.pathwayId ? { pathwayId: opts.pathwayId } : {}), limit: Math.min(opts.limit ?? 50, 500) });
  }

  /** A staff member's view of one learner's pathways. */
  async progressForLearner(auth: Auth, learnerId: string): Promise<PathwayProgress[]> {
    const a = requirePermission(auth, 'credentials:read');
    if (!(await findLearner(this.deps.db, a.organizationId, learnerId))) throw new AppError('not_found', 'No such learner.', { field: 'learnerId' });
    return this.progress(a.organizationId, learnerId);
  }

  /** The signed-in learner's pathways in every organization that has issued to them (the wallet's progress map). */
  async progressForUser(auth: Auth): Promise<PathwayProgress[]> {
    const userId = requireUser(auth);
    const out: PathwayProgress[] = [];
    for (const l of await listLearnersOfUser(this.deps.db, userId)) out.push(...(await this.progress(l.organizationId, l.learnerId)));
    return out;
  }

  private async progress(organizationId: string, learnerId: string): Promise<PathwayProgress[]> {
    const org = await loadOrgPathways(this.deps.db, this.deps.catalog, organizationId);
    if (org.pathways.length === 0) return [];
    const held = (await loadHoldings(this.deps.db, organizationId, [learnerId], org.needsResults, this.deps.external)).get(learnerId) ?? [];
    const awards = new Map((await listAwardsOfLearner(this.deps.db, organizationId, learnerId)).map((w) => [w.pathwayId, w]));
    const now = this.deps.clock.now();
    return org.pathways.map((p) => ({
      pathway: { id: p.id, name: p.name, description: p.description, organizationId, targetAchievementId: p.targetAchievementId },
      learnerId,
      evaluation: evaluateRule(p.rule, held, now, { achievementNames: org.names, pathways: org.defs }),
      award: awards.get(p.id) ?? null,
    }));
  }

  /** The signed CLR 2.0 bundle of the signed-in learner's awarded pathway. */
  async clrForUser(auth: Auth, pathwayId: string): Promise<Record<string, unknown>> {
    const userId = requireUser(auth);
    for (const l of await listLearnersOfUser(this.deps.db, userId)) {
      const p = await findPathway(this.deps.db, l.organizationId, pathwayId);
      if (p) return this.clr(p, l.learnerId, l.email);
    }
    throw new AppError('pathway_not_found');
  }

  /** The CLR bundle of a learner's award, for staff (needs `credentials:read`). */
  async clrForLearner(auth: Auth, pathwayId: string, learnerId: string): Promise<Record<string, unknown>> {
    const a = requirePermission(auth, 'credentials:read');
    const p = await this.load(a, pathwayId);
    const learner = await findLearner(this.deps.db, a.organizationId, learnerId);
    if (!learner) throw new AppError('not_found', 'No such learner.', { field: 'learnerId' });
    return this.clr(p, learner.id, learner.email);
  }

  private async clr(p: Pathway, learnerId: string, email: string): Promise<Record<string, unknown>> {
    const award = await findAward(this.deps.db, p.organizationId, p.id, learnerId);
    if (!award) throw new AppError('pathway_not_awarded');
    return buildPathwayClr({ db: this.deps.db, now: this.deps.clock.now(), random: this.deps.random, prepare: (o) => this.deps.issuance.prepare(o) }, p, award, email);
  }

  /** Job handler: evaluates every learner of the organization for one pathway, awarding those who qualify. */
  async runBackfill(payload: { organizationId: string; pathwayId: string }, ctx: { progress(done: number, total?: number): Promise<void>; signal?: AbortSignal }): Promise<{ learners: number; awarded: number }> {
    const { db } = this.deps;
    const total = await countLearners(db, payload.organizationId);
    const org = await loadOrgPathways(db, this.deps.catalog, payload.organizationId);
    const p = org.pathways.find((x) => x.id === payload.pathwayId);
    if (!p) return { learners: 0, awarded: 0 };
    const def: PathwayDefinition = toDefinition(p);
    const batch = createBatchEvaluator([def], { pathways: org.defs, achievementNames: org.names });
    let done = 0;
    let awarded = 0;
    let after: string | null = null;
    await ctx.progress(0, total);
    for (;;) {
      if (ctx.signal?.aborted) throw new Error('Backfill interrupted; it will resume from the start (awards are idempotent).');
      const page = await listLearnersPage(db, payload.organizationId, after, 200);
      if (page.length === 0) break;
      // One query and one compiled rule per page; only learners who qualify take the (exactly-once) award path.
      // Learners who do not qualify are left alone: editing a rule never takes awards back.
      const held = await loadHoldings(db, payload.organizationId, page.map((l) => l.id), org.needsResults, this.deps.external);
      for (const l of page) {
        const [outcome] = batch.evaluateLearner({ learnerId: l.id, credentials: held.get(l.id) ?? [] }, this.deps.clock.now());
        if (!outcome?.satisfied) continue;
        const actions = await this.awarder.reevaluateLearner(payload.organizationId, l.id, { pathwayIds: [def.id], org });
        if (actions.some((x) => x.action === 'awarded' || x.action === 'reissued')) awarded++;
      }
      done += page.length;
      after = page[page.length - 1]!.id;
      await ctx.progress(done, Math.max(total, done));
    }
    return { learners: done, awarded };
  }

  /** Job handler: re-evaluates learners whose credentials expired since the last sweep, then schedules the next one. */
  async runExpirySweep(payload: { organizationId: string; since: string }): Promise<{ learners: number }> {
    const now = this.deps.clock.now();
    const learners = await listLearnersWithExpiries(this.deps.db, payload.organizationId, payload.since, now.toISOString());
    const org = await loadOrgPathways(this.deps.db, this.deps.catalog, payload.organizationId);
    for (const id of learners) await this.awarder.reevaluateLearner(payload.organizationId, id, { org });
    if (org.pathways.length > 0) {
      await this.deps.jobs.enqueue({ kind: EXPIRY_SWEEP_JOB, organizationId: payload.organizationId, payload: { organizationId: payload.organizationId, since: now.toISOString() }, runAfter: new Date(now.getTime() + SWEEP_EVERY_MS) });
    }
    return { learners: learners.length };
  }

  private async ensureExpirySweep(organizationId: string, db = this.deps.db): Promise<void> {
    const pending = (await listJobs(db, organizationId, { kind: EXPIRY_SWEEP_JOB, limit: 5 })).some((j) => j.status === 'queued' || j.status === 'running');
    if (pending) return;
    const now = this.deps.clock.now();
    await this.deps.jobs.enqueue({ kind: EXPIRY_SWEEP_JOB, organizationId, payload: { organizationId, since: now.toISOString() }, runAfter: new Date(now.getTime() + SWEEP_EVERY_MS) }, db);
  }
}
