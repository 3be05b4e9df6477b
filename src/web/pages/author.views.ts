/** Views of the staff authoring pages: module editor, question bank, quizzes, projects, award rules, progress. */
import { sectionsToText } from '../../core/assessment/module-input.ts';
import { rubricToText } from '../../core/assessment/rubric-text.ts';
import type { Question } from '../../core/assessment/questions.ts';
import type { StoredAwardRule } from '../../db/repositories/awards.repository.ts';
import type { EnrolledLearner, LearningModule } from '../../db/repositories/modules.repository.ts';
import type { Project } from '../../db/repositories/projects.repository.ts';
import type { Quiz } from '../../db/repositories/quizzes.repository.ts';
import type { ModuleProgress } from '../../services/assessment/modules.service.ts';
import { checkboxGroup, csrfField, errorSummary, inputField, selectField, textareaField, type FieldErrors } from '../forms.ts';
import { html, type SafeHtml } from '../html.ts';
import { questionFields } from './author-question.views.ts';

export interface AuthorModuleData {
  module: LearningModule;
  achievements: Array<{ id: string; name: string }>;
  competencies: Array<{ id: string; code: string; name: string }>;
  bank: Question[];
  quizzes: Quiz[];
  projects: Project[];
  rules: StoredAwardRule[];
  progress: ModuleProgress;
  enrolled: EnrolledLearner[];
}

/** Which form on the page an error belongs to, so it is shown next to that form. */
export interface FormState { form: string; values: Record<string, string | string[] | undefined>; errors: FieldErrors }

const v = (st: FormState | undefined, form: string, name: string, fallback?: string) =>
  st?.form === form ? (st.values[name] as string | undefined) : fallback;
const errs = (st: FormState | undefined, form: string): FieldErrors => (st?.form === form ? st.errors : {});

export function moduleListView(csrf: string, modules: LearningModule[], st?: FormState): SafeHtml {
  return html`<div class="page-head"><h1>Learning modules</h1></div>
${modules.length ? html`<div class="table-wrap"><table><thead><tr><th scope="col">Module</th><th scope="col">Status</th><th scope="col">Enrolment</th></tr></thead><tbody>
${modules.map((m) => html`<tr><td><a href="/author/modules/${m.id}">${m.title}</a></td><td>${m.status}</td><td>${m.enrolment}</td></tr>`)}</tbody></table></div>` : html`<p>No modules yet.</p>`}
<section class="card"><h2>New module</h2>${errorSummary(errs(st, 'create'))}
<form method="post" action="/author/modules">${csrfField(csrf)}
${inputField({ name: 'title', label: 'Title', required: true, value: v(st, 'create', 'title'), errors: errs(st, 'create') })}
${textareaField({ name: 'summary', label: 'Summary', value: v(st, 'create', 'summary'), errors: errs(st, 'create') })}
<button type="submit">Create module</button></form></section>`;
}

function moduleForm(csrf: string, d: AuthorModuleData, st?: FormState): SafeHtml {
  const m = d.module;
  const e = errs(st, 'module');
  return html`<section class="card" aria-labelledby="mod-h"><h2 id="mod-h">Module</h2>${errorSummary(e)}
<form method="post" action="/author/modules/${m.id}">${csrfField(csrf)}
${inputField({ name: 'title', label: 'Title', required: true, value: v(st, 'module', 'title', m.title), errors: e })}
${textareaField({ name: 'summary', label: 'Summary', value: v(st, 'module', 'summary', m.summary), errors: e })}
${selectField({ name: 'status', label: 'Status', value: v(st, 'module', 'status', m.status), options: [{ value: 'draft', label: 'Draft' }, { value: 'published', label: 'Published' }, { value: 'archived', label: 'Archived' }], errors: e })}
${selectField({ name: 'enrolment', label: 'Enrolment', value: v(st, 'module', 'enrolment', m.enrolment), options: [{ value: 'open', label: 'Open: learners enrol themselves' }, { value: 'staff', label: 'Staff enrol learners' }], errors: e })}
${checkboxGroup({ name: 'achievementIds', legend: 'Leads to micro-credentials', options: d.achievements.map((a) => ({ value: a.id, label: a.name })), checked: m.achievementIds, errors: e })}
${checkboxGroup({ name: 'competencyIds', legend: 'Competencies', options: d.competencies.map((c) => ({ value: c.id, label: `${c.code} ${c.name}` })), checked: m.competencyIds, errors: e })}
${textareaField({ name: 'sectionsText', label: 'Content sections', rows: 12, value: v(st, 'module', 'sectionsText', sectionsToText(m.sections)), hint: 'Start each section with a line "=== markdown: Title", "=== link: Title | https://…" or "=== media: Title | https://…"; the lines below are its text (markdown).', errors: e })}
<button type="submit">Save module</button></form></section>`;
}

