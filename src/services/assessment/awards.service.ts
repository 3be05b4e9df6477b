/**
 * Award rules per micro-credential and the automatic award: whenever a learner's evidence changes, the rules of
 * their organization are evaluated and a satisfied one issues the credential — exactly once, even under
 * concurrent events or several app instances: the (learner, achievement) award row is unique, and the
 * issuance is keyed `award:<learner>:<achievement>` so a second issuer finds the first one's credential.
 */
import { randomUUID } from 'node:crypto';
import { assertValidAwardRule, evaluateAwardRule, type AwardEvaluation, type AwardEvidence, type AwardRule } from '../../core/assessment/award-rule.ts';
import { computeMastery } from '../../core/assessment/mastery.ts';
import { buildAssessmentResults, buildResultDescriptions, type ResultDescriptionCatalog } from '../../core/assessment/ob-results.ts';
import type { Question } from '../../core/assessment/questions.ts';
import { achievementUrl } from '../../core/catalog/ob-achievement.ts';
import { AppError } from '../../core/errors.ts';
import type { ResultDescription } from '../../core/ob/types.ts';
import { claimAward, findAward, findAwardRule, listAwardRules, listCompletionsOfLearner, setAwardCredential, upsertAwardRule, type StoredAwardRule } from '../../db/repositories/awards.repository.ts';
import { findLearner } from '../../db/repositories/learners.repository.ts';
import { competencyNames, listEnrolledLearners, listModules } from '../../db/repositories/modules.repository.ts';
import { listProjects, listSubmissionsOfLearner } from '../../db/repositories/projects.repository.ts';
import { listQuizzes, listSubmittedAttemptsOfLearner } from '../../db/repositories/quizzes.repository.ts';
import type { Db } from '../../db/transaction.ts';
import { audit } from '../audit.service.ts';
import { requirePermission, systemAuth, type Auth } from '../auth.ts';
import type { Clock } from '../deps.ts';
import { findLearnerForUser } from './learner-identity.ts';

/** The parts of the platform the award service uses (issuance and micro-credential definitions). */
export interface AwardPorts {
  awardCredential(organizationId: string, request: unknown, opts: { source: 'assessment'; batchKey: string }): Promise<{ credential: { id: string }; replayed: boolean }>;
  achievementResultDescriptions(organizationId: string, achievementId: string): Promise<{ name: string; resultDescriptions: ResultDescription[] }>;
  setResultDescriptions(auth: Auth, achievementId: string, rds: ResultDescription[]): Promise<unknown>;
}

export interface AwardsDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  ports: AwardPorts;
  logger?: { error(obj: unknown, msg: string): void };
}

export interface AwardOutcome {
  achievementId: string;
  evaluation: AwardEvaluation;
  /** Set when this call (or an earlier one) issued the credential. */
  credentialId: string | null;
  issuedNow: boolean;
  /** The micro-credential's name (learner progress views). */
  achievementName?: string;
}

export class AwardsService {
  constructor(private readonly deps: AwardsDeps) {}

  private async catalog(organizationId: string): Promise<ResultDescriptionCatalog & { names: Record<string, string>; ids: Parameters<typeof assertValidAwardRule>[1] }> {
    const db = this.deps.db;
    const quizzes = await listQuizzes(db, organizationId);
    const projects = await listProjects(db, organizationId);
    const modules = await listModules(db, organizationId);
    const competencyIds = [...new Set(modules.flatMap((m) => m.competencyIds))];
    const cNames = await competencyNames(db, organizationId, competencyIds);
    const names: Record<string, string> = { ...cNames };
    for (const q of quizzes) names[q.id] = q.title;
    for (const p of projects) names[p.id] = p.title;
    for (const m of modules) names[m.id] = m.title;
    return {
      quizzes: Object.fromEntries(quizzes.map((q) => [q.id, { name: q.title, passMark: q.passMark }])),
      projects: Object.fromEntries(projects.map((p) => [p.id, { name: p.title, rubric: p.rubric }])),
      competencies: Object.fromEntries(Object.entries(cNames).map(([id, name]) => [id, { name }])),
      modules: Object.fromEntries(modules.map((m) => [m.id, { name: m.title }])),
      names,
      ids: {
        quizIds: new Set(quizzes.map((q) => q.id)), projectIds: new Set(projects.map((p) => p.id)),
        competencyIds: new Set(Object.keys(cNames)), moduleIds: new Set(modules.map((m) => m.id)),
      },
    };
  }

