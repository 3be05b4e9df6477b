import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { XAPI_VERBS } from '../../../src/core/assessment/completion-input.ts';
import type { Auth } from '../../../src/services/auth.ts';
import { DIALECTS } from '../../helpers/db.ts';
import { createIssuerOrg, createMicroCredential, issuanceHarness, PUBLIC_URL, type IssuanceHarness } from '../../helpers/issuance.ts';
import { expectCode } from './setup.ts';

describe.each(DIALECTS)('external completions on %s', (dialect) => {
  let h: IssuanceHarness;
  let staff: Auth;
  let lms: Auth;
  let orgId: string;

  beforeEach(async () => {
    h = await issuanceHarness(dialect);
    const org = await createIssuerOrg(h.services);
    orgId = org.orgId;
    staff = org.auth;
    lms = { tokenId: 'tok1', organizationId: orgId, scopes: ['completions:write'] };
  });
  afterEach(async () => h.close());

  async function setup() {
    const s = h.services;
    const achievementId = await createMicroCredential(s, staff, { resultDescriptions: [] });
    const m = await s.modules.create(staff, { title: 'Safety', status: 'published', achievementIds: [achievementId] });
    const quiz = await s.quizzes.createQuiz(staff, m.id, { title: 'Safety test', passMark: 80 });
    return { achievementId, m, quiz };
  }

  const credentials = () => h.services.deps.db.selectFrom('credentials').select(['id', 'recipient_email']).execute();

  it('the completion API is idempotent on the event id and feeds the award rule', async () => {
    const s = h.services;
    const { achievementId, quiz } = await setup();
    await s.awards.setRule(staff, achievementId, { rule: { requirements: [{ kind: 'quiz', quizId: quiz.id, minPercent: 80 }] } });
    const body = { externalEventId: 'lms-1', learnerEmail: 'bo@example.com', learnerName: 'Bo', quizId: quiz.id, score: 60 };
    const low = await s.completions.recordCompletion(lms, body);
    expect(low).toMatchObject({ replayed: false, completion: { passed: false, percent: 60 } });
    expect(await credentials()).toEqual([]);

    const replay = await s.completions.recordCompletion(lms, body);
    expect(replay.replayed).toBe(true);
    expect(replay.completion.id).toBe(low.completion.id);
    await expectCode(s.completions.recordCompletion(lms, { ...body, score: 95 }), 'completion_conflict');

    const high = await s.completions.recordCompletion(lms, { ...body, externalEventId: 'lms-2', score: 92 });
    expect(high.completion.passed).toBe(true);
    const issued = await credentials();
    expect(issued).toEqual([expect.objectContaining({ recipient_email: 'bo@example.com' })]);
    await s.completions.recordCompletion(lms, { ...body, externalEventId: 'lms-2', score: 92 }); // replay of the passing one
    expect(await credentials()).toHaveLength(1);
  });

  it('xAPI completed/passed statements with result.score.scaled count, replays change nothing', async () => {
    const s = h.services;
    const { achievementId, quiz, m } = await setup();
    await s.awards.setRule(staff, achievementId, { rule: { requirements: [{ kind: 'quiz', quizId: quiz.id }, { kind: 'module', moduleId: m.id }] } });
    const statement = (id: string, verb: string, object: string, scaled?: number) => ({
      id, actor: { mbox: 'mailto:cy@example.com', name: 'Cy' }, verb: { id: verb }, object: { id: object },
      ...(scaled === undefined ? {} : { result: { score: { scaled } } }), timestamp: '2026-12-04T19:00:00Z',
    });
    const quizUrl = `${PUBLIC_URL}/learn/quizzes/${quiz.id}`;
    const r1 = await s.completions.recordXapi(lms, statement('a0e1c7f2-0000-4000-8000-000000000001', XAPI_VERBS.completed, quizUrl, 0.79));
    expect(r1[0]!.completion.passed).toBe(false); // below the pass mark of 80
    const r2 = await s.completions.recordXapi(lms, [
      statement('a0e1c7f2-0000-4000-8000-000000000002', XAPI_VERBS.passed, quizUrl, 0.85),
      statement('a0e1c7f2-0000-4000-8000-000000000001', XAPI_VERBS.completed, quizUrl, 0.79),
    ]);
    expect(r2.map((r) => r.replayed)).toEqual([false, true]);
    expect(await credentials()).toEqual([]); // the module is not completed yet
    await s.completions.recordXapi(lms, statement('a0e1c7f2-0000-4000-8000-000000000003', XAPI_VERBS.completed, `urn:microcred:module:${m.id}`));
    expect(await credentials()).toHaveLength(1);
    const enrolled = await s.modules.enrolled(staff, m.id);
    expect(enrolled.map((e) => e.email)).toEqual(['cy@example.com']);
  });

  it('needs the completions:write scope and refuses unknown targets and bad statements', async () => {
    const s = h.services;
    const { quiz } = await setup();
    await expectCode(s.completions.recordCompletion({ tokenId: 't', organizationId: orgId, scopes: ['credentials:read'] }, {}), 'token_scope_missing');
    await expectCode(s.completions.recordCompletion(lms, { externalEventId: 'x', learnerEmail: 'a@example.com', quizId: 'missing', score: 1 }), 'quiz_not_found');
    await expectCode(s.completions.recordXapi(lms, { id: 'x', actor: {}, verb: {}, object: {} }), 'xapi_statement_invalid');
    const other = await createIssuerOrg(h.services, 'Other');
    await expectCode(s.completions.recordCompletion({ tokenId: 't2', organizationId: other.orgId, scopes: ['completions:write'] }, { externalEventId: 'x', learnerEmail: 'a@example.com', quizId: quiz.id }), 'quiz_not_found');
  });
});
