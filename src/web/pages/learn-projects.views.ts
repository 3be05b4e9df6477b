/** Views of projects for learners (brief, rubric, submission form, feedback) and the public evidence page. */
import type { Rubric } from '../../core/assessment/rubric.ts';
import { SUBMISSION_FILE_TYPES, SUBMISSION_LIMITS } from '../../core/assessment/submission-files.ts';
import type { Project, Submission } from '../../db/repositories/projects.repository.ts';
import { csrfField, errorSummary, textareaField, type FieldErrors } from '../forms.ts';
import { html, markdown, type SafeHtml } from '../html.ts';

/** The rubric as a table: one row per criterion, levels low → high, the required level marked. */
export function rubricTable(rubric: Rubric, chosen?: Record<string, string> | null): SafeHtml {
  return html`<div class="table-wrap"><table class="rubric"><caption>Rubric (levels from lowest to highest; ★ marks the level required)</caption>
<thead><tr><th scope="col">Criterion</th><th scope="col">Levels</th></tr></thead><tbody>
${rubric.criteria.map((c) => html`<tr><th scope="row">${c.name}</th><td><ul class="plain">${c.levels.map((l) => html`<li>${chosen?.[c.id] === l.id ? html`<strong>${l.name} (${l.points} pts) — achieved</strong>` : html`${l.name} (${l.points} pts)`}${l.id === c.requiredLevelId ? ' ★' : ''}${l.description ? html` <span class="muted">${l.description}</span>` : ''}</li>`)}</ul></td></tr>`)}
</tbody></table></div>`;
}

const statusLabel: Record<Submission['status'], string> = {
  submitted: 'Waiting for review', accepted: 'Accepted', resubmission_requested: 'Resubmission requested',
};

function submissionItem(csrf: string, s: Submission, rubric: Rubric): SafeHtml {
  return html`<li class="card"><h3>${statusLabel[s.status]} <span class="muted small">· submitted ${s.submittedAt.slice(0, 16).replace('T', ' ')} UTC</span></h3>
${s.text ? html`<div class="prose">${markdown(s.text)}</div>` : ''}
${s.links.length ? html`<ul>${s.links.map((l) => html`<li><a href="${l}" rel="noopener nofollow">${l}</a></li>`)}</ul>` : ''}
${s.files.length ? html`<ul>${s.files.map((f) => html`<li><a href="/learn/files/${s.id}/${f.id}">${f.name}</a> <span class="muted">(${Math.ceil(f.size / 1024)} KB)</span></li>`)}</ul>` : ''}
${s.feedback ? html`<h4>Assessor’s feedback</h4><div class="prose">${markdown(s.feedback)}</div>` : ''}
${s.rubricScore ? html`<p>Rubric score: ${s.rubricScore.totalPoints} of ${s.rubricScore.maxPoints} points${s.rubricScore.allCriteriaMet ? ', every criterion at its required level' : ''}.</p>${rubricTable(rubric, s.rubricLevels)}` : ''}
${s.status === 'accepted' ? html`<p><a href="/evidence/submissions/${s.id}">Evidence page</a> (linked from your credential)</p>
<form method="post" action="/learn/submissions/${s.id}/evidence">${csrfField(csrf)}<input type="hidden" name="public" value="${s.evidencePublic ? 'false' : 'true'}"><button type="submit" class="secondary">${s.evidencePublic ? 'Make the evidence page private' : 'Make the evidence page public'}</button></form>` : ''}
</li>`;
}

export function projectLearnerView(
  csrf: string,
  v: { project: Project; submissions: Submission[]; canSubmit: boolean },
  errors: FieldErrors,
  values: Record<string, string> = {},
): SafeHtml {
  const p = v.project;
  const accept = Object.keys(SUBMISSION_FILE_TYPES).map((e) => `.${e}`).join(',');
  return html`<div class="page-head"><p class="eyebrow">Project</p><h1>${p.title}</h1></div>
<section class="card" aria-labelledby="brief-h"><h2 id="brief-h">Brief</h2><div class="prose">${markdown(p.brief)}</div>${rubricTable(p.rubric)}</section>
${v.canSubmit ? html`<section class="card" aria-labelledby="submit-h"><h2 id="submit-h">${v.submissions.length ? 'Resubmit your work' : 'Submit your work'}</h2>
${errorSummary(errors)}
<form method="post" action="/learn/projects/${p.id}/submit?_csrf=${encodeURIComponent(csrf)}" enctype="multipart/form-data">
${textareaField({ name: 'text', label: 'Your write-up (markdown)', value: values.text, rows: 8, errors })}
${textareaField({ name: 'links', label: 'Links (one per line)', value: values.links, rows: 3, hint: `Up to ${SUBMISSION_LIMITS.links} https:// links.`, errors })}
<div class="field${errors.files ? ' has-error' : ''}"><label for="f-files">Files</label>
<p class="hint" id="f-files-hint">Up to ${SUBMISSION_LIMITS.files} files of ${SUBMISSION_LIMITS.fileBytes / 1024 / 1024} MB each: ${Object.keys(SUBMISSION_FILE_TYPES).join(', ')}.</p>
${errors.files ? html`<p class="field-error" id="f-files-error">${errors.files}</p>` : ''}
<input id="f-files" name="files" type="file" multiple accept="${accept}" aria-describedby="f-files-hint${errors.files ? ' f-files-error' : ''}"></div>
<button type="submit">Submit for review</button>
</form></section>` : ''}
${v.submissions.length ? html`<section aria-labelledby="subs-h"><h2 id="subs-h">Your submissions</h2><ol class="plain">${v.submissions.map((s) => submissionItem(csrf, s, p.rubric))}</ol></section>` : ''}`;
}

/** The evidence page: the accepted submission and the assessor's narrative, or a notice when it is private. */
export function evidenceView(csrf: string, v: { submission: Submission; project: Project; isOwner: boolean } | null): SafeHtml {
  if (!v) {
    return html`<section class="card"><h1>Evidence</h1><p>The learner has not made this evidence public.</p></section>`;
  }
  const s = v.submission;
  return html`<div class="page-head"><p class="eyebrow">Evidence · project submission</p><h1>${v.project.title}</h1></div>
${v.isOwner ? html`<p class="notice">${s.evidencePublic ? 'Anyone with the link can see this page.' : 'Only you can see this page.'}</p>
<form method="post" action="/learn/submissions/${s.id}/evidence">${csrfField(csrf)}<input type="hidden" name="public" value="${s.evidencePublic ? 'false' : 'true'}"><button type="submit" class="secondary">${s.evidencePublic ? 'Make private' : 'Make public'}</button></form>` : ''}
<section class="card"><h2>Brief</h2><div class="prose">${markdown(v.project.brief)}</div></section>
<section class="card"><h2>Submitted work</h2>${s.text ? html`<div class="prose">${markdown(s.text)}</div>` : html`<p class="muted">No write-up.</p>`}
${s.links.length ? html`<ul>${s.links.map((l) => html`<li><a href="${l}" rel="noopener nofollow">${l}</a></li>`)}</ul>` : ''}
${s.files.length ? html`<p class="muted">${s.files.length} file(s) were submitted; files are shared only with the assessors.</p>` : ''}</section>
${s.feedback ? html`<section class="card"><h2>Assessor’s narrative</h2><div class="prose">${markdown(s.feedback)}</div></section>` : ''}
${s.rubricScore ? html`<section class="card"><h2>Rubric</h2>${rubricTable(v.project.rubric, s.rubricLevels)}</section>` : ''}`;
}
