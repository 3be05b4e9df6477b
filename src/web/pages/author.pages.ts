/** Staff authoring pages: modules, content sections, enrolment (form and CSV), question banks, quizzes, projects, award rules, progress. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseSectionsText } from '../../core/assessment/module-input.ts';
import type { AwardRequirement } from '../../core/assessment/award-rule.ts';
import type { QuestionInput } from '../../core/assessment/question-input.ts';
import { AppError } from '../../core/errors.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import { readCsvUpload } from '../../http/routes/competencies.routes.ts';
import { fieldErrorsOf, type FieldErrors } from '../forms.ts';
import { page, redirectWithFlash, statusOfError } from '../respond.ts';
import { moduleEditorView, moduleListView, quizFields, quizValues, type FormState } from './author.views.ts';
import { csrfField, errorSummary } from '../forms.ts';
import { editedQuestionInput, questionEditView, questionFormErrors, questionValues } from './author-question.views.ts';
import { html } from '../html.ts';

type Form = Record<string, string | string[] | undefined>;
const str = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

/** The question authoring form → the authoring shape (options: one per line, `*` marks correct ones). */
export function questionFromForm(f: Form): QuestionInput {
  const options = str(f.optionsText).split(/\r?\n/).map((l) => l.trim()).filter(Boolean)
    .map((l) => (l.startsWith('*') ? { text: l.slice(1).trim(), correct: true } : { text: l }));
  return {
    type: str(f.type) as QuestionInput['type'], prompt: str(f.prompt), points: str(f.points) || '1', options,
    ...(str(f.correct) ? { correct: str(f.correct) } : {}), answer: str(f.answer), tolerance: str(f.tolerance),
    acceptedAnswers: str(f.acceptedAnswers), explanation: str(f.explanation), competencies: str(f.competency) ? [str(f.competency)] : [],
  };
}

/** The award-rule form → requirements (checked quizzes and projects, mastery minimums that were filled in). */
export function requirementsFromForm(f: Form, achievementId: string): AwardRequirement[] {
  const reqs: AwardRequirement[] = [];
  for (const quizId of list(f.quiz)) {
    const min = str(f[`quizMin.${achievementId}.${quizId}`]).trim();
    reqs.push(min === '' ? { kind: 'quiz', quizId } : { kind: 'quiz', quizId, minPercent: Number(min) });
  }
  for (const projectId of list(f.project)) reqs.push({ kind: 'project', projectId });
  for (const [k, v] of Object.entries(f)) {
    const prefix = `mastery.${achievementId}.`;
    if (k.startsWith(prefix) && str(v).trim() !== '') reqs.push({ kind: 'mastery', competencyId: k.slice(prefix.length), minPercent: Number(str(v)) });
  }
  return reqs;
}

