/** Views of the learner pages: module, quiz taking (no JavaScript needed, keyboard and phone friendly), results. */
import type { AttemptResultView, LearnerQuizView, StartedAttempt } from '../../services/assessment/quizzes.service.ts';
import type { AwardOutcome } from '../../services/assessment/awards.service.ts';
import type { LearningModule, ModuleSection } from '../../db/repositories/modules.repository.ts';
import type { Quiz } from '../../db/repositories/quizzes.repository.ts';
import type { Project } from '../../db/repositories/projects.repository.ts';
import type { PublicQuestion } from '../../core/assessment/questions.ts';
import { csrfField } from '../forms.ts';
import { html, markdown, type SafeHtml } from '../html.ts';

const when = (iso: string) => iso.replace('T', ' ').slice(0, 16) + ' UTC';

/** Embedded media by URL: images, audio and video files play inline; anything else is a link. */
function media(s: ModuleSection): SafeHtml {
  const url = s.url ?? '';
  const path = url.split(/[?#]/)[0]!.toLowerCase();
  if (/\.(png|jpe?g|gif|webp|svg)$/.test(path)) return html`<img src="${url}" alt="${s.title}" loading="lazy" style="max-width:100%">`;
  if (/\.(mp4|webm|ogv)$/.test(path)) return html`<video controls preload="metadata" src="${url}" style="max-width:100%"><a href="${url}">${s.title}</a></video>`;
  if (/\.(mp3|ogg|wav|m4a)$/.test(path)) return html`<audio controls preload="metadata" src="${url}"><a href="${url}">${s.title}</a></audio>`;
  return html`<p><a href="${url}" rel="noopener nofollow">Open ${s.title}</a></p>`;
}

export function sectionView(s: ModuleSection): SafeHtml {
  return html`<section class="card module-section" aria-labelledby="sec-${s.id}">
<h2 id="sec-${s.id}">${s.title || 'Reading'}</h2>
${s.kind === 'link' ? html`<p><a href="${s.url ?? ''}" rel="noopener nofollow">${s.title}</a></p>` : ''}
${s.kind === 'media' ? media(s) : ''}
${s.body ? html`<div class="prose">${markdown(s.body)}</div>` : ''}
</section>`;
}

export function awardProgressView(outcomes: AwardOutcome[]): SafeHtml {
  if (outcomes.length === 0) return html``;
  return html`<section class="card" aria-labelledby="progress-h"><h2 id="progress-h">Your progress towards the credential</h2>
${outcomes.map((o) => html`<h3>${o.achievementName ?? 'Micro-credential'}: ${o.credentialId ? 'awarded' : o.evaluation.satisfied ? 'earned' : 'not yet'}</h3>
<ul>${o.evaluation.explanation.map((line) => html`<li>${line}</li>`)}</ul>
${o.credentialId ? html`<p class="notice">Your credential has been issued: check your email.</p>` : ''}`)}
</section>`;
}

export function moduleView(csrf: string, m: LearningModule, opts: {
  enrolled: boolean; signedIn: boolean; quizzes: Quiz[]; projects: Project[]; progress: SafeHtml;
}): SafeHtml {
  const enrol = opts.enrolled
    ? html`<p class="notice" role="status">You are enrolled.</p>`
    : !opts.signedIn
      ? html`<p><a class="button" href="/signin?next=/learn/modules/${m.id}">Sign in to enrol</a></p>`
      : m.enrolment === 'open'
        ? html`<form method="post" action="/learn/modules/${m.id}/enrol">${csrfField(csrf)}<button type="submit">Enrol in this module</button></form>`
        : html`<p class="notice">Enrolment in this module is by your institution’s staff.</p>`;
  return html`<div class="page-head"><p class="eyebrow">Module</p><h1>${m.title}</h1>${m.summary ? html`<p class="lead">${m.summary}</p>` : ''}${enrol}</div>
${m.sections.map(sectionView)}
${opts.enrolled ? html`<section class="card" aria-labelledby="assess-h"><h2 id="assess-h">Assessments</h2>
<ul>${opts.quizzes.map((q) => html`<li><a href="/learn/quizzes/${q.id}">Quiz: ${q.title}</a> <span class="muted">(pass mark ${q.passMark}%)</span></li>`)}
${opts.projects.map((p) => html`<li><a href="/learn/projects/${p.id}">Project: ${p.title}</a></li>`)}</ul></section>
${opts.progress}` : ''}`;
}

export function quizIntroView(csrf: string, v: LearnerQuizView): SafeHtml {
  const q = v.quiz;
  return html`<div class="page-head"><p class="eyebrow"><a href="/learn/modules/${v.module.id}">${v.module.title}</a></p><h1>${q.title}</h1></div>
<section class="card">
${q.instructions ? html`<div class="prose">${markdown(q.instructions)}</div>` : ''}
<ul>
<li>Pass mark: ${q.passMark}%</li>
<li>${q.timeLimitSeconds ? `Time limit: ${Math.round(q.timeLimitSeconds / 60)} minutes` : 'No time limit'}</li>
<li>${q.attemptLimit ? `Attempts: ${v.attempts.length} of ${q.attemptLimit} used` : `Attempts used: ${v.attempts.length}`}</li>
</ul>
${v.attempts.length ? html`<h2>Your attempts</h2><div class="table-wrap"><table><thead><tr><th scope="col">Attempt</th><th scope="col">Score</th><th scope="col">Result</th></tr></thead><tbody>
${v.attempts.map((a) => html`<tr><td>${a.status === 'submitted' ? html`<a href="/learn/attempts/${a.id}">Attempt ${a.attemptNumber}</a>` : `Attempt ${a.attemptNumber} (open)`}</td><td>${a.percent === null ? '—' : `${a.percent}%`}</td><td>${a.passed === null ? 'In progress' : a.passed ? 'Passed' : 'Not passed'}</td></tr>`)}
</tbody></table></div>` : ''}
${v.attemptsLeft === 0 ? html`<p class="notice">No attempts are left.</p>` : html`<form method="post" action="/learn/quizzes/${q.id}/start">${csrfField(csrf)}<button type="submit">${v.attempts.some((a) => a.status === 'open') ? 'Resume the attempt' : 'Start an attempt'}</button></form>`}
</section>`;
}

function questionInput(q: PublicQuestion, i: number): SafeHtml {
  const name = `r.${q.id}`;
  const legend = html`<legend><span class="muted">Question ${i + 1} · ${q.points} ${q.points === 1 ? 'point' : 'points'}</span><br>${q.prompt}</legend>`;
  switch (q.type) {
    case 'single_choice':
    case 'multiple_choice':
      return html`<fieldset class="field question">${legend}${q.multiple ? html`<p class="hint">Choose all that apply.</p>` : ''}
${(q.options ?? []).map((o, j) => html`<div class="check"><input type="${q.multiple ? 'checkbox' : 'radio'}" id="q${i}-${j}" name="${name}" value="${o.id}"><label for="q${i}-${j}">${o.text}</label></div>`)}</fieldset>`;
    case 'true_false':
      return html`<fieldset class="field question">${legend}
<div class="check"><input type="radio" id="q${i}-t" name="${name}" value="true"><label for="q${i}-t">True</label></div>
<div class="check"><input type="radio" id="q${i}-f" name="${name}" value="false"><label for="q${i}-f">False</label></div></fieldset>`;
    case 'numeric':
      return html`<fieldset class="field question">${legend}<label for="q${i}">Your answer${q.unit ? ` (${q.unit})` : ''}</label>
<input id="q${i}" name="${name}" type="text" inputmode="decimal" autocomplete="off"></fieldset>`;
    case 'short_text':
      return html`<fieldset class="field question">${legend}<label for="q${i}">Your answer</label>
<input id="q${i}" name="${name}" type="text" autocomplete="off" spellcheck="false"></fieldset>`;
  }
}

export function attemptFormView(csrf: string, quiz: Quiz, a: StartedAttempt): SafeHtml {
  return html`<div class="page-head"><p class="eyebrow">Attempt ${a.attemptNumber}</p><h1>${quiz.title}</h1>
${a.deadlineAt ? html`<p class="notice" role="note">Submit before <time datetime="${a.deadlineAt}">${when(a.deadlineAt)}</time>; later submissions are not accepted.</p>` : ''}</div>
<form method="post" action="/learn/attempts/submit" class="card quiz-form">
${csrfField(csrf)}<input type="hidden" name="token" value="${a.token}">
${a.questions.map(questionInput)}
<button type="submit">Submit answers</button>
</form>`;
}

export function resultView(r: AttemptResultView, quizTitle: string, backHref: string): SafeHtml {
  const res = r.result;
  return html`<div class="page-head"><p class="eyebrow">Attempt ${r.attemptNumber} · ${quizTitle}</p>
<h1>${res.passed ? 'Passed' : 'Not passed yet'}: ${res.percent}%</h1>
<p class="lead">Score ${res.score} of ${res.maxScore} points; the pass mark is ${res.passMark}%.</p></div>
<section class="card" aria-labelledby="fb-h"><h2 id="fb-h">Feedback</h2>
${r.visibility.showQuestionResults ? html`<ol>${r.review.map((i) => html`<li><p>${i.prompt}</p>
<p><strong>${i.outcome === 'correct' ? 'Correct' : i.outcome === 'partial' ? 'Partly correct' : i.outcome === 'unanswered' ? 'Not answered' : 'Incorrect'}</strong> · ${i.pointsAwarded ?? 0} of ${i.pointsPossible} points</p>
${i.correctAnswer ? html`<p>Correct answer: ${i.correctAnswer}</p>` : ''}${i.explanation ? html`<p class="muted">${i.explanation}</p>` : ''}</li>`)}</ol>`
    : html`<p>Detailed feedback on each question is shown ${r.attemptLimit ? 'later, as the quiz’s review policy sets' : 'according to the quiz’s review policy'}.</p>`}
<p><a href="${backHref}">Back to the quiz</a></p></section>`;
}
