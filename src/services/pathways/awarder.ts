/**
 * Auto-award: re-evaluates one learner's pathways after anything that can change them (issuance, revocation,
 * suspension, reinstatement, expiry, import), issues the stacked credential exactly once, and applies the
 * pathway's policy when a part stops counting.
 *
 * Exactly once, even with several app instances: the award row is claimed with a unique (pathway, learner)
 * insert, and the issuance uses the batch key `pathway:<pathway>:<learner>:<round>`, which the credentials
 * table also keeps unique per organization — a retry or a racing instance gets the credential already issued.
 * Status transitions are compare-and-set on (status, round), so a policy is applied once per lapse.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors.ts';
import { evaluateRule, stackedEvidence, type HeldCredential, type RuleEvaluation } from '../../core/stacking/index.ts';
import { findLearner } from '../../db/repositories/learners.repository.ts';
import {
  claimAward, findAward, findPathwayVersionRule, insertPathwayEvent, transitionAward, type Pathway, type PathwayAward,
} from '../../db/repositories/pathways.repository.ts';
import { listMembers } from '../../db/repositories/users.repository.ts';
import type { Deps } from '../deps.ts';
import type { AchievementCatalog } from './catalog.ts';
import { componentsOf, loadHoldings, loadOrgPathways, pathwayTouches, type ExternalHoldings, type OrgPathways } from './context.ts';

export interface AwarderDeps extends Deps {
  issuance: {
    awardCredential(organizationId: string, raw: unknown, opts: { source: 'pathway'; batchKey: string; notify?: boolean }): Promise<{ credential: { id: string }; replayed: boolean }>;
  };
  credentials: { changeAsOrganization(organizationId: string, id: string, change: 'revoked' | 'suspended' | 'reinstated', reason: string): Promise<unknown> };
  catalog: AchievementCatalog;
  external?: ExternalHoldings;
}

/** What re-evaluation did for one pathway (tests and logs). */
export interface AwardAction {
  pathwayId: string;
  action: 'none' | 'awarded' | 'already_awarded' | 'suspended' | 'revoked' | 'kept' | 'reinstated' | 'reissued';
  credentialId?: string;
}

/** A batch key is per pathway, learner and round, so a revoked award can be earned again with a fresh credential. */
export const awardBatchKey = (pathwayId: string, learnerId: string, round: number): string => `pathway:${pathwayId}:${learnerId}:${round}`;

export class PathwayAwarder {
  constructor(private readonly deps: AwarderDeps) {}

  /**
   * Re-evaluates the active pathways of one learner (only those the given achievements can affect, when given).
   * @example await awarder.reevaluateLearner(orgId, learnerId, { achievementIds: [achievementId] })
   */
  async reevaluateLearner(organizationId: string, learnerId: string, opts: { achievementIds?: readonly string[]; pathwayIds?: string[]; org?: OrgPathways } = {}): Promise<AwardAction[]> {
    const org = opts.org ?? (await this.loadTouched(organizationId, opts.achievementIds));
    return this.reevaluateIn(organizationId, org, [{ learnerId, ...opts }]);
  }

  /**
   * Re-evaluates the learners of a group of credential events of one organization, in the map's order, each only
   * for the pathways its own events' achievements can affect. The pathways are read once for the group (and that is
   * the only query when none is touched), the learners' holdings in one query.
   */
  async reevaluateLearners(organizationId: string, achievementsByLearner: ReadonlyMap<string, readonly string[]>): Promise<AwardAction[]> {
    const org = await this.loadTouched(organizationId, [...new Set([...achievementsByLearner.values()].flat())]);
    return this.reevaluateIn(organizationId, org, [...achievementsByLearner].map(([learnerId, achievementIds]) => ({ learnerId, achievementIds })));
  }

  private loadTouched(organizationId: string, achievementIds: readonly string[] | undefined): Promise<OrgPathways> {
    return loadOrgPathways(this.deps.db, this.deps.catalog, organizationId, achievementIds ? { touching: achievementIds } : {});
  }

  /**
   * Re-evaluates each learner's relevant pathways. A learner whose re-evaluation fails does not stop the others:
   * the failures are thrown together at the end (the event bus logs them).
   */
  private async reevaluateIn(organizationId: string, org: OrgPathways, learners: readonly { learnerId: string; achievementIds?: readonly string[]; pathwayIds?: string[] }[]): Promise<AwardAction[]> {
    const work = learners.map((l) => ({
      learnerId: l.learnerId,
      relevant: org.pathways.filter((p) => (!l.pathwayIds || l.pathwayIds.includes(p.id)) && (!l.achievementIds || l.achievementIds.some((a) => pathwayTouches(org.defs, p.id, a)))),
    })).filter((w) => w.relevant.length > 0);
    if (work.length === 0) return [];
    const holdings = await loadHoldings(this.deps.db, organizationId, work.map((w) => w.learnerId), org.needsResults, this.deps.external);
    const actions: AwardAction[] = [];
    await eachSettled(work, async ({ learnerId, relevant }) => {
      const held = holdings.get(learnerId) ?? [];
      for (const p of relevant) {
        const action = await this.reevaluatePathway(org, p, learnerId, held);
        actions.push(action);
        // An inner pathway just awarded counts at once for the pathways that contain it.
        if ((action.action === 'awarded' || action.action === 'reissued') && action.credentialId) {
          held.push({ id: action.credentialId, achievementId: p.targetAchievementId, issuerId: organizationId, origin: 'issued', issuedAt: this.deps.clock.now(), status: 'valid' });
        }
      }
    });
    return actions;
  }

