/**
 * External completions: other LMSs report results through the completion API or xAPI statements
 * (`completions:write`). Each report is stored once per external event id (a replay with the same body
 * returns the stored one; a different body is a conflict), enrols the learner, and feeds the award rules.
 */
import { createHash, randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import { parseCompletionBody, parseXapiStatement, type CompletionReport } from '../../core/assessment/completion-input.ts';
import { AppError } from '../../core/errors.ts';
import { insertCompletionOnce, type ExternalCompletion } from '../../db/repositories/awards.repository.ts';
import { upsertLearner } from '../../db/repositories/learners.repository.ts';
import { findModule, insertEnrolment } from '../../db/repositories/modules.repository.ts';
import { findQuiz } from '../../db/repositories/quizzes.repository.ts';
import { withTransaction, type Db } from '../../db/transaction.ts';
import { audit } from '../audit.service.ts';
import { requirePermission, type Auth } from '../auth.ts';
import type { Clock } from '../deps.ts';
import type { EvidenceListener } from './quizzes.service.ts';

export interface CompletionsDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  evidence?: EvidenceListener;
}

export interface CompletionResult {
  completion: ExternalCompletion;
  /** True when this event id had been recorded before (nothing changed). */
  replayed: boolean;
}

const hashOf = (r: CompletionReport) => createHash('sha256').update(canonicalize(r) ?? '', 'utf8').digest('hex');

export class CompletionsService {
  constructor(private readonly deps: CompletionsDeps) {}

  /** Record a completion posted to the API. */
  async recordCompletion(auth: Auth, body: Record<string, unknown>): Promise<CompletionResult> {
    const a = requirePermission(auth, 'completions:write');
    return this.record(a, parseCompletionBody(body ?? {}), 'api');
  }

  /** Record one xAPI statement or a list of them (each idempotent on its statement id). */
  async recordXapi(auth: Auth, statements: unknown): Promise<CompletionResult[]> {
    const a = requirePermission(auth, 'completions:write');
    const list = Array.isArray(statements) ? statements : [statements];
    if (list.length === 0 || list.length > 100) {
      throw new AppError('xapi_statement_invalid', 'Send between 1 and 100 statements.', { field: 'statements' });
    }
    const reports = list.map((s, i) => {
      try {
        return parseXapiStatement(s, this.deps.publicUrl);
      } catch (e) {
        if (e instanceof AppError) {
          throw new AppError('xapi_statement_invalid', `Statement ${i}: ${e.message}`, { issues: e.issues.map((x) => ({ field: `${i}.${x.field}`, message: x.message })) });
        }
        throw e;
      }
    });
    const out: CompletionResult[] = [];
    for (const r of reports) out.push(await this.record(a, r, 'xapi'));
    return out;
  }

  private async record(auth: Auth & { organizationId: string }, report: CompletionReport, source: 'api' | 'xapi'): Promise<CompletionResult> {
    const org = auth.organizationId;
    const db = this.deps.db;
    let moduleId: string;
    let passed: boolean;
    if (report.target.kind === 'quiz') {
      const quiz = await findQuiz(db, org, report.target.id);
      if (!quiz) throw new AppError('quiz_not_found', `No quiz ${report.target.id} in this organization.`, { field: source === 'api' ? 'quizId' : 'object.id' });
      moduleId = quiz.moduleId;
      passed = report.success ?? (report.percent !== null && report.percent + 1e-9 >= quiz.passMark);
    } else {
      if (!(await findModule(db, org, report.target.id))) throw new AppError('module_not_found', `No module ${report.target.id} in this organization.`, { field: source === 'api' ? 'moduleId' : 'object.id' });
      moduleId = report.target.id;
      passed = report.success ?? true;
    }
    const now = this.deps.clock.now().toISOString();
    const requestHash = hashOf(report);
    const result = await withTransaction(db, async (trx) => {
      const learner = await upsertLearner(trx, { id: randomUUID(), organizationId: org, email: report.email, name: report.name, now });
      const stored = await insertCompletionOnce(trx, {
        id: randomUUID(), organizationId: org, externalEventId: report.externalEventId, learnerId: learner.id, targetKind: report.target.kind,
        targetId: report.target.id, percent: report.percent, passed, completedAt: report.completedAt ?? now, source, requestHash, createdAt: now,
      });
      if (!stored.created) {
        if (stored.completion.requestHash !== requestHash) {
          throw new AppError('completion_conflict', `The event ${report.externalEventId} was already reported with different data.`, { field: source === 'api' ? 'externalEventId' : 'id' });
        }
        return { completion: stored.completion, replayed: true };
      }
      await insertEnrolment(trx, { id: randomUUID(), organizationId: org, moduleId, learnerId: learner.id, enrolledBy: null, createdAt: now });
      await audit({ db: trx, clock: this.deps.clock }, auth, 'completion.record', { type: report.target.kind, id: report.target.id }, { source, eventId: report.externalEventId, passed });
      return { completion: stored.completion, replayed: false };
    });
    if (!result.replayed) await this.deps.evidence?.evidenceChanged(org, result.completion.learnerId);
    return result;
  }
}