function bankSection(csrf: string, d: AuthorModuleData, st?: FormState): SafeHtml {
  const e = errs(st, 'question');
  return html`<section class="card" aria-labelledby="bank-h"><h2 id="bank-h">Question bank (${d.bank.length})</h2>
<ol>${d.bank.map((q) => html`<li>${q.prompt} <span class="muted">(${q.type.replace('_', ' ')}, ${q.points} pt${q.points === 1 ? '' : 's'}${q.competencies.length ? `, ${q.competencies.length} competencies` : ''})</span>
<a href="/author/modules/${d.module.id}/questions/${q.id}/edit">Edit<span class="visually-hidden"> “${q.prompt}”</span></a>
<form method="post" action="/author/modules/${d.module.id}/questions/${q.id}/archive" class="inline">${csrfField(csrf)}<button type="submit" class="link">Remove<span class="visually-hidden"> “${q.prompt}”</span></button></form></li>`)}</ol>
<h3>Add a question</h3>${errorSummary(e)}
<form method="post" action="/author/modules/${d.module.id}/questions">${csrfField(csrf)}
${questionFields(st?.form === 'question' ? st.values : {}, e, d.competencies.filter((c) => d.module.competencyIds.includes(c.id)))}
<button type="submit">Add question</button></form></section>`;
}

/** The quiz settings fields, shared by the create form and the edit page. */
export function quizFields(values: Record<string, string | string[] | undefined>, e: FieldErrors): SafeHtml {
  const val = (k: string, d?: string) => (values[k] as string | undefined) ?? d;
  return html`${inputField({ name: 'quizTitle', label: 'Quiz title', required: true, value: val('quizTitle'), errors: e })}
${textareaField({ name: 'instructions', label: 'Instructions (markdown)', value: val('instructions'), errors: e })}
<div class="grid2">${inputField({ name: 'passMark', label: 'Pass mark (%)', value: val('passMark', '70'), errors: e })}${inputField({ name: 'drawCount', label: 'Questions per attempt (blank: all)', value: val('drawCount'), errors: e })}</div>
<div class="grid2">${inputField({ name: 'attemptLimit', label: 'Attempt limit (blank: unlimited)', value: val('attemptLimit', '3'), errors: e })}${inputField({ name: 'timeLimitMinutes', label: 'Time limit in minutes (blank: none)', value: val('timeLimitMinutes'), errors: e })}</div>
${selectField({ name: 'reviewPolicy', label: 'Show answers', value: val('reviewPolicy', 'after_pass'), options: [
    { value: 'after_submission', label: 'After each submission' }, { value: 'after_pass', label: 'After the learner passes' },
    { value: 'after_attempts_exhausted', label: 'When no attempts are left' }, { value: 'none', label: 'Never (score only)' }], errors: e })}`;
}

/** A quiz's settings as form values. */
export function quizValues(q: Quiz): Record<string, string> {
  return {
    quizTitle: q.title, instructions: q.instructions, passMark: String(q.passMark), drawCount: q.drawCount?.toString() ?? '',
    attemptLimit: q.attemptLimit?.toString() ?? '', timeLimitMinutes: q.timeLimitSeconds ? String(Math.round(q.timeLimitSeconds / 60)) : '',
    reviewPolicy: q.reviewPolicy,
  };
}

function quizSection(csrf: string, d: AuthorModuleData, st?: FormState): SafeHtml {
  const e = errs(st, 'quiz');
  return html`<section class="card" aria-labelledby="quiz-h"><h2 id="quiz-h">Quizzes</h2>
<ul>${d.quizzes.map((q) => html`<li><a href="/author/quizzes/${q.id}">${q.title}</a> <span class="muted">(pass ${q.passMark}%, ${q.drawCount ?? 'all'} questions, ${q.attemptLimit ?? 'unlimited'} attempts, ${q.timeLimitSeconds ? `${Math.round(q.timeLimitSeconds / 60)} min` : 'no time limit'}, review ${q.reviewPolicy.replace(/_/g, ' ')})</span></li>`)}</ul>
<h3>New quiz</h3>${errorSummary(e)}
<form method="post" action="/author/modules/${d.module.id}/quizzes">${csrfField(csrf)}
${quizFields(st?.form === 'quiz' ? st.values : {}, e)}
<button type="submit">Create quiz</button></form></section>`;
}

function projectSection(csrf: string, d: AuthorModuleData, st?: FormState): SafeHtml {
  const e = errs(st, 'project');
  return html`<section class="card" aria-labelledby="proj-h"><h2 id="proj-h">Projects</h2>
<ul>${d.projects.map((p) => html`<li>${p.title}<pre class="small">${rubricToText(p.rubric)}</pre></li>`)}</ul>
<h3>New project</h3>${errorSummary(e)}
<form method="post" action="/author/modules/${d.module.id}/projects">${csrfField(csrf)}
${inputField({ name: 'projectTitle', label: 'Project title', required: true, value: v(st, 'project', 'projectTitle'), errors: e })}
${textareaField({ name: 'brief', label: 'Brief (markdown)', required: true, value: v(st, 'project', 'brief'), errors: e })}
${textareaField({ name: 'rubricText', label: 'Rubric', required: true, rows: 5, value: v(st, 'project', 'rubricText'), hint: 'One criterion per line, levels from lowest to highest, * marks the required level: Clarity | Poor=0 | Fair=1* | Good=2', errors: e })}
<button type="submit">Create project</button></form></section>`;
}