  private evaluate(org: OrgPathways, rule: Pathway['rule'], held: HeldCredential[]): RuleEvaluation {
    return evaluateRule(rule, held, this.deps.clock.now(), { achievementNames: org.names, pathways: org.defs });
  }

  private async reevaluatePathway(org: OrgPathways, p: Pathway, learnerId: string, held: HeldCredential[]): Promise<AwardAction> {
    const { db } = this.deps;
    const evaluation = this.evaluate(org, p.rule, held);
    const award = await findAward(db, p.organizationId, p.id, learnerId);
    const none: AwardAction = { pathwayId: p.id, action: 'none' };
    if (evaluation.satisfied) {
      if (!award) return this.claimAndIssue(org, p, learnerId, evaluation);
      if (award.status === 'issuing') return this.issue(org, p, learnerId, evaluation, award, 'awarded');
      if (award.status === 'revoked') {
        const next = { status: 'issuing' as const, round: award.round + 1 };
        if (!(await transitionAward(db, award.id, award, { ...next, credentialId: null, lapsedAt: null, pathwayVersion: p.version, updatedAt: this.nowIso() }))) return none;
        return this.issue(org, p, learnerId, evaluation, { ...award, ...next, credentialId: null }, 'reissued');
      }
      if (award.status === 'suspended') {
        if (!(await transitionAward(db, award.id, award, { status: 'awarded', lapsedAt: null, updatedAt: this.nowIso() }))) return none;
        if (award.credentialId) await this.changeStatus(p, award.credentialId, 'reinstated', `Every part of "${p.name}" counts again.`);
        await this.notify(p, learnerId, 'reinstated', `The stacked credential was reinstated: every part counts again.`, award.credentialId);
        return { pathwayId: p.id, action: 'reinstated', ...(award.credentialId ? { credentialId: award.credentialId } : {}) };
      }
      if (award.lapsedAt) await transitionAward(db, award.id, award, { lapsedAt: null, updatedAt: this.nowIso() });
      return { pathwayId: p.id, action: 'already_awarded', ...(award.credentialId ? { credentialId: award.credentialId } : {}) };
    }
    if (!award || award.status !== 'awarded' || award.lapsedAt) return none;
    // Judge a lapse by the rule the award was made under: a later edit of the pathway does not take awards back.
    const rule = award.pathwayVersion === p.version ? p.rule : ((await findPathwayVersionRule(db, p.organizationId, p.id, award.pathwayVersion)) ?? p.rule);
    const under = rule === p.rule ? evaluation : this.evaluate(org, rule, held);
    if (under.satisfied) return none;
    return this.applyPolicy(p, learnerId, award, under);
  }

  private async claimAndIssue(org: OrgPathways, p: Pathway, learnerId: string, evaluation: RuleEvaluation): Promise<AwardAction> {
    const now = this.nowIso();
    const award: PathwayAward = {
      id: randomUUID(), organizationId: p.organizationId, pathwayId: p.id, learnerId, pathwayVersion: p.version, status: 'issuing',
      round: 1, credentialId: null, componentIds: evaluation.used.map((c) => c.id), lapsedAt: null, createdAt: now, updatedAt: now,
    };
    if (!(await claimAward(this.deps.db, award))) {
      // Someone else claimed it between our read and our insert: their issuance (same batch key) wins.
      return { pathwayId: p.id, action: 'none' };
    }
    return this.issue(org, p, learnerId, evaluation, award, 'awarded');
  }

  /** Issues (or finds, by batch key) the stacked credential of an award in status `issuing`, then marks it awarded. */
  private async issue(org: OrgPathways, p: Pathway, learnerId: string, evaluation: RuleEvaluation, award: PathwayAward, action: 'awarded' | 'reissued'): Promise<AwardAction> {
    const { db, config } = this.deps;
    const learner = await findLearner(db, p.organizationId, learnerId);
    if (!learner) throw new AppError('not_found', `Learner ${learnerId} does not exist in this organization.`);
    const components = await componentsOf(db, p.organizationId, config.publicUrl, evaluation.used, org.names);
    const request = {
      achievementId: p.targetAchievementId,
      recipient: { email: learner.email, ...(learner.name ? { name: learner.name } : {}) },
      evidence: stackedEvidence(components).slice(0, 50),
      ...(evaluation.creditsEarned > 0 ? { creditsEarned: evaluation.creditsEarned } : {}),
    };
    const issued = await this.deps.issuance.awardCredential(p.organizationId, request, {
      source: 'pathway', batchKey: awardBatchKey(p.id, learnerId, award.round),
    });
    const credentialId = issued.credential.id;
    const moved = await transitionAward(db, award.id, { status: 'issuing', round: award.round }, {
      status: 'awarded', credentialId, componentIds: evaluation.used.map((c) => c.id), pathwayVersion: p.version, updatedAt: this.nowIso(),
    });
    if (!moved) return { pathwayId: p.id, action: 'already_awarded', credentialId };
    const names = components.map((c) => c.achievementName).join(', ');
    await this.notify(p, learnerId, action, `${p.name} was ${action === 'reissued' ? 'earned again and re-issued' : 'awarded'} (components: ${names}).`, credentialId, false);
    return { pathwayId: p.id, action, credentialId };
  }