export default async function authorPages(app: App, { services }: PluginOptions): Promise<void> {
  const cfg = { page: true };
  const s = services;

  async function editor(request: FastifyRequest, reply: FastifyReply, id: string, st?: FormState, status = 200) {
    const auth = request.auth;
    const module = await s.modules.get(auth, id);
    const data = {
      module,
      achievements: (await s.achievements.list(auth, { status: 'active' })).map((a) => ({ id: a.id, name: a.name })),
      competencies: (await s.competencies.listCompetencies(auth)).map((c) => ({ id: c.id, code: c.code, name: c.name })),
      bank: await s.quizzes.bank(auth, id),
      quizzes: await s.quizzes.listQuizzes(auth, id),
      projects: await s.projects.list(auth, id),
      rules: await s.awards.listRules(auth),
      progress: await s.modules.progress(auth, id),
      enrolled: await s.modules.enrolled(auth, id),
    };
    return page(request, reply, { title: module.title, current: '/author/modules', noindex: true, body: moduleEditorView(request.csrfToken, data, st) }, status);
  }

  /** Runs a staff action; input errors re-render the editor with the error next to the form that caused it. */
  async function act(request: FastifyRequest, reply: FastifyReply, form: string, fn: (f: Form, id: string) => Promise<string>) {
    const { id } = request.params as { id: string };
    const f = (request.isMultipart() ? {} : (request.body ?? {})) as Form;
    try {
      const message = await fn(f, id);
      return redirectWithFlash(reply, `/author/modules/${id}`, { kind: 'success', message });
    } catch (e) {
      if (!(e instanceof AppError) || ['not_found', 'forbidden', 'unauthenticated'].includes(e.kind)) throw e;
      const errors = fieldErrorsOf(e);
      // The quiz and project forms name their title field apart from the module's (ids must be unique on the page).
      if ((form === 'quiz' || form === 'project') && errors.title) errors[`${form}Title`] = errors.title;
      return editor(request, reply, id, { form, values: f, errors: form === 'question' ? questionFormErrors(errors) : errors }, statusOfError(e));
    }
  }

  app.get('/author/modules', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    if (!request.auth.userId) return reply.redirect('/signin?next=/author/modules', 303);
    return page(request, reply, { title: 'Modules', current: '/author/modules', body: moduleListView(request.csrfToken, await s.modules.list(request.auth)) });
  });

  app.post('/author/modules', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const f = (request.body ?? {}) as Form;
    try {
      const m = await s.modules.create(request.auth, { title: str(f.title), summary: str(f.summary) });
      return redirectWithFlash(reply, `/author/modules/${m.id}`, { kind: 'success', message: 'Module created. Add content, questions and assessments, then publish it.' });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind !== 'invalid_input') throw e;
      return page(request, reply, { title: 'Modules', body: moduleListView(request.csrfToken, await s.modules.list(request.auth), { form: 'create', values: f, errors: fieldErrorsOf(e) }) }, 400);
    }
  });

  app.get('/author/modules/:id', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    if (!request.auth.userId) return reply.redirect('/signin?next=/author/modules', 303);
    return editor(request, reply, (request.params as { id: string }).id);
  });

  app.post('/author/modules/:id', { schema: { hide: true }, config: cfg }, (request, reply) => act(request, reply, 'module', async (f, id) => {
    await s.modules.update(request.auth, id, {
      title: str(f.title), summary: str(f.summary), status: str(f.status), enrolment: str(f.enrolment),
      achievementIds: list(f.achievementIds), competencyIds: list(f.competencyIds), sections: parseSectionsText(str(f.sectionsText)),
    });
    return 'Module saved.';
  }));

  app.post('/author/modules/:id/enrol', { schema: { hide: true }, config: cfg }, (request, reply) => act(request, reply, 'enrol', async (f, id) => {
    const r = await s.modules.enrol(request.auth, id, { email: str(f.email), name: str(f.name) });
    return r.created ? `${str(f.email)} is enrolled.` : `${str(f.email)} was already enrolled.`;
  }));

  app.post('/author/modules/:id/enrol-csv', { schema: { hide: true }, config: cfg }, (request, reply) => act(request, reply, 'enrol', async (_f, id) => {
    const r = await s.modules.enrolCsv(request.auth, id, await readCsvUpload(request));
    const problems = r.errors.length ? ` ${r.errors.length} row(s) skipped: ${r.errors.slice(0, 5).map((x) => `${x.field}: ${x.message}`).join('; ')}` : '';
    return `${r.enrolled} enrolled, ${r.alreadyEnrolled} already enrolled.${problems}`;
  }));

  app.post('/author/modules/:id/questions', { schema: { hide: true }, config: cfg }, (request, reply) => act(request, reply, 'question', async (f, id) => {
    await s.quizzes.addQuestion(request.auth, id, questionFromForm(f));
    return 'Question added to the bank.';
  }));

  app.post('/author/modules/:id/questions/:questionId/archive', { schema: { hide: true }, config: cfg }, (request, reply) => act(request, reply, 'question', async (_f, id) => {
    await s.quizzes.archiveQuestion(request.auth, id, (request.params as { questionId: string }).questionId);
    return 'Question removed from the bank (attempts already taken keep it).';
  }));

  /** The edit page of a bank question; staff of the module's organization only (the bank carries the answers). */
  async function questionEditor(request: FastifyRequest, reply: FastifyReply, values?: Form, errors: FieldErrors = {}, status = 200) {
    const { id, questionId } = request.params as { id: string; questionId: string };
    const question = (await s.quizzes.bank(request.auth, id)).find((q) => q.id === questionId);
    if (!question) throw new AppError('question_not_found', undefined, { field: 'questionId' });
    const module = await s.modules.get(request.auth, id);
    const tagged = (await s.competencies.listCompetencies(request.auth)).filter((c) => module.competencyIds.includes(c.id) || question.competencies.includes(c.id));
    const body = questionEditView(request.csrfToken, id, questionId, values ?? questionValues(question), errors, tagged.map((c) => ({ id: c.id, code: c.code, name: c.name })));
    return { question, send: () => page(request, reply, { title: 'Edit question', current: '/author/modules', noindex: true, body }, status) };
  }

  app.get('/author/modules/:id/questions/:questionId/edit', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    if (!request.auth.userId) return reply.redirect('/signin?next=/author/modules', 303);
    return (await questionEditor(request, reply)).send();
  });

  app.post('/author/modules/:id/questions/:questionId', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { id, questionId } = request.params as { id: string; questionId: string };
    const f = (request.body ?? {}) as Form;
    const { question } = await questionEditor(request, reply);
    try {
      await s.quizzes.updateQuestion(request.auth, id, questionId, editedQuestionInput(questionFromForm(f), question));
      return redirectWithFlash(reply, `/author/modules/${id}`, { kind: 'success', message: 'Question saved. Later attempts are graded with it.' });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind !== 'invalid_input') throw e;
      return (await questionEditor(request, reply, f, questionFormErrors(fieldErrorsOf(e)), statusOfError(e))).send();
    }
  });

  app.post('/author/modules/:id/quizzes', { schema: { hide: true }, config: cfg }, (request, reply) => act(request, reply, 'quiz', async (f, id) => {
    await s.quizzes.createQuiz(request.auth, id, { ...f, title: str(f.quizTitle), shuffleQuestions: true, shuffleOptions: true });
    return 'Quiz created.';
  }));

  function quizPage(request: FastifyRequest, reply: FastifyReply, quiz: Awaited<ReturnType<typeof s.quizzes.getQuiz>>, values: Form, errors: FieldErrors, status = 200) {
    return page(request, reply, { title: `Quiz: ${quiz.title}`, current: '/author/modules', noindex: true, body: html`<div class="page-head"><p class="eyebrow"><a href="/author/modules/${quiz.moduleId}">Back to the module</a></p><h1>${quiz.title}</h1></div>
<section class="card">${errorSummary(errors)}<form method="post" action="/author/quizzes/${quiz.id}">${csrfField(request.csrfToken)}
${quizFields(values, errors)}<button type="submit">Save quiz</button></form></section>` }, status);
  }

  app.get('/author/quizzes/:quizId', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    if (!request.auth.userId) return reply.redirect('/signin?next=/author/modules', 303);
    const quiz = await s.quizzes.getQuiz(request.auth, (request.params as { quizId: string }).quizId);
    return quizPage(request, reply, quiz, quizValues(quiz), {});
  });

  app.post('/author/quizzes/:quizId', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const quiz = await s.quizzes.getQuiz(request.auth, (request.params as { quizId: string }).quizId);
    const f = (request.body ?? {}) as Form;
    try {
      await s.quizzes.updateQuiz(request.auth, quiz.id, { ...f, title: str(f.quizTitle), timeLimitMinutes: str(f.timeLimitMinutes), timeLimitSeconds: null, drawCount: str(f.drawCount), attemptLimit: str(f.attemptLimit) });
      return redirectWithFlash(reply, `/author/modules/${quiz.moduleId}`, { kind: 'success', message: 'Quiz saved.' });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind !== 'invalid_input') throw e;
      const errors = fieldErrorsOf(e);
      if (errors.title) errors.quizTitle = errors.title;
      return quizPage(request, reply, quiz, f, errors, 400);
    }
  });

  app.post('/author/modules/:id/projects', { schema: { hide: true }, config: cfg }, (request, reply) => act(request, reply, 'project', async (f, id) => {
    await s.projects.create(request.auth, id, { title: str(f.projectTitle), brief: str(f.brief), rubricText: str(f.rubricText) });
    return 'Project created.';
  }));

  app.post('/author/modules/:id/award-rule/:achievementId', { schema: { hide: true }, config: cfg }, (request, reply) => {
    const { achievementId } = request.params as { achievementId: string };
    return act(request, reply, `rule-${achievementId}`, async (f) => {
      const credits = str(f[`credits.${achievementId}`]).trim();
      await s.awards.setRule(request.auth, achievementId, { rule: { requirements: requirementsFromForm(f, achievementId) }, credits: credits === '' ? null : Number(credits) });
      return 'Award rule saved. Learners who already meet it are awarded as their next result comes in.';
    });
  });
}