function ruleSection(csrf: string, d: AuthorModuleData, st?: FormState): SafeHtml {
  const linked = d.achievements.filter((a) => d.module.achievementIds.includes(a.id));
  if (linked.length === 0) return html`<section class="card"><h2>Award rules</h2><p>Link the module to a micro-credential to set its award rule.</p></section>`;
  return html`<section class="card" aria-labelledby="rule-h"><h2 id="rule-h">Award rules</h2>
${linked.map((a) => {
    const rule = d.rules.find((r) => r.achievementId === a.id);
    const req = (kind: string, id: string) => rule?.rule.requirements.find((r) => r.kind === kind && (r as Record<string, unknown>)[`${kind}Id`] === id) as { minPercent?: number } | undefined;
    const e = errs(st, `rule-${a.id}`);
    return html`<h3>${a.name}</h3>${errorSummary(e)}<form method="post" action="/author/modules/${d.module.id}/award-rule/${a.id}">${csrfField(csrf)}
${d.quizzes.map((q, i) => html`<div class="check"><input type="checkbox" id="rq-${a.id}-${i}" name="quiz" value="${q.id}"${req('quiz', q.id) ? html` checked` : ''}><label for="rq-${a.id}-${i}">Pass the quiz “${q.title}”</label></div>
${inputField({ name: `quizMin.${a.id}.${q.id}`, label: `Minimum score for “${q.title}” (%, blank: its pass mark)`, value: req('quiz', q.id)?.minPercent?.toString() ?? '', errors: e })}`)}
${d.projects.map((p, i) => html`<div class="check"><input type="checkbox" id="rp-${a.id}-${i}" name="project" value="${p.id}"${req('project', p.id) ? html` checked` : ''}><label for="rp-${a.id}-${i}">Project “${p.title}” accepted with every criterion at its required level</label></div>`)}
${d.competencies.filter((c) => d.module.competencyIds.includes(c.id)).map((c) => inputField({ name: `mastery.${a.id}.${c.id}`, label: `Mastery of ${c.name} at least (%, blank: not required)`, value: req('mastery', c.id)?.minPercent?.toString() ?? '', errors: e }))}
${inputField({ name: `credits.${a.id}`, label: `Credits earned for ${a.name} (blank: the micro-credential’s)`, value: rule?.credits?.toString() ?? '', errors: e })}
<button type="submit">Save the award rule</button></form>`;
  })}</section>`;
}

function progressSection(csrf: string, d: AuthorModuleData, st?: FormState): SafeHtml {
  const p = d.progress;
  const e = errs(st, 'enrol');
  return html`<section class="card" aria-labelledby="prog-h"><h2 id="prog-h">Progress</h2>
<dl class="grid3"><div><dt>Enrolled</dt><dd>${p.enrolled}</dd></div><div><dt>Attempted a quiz</dt><dd>${p.attempted}</dd></div><div><dt>Passed a quiz</dt><dd>${p.passed}</dd></div>
<div><dt>Project accepted</dt><dd>${p.projectsAccepted}</dd></div><div><dt>Awarded</dt><dd>${p.awarded}</dd></div></dl>
<h3>Enrol learners</h3>${errorSummary(e)}
<form method="post" action="/author/modules/${d.module.id}/enrol">${csrfField(csrf)}
<div class="grid2">${inputField({ name: 'email', label: 'Email', type: 'email', value: v(st, 'enrol', 'email'), errors: e })}${inputField({ name: 'name', label: 'Name', value: v(st, 'enrol', 'name'), errors: e })}</div>
<button type="submit">Enrol</button></form>
<form method="post" action="/author/modules/${d.module.id}/enrol-csv?_csrf=${encodeURIComponent(csrf)}" enctype="multipart/form-data">
<div class="field"><label for="f-csv">CSV file (columns email, name)</label><input id="f-csv" type="file" name="file" accept=".csv,text/csv"></div>
<button type="submit" class="secondary">Enrol from CSV</button></form>
${d.enrolled.length ? html`<details><summary>${d.enrolled.length} enrolled learners</summary><ul>${d.enrolled.map((l) => html`<li>${l.name ?? ''} ${l.email}</li>`)}</ul></details>` : ''}
</section>`;
}

export function moduleEditorView(csrf: string, d: AuthorModuleData, st?: FormState): SafeHtml {
  return html`<div class="page-head"><p class="eyebrow"><a href="/author/modules">Modules</a></p><h1>${d.module.title}</h1>
${d.module.status === 'published' ? html`<p><a href="/learn/modules/${d.module.id}">Learner view</a></p>` : ''}</div>
${progressSection(csrf, d, st)}${moduleForm(csrf, d, st)}${bankSection(csrf, d, st)}${quizSection(csrf, d, st)}${projectSection(csrf, d, st)}${ruleSection(csrf, d, st)}`;
}
