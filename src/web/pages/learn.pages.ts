/**
 * Learner pages: module catalogue and module page (enrol), quiz taking and results, project submission
 * with files, feedback, the submission file download, and the public evidence page a credential links to.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { SUBMISSION_LIMITS } from '../../core/assessment/submission-files.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import { fieldErrorsOf } from '../forms.ts';
import { html } from '../html.ts';
import { page, redirectWithFlash } from '../respond.ts';
import { attemptFormView, awardProgressView, moduleView, quizIntroView, resultView } from './learn.views.ts';
import { evidenceView, projectLearnerView } from './learn-projects.views.ts';

type Form = Record<string, string | string[] | undefined>;

/** Quiz responses from form fields named `r.<questionId>` (checkbox groups arrive as arrays). */
export function responsesOf(body: Form): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) if (k.startsWith('r.') && v !== undefined) out[k.slice(2)] = v;
  return out;
}

/** Reads a multipart submission form: text fields and up to the allowed number of files. */
async function readSubmissionForm(request: FastifyRequest): Promise<{ fields: Record<string, string>; files: Array<{ name: string; bytes: Uint8Array }> }> {
  const fields: Record<string, string> = {};
  const files: Array<{ name: string; bytes: Uint8Array }> = [];
  const parts = request.parts({ limits: { files: SUBMISSION_LIMITS.files + 1, fileSize: SUBMISSION_LIMITS.fileBytes + 1 } });
  for await (const part of parts) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer().catch((e: { code?: string }) => {
        if (e.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('file_too_large', `“${part.filename}” is larger than ${SUBMISSION_LIMITS.fileBytes / 1024 / 1024} MB.`, { field: 'files' });
        if (e.code === 'FST_FILES_LIMIT') throw new AppError('validation_failed', `At most ${SUBMISSION_LIMITS.files} files.`, { field: 'files' });
        throw e;
      });
      if (bytes.length > 0 && part.filename) files.push({ name: part.filename, bytes });
    } else fields[part.fieldname] = String(part.value ?? '');
  }
  return { fields, files };
}

