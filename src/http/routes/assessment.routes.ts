/**
 * Assessment API under /api/v1: modules and enrolment, question banks, quizzes and attempts (answers never
 * leave the server before submission), projects and the review queue, award rules, and external
 * completions (`POST /completions`, `POST /xapi/statements`, both idempotent on the sender's event id).
 */
import { Type } from '@sinclair/typebox';
import type { QuestionInput } from '../../core/assessment/question-input.ts';
import type { AwardRule } from '../../core/assessment/award-rule.ts';
import type { Submission } from '../../db/repositories/projects.repository.ts';
import type { ExternalCompletion } from '../../db/repositories/awards.repository.ts';
import {
  AttemptResultOut, AwardRuleBody, AwardRuleOut, CompletionBody, CompletionOut, CsvEnrolOut, EnrolBody, EnrolOut, IdParam, ModuleBody, ModuleOut,
  ProgressOut, ProjectBody, ProjectOut, QuestionBody, QuestionOut, QueueOut, QuizBody, QuizOut, ReviewBody, StartedAttemptOut, SubmissionOut, SubmitBody,
} from '../schemas/assessment.schema.ts';
import { ErrorResponse, errorResponses, secured } from '../schemas/common.ts';
import type { App, PluginOptions } from '../types.ts';
import { readCsvUpload } from './competencies.routes.ts';

const tags = ['assessment'];

/** A submission without the on-disk file names. */
export function submissionOut(s: Submission) {
  return { ...s, files: s.files.map((f) => ({ id: f.id, name: f.name, type: f.type, size: f.size })) };
}

const completionOut = (c: ExternalCompletion, replayed: boolean) => ({
  id: c.id, externalEventId: c.externalEventId, targetKind: c.targetKind, targetId: c.targetId, percent: c.percent, passed: c.passed,
  completedAt: c.completedAt, source: c.source, replayed,
});

