/** Form helpers: labelled inputs with inline errors (aria-describedby), CSRF field, error summary. */
import { AppError, type FieldIssue } from '../core/errors.ts';
import { html, type SafeHtml } from './html.ts';

export type FieldErrors = Record<string, string>;

/** Field → message map from an AppError (or an empty map). */
export function fieldErrorsOf(e: unknown): FieldErrors {
  if (!(e instanceof AppError)) return {};
  const out: FieldErrors = {};
  for (const i of e.issues) out[i.field] ??= i.message;
  if (e.field && !out[e.field]) out[e.field] = e.message;
  if (Object.keys(out).length === 0) out._form = e.message;
  return out;
}

/** The hidden CSRF field every POST form carries. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

const idFor = (name: string) => `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

export interface InputOptions {
  name: string;
  label: string;
  value?: string | number | null;
  type?: string;
  errors?: FieldErrors;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  placeholder?: string;
  attrs?: SafeHtml;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function fieldParts(o: { name: string; label: string; hint?: string; required?: boolean; errors?: FieldErrors }) {
  const id = idFor(o.name);
  const error = o.errors?.[o.name];
  return {
    id, error,
    label: html`<label for="${id}">${o.label}${o.required ? html` <span class="req" aria-hidden="true">*</span>` : ''}</label>`,
    hint: o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : '',
    errorEl: error ? html`<p class="field-error" id="${id}-error">${error}</p>` : '',
    aria: html`${describedBy(id, o.hint, error) ? html` aria-describedby="${describedBy(id, o.hint, error)}"` : ''}${error ? html` aria-invalid="true"` : ''}`,
  };
}

/** A labelled `<input>` with hint and inline error. */
export function inputField(o: InputOptions): SafeHtml {
  const p = fieldParts(o);
  return html`<div class="field${p.error ? ' has-error' : ''}">${p.label}${p.hint}${p.errorEl}
<input id="${p.id}" name="${o.name}" type="${o.type ?? 'text'}"${o.value !== undefined && o.value !== null && o.type !== 'password' ? html` value="${String(o.value)}"` : ''}${o.required ? html` required` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.placeholder ? html` placeholder="${o.placeholder}"` : ''}${p.aria}${o.attrs ?? ''}></div>`;
}

/** A labelled `<textarea>`. */
export function textareaField(o: InputOptions & { rows?: number }): SafeHtml {
  const p = fieldParts(o);
  return html`<div class="field${p.error ? ' has-error' : ''}">${p.label}${p.hint}${p.errorEl}
<textarea id="${p.id}" name="${o.name}" rows="${o.rows ?? 4}"${o.required ? html` required` : ''}${p.aria}${o.attrs ?? ''}>${o.value ?? ''}</textarea></div>`;
}

/** A labelled `<select>`. */
export function selectField(o: InputOptions & { options: Array<{ value: string; label: string }> }): SafeHtml {
  const p = fieldParts(o);
  return html`<div class="field${p.error ? ' has-error' : ''}">${p.label}${p.hint}${p.errorEl}
<select id="${p.id}" name="${o.name}"${o.required ? html` required` : ''}${p.aria}${o.attrs ?? ''}>${o.options.map((opt) => html`<option value="${opt.value}"${String(o.value ?? '') === opt.value ? html` selected` : ''}>${opt.label}</option>`)}</select></div>`;
}

/** A fieldset of checkboxes sharing a name. */
export function checkboxGroup(o: { name: string; legend: string; options: Array<{ value: string; label: string; hint?: string }>; checked?: string[]; errors?: FieldErrors; hint?: string }): SafeHtml {
  const id = idFor(o.name);
  const error = o.errors?.[o.name];
  return html`<fieldset class="field${error ? ' has-error' : ''}"${error ? html` aria-describedby="${id}-error"` : ''}><legend>${o.legend}</legend>
${o.hint ? html`<p class="hint">${o.hint}</p>` : ''}${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
${o.options.map((opt, i) => html`<div class="check"><input type="checkbox" id="${id}-${i}" name="${o.name}" value="${opt.value}"${o.checked?.includes(opt.value) ? html` checked` : ''}><label for="${id}-${i}">${opt.label}${opt.hint ? html` <span class="hint">${opt.hint}</span>` : ''}</label></div>`)}</fieldset>`;
}

/** A summary of all errors at the top of a form (focus target for screen readers). */
export function errorSummary(errors: FieldErrors): SafeHtml {
  const entries = Object.entries(errors);
  if (entries.length === 0) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1"><h2>There is a problem</h2><ul>${entries.map(([f, m]) =>
    f === '_form' ? html`<li>${m}</li>` : html`<li><a href="#${idFor(f)}">${m}</a></li>`)}</ul></div>`;
}

/** Issues → FieldErrors (for per-row CSV problems shown as a list). */
export function issuesToErrors(issues: FieldIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) out[i.field] ??= i.message;
  return out;
}