  /**
   * Set the award rule of a micro-credential (`assessments:write`), validated against the organization's quizzes,
   * projects, competencies and modules; the achievement's result descriptions are updated to match.
   */
  async setRule(auth: Auth, achievementId: string, input: { rule: AwardRule; credits?: number | null; backfill?: boolean }): Promise<StoredAwardRule & { awarded: number }> {
    const a = requirePermission(auth, 'assessments:write');
    const cat = await this.catalog(a.organizationId);
    const rule = assertValidAwardRule(input.rule, cat.ids);
    if (input.credits !== undefined && input.credits !== null && (!Number.isFinite(input.credits) || input.credits < 0)) {
      throw new AppError('validation_failed', 'Credits must be a number of at least 0.', { field: 'credits' });
    }
    await this.deps.ports.achievementResultDescriptions(a.organizationId, achievementId); // throws achievement_not_found
    const now = this.deps.clock.now().toISOString();
    const stored: StoredAwardRule = { achievementId, organizationId: a.organizationId, rule, credits: input.credits ?? null, createdAt: now, updatedAt: now };
    await upsertAwardRule(this.deps.db, stored);
    await audit({ db: this.deps.db, clock: this.deps.clock }, a, 'award_rule.set', { type: 'achievement', id: achievementId }, { requirements: rule.requirements.length });
    await this.syncResultDescriptions(a, achievementId, rule, cat);
    let awarded = 0;
    if (input.backfill !== false) {
      // Learners of the modules leading to this micro-credential who already meet the rule are awarded now.
      const modules = (await listModules(this.deps.db, a.organizationId)).filter((m) => m.achievementIds.includes(achievementId));
      const learnerIds = new Set<string>();
      for (const m of modules) for (const l of await listEnrolledLearners(this.deps.db, a.organizationId, m.id)) learnerIds.add(l.learnerId);
      for (const learnerId of learnerIds) {
        try {
          if ((await this.awardIfEarned(a.organizationId, learnerId, stored)).issuedNow) awarded++;
        } catch (e) {
          this.deps.logger?.error({ err: e, achievementId, learnerId }, 'award backfill failed');
        }
      }
    }
    return { ...stored, awarded };
  }

  /** Make the achievement carry exactly the result descriptions the rule needs (others it has are kept). */
  private async syncResultDescriptions(auth: Auth & { organizationId: string }, achievementId: string, rule: AwardRule, cat: ResultDescriptionCatalog): Promise<void> {
    const base = achievementUrl(this.deps.publicUrl, achievementId);
    const wanted = buildResultDescriptions(base, rule, cat);
    const { resultDescriptions: current } = await this.deps.ports.achievementResultDescriptions(auth.organizationId, achievementId);
    const ours = (rd: ResultDescription) => rd.id.startsWith(`${base}#`);
    const same = JSON.stringify(current.filter(ours)) === JSON.stringify(wanted);
    if (!same) await this.deps.ports.setResultDescriptions(auth, achievementId, [...current.filter((rd) => !ours(rd)), ...wanted]);
  }

  async getRule(auth: Auth, achievementId: string): Promise<StoredAwardRule | undefined> {
    const a = requirePermission(auth, 'assessments:write');
    return findAwardRule(this.deps.db, a.organizationId, achievementId);
  }

  async listRules(auth: Auth): Promise<StoredAwardRule[]> {
    const a = requirePermission(auth, 'assessments:write');
    return listAwardRules(this.deps.db, a.organizationId);
  }

  /** Everything a learner record has done in its organization, as award-rule evidence. */
  async evidenceOf(organizationId: string, learnerId: string): Promise<AwardEvidence> {
    const db = this.deps.db;
    const attempts = await listSubmittedAttemptsOfLearner(db, organizationId, learnerId);
    const submissions = await listSubmissionsOfLearner(db, organizationId, learnerId);
    const completions = await listCompletionsOfLearner(db, organizationId, learnerId);
    const questions = new Map<string, Question>();
    for (const t of attempts) for (const q of t.questions) questions.set(q.id, q);
    return {
      quizzes: [
        ...attempts.filter((t) => t.result).map((t) => ({ quizId: t.quizId, ref: t.id, percent: t.result!.percent, passed: t.result!.passed, startedAt: t.startedAt, submittedAt: t.result!.submittedAt })),
        ...completions.filter((c) => c.targetKind === 'quiz').map((c) => ({ quizId: c.targetId, ref: c.externalEventId, percent: c.percent ?? (c.passed ? 100 : 0), passed: c.passed, submittedAt: c.completedAt })),
      ],
      projects: submissions.map((s) => ({
        projectId: s.projectId, submissionId: s.id, status: s.status, submittedAt: s.submittedAt,
        ...(s.rubricScore ? { rubricScore: s.rubricScore } : {}), ...(s.reviewedAt ? { reviewedAt: s.reviewedAt } : {}),
      })),
      mastery: computeMastery(attempts.map((t) => t.result!).filter(Boolean), [...questions.values()]),
      modules: completions.filter((c) => c.targetKind === 'module' && c.passed).map((c) => ({
        moduleId: c.targetId, ref: c.externalEventId, completedAt: c.completedAt, ...(c.percent !== null ? { percent: c.percent } : {}),
      })),
    };
  }

