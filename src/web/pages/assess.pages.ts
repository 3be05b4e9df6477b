/** Assessor pages: the organization's review queue and scoring a submission against its rubric. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import type { Rubric } from '../../core/assessment/rubric.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import { csrfField, errorSummary, fieldErrorsOf, textareaField, type FieldErrors } from '../forms.ts';
import { html, markdown, type SafeHtml } from '../html.ts';
import { page, redirectWithFlash, statusOfError } from '../respond.ts';

type Form = Record<string, string | undefined>;

/** One radio group per criterion: keyboard users move between levels with the arrow keys. */
function rubricScoringFields(rubric: Rubric, values: Form, errors: FieldErrors): SafeHtml {
  return html`${rubric.criteria.map((c) => {
    const error = errors[`levels.${c.id}`];
    return html`<fieldset class="field${error ? ' has-error' : ''}"${error ? html` aria-describedby="err-${c.id}"` : ''}>
<legend>${c.name}${c.description ? html` <span class="hint">${c.description}</span>` : ''}</legend>
${error ? html`<p class="field-error" id="err-${c.id}">${error}</p>` : ''}
${c.levels.map((l, i) => html`<div class="check"><input type="radio" id="lv-${c.id}-${i}" name="level.${c.id}" value="${l.id}"${values[`level.${c.id}`] === l.id ? html` checked` : ''}>
<label for="lv-${c.id}-${i}">${l.name} (${l.points} pts)${l.id === c.requiredLevelId ? ' — required level' : ''}${l.description ? html` <span class="hint">${l.description}</span>` : ''}</label></div>`)}
</fieldset>`;
  })}`;
}

export default async function assessPages(app: App, { services }: PluginOptions): Promise<void> {
  const cfg = { page: true };
  const s = services;

  app.get('/assess', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    if (!request.auth.userId) return reply.redirect('/signin?next=/assess', 303);
    const queue = await s.projects.queue(request.auth);
    return page(request, reply, { title: 'Review queue', current: '/assess', body: html`<div class="page-head"><h1>Review queue</h1><p class="lead">Project submissions waiting for an assessor, oldest first.</p></div>
${queue.length === 0 ? html`<p class="card">Nothing is waiting for review.</p>` : html`<div class="table-wrap"><table><thead><tr><th scope="col">Project</th><th scope="col">Learner</th><th scope="col">Submitted</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead><tbody>
${queue.map((q) => html`<tr><td>${q.projectTitle}</td><td>${q.learnerName ?? ''} <span class="muted">${q.learnerEmail}</span></td><td>${q.submission.submittedAt.slice(0, 16).replace('T', ' ')} UTC</td><td><a href="/assess/submissions/${q.submission.id}">Review<span class="visually-hidden"> ${q.projectTitle} by ${q.learnerEmail}</span></a></td></tr>`)}
</tbody></table></div>`}` });
  });

  async function reviewPage(request: FastifyRequest, reply: FastifyReply, id: string, values: Form, errors: FieldErrors, status = 200) {
    const { submission: sub, project, learnerEmail } = await s.projects.forReview(request.auth, id);
    return page(request, reply, { title: `Review: ${project.title}`, current: '/assess', body: html`<div class="page-head"><p class="eyebrow"><a href="/assess">Review queue</a></p><h1>${project.title}</h1><p class="lead">Submitted by ${learnerEmail}</p></div>
<section class="card"><h2>Brief</h2><div class="prose">${markdown(project.brief)}</div></section>
<section class="card"><h2>Submission</h2>${sub.text ? html`<div class="prose">${markdown(sub.text)}</div>` : html`<p class="muted">No write-up.</p>`}
${sub.links.length ? html`<h3>Links</h3><ul>${sub.links.map((l) => html`<li><a href="${l}" rel="noopener nofollow">${l}</a></li>`)}</ul>` : ''}
${sub.files.length ? html`<h3>Files</h3><ul>${sub.files.map((f) => html`<li><a href="/learn/files/${sub.id}/${f.id}">${f.name}</a> <span class="muted">(${f.type}, ${Math.ceil(f.size / 1024)} KB)</span></li>`)}</ul>` : ''}</section>
${sub.status !== 'submitted' ? html`<p class="notice">This submission has already been reviewed.</p>` : html`<section class="card"><h2>Score the rubric</h2>
${errorSummary(errors)}
<form method="post" action="/assess/submissions/${sub.id}">
${csrfField(request.csrfToken)}
${rubricScoringFields(project.rubric, values, errors)}
${textareaField({ name: 'feedback', label: 'Feedback to the learner (markdown)', value: values.feedback, rows: 6, hint: 'Required when you ask for a resubmission; it also becomes the evidence narrative in the credential.', errors })}
<fieldset class="field${errors.decision ? ' has-error' : ''}"><legend>Decision</legend>
<div class="check"><input type="radio" id="d-accept" name="decision" value="accept"${values.decision === 'accept' ? html` checked` : ''}><label for="d-accept">Accept</label></div>
<div class="check"><input type="radio" id="d-resubmit" name="decision" value="resubmit"${values.decision === 'resubmit' ? html` checked` : ''}><label for="d-resubmit">Ask for a resubmission</label></div></fieldset>
<button type="submit">Save the review</button>
</form></section>`}` }, status);
  }

  app.get('/assess/submissions/:id', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    if (!request.auth.userId) return reply.redirect('/signin?next=/assess', 303);
    return reviewPage(request, reply, (request.params as { id: string }).id, {}, {});
  });

  app.post('/assess/submissions/:id', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const body = (request.body ?? {}) as Form;
    const levels: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (k.startsWith('level.') && typeof v === 'string') levels[k.slice(6)] = v;
    try {
      if (body.decision !== 'accept' && body.decision !== 'resubmit') throw new AppError('validation_failed', 'Choose accept or ask for a resubmission.', { field: 'decision' });
      await s.projects.review(request.auth, id, { decision: body.decision, levels, feedback: body.feedback ?? '' });
      return redirectWithFlash(reply, '/assess', { kind: 'success', message: body.decision === 'accept' ? 'Accepted. The learner has been told.' : 'Resubmission requested. The learner has been told.' });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind === 'not_found' || e.kind === 'forbidden' || e.kind === 'unauthenticated') throw e;
      return reviewPage(request, reply, id, body, fieldErrorsOf(e), statusOfError(e));
    }
  });
}
