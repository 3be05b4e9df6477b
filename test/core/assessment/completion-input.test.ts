import { describe, expect, it } from 'vitest';
import { parseCompletionBody, parseXapiStatement, XAPI_VERBS } from '../../../src/core/assessment/completion-input.ts';
import { AppError } from '../../../src/core/errors.ts';

const URL = 'https://badges.example.edu';
const stmt = (over: Record<string, unknown> = {}) => ({
  id: '6690e6c9-3ef0-4ed3-8b37-7f3964730bee',
  actor: { objectType: 'Agent', name: 'Ada', mbox: 'mailto:Ada@Example.com' },
  verb: { id: XAPI_VERBS.passed, display: { 'en-US': 'passed' } },
  object: { id: `${URL}/learn/quizzes/q-123`, objectType: 'Activity' },
  result: { score: { scaled: 0.875 }, success: true, completion: true },
  timestamp: '2026-12-04T10:00:00Z',
  ...over,
});

function issueFields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    return (e as AppError).issues.map((i) => i.field);
  }
  throw new Error('did not throw');
}

describe('parseXapiStatement', () => {
  it('reads a passed statement with a scaled score', () => {
    expect(parseXapiStatement(stmt(), URL)).toEqual({
      externalEventId: '6690e6c9-3ef0-4ed3-8b37-7f3964730bee', email: 'ada@example.com', name: 'Ada',
      target: { kind: 'quiz', id: 'q-123' }, percent: 87.5, success: true, completedAt: '2026-12-04T10:00:00.000Z',
    });
  });

  it.each([
    [{ verb: { id: XAPI_VERBS.completed }, result: { score: { scaled: 0.4 } } }, null, 40],
    [{ verb: { id: XAPI_VERBS.completed }, result: { success: false } }, false, null],
    [{ verb: { id: XAPI_VERBS.failed }, result: { score: { scaled: 0.3 } } }, false, 30],
    [{ object: { id: 'urn:microcred:module:m-9' }, verb: { id: XAPI_VERBS.completed }, result: undefined }, null, null],
  ])('%j → success %s, percent %s', (over, success, percent) => {
    const r = parseXapiStatement(stmt(over), URL);
    expect(r.success).toBe(success);
    expect(r.percent).toBe(percent);
  });

  it('names modules by URL too', () => {
    expect(parseXapiStatement(stmt({ object: { id: `${URL}/learn/modules/m-1` } }), URL).target).toEqual({ kind: 'module', id: 'm-1' });
  });

  it.each([
    [{ id: undefined }, 'id'],
    [{ actor: { mbox: 'ada@example.com' } }, 'actor.mbox'],
    [{ actor: { account: { name: 'ada' } } }, 'actor.mbox'],
    [{ verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' } }, 'verb.id'],
    [{ object: { id: 'https://elsewhere.example/learn/quizzes/q-1' } }, 'object.id'],
    [{ object: { id: `${URL}/learn/quizzes/../../admin` } }, 'object.id'],
    [{ result: { score: { scaled: 1.5 } } }, 'result.score.scaled'],
    [{ result: { score: { scaled: -0.1 } } }, 'result.score.scaled'],
    [{ result: { score: { scaled: 'NaN' } } }, 'result.score.scaled'],
    [{ timestamp: 'yesterday' }, 'timestamp'],
  ])('refuses %j (%s)', (over, field) => {
    expect(issueFields(() => parseXapiStatement(stmt(over), URL))).toContain(field);
  });

  it('refuses a non-object with the xapi code', () => {
    expect(() => parseXapiStatement('hello', URL)).toThrowError(expect.objectContaining({ code: 'xapi_statement_invalid' }));
  });
});

describe('parseCompletionBody', () => {
  const body = { externalEventId: 'lms-42', learnerEmail: ' Bob@Example.com ', quizId: 'q1', score: 91, completedAt: '2026-12-04T08:00:00+01:00' };
  it('normalises the body', () => {
    expect(parseCompletionBody(body)).toEqual({
      externalEventId: 'lms-42', email: 'bob@example.com', name: null, target: { kind: 'quiz', id: 'q1' }, percent: 91, success: null,
      completedAt: '2026-12-04T07:00:00.000Z',
    });
  });
  it.each([
    [{ externalEventId: '' }, 'externalEventId'],
    [{ learnerEmail: 'nope' }, 'learnerEmail'],
    [{ moduleId: 'm1' }, 'quizId'],
    [{ quizId: undefined }, 'quizId'],
    [{ score: 101 }, 'score'],
    [{ score: '90' }, 'score'],
    [{ passed: 'yes' }, 'passed'],
    [{ completedAt: '2026-12-04' }, 'completedAt'],
  ])('refuses %j (%s)', (over, field) => {
    expect(issueFields(() => parseCompletionBody({ ...body, ...over }))).toContain(field);
  });
});