  private async applyPolicy(p: Pathway, learnerId: string, award: PathwayAward, evaluation: RuleEvaluation): Promise<AwardAction> {
    const { db } = this.deps;
    const why = whyNot(evaluation);
    const now = this.nowIso();
    if (p.revocationPolicy === 'keep') {
      if (!(await transitionAward(db, award.id, award, { lapsedAt: now, updatedAt: now }))) return { pathwayId: p.id, action: 'none' };
      await this.notify(p, learnerId, 'kept', `A part of ${p.name} no longer counts; the stacked credential is kept (policy "keep"). ${why}`, award.credentialId);
      return { pathwayId: p.id, action: 'kept', ...(award.credentialId ? { credentialId: award.credentialId } : {}) };
    }
    const status = p.revocationPolicy === 'revoke' ? 'revoked' : 'suspended';
    if (!(await transitionAward(db, award.id, award, { status, lapsedAt: now, updatedAt: now }))) return { pathwayId: p.id, action: 'none' };
    if (award.credentialId) await this.changeStatus(p, award.credentialId, status, `A part of "${p.name}" no longer counts. ${why}`.slice(0, 500));
    await this.notify(p, learnerId, status, `A part of ${p.name} no longer counts; the stacked credential was ${status} (policy "${p.revocationPolicy}"). ${why}`, award.credentialId);
    return { pathwayId: p.id, action: status, ...(award.credentialId ? { credentialId: award.credentialId } : {}) };
  }

  private async changeStatus(p: Pathway, credentialId: string, change: 'revoked' | 'suspended' | 'reinstated', reason: string): Promise<void> {
    try {
      await this.deps.credentials.changeAsOrganization(p.organizationId, credentialId, change, reason);
    } catch (e) {
      // Staff may have changed the stacked credential by hand (already revoked, not suspended): nothing to undo.
      if (e instanceof AppError && ['already_revoked', 'already_suspended', 'not_suspended'].includes(e.code)) return;
      throw e;
    }
  }

  /** Records an event for staff and, for lapses, emails the organization's owners and admins. */
  private async notify(p: Pathway, learnerId: string, kind: string, message: string, credentialId: string | null, email = true): Promise<void> {
    const { db, mailer, logger, config } = this.deps;
    await insertPathwayEvent(db, {
      id: randomUUID(), organizationId: p.organizationId, pathwayId: p.id, learnerId, kind, message, credentialId, createdAt: this.nowIso(),
    });
    if (!email) return;
    const learner = await findLearner(db, p.organizationId, learnerId);
    const staff = (await listMembers(db, p.organizationId)).filter((m) => (m.role === 'owner' || m.role === 'admin') && m.email);
    for (const m of staff) {
      try {
        await mailer.send({
          to: m.email!, kind: 'pathway_notice', subject: `${p.name}: ${kind} for ${learner?.email ?? 'a learner'}`,
          text: `${message}\n\nLearner: ${learner?.name ?? ''} <${learner?.email ?? learnerId}>\nPathway: ${config.publicUrl}/pathways/${p.id}\n`,
        });
      } catch (err) {
        logger.error({ err, pathwayId: p.id }, 'pathway notice could not be sent');
      }
    }
  }

  private nowIso(): string {
    return this.deps.clock.now().toISOString();
  }
}

/** Runs `fn` for every item in order, even after one fails; the failures are thrown at the end (one as itself). */
export async function eachSettled<T>(items: Iterable<T>, fn: (item: T) => Promise<void>): Promise<void> {
  const failures: unknown[] = [];
  for (const item of items) {
    try {
      await fn(item);
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} re-evaluations failed`);
}

/** The plain-language reasons a rule is not met: the messages of its unmet parts (at most five). */
export function whyNot(evaluation: RuleEvaluation): string {
  const out: string[] = [];
  const walk = (t: RuleEvaluation['trace']) => {
    if (t.satisfied) return;
    if (t.type === 'credential' || t.type === 'pathway') out.push(t.message);
    else t.children.forEach(walk);
  };
  walk(evaluation.trace);
  return (out.length ? out.slice(0, 5) : [evaluation.trace.message]).join(' ');
}
