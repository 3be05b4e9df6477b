import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateOb3Credential } from '../../../src/core/schema/index.ts';
import type { Fetcher } from '../../../src/core/verify/types.ts';
import { verifyCredential } from '../../../src/core/verify/verify-credential.ts';
import { buildServer } from '../../../src/http/build-server.ts';
import { findCredential } from '../../../src/db/repositories/credentials.repository.ts';
import { insertUser, insertUserEmail, upsertMembership } from '../../../src/db/repositories/users.repository.ts';
import type { Auth } from '../../../src/services/auth.ts';
import { DIALECTS } from '../../helpers/db.ts';
import { createIssuerOrg, createMicroCredential, issuanceHarness, PUBLIC_URL, type IssuanceHarness } from '../../helpers/issuance.ts';
import { expectCode } from './setup.ts';

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]);

describe.each(DIALECTS)('awards on %s', (dialect) => {
  let h: IssuanceHarness & { handle: Awaited<ReturnType<typeof issuanceHarness>>['handle'] };
  let staff: Auth;
  let assessor: Auth;
  let learner: Auth;
  let orgId: string;

  beforeEach(async () => {
    h = await issuanceHarness(dialect);
    const org = await createIssuerOrg(h.services);
    orgId = org.orgId;
    staff = org.auth;
    const db = h.services.deps.db;
    const t = '2026-12-01T00:00:00.000Z';
    await insertUser(db, { id: 'as1', name: 'Asa Assessor', publicProfile: false, profileSlug: null, createdAt: t, deletedAt: null }, null);
    await upsertMembership(db, { organizationId: orgId, userId: 'as1', role: 'assessor', createdAt: t });
    assessor = { userId: 'as1', organizationId: orgId, role: 'assessor', scopes: [] };
    await insertUser(db, { id: 'ln1', name: 'Ada Lovelace', publicProfile: false, profileSlug: null, createdAt: t, deletedAt: null }, null);
    await insertUserEmail(db, { id: 'ln1e', userId: 'ln1', email: 'ada@example.com', isPrimary: true, verifiedAt: t, createdAt: t });
    learner = { userId: 'ln1', scopes: [], user: { id: 'ln1', name: 'Ada Lovelace', email: 'ada@example.com', emailVerified: true } };
  });
  afterEach(async () => h.close());

  /** A module with a two-question quiz and a project, linked to a micro-credential. */
  async function course() {
    const s = h.services;
    const achievementId = await createMicroCredential(s, staff, { resultDescriptions: [], criteriaNarrative: 'Pass the quiz and the project.' });
    const m = await s.modules.create(staff, { title: 'Python data', status: 'published', achievementIds: [achievementId] });
    const q1 = await s.quizzes.addQuestion(staff, m.id, { type: 'true_false', prompt: 'Lists are mutable.', correct: true });
    const q2 = await s.quizzes.addQuestion(staff, m.id, { type: 'short_text', prompt: 'Library for data frames?', acceptedAnswers: 'pandas' });
    const quiz = await s.quizzes.createQuiz(staff, m.id, { title: 'Final quiz', passMark: 70, attemptLimit: 3 });
    const project = await s.projects.create(staff, m.id, { title: 'Analysis notebook', brief: 'Analyse a dataset.', rubricText: 'Method | Weak=0 | Sound=2* | Strong=3\nReport | Unclear=0 | Clear=1*' });
    return { achievementId, m, q1, q2, quiz, project };
  }

  async function earnEverything(c: Awaited<ReturnType<typeof course>>) {
    const s = h.services;
    await s.modules.selfEnrol(learner, c.m.id);
    const a1 = await s.quizzes.startAttempt(learner, c.quiz.id);
    const r1 = await s.quizzes.submitAttempt(learner, a1.token, { [c.q1.id]: 'false', [c.q2.id]: 'numpy' });
    expect(r1.result.passed).toBe(false);
    h.clock.advance(60_000);
    const a2 = await s.quizzes.startAttempt(learner, c.quiz.id);
    h.clock.advance(120_000);
    const r2 = await s.quizzes.submitAttempt(learner, a2.token, { [c.q1.id]: 'true', [c.q2.id]: ' Pandas ' });
    expect(r2.result.percent).toBe(100);
    const sub = await s.projects.submit(learner, c.project.id, { text: 'Notebook attached', files: [{ name: 'analysis.pdf', bytes: PDF }] });
    h.clock.advance(3_600_000);
    return sub;
  }

  it('issues the credential once, with quiz score and rubric levels that match the achievement, and emails the learner', async () => {
    const s = h.services;
    const c = await course();
    await s.awards.setRule(staff, c.achievementId, { rule: { requirements: [{ kind: 'quiz', quizId: c.quiz.id, minPercent: 70 }, { kind: 'project', projectId: c.project.id }] }, credits: 2.5 });
    const sub = await earnEverything(c);
    const before = await s.awards.progressOfLearner(learner, orgId);
    expect(before[0]!.evaluation.explanation.join('\n')).toMatch(/✗ Project “Analysis notebook”: submitted, waiting for review/);
    expect(await h.services.deps.db.selectFrom('credentials').select('id').execute()).toEqual([]);

    await s.projects.review(assessor, sub.id, { decision: 'accept', levels: { method: 'strong', report: 'clear' }, feedback: 'Clean and reproducible.' });
    const creds = await s.deps.db.selectFrom('credentials').select(['id', 'source']).execute();
    expect(creds).toHaveLength(1);
    expect(creds[0]!.source).toBe('assessment');
    const awardMails = h.mailer.sent.filter((m) => m.to === 'ada@example.com' && m.kind !== 'submission_reviewed');
    expect(awardMails).toHaveLength(1);

    const record = (await findCredential(s.deps.db, orgId, creds[0]!.id))!;
    const vc = JSON.parse(record.document);
    expect(validateOb3Credential(vc).valid).toBe(true);
    const subject = vc.credentialSubject;
    const rdIds = subject.achievement.resultDescription.map((d: { id: string }) => d.id);
    expect(subject.result).toHaveLength(3);
    for (const r of subject.result) expect(rdIds).toContain(r.resultDescription);
    expect(subject.result).toContainEqual(expect.objectContaining({ value: '100' }));
    const method = subject.achievement.resultDescription.find((d: { name: string }) => d.name === 'Analysis notebook: Method');
    expect(subject.result).toContainEqual(expect.objectContaining({ resultDescription: method.id, achievedLevel: method.rubricCriterionLevel[2].id }));
    expect(subject.creditsEarned).toBe(2.5);
    expect(subject.activityStartDate).toBe('2026-12-04T20:01:00Z'); // start of the attempt that counted
    expect(Date.parse(subject.activityEndDate)).toBeGreaterThan(Date.parse(subject.activityStartDate));
    expect(vc.evidence[0]).toMatchObject({ id: `https://badges.example.edu/evidence/submissions/${sub.id}`, narrative: 'Assessor’s feedback: Clean and reproducible.' });

    // Verified as a stranger would, with the issuer's key and status list served by the app.
    const app = await buildServer(s);
    const fetcher: Fetcher = async (url, opts) => {
      const res = await app.inject({ method: 'GET', url: url.slice(PUBLIC_URL.length), headers: { accept: opts.accept } });
      return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: new Uint8Array(res.rawPayload) };
    };
    const verified = await verifyCredential(vc, { now: h.clock.now(), fetcher });
    const status = (id: string) => verified.checks.find((c) => c.id === id)?.status;
    expect(status('proof'), JSON.stringify(verified.checks)).toBe('valid');
    expect(status('issuer_key_controller')).toBe('valid');
    expect(status('revocation_status')).toBe('valid');
    expect(verified.checks.filter((c) => c.status === 'invalid')).toEqual([]);
    await app.close();

    // Later evidence changes issue nothing more.
    const again = await s.awards.evidenceChanged(orgId, record.learnerId);
    expect(again[0]).toMatchObject({ credentialId: record.id, issuedNow: false });
    expect(await s.deps.db.selectFrom('credentials').select('id').execute()).toHaveLength(1);
  });

  it('two concurrent award attempts on two app instances issue one credential', async () => {
    const c = await course();
    await earnEverything(c);
    const queue = await h.services.projects.queue(assessor);
    await h.services.projects.review(assessor, queue[0]!.submission.id, { decision: 'accept', levels: { method: 'sound', report: 'clear' } });
    await h.services.awards.setRule(staff, c.achievementId, { rule: { requirements: [{ kind: 'quiz', quizId: c.quiz.id }, { kind: 'project', projectId: c.project.id }] }, backfill: false });
    const other = await issuanceHarness(dialect, { handle: h.handle, clock: h.clock });
    const learnerId = queue[0]!.submission.learnerId;
    const results = await Promise.all([
      h.services.awards.evidenceChanged(orgId, learnerId),
      other.services.awards.evidenceChanged(orgId, learnerId),
      h.services.awards.evidenceChanged(orgId, learnerId),
    ]);
    const ids = new Set(results.map((r) => r[0]!.credentialId));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r[0]!.issuedNow)).toHaveLength(1);
    expect(await h.services.deps.db.selectFrom('credentials').select('id').execute()).toHaveLength(1);
    expect(await h.services.deps.db.selectFrom('awards').select('id').execute()).toHaveLength(1);
    const mails = [...h.mailer.sent, ...other.mailer.sent].filter((m) => m.to === 'ada@example.com' && m.kind !== 'submission_reviewed');
    expect(mails).toHaveLength(1);
  });

  it('a rule set after the fact awards the enrolled learners who already meet it', async () => {
    const c = await course();
    await h.services.modules.update(staff, c.m.id, { achievementIds: [c.achievementId] });
    await earnEverything(c);
    const queue = await h.services.projects.queue(assessor);
    await h.services.projects.review(assessor, queue[0]!.submission.id, { decision: 'accept', levels: { method: 'sound', report: 'clear' } });
    const saved = await h.services.awards.setRule(staff, c.achievementId, { rule: { requirements: [{ kind: 'quiz', quizId: c.quiz.id }, { kind: 'project', projectId: c.project.id }] } });
    expect(saved.awarded).toBe(1);
    const again = await h.services.awards.setRule(staff, c.achievementId, { rule: { requirements: [{ kind: 'quiz', quizId: c.quiz.id }] } });
    expect(again.awarded).toBe(0);
    expect(await h.services.deps.db.selectFrom('credentials').select('id').execute()).toHaveLength(1);
  });

  it('a mastery requirement counts the latest result of each tagged question and lands in the credential', async () => {
    const s = h.services;
    const fw = await s.competencies.createFramework(staff, { name: 'Data skills' });
    const comp = await s.competencies.createCompetency(staff, { frameworkId: fw.id, code: 'PY1', name: 'Python basics' });
    const achievementId = await createMicroCredential(s, staff, { resultDescriptions: [] });
    const m = await s.modules.create(staff, { title: 'Python', status: 'published', achievementIds: [achievementId], competencyIds: [comp.id] });
    const q1 = await s.quizzes.addQuestion(staff, m.id, { type: 'true_false', prompt: 'Tuples are immutable.', correct: true, competencies: [comp.id] });
    const q2 = await s.quizzes.addQuestion(staff, m.id, { type: 'numeric', prompt: 'len([1,2,3])?', answer: '3', competencies: [comp.id] });
    const quiz = await s.quizzes.createQuiz(staff, m.id, { title: 'Basics', passMark: 50 });
    await s.awards.setRule(staff, achievementId, { rule: { requirements: [{ kind: 'mastery', competencyId: comp.id, minPercent: 100 }] } });
    await s.modules.selfEnrol(learner, m.id);
    const a1 = await s.quizzes.startAttempt(learner, quiz.id);
    await s.quizzes.submitAttempt(learner, a1.token, { [q1.id]: true, [q2.id]: '4' }); // 50 %: passes the quiz, not mastery
    expect(await s.deps.db.selectFrom('credentials').select('id').execute()).toEqual([]);
    h.clock.advance(60_000);
    const a2 = await s.quizzes.startAttempt(learner, quiz.id);
    await s.quizzes.submitAttempt(learner, a2.token, { [q1.id]: true, [q2.id]: '3' });
    const rows = await s.deps.db.selectFrom('credentials').select('document').execute();
    expect(rows).toHaveLength(1);
    const subject = JSON.parse(rows[0]!.document).credentialSubject;
    const rd = subject.achievement.resultDescription.find((d: { name: string }) => d.name === 'Mastery of Python basics');
    expect(subject.result).toEqual([{ type: ['Result'], resultDescription: rd.id, value: '100' }]);
  });

  it('validates rules against the organization, and keeps staff of other organizations out', async () => {
    const c = await course();
    await expectCode(h.services.awards.setRule(staff, c.achievementId, { rule: { requirements: [{ kind: 'quiz', quizId: 'nope' }] } }), 'award_rule_invalid');
    await expectCode(h.services.awards.setRule(assessor, c.achievementId, { rule: { requirements: [{ kind: 'quiz', quizId: c.quiz.id }] } }), 'forbidden');
    const other = await createIssuerOrg(h.services, 'Other College');
    await expectCode(h.services.awards.setRule(other.auth, c.achievementId, { rule: { requirements: [{ kind: 'quiz', quizId: c.quiz.id }] } }), 'award_rule_invalid');
    await expectCode(h.services.projects.queue(other.auth), 'forbidden');
  });
});
