/**
 * Whole-organization views of a pathway: the dry run for everyone (who would be awarded and why) and the staff
 * funnel (enrolled, progress by step, completed) with its CSV export. Learners are paged; rules are compiled once.
 */
import { createBatchEvaluator, evaluateRule, type BatchOutcome, type PathwayDefinition } from '../../core/stacking/index.ts';
import { listLearnersPage } from '../../db/repositories/held-credentials.repository.ts';
import { countAwardsByStatus, findAward, type Pathway } from '../../db/repositories/pathways.repository.ts';
import type { Db } from '../../db/transaction.ts';
import { loadHoldings, type ExternalHoldings, type OrgPathways } from './context.ts';

const PAGE = 500;

export interface ReportDeps {
  db: Db;
  now: Date;
  external?: ExternalHoldings;
}

interface LearnerOutcome {
  learner: { id: string; email: string; name: string | null };
  outcome: BatchOutcome;
}

/** Every learner of the organization with the pathway's batch outcome, page by page. */
async function* outcomes(deps: ReportDeps, organizationId: string, org: OrgPathways, def: PathwayDefinition): AsyncGenerator<LearnerOutcome> {
  const batch = createBatchEvaluator([def], { pathways: { ...org.defs, [def.id]: def }, achievementNames: org.names });
  let after: string | null = null;
  for (;;) {
    const page = await listLearnersPage(deps.db, organizationId, after, PAGE);
    if (page.length === 0) return;
    const held = await loadHoldings(deps.db, organizationId, page.map((l) => l.id), org.needsResults, deps.external);
    for (const learner of page) {
      const [outcome] = batch.evaluateLearner({ learnerId: learner.id, credentials: held.get(learner.id) ?? [] }, deps.now);
      yield { learner, outcome: outcome! };
    }
    after = page[page.length - 1]!.id;
  }
}

export interface DryRunEntry {
  learnerId: string;
  email: string;
  name: string | null;
  fraction: number;
  /** The root explanation ("Complete: all 3 earned."). */
  message: string;
  components: string[];
}

export interface DryRunReport {
  learners: number;
  qualifying: number;
  alreadyAwarded: number;
  /** Learners who would be awarded now (first `limit`), with why. */
  wouldAward: DryRunEntry[];
  /** Learners with some progress who do not qualify yet (first `limit`). */
  inProgress: { learnerId: string; email: string; fraction: number }[];
}

/** Who would be awarded if the rule were applied now (nothing is written). */
export async function dryRunEveryone(deps: ReportDeps, org: OrgPathways, def: PathwayDefinition & { organizationId: string }, limit = 200): Promise<DryRunReport> {
  const report: DryRunReport = { learners: 0, qualifying: 0, alreadyAwarded: 0, wouldAward: [], inProgress: [] };
  const ctx = { pathways: { ...org.defs, [def.id]: def }, achievementNames: org.names };
  for await (const { learner, outcome } of outcomes(deps, def.organizationId, org, def)) {
    report.learners++;
    if (outcome.satisfied) {
      report.qualifying++;
      const award = await findAward(deps.db, def.organizationId, def.id, learner.id);
      if (award && award.status !== 'revoked') {
        report.alreadyAwarded++;
        continue;
      }
      if (report.wouldAward.length < limit) {
        const held = (await loadHoldings(deps.db, def.organizationId, [learner.id], org.needsResults, deps.external)).get(learner.id) ?? [];
        const evaluation = evaluateRule(def.rule, held, deps.now, ctx);
        report.wouldAward.push({
          learnerId: learner.id, email: learner.email, name: learner.name, fraction: 1, message: evaluation.trace.message,
          components: evaluation.used.map((c) => org.names[c.achievementId] ?? c.achievementId),
        });
      }
    } else if (outcome.fraction > 0 && report.inProgress.length < limit) {
      report.inProgress.push({ learnerId: learner.id, email: learner.email, fraction: outcome.fraction });
    }
  }
  return report;
}

export interface FunnelReport {
  pathwayId: string;
  /** Learners with at least one part of the pathway (or its award). */
  enrolled: number;
  /** Per top-level step: its label and how many enrolled learners have completed it. */
  steps: { label: string; completed: number }[];
  /** `byStepsCompleted[k]`: enrolled learners who have completed exactly k steps. */
  byStepsCompleted: number[];
  /** Learners whose parts meet the rule now. */
  qualifying: number;
  /** Award rows by status: awarded, suspended, revoked, issuing. */
  awards: Record<string, number>;
}

/** Labels of a rule's top-level steps (the root's children, or the root for a single leaf). */
export function stepLabels(p: Pathway, org: OrgPathways, now: Date): string[] {
  const t = evaluateRule(p.rule, [], now, { achievementNames: org.names, pathways: org.defs }).trace;
  return t.children.length && t.type !== 'pathway' ? t.children.map((c) => c.label) : [t.label];
}

/** The staff funnel of a pathway; `onRow` receives every enrolled learner (for the CSV export). */
export async function funnel(
  deps: ReportDeps, org: OrgPathways, p: Pathway,
  onRow?: (row: { learner: LearnerOutcome['learner']; outcome: BatchOutcome }) => void,
): Promise<FunnelReport> {
  const labels = stepLabels(p, org, deps.now);
  const steps = labels.map((label) => ({ label, completed: 0 }));
  const byStepsCompleted = new Array<number>(labels.length + 1).fill(0);
  let enrolled = 0;
  let qualifying = 0;
  for await (const { learner, outcome } of outcomes(deps, p.organizationId, org, p)) {
    if (outcome.fraction === 0 && !outcome.holdsTarget) continue;
    enrolled++;
    if (outcome.satisfied) qualifying++;
    let done = 0;
    outcome.steps.forEach((s, i) => {
      if (s && steps[i]) {
        steps[i]!.completed++;
        done++;
      }
    });
    byStepsCompleted[done] = (byStepsCompleted[done] ?? 0) + 1;
    onRow?.({ learner, outcome });
  }
  return { pathwayId: p.id, enrolled, steps, byStepsCompleted, qualifying, awards: await countAwardsByStatus(deps.db, p.organizationId, p.id) };
}

const csvCell = (v: string | number | boolean | null): string => {
  const s = v === null ? '' : String(v);
  // Quote always; neutralise spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** The funnel as CSV: one row per enrolled learner with each step's state. */
export async function funnelCsv(deps: ReportDeps, org: OrgPathways, p: Pathway): Promise<string> {
  const labels = stepLabels(p, org, deps.now);
  const lines = [['email', 'name', 'progress_percent', ...labels.map((l) => `step: ${l}`), 'qualifies', 'holds_credential'].map(csvCell).join(',')];
  await funnel(deps, org, p, ({ learner, outcome }) => {
    lines.push([
      learner.email, learner.name, Math.round(outcome.fraction * 100), ...outcome.steps.map((s) => (s ? 'done' : '')),
      outcome.satisfied ? 'yes' : 'no', outcome.holdsTarget ? 'yes' : 'no',
    ].map(csvCell).join(','));
  });
  return `${lines.join('\r\n')}\r\n`;
}