export default async function assessmentRoutes(app: App, { services }: PluginOptions): Promise<void> {
  const s = services;

  // Modules (staff)
  app.get('/modules', { schema: { tags, summary: 'List the organization’s modules', security: secured, response: { 200: Type.Array(ModuleOut), ...errorResponses(401, 403) } } },
    async (request) => s.modules.list(request.auth));
  app.post('/modules', { schema: { tags, summary: 'Create a module', security: secured, body: ModuleBody, response: { 201: ModuleOut, ...errorResponses(400, 401, 403, 404) } } },
    async (request, reply) => reply.code(201).send(await s.modules.create(request.auth, request.body)));
  app.get('/modules/:id', { schema: { tags, summary: 'One module', security: secured, params: IdParam, response: { 200: ModuleOut, ...errorResponses(401, 403, 404) } } },
    async (request) => s.modules.get(request.auth, request.params.id));
  app.patch('/modules/:id', { schema: { tags, summary: 'Change a module', security: secured, params: IdParam, body: ModuleBody, response: { 200: ModuleOut, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => s.modules.update(request.auth, request.params.id, request.body));
  app.post('/modules/:id/enrolments', { schema: { tags, summary: 'Enrol a learner by email', security: secured, params: IdParam, body: EnrolBody, response: { 200: EnrolOut, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => s.modules.enrol(request.auth, request.params.id, request.body));
  app.post('/modules/:id/enrolments/import', {
    schema: { tags, summary: 'Enrol learners from CSV (email,name)', security: secured, params: IdParam, consumes: ['text/csv', 'multipart/form-data'], response: { 200: CsvEnrolOut, ...errorResponses(400, 401, 403, 404, 413, 415) } },
  }, async (request) => s.modules.enrolCsv(request.auth, request.params.id, await readCsvUpload(request)));
  app.get('/modules/:id/progress', { schema: { tags, summary: 'Enrolled, attempted, passed, awarded', security: secured, params: IdParam, response: { 200: ProgressOut, ...errorResponses(401, 403, 404) } } },
    async (request) => s.modules.progress(request.auth, request.params.id));

  // Learner enrolment and attempts
  app.post('/modules/:id/enrol', { schema: { tags, summary: 'Enrol yourself in an open module', security: secured, params: IdParam, response: { 200: EnrolOut, ...errorResponses(401, 403, 404) } } },
    async (request) => s.modules.selfEnrol(request.auth, request.params.id));
  app.post('/quizzes/:id/attempts', { schema: { tags, summary: 'Start (or resume) an attempt: public questions and a one-time token', security: secured, params: IdParam, response: { 200: StartedAttemptOut, ...errorResponses(401, 403, 404, 409, 422) } } },
    async (request) => s.quizzes.startAttempt(request.auth, request.params.id));
  app.post('/attempts/submit', {
    schema: { tags, summary: 'Submit an attempt with its token; graded on the server', security: secured, body: SubmitBody, response: { 200: AttemptResultOut, 410: ErrorResponse, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => s.quizzes.submitAttempt(request.auth, request.body.token, request.body.responses));
  app.get('/attempts/:id', { schema: { tags, summary: 'Your result of one attempt, with the feedback the review policy allows', security: secured, params: IdParam, response: { 200: AttemptResultOut, ...errorResponses(401, 403, 404) } } },
    async (request) => s.quizzes.results(request.auth, request.params.id));

  // Question bank and quizzes (staff)
  app.get('/modules/:id/questions', { schema: { tags, summary: 'The module’s question bank (with answers; staff only)', security: secured, params: IdParam, response: { 200: Type.Array(QuestionOut), ...errorResponses(401, 403, 404) } } },
    async (request) => s.quizzes.bank(request.auth, request.params.id));
  app.post('/modules/:id/questions', { schema: { tags, summary: 'Add a question to the bank', security: secured, params: IdParam, body: QuestionBody, response: { 201: QuestionOut, ...errorResponses(400, 401, 403, 404) } } },
    async (request, reply) => reply.code(201).send(await s.quizzes.addQuestion(request.auth, request.params.id, request.body as unknown as QuestionInput)));
  app.get('/modules/:id/quizzes', { schema: { tags, summary: 'Quizzes of a module', security: secured, params: IdParam, response: { 200: Type.Array(QuizOut), ...errorResponses(401, 403, 404) } } },
    async (request) => s.quizzes.listQuizzes(request.auth, request.params.id));
  app.post('/modules/:id/quizzes', { schema: { tags, summary: 'Create a quiz', security: secured, params: IdParam, body: QuizBody, response: { 201: QuizOut, ...errorResponses(400, 401, 403, 404) } } },
    async (request, reply) => reply.code(201).send(await s.quizzes.createQuiz(request.auth, request.params.id, request.body as Record<string, unknown>)));
  app.patch('/quizzes/:id', { schema: { tags, summary: 'Change a quiz', security: secured, params: IdParam, body: QuizBody, response: { 200: QuizOut, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => s.quizzes.updateQuiz(request.auth, request.params.id, request.body as Record<string, unknown>));

  // Projects and reviews
  app.post('/modules/:id/projects', { schema: { tags, summary: 'Create a project with its rubric', security: secured, params: IdParam, body: ProjectBody, response: { 201: ProjectOut, ...errorResponses(400, 401, 403, 404) } } },
    async (request, reply) => reply.code(201).send(await s.projects.create(request.auth, request.params.id, request.body)));
  app.get('/review-queue', { schema: { tags, summary: 'Submissions waiting for review in your organization', security: secured, response: { 200: QueueOut, ...errorResponses(401, 403) } } },
    async (request) => (await s.projects.queue(request.auth)).map((q) => ({ ...q, submission: submissionOut(q.submission) })));
  app.post('/submissions/:id/review', { schema: { tags, summary: 'Score the rubric, give feedback, accept or ask for a resubmission', security: secured, params: IdParam, body: ReviewBody, response: { 200: SubmissionOut, ...errorResponses(400, 401, 403, 404, 409) } } },
    async (request) => submissionOut(await s.projects.review(request.auth, request.params.id, request.body)));

  // Award rules
  app.put('/achievements/:id/award-rule', { schema: { tags, summary: 'Set the award rule of a micro-credential', security: secured, params: IdParam, body: AwardRuleBody, response: { 200: AwardRuleOut, ...errorResponses(400, 401, 403, 404) } } },
    async (request) => s.awards.setRule(request.auth, request.params.id, { rule: { requirements: request.body.requirements } as AwardRule, credits: request.body.credits ?? null }));

  // External completions (API tokens with completions:write)
  app.post('/completions', {
    schema: { tags, summary: 'Report a completion from another LMS (idempotent on externalEventId)', security: [{ bearer: [] }], body: CompletionBody, response: { 200: CompletionOut, 201: CompletionOut, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    const r = await s.completions.recordCompletion(request.auth, request.body);
    return reply.code(r.replayed ? 200 : 201).send(completionOut(r.completion, r.replayed));
  });
  app.post('/xapi/statements', {
    config: { csrf: false },
    schema: {
      tags, summary: 'Receive xAPI statements (completed/passed/failed with result.score.scaled)', security: [{ bearer: [] }],
      body: Type.Any({ description: 'One xAPI statement or a list of them.' }), response: { 200: Type.Array(Type.String({ description: 'Statement ids, as xAPI answers.' })), ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => (await s.completions.recordXapi(request.auth, request.body)).map((r) => r.completion.externalEventId));
}
