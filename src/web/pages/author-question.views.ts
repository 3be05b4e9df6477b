/** The question-bank form (add and edit share it), a stored question as form values, and the edit page. */
import type { QuestionInput } from '../../core/assessment/question-input.ts';
import type { Question } from '../../core/assessment/questions.ts';
import type { FieldErrors } from '../forms.ts';
import { csrfField, errorSummary, inputField, selectField, textareaField } from '../forms.ts';
import { html, type SafeHtml } from '../html.ts';

type Values = Record<string, string | string[] | undefined>;

/** The question form's fields (type, prompt, answers per type, points, competency, explanation); staff pages only. */
export function questionFields(values: Values, e: FieldErrors, competencies: Array<{ id: string; code: string; name: string }>): SafeHtml {
  const val = (k: string, d?: string) => (values[k] as string | undefined) ?? d;
  return html`${selectField({ name: 'type', label: 'Type', value: val('type', 'single_choice'), options: [
    { value: 'single_choice', label: 'Single choice' }, { value: 'multiple_choice', label: 'Multiple choice (partial credit)' },
    { value: 'true_false', label: 'True / false' }, { value: 'numeric', label: 'Numeric' }, { value: 'short_text', label: 'Short text' }], errors: e })}
${textareaField({ name: 'prompt', label: 'Question', required: true, value: val('prompt'), errors: e })}
${textareaField({ name: 'optionsText', label: 'Options (choice questions)', value: val('optionsText'), hint: 'One option per line; start the correct ones with *.', errors: e })}
${selectField({ name: 'correct', label: 'Correct answer (true / false)', value: val('correct', ''), options: [{ value: '', label: '—' }, { value: 'true', label: 'True' }, { value: 'false', label: 'False' }], errors: e })}
<div class="grid2">${inputField({ name: 'answer', label: 'Numeric answer', value: val('answer'), errors: e })}${inputField({ name: 'tolerance', label: 'Tolerance (±)', value: val('tolerance'), errors: e })}</div>
${textareaField({ name: 'acceptedAnswers', label: 'Accepted answers (short text)', value: val('acceptedAnswers'), hint: 'One per line; case, spaces and Unicode forms are normalised.', errors: e })}
<div class="grid2">${inputField({ name: 'points', label: 'Points', value: val('points', '1'), errors: e })}
${selectField({ name: 'competency', label: 'Competency', value: val('competency', ''), options: [{ value: '', label: '—' }, ...competencies.map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))], errors: e })}</div>
${textareaField({ name: 'explanation', label: 'Explanation shown on review', value: val('explanation'), errors: e })}`;
}

/** A stored question as the form's values (options one per line, `*` before the correct ones). */
export function questionValues(q: Question): Record<string, string> {
  const base = { type: q.type, prompt: q.prompt, points: String(q.points), competency: q.competencies[0] ?? '', explanation: q.explanation ?? '' };
  switch (q.type) {
    case 'single_choice': return { ...base, optionsText: q.options.map((o) => `${o.id === q.correctOptionId ? '*' : ''}${o.text}`).join('\n') };
    case 'multiple_choice': return { ...base, optionsText: q.options.map((o) => `${q.correctOptionIds.includes(o.id) ? '*' : ''}${o.text}`).join('\n') };
    case 'true_false': return { ...base, correct: String(q.correct) };
    case 'numeric': return { ...base, answer: String(q.answer), tolerance: String(q.tolerance) };
    case 'short_text': return { ...base, acceptedAnswers: q.acceptedAnswers.join('\n') };
  }
}

/**
 * The form posted to edit `existing` → authoring input: options whose text is unchanged keep their ids, and settings
 * the form does not show (unit, scoring, case rules, further competency tags) are kept when the type is unchanged.
 */
export function editedQuestionInput(form: QuestionInput, existing: Question): QuestionInput {
  if (form.type !== existing.type) return form;
  const out: QuestionInput = { ...form };
  if ((existing.type === 'single_choice' || existing.type === 'multiple_choice') && form.options) {
    const free = [...existing.options];
    out.options = form.options.map((o) => {
      const i = free.findIndex((x) => x.text === o.text.trim());
      return i < 0 ? o : { ...o, id: free.splice(i, 1)[0]!.id };
    });
  }
  if (existing.type === 'multiple_choice') out.scoring = existing.scoring;
  if (existing.type === 'numeric' && existing.unit) out.unit = existing.unit;
  if (existing.type === 'short_text') Object.assign(out, { caseSensitive: existing.caseSensitive ?? false, foldDiacritics: existing.foldDiacritics ?? false });
  const tags = Array.isArray(form.competencies) ? form.competencies : [];
  if (tags.length && tags[0] === existing.competencies[0]) out.competencies = [...new Set([...tags, ...existing.competencies])];
  return out;
}

/** Question errors (`question.options`, `competencies`, …) keyed by the form field that shows them. */
export function questionFormErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, m] of Object.entries(errors)) {
    const f = k.replace(/^question\./, '');
    const name = /^(options|correctOptionIds?)(\.|$)/.test(f) ? 'optionsText' : f.startsWith('competencies') ? 'competency' : f === 'scoring' ? 'type' : f;
    out[name] ??= m;
  }
  return out;
}

/** The edit page of one bank question: the same form as "add", prefilled, with errors next to their fields. */
export function questionEditView(csrf: string, moduleId: string, questionId: string, values: Values, errors: FieldErrors, competencies: Array<{ id: string; code: string; name: string }>): SafeHtml {
  return html`<div class="page-head"><p class="eyebrow"><a href="/author/modules/${moduleId}#bank-h">Back to the module</a></p><h1>Edit question</h1></div>
<section class="card" aria-labelledby="qe-h"><h2 id="qe-h">Question</h2>${errorSummary(errors)}
<p class="muted">Attempts already started keep the question as it was; later attempts are graded with this version.</p>
<form method="post" action="/author/modules/${moduleId}/questions/${questionId}">${csrfField(csrf)}
${questionFields(values, errors, competencies)}
<button type="submit">Save question</button> <a class="button secondary" href="/author/modules/${moduleId}">Cancel</a></form></section>`;
}