export default async function learnPages(app: App, { services }: PluginOptions): Promise<void> {
  const cfg = { page: true };
  const s = services;

  app.get('/learn', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const all = await s.modules.catalogue();
    const mine = await s.modules.myModules(request.auth);
    const item = (m: (typeof all)[number]) => html`<li><a href="/learn/modules/${m.id}">${m.title}</a>${m.summary ? html` — <span class="muted">${m.summary.slice(0, 160)}</span>` : ''}</li>`;
    return page(request, reply, { title: 'Learn', current: '/learn', body: html`<div class="page-head"><h1>Learning modules</h1></div>
${mine.length ? html`<section class="card"><h2>Your modules</h2><ul>${mine.map(item)}</ul></section>` : ''}
<section class="card"><h2>All open modules</h2>${all.length ? html`<ul>${all.map(item)}</ul>` : html`<p>No modules are published yet.</p>`}</section>` });
  });

  app.get('/learn/modules/:id', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const v = await s.modules.forLearner(request.auth, id);
    const quizzes = v.enrolled ? await s.quizzes.quizzesOfModule(id) : [];
    const projects = v.enrolled ? await s.projects.projectsOfModule(v.module.organizationId, id) : [];
    const progress = v.enrolled ? awardProgressView(await s.awards.progressOfLearner(request.auth, v.module.organizationId, v.module.achievementIds)) : html``;
    return page(request, reply, { title: v.module.title, body: moduleView(request.csrfToken, v.module, { enrolled: v.enrolled, signedIn: Boolean(request.auth.userId), quizzes, projects, progress }) });
  });

  app.post('/learn/modules/:id/enrol', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!request.auth.userId) return reply.redirect(`/signin?next=/learn/modules/${id}`, 303);
    try {
      await s.modules.selfEnrol(request.auth, id);
      return redirectWithFlash(reply, `/learn/modules/${id}`, { kind: 'success', message: 'You are enrolled. Welcome!' });
    } catch (e) {
      if (e instanceof AppError && e.code !== 'module_not_found') return redirectWithFlash(reply, `/learn/modules/${id}`, { kind: 'error', message: e.message });
      throw e;
    }
  });

  app.get('/learn/quizzes/:id', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!request.auth.userId) return reply.redirect(`/signin?next=/learn/quizzes/${id}`, 303);
    const v = await s.quizzes.learnerQuiz(request.auth, id);
    return page(request, reply, { title: v.quiz.title, body: quizIntroView(request.csrfToken, v) });
  });

  app.post('/learn/quizzes/:id/start', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { id } = request.params as { id: string };
    try {
      const started = await s.quizzes.startAttempt(request.auth, id);
      const v = await s.quizzes.learnerQuiz(request.auth, id);
      return page(request, reply, { title: `${v.quiz.title}: attempt ${started.attemptNumber}`, noindex: true, body: attemptFormView(request.csrfToken, v.quiz, started) });
    } catch (e) {
      if (e instanceof AppError && (e.code === 'attempt_limit_reached' || e.code === 'attempt_already_submitted' || e.code === 'question_bank_too_small')) {
        return redirectWithFlash(reply, `/learn/quizzes/${id}`, { kind: 'error', message: e.message });
      }
      throw e;
    }
  });

  app.post('/learn/attempts/submit', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const body = (request.body ?? {}) as Form;
    try {
      const r = await s.quizzes.submitAttempt(request.auth, String(body.token ?? ''), responsesOf(body));
      return redirectWithFlash(reply, `/learn/attempts/${r.attemptId}`, { kind: r.result.passed ? 'success' : 'info', message: `Submitted: you scored ${r.result.percent}%.` });
    } catch (e) {
      if (e instanceof AppError && (e.code === 'attempt_time_expired' || e.code === 'attempt_already_submitted' || e.code === 'attempt_not_found')) {
        return page(request, reply, { title: 'Submission refused', body: html`<section class="card"><h1>Your answers were not accepted</h1><p>${e.message}</p><p><a href="/learn">Back to your modules</a></p></section>` }, e.code === 'attempt_time_expired' ? 410 : 409);
      }
      throw e;
    }
  });

  app.get('/learn/attempts/:id', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!request.auth.userId) return reply.redirect('/signin', 303);
    const r = await s.quizzes.results(request.auth, id);
    const v = await s.quizzes.learnerQuiz(request.auth, r.quizId);
    return page(request, reply, { title: `Result: ${v.quiz.title}`, body: resultView(r, v.quiz.title, `/learn/quizzes/${r.quizId}`) });
  });

  app.get('/learn/projects/:id', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!request.auth.userId) return reply.redirect(`/signin?next=/learn/projects/${id}`, 303);
    const v = await s.projects.forLearner(request.auth, id);
    return page(request, reply, { title: v.project.title, body: projectLearnerView(request.csrfToken, v, {}) });
  });

  app.post('/learn/projects/:id/submit', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { id } = request.params as { id: string };
    let fields: Record<string, string> = {};
    try {
      const form = await readSubmissionForm(request);
      fields = form.fields;
      await s.projects.submit(request.auth, id, { text: fields.text ?? '', links: fields.links ?? '', files: form.files });
      return redirectWithFlash(reply, `/learn/projects/${id}`, { kind: 'success', message: 'Submitted. An assessor will review your work.' });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind === 'not_found' || e.kind === 'unauthenticated') throw e;
      const v = await s.projects.forLearner(request.auth, id);
      return page(request, reply, { title: v.project.title, body: projectLearnerView(request.csrfToken, v, fieldErrorsOf(e), fields) }, e.kind === 'too_large' ? 413 : e.kind === 'unsupported_media' ? 415 : 400);
    }
  });

  app.post('/learn/submissions/:id/evidence', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const visible = (request.body as Form | undefined)?.public === 'true';
    await s.projects.setEvidencePublic(request.auth, id, visible);
    return redirectWithFlash(reply, `/evidence/submissions/${id}`, { kind: 'success', message: visible ? 'The evidence page is now public.' : 'The evidence page is now private.' });
  });

  app.get('/learn/files/:submissionId/:fileId', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { submissionId, fileId } = request.params as { submissionId: string; fileId: string };
    const { file, bytes } = await s.projects.readFile(request.auth, submissionId, fileId);
    return reply.header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('content-disposition', `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .type(file.type).send(bytes);
  });

  app.get('/evidence/submissions/:id', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const v = await s.projects.evidence(request.auth, id);
    return page(request, reply, { title: v ? `Evidence: ${v.project.title}` : 'Evidence', noindex: !v?.submission.evidencePublic, body: evidenceView(request.csrfToken, v) });
  });
}