  /** Re-evaluate every award rule of the organization for one learner and issue what is now earned. */
  async evidenceChanged(organizationId: string, learnerId: string): Promise<AwardOutcome[]> {
    const rules = await listAwardRules(this.deps.db, organizationId);
    const out: AwardOutcome[] = [];
    for (const r of rules) {
      try {
        out.push(await this.awardIfEarned(organizationId, learnerId, r));
      } catch (e) {
        // One rule failing (e.g. an archived micro-credential) must not block the others or the learner's submission.
        this.deps.logger?.error({ err: e, achievementId: r.achievementId, learnerId }, 'award evaluation failed');
      }
    }
    return out;
  }

  private async awardIfEarned(organizationId: string, learnerId: string, r: StoredAwardRule): Promise<AwardOutcome> {
    const db = this.deps.db;
    const existing = await findAward(db, organizationId, learnerId, r.achievementId);
    if (existing?.credentialId) return { achievementId: r.achievementId, evaluation: existing.evaluation, credentialId: existing.credentialId, issuedNow: false };
    const cat = await this.catalog(organizationId);
    const evaluation = evaluateAwardRule(r.rule, await this.evidenceOf(organizationId, learnerId), cat.names);
    if (!evaluation.satisfied) return { achievementId: r.achievementId, evaluation, credentialId: null, issuedNow: false };

    const learner = (await findLearner(db, organizationId, learnerId))!;
    await claimAward(db, { id: randomUUID(), organizationId, learnerId, achievementId: r.achievementId, credentialId: null, evaluation, createdAt: this.deps.clock.now().toISOString() });
    await this.syncResultDescriptions(systemAuth(organizationId), r.achievementId, r.rule, cat);
    const base = achievementUrl(this.deps.publicUrl, r.achievementId);
    const evidence = evaluation.requirements.flatMap((e) => e.project ? [{
      id: `${this.deps.publicUrl}/evidence/submissions/${e.project.submissionId}`,
      name: `${cat.names[e.project.projectId] ?? 'Project'}: submission`,
      description: 'The project the learner submitted; the learner decides whether this page is public.',
      genre: 'Project submission',
    }] : []);
    const narratives = await this.assessorNarratives(organizationId, learnerId, evaluation);
    const request = {
      achievementId: r.achievementId,
      recipient: { email: learner.email, ...(learner.name ? { name: learner.name } : {}) },
      results: buildAssessmentResults(base, evaluation),
      evidence: evidence.map((ev, i) => (narratives[i] ? { ...ev, narrative: narratives[i] } : ev)),
      ...(evaluation.activityStartDate ? { activityStartDate: evaluation.activityStartDate } : {}),
      ...(evaluation.activityEndDate ? { activityEndDate: evaluation.activityEndDate } : {}),
      ...(r.credits !== null ? { creditsEarned: r.credits } : {}),
    };
    const issued = await this.deps.ports.awardCredential(organizationId, request, { source: 'assessment', batchKey: `award:${learnerId}:${r.achievementId}` });
    const award = await findAward(db, organizationId, learnerId, r.achievementId);
    if (award && !award.credentialId) await setAwardCredential(db, organizationId, award.id, issued.credential.id);
    return { achievementId: r.achievementId, evaluation, credentialId: issued.credential.id, issuedNow: !issued.replayed };
  }

  /** The assessor's feedback for each project used, in requirement order (the evidence narrative). */
  private async assessorNarratives(organizationId: string, learnerId: string, evaluation: AwardEvaluation): Promise<string[]> {
    const subs = await listSubmissionsOfLearner(this.deps.db, organizationId, learnerId);
    return evaluation.requirements.filter((e) => e.project).map((e) => {
      const s = subs.find((x) => x.id === e.project!.submissionId);
      return s?.feedback ? `Assessor’s feedback: ${s.feedback}` : '';
    });
  }

  /** For the signed-in learner: where they stand on each award rule of the organization, explained. */
  async progressOfLearner(auth: Auth, organizationId: string, moduleAchievementIds?: string[]): Promise<AwardOutcome[]> {
    const learner = await findLearnerForUser(this.deps.db, auth, organizationId);
    if (!learner) return [];
    const cat = await this.catalog(organizationId);
    const evidence = await this.evidenceOf(organizationId, learner.id);
    const rules = await listAwardRules(this.deps.db, organizationId);
    const out: AwardOutcome[] = [];
    for (const r of rules) {
      const award = await findAward(this.deps.db, organizationId, learner.id, r.achievementId);
      if (moduleAchievementIds && !moduleAchievementIds.includes(r.achievementId)) continue;
      const achievementName = await this.deps.ports.achievementResultDescriptions(organizationId, r.achievementId).then((a) => a.name, () => undefined);
      out.push({ achievementId: r.achievementId, evaluation: evaluateAwardRule(r.rule, evidence, cat.names), credentialId: award?.credentialId ?? null, issuedNow: false, ...(achievementName ? { achievementName } : {}) });
    }
    return out;
  }
}
