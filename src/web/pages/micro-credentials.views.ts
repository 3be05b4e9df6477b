/** Issuer pages for micro-credentials: the list and the create/edit form (image, competencies, result descriptions). */
import type { Competency, MicroCredential, MicroCredentialSummary } from '../../core/catalog/types.ts';
import { ACHIEVEMENT_TYPES, RESULT_TYPES } from '../../core/ob/types.ts';
import { checkboxGroup, errorSummary, inputField, selectField, textareaField, type FieldErrors } from '../forms.ts';
import { html, raw, type SafeHtml } from '../html.ts';
import { catalogTabs } from './competencies.views.ts';
import { achievementTypeLabel } from './public-catalog.views.ts';

/** The list of micro-credentials. */
export function microCredentialListBody(input: { items: MicroCredentialSummary[]; status: string; canWrite: boolean }): SafeHtml {
  return html`${catalogTabs('micro-credentials')}
<div class="page-head"><h1>Micro-credentials</h1>${input.canWrite ? html`<p class="actions"><a class="button" href="/catalog/micro-credentials/new">New micro-credential</a></p>` : ''}</div>
<form method="get" action="/catalog/micro-credentials" class="filters">
${selectField({ name: 'status', label: 'Show', value: input.status, options: [{ value: '', label: 'All' }, { value: 'active', label: 'Active' }, { value: 'archived', label: 'Archived' }] })}
<button type="submit" class="secondary">Filter</button></form>
${input.items.length === 0 ? html`<div class="card"><p>No micro-credentials yet.${input.canWrite ? html` <a href="/catalog/micro-credentials/new">Define the first one</a>.` : ''}</p></div>` : html`
<div class="table-wrap"><table><caption class="visually-hidden">Micro-credentials</caption>
<thead><tr><th scope="col"><span class="visually-hidden">Badge</span></th><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Version</th><th scope="col">Issued</th><th scope="col">Status</th></tr></thead>
<tbody>${input.items.map((m) => html`<tr>
<td><img class="badge-thumb" src="/achievements/${m.id}/image?t=${encodeURIComponent(m.updatedAt)}" alt="" width="40" height="40"></td>
<td><a href="/catalog/micro-credentials/${m.id}/edit">${m.name}</a><div class="small"><a href="/achievements/${m.id}">Public page<span class="visually-hidden"> of ${m.name}</span></a></div></td>
<td>${achievementTypeLabel(m.achievementType)}</td><td>${m.currentVersion}</td><td>${m.issuedCount}</td>
<td><span class="badge ${m.status === 'active' ? 'active' : 'expired'}">${m.status === 'active' ? 'Active' : 'Archived'}</span></td></tr>`)}</tbody></table></div>`}`;
}

/** One editable result description row as the form holds it. */
export interface ResultRowValues {
  id: string;
  name: string;
  resultType: string;
  allowedValue: string;
  requiredValue: string;
  valueMin: string;
  valueMax: string;
  levels: string;
  requiredLevel: string;
}

export interface MicroCredentialFormValues {
  name: string;
  description: string;
  criteriaNarrative: string;
  achievementType: string;
  creditsAvailable: string;
  level: string;
  fieldOfStudy: string;
  tags: string;
  validityMonths: string;
  imageCaption: string;
  competencyIds: string[];
  results: ResultRowValues[];
}

/** Form values of a stored micro-credential (or empty ones for a new form). */
export function formValuesOf(m?: MicroCredential): MicroCredentialFormValues {
  const d = m?.definition;
  return {
    name: d?.name ?? '', description: d?.description ?? '', criteriaNarrative: d?.criteriaNarrative ?? '', achievementType: d?.achievementType ?? 'MicroCredential',
    creditsAvailable: d?.creditsAvailable?.toString() ?? '', level: d?.level ?? '', fieldOfStudy: d?.fieldOfStudy ?? '', tags: d?.tags.join(', ') ?? '',
    validityMonths: d?.validityMonths?.toString() ?? '', imageCaption: d?.image.caption ?? '', competencyIds: d?.competencyIds ?? [],
    results: (d?.resultDescriptions ?? []).map((rd) => ({
      id: rd.id, name: rd.name, resultType: rd.resultType, allowedValue: rd.allowedValue?.join(', ') ?? '', requiredValue: rd.requiredValue ?? '',
      valueMin: rd.valueMin ?? '', valueMax: rd.valueMax ?? '', levels: rd.rubricCriterionLevel?.map((l) => l.name).join('\n') ?? '',
      requiredLevel: rd.rubricCriterionLevel?.find((l) => l.id === rd.requiredLevel)?.name ?? '',
    })),
  };
}

const idOf = (field: string) => `f-${field.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

function rowField(i: number, key: keyof ResultRowValues, label: string, formName: string, value: string, errors: FieldErrors, opts: { hint?: string; textarea?: boolean; errorKeys?: string[] } = {}): SafeHtml {
  const field = `resultDescriptions[${i}].${key}`;
  const err = [field, ...(opts.errorKeys ?? []).map((k) => `resultDescriptions[${i}].${k}`)].map((k) => errors[k]).find(Boolean);
  const described = [opts.hint ? `${idOf(field)}-hint` : '', err ? `${idOf(field)}-error` : ''].filter(Boolean).join(' ');
  const aria = html`${described ? html` aria-describedby="${described}"` : ''}${err ? html` aria-invalid="true"` : ''}`;
  return html`<div class="field${err ? ' has-error' : ''}"><label for="${idOf(field)}">${label}</label>${opts.hint ? html`<p class="hint" id="${idOf(field)}-hint">${opts.hint}</p>` : ''}${err ? html`<p class="field-error" id="${idOf(field)}-error">${err}</p>` : ''}
${opts.textarea ? html`<textarea id="${idOf(field)}" name="${formName}" rows="3"${aria}>${value}</textarea>` : html`<input id="${idOf(field)}" name="${formName}" type="text" value="${value}"${aria}>`}</div>`;
}

function resultRow(i: number, r: ResultRowValues, errors: FieldErrors): SafeHtml {
  const typeField = `resultDescriptions[${i}].resultType`;
  const typeErr = errors[typeField];
  return html`<fieldset class="card result-row"><legend>Result ${i + 1}${r.name ? html`: ${r.name}` : ''}</legend>
<input type="hidden" name="rd_id" value="${r.id}">
<div class="grid2">${rowField(i, 'name', 'Name', 'rd_name', r.name, errors, { hint: 'E.g. “Final quiz”. Leave empty to remove this result.' })}
<div class="field${typeErr ? ' has-error' : ''}"><label for="${idOf(typeField)}">Kind of result</label>${typeErr ? html`<p class="field-error" id="${idOf(typeField)}-error">${typeErr}</p>` : ''}
<select id="${idOf(typeField)}" name="rd_type"${typeErr ? html` aria-invalid="true" aria-describedby="${idOf(typeField)}-error"` : ''}>${RESULT_TYPES.map((t) => html`<option value="${t}"${t === r.resultType ? html` selected` : ''}>${achievementTypeLabel(t)}</option>`)}</select></div>
${rowField(i, 'valueMin', 'Lowest value', 'rd_min', r.valueMin, errors)}${rowField(i, 'valueMax', 'Highest value', 'rd_max', r.valueMax, errors)}
${rowField(i, 'allowedValue', 'Allowed values', 'rd_allowed', r.allowedValue, errors, { hint: 'Comma-separated, lowest first (e.g. C, B, A).' })}
${rowField(i, 'requiredValue', 'Required value', 'rd_required', r.requiredValue, errors, { hint: 'The value a learner must reach, e.g. 70.' })}
${rowField(i, 'levels', 'Rubric levels', 'rd_levels', r.levels, errors, { hint: 'One level per line, lowest first.', textarea: true, errorKeys: ['rubricCriterionLevel'] })}
${rowField(i, 'requiredLevel', 'Required level', 'rd_required_level', r.requiredLevel, errors, { hint: 'The name of one of the levels above.' })}</div></fieldset>`;
}

const TYPE_OPTIONS = ['MicroCredential', 'Badge', 'Certificate', 'CertificateOfCompletion', 'Course', 'Competency', 'LearningProgram', 'Certification', 'Award', 'Assessment'];

/** The create/edit form (multipart: it carries the badge image). */
export function microCredentialFormBody(input: {
  microCredential?: MicroCredential; values: MicroCredentialFormValues; competencies: Competency[]; errors: FieldErrors; csrfToken: string;
}): SafeHtml {
  const m = input.microCredential;
  const v = input.values;
  const e = input.errors;
  const action = `${m ? `/catalog/micro-credentials/${m.id}/edit` : '/catalog/micro-credentials/new'}?_csrf=${encodeURIComponent(input.csrfToken)}`;
  const types = [...new Set([...TYPE_OPTIONS, ...ACHIEVEMENT_TYPES, ...(v.achievementType.startsWith('ext:') ? [] : [v.achievementType])])];
  const frameworks = [...new Set(input.competencies.map((c) => c.frameworkName))];
  const rows = [...v.results, { id: '', name: '', resultType: 'Percent', allowedValue: '', requiredValue: '', valueMin: '', valueMax: '', levels: '', requiredLevel: '' }];
  return html`${catalogTabs('micro-credentials')}<h1>${m ? `Edit “${m.definition.name}”` : 'New micro-credential'}</h1>
${m ? html`<p class="muted">Version ${m.currentVersion}. Editing a version that has been issued creates version ${m.currentVersion + 1}; issued credentials keep theirs. <a href="/achievements/${m.id}">Public page</a></p>` : ''}
${errorSummary(e)}
<form method="post" action="${action}" enctype="multipart/form-data" novalidate>
<section class="card"><h2>About</h2>
${inputField({ name: 'name', label: 'Name', value: v.name, required: true, errors: e })}
${textareaField({ name: 'description', label: 'Short description', value: v.description, required: true, errors: e, rows: 3 })}
${textareaField({ name: 'criteriaNarrative', label: 'Criteria', value: v.criteriaNarrative, required: true, errors: e, rows: 6, hint: 'What a learner must do to earn it. Markdown is allowed (lists, **bold**, links). It is shown on the public criteria page.' })}</section>
<section class="card"><h2>Classification</h2><div class="grid2">
${selectField({ name: 'achievementType', label: 'Type', value: v.achievementType.startsWith('ext:') ? 'ext' : v.achievementType, errors: e, options: [...types.map((t) => ({ value: t, label: achievementTypeLabel(t) })), { value: 'ext', label: 'Other (custom ext: type)' }] })}
${inputField({ name: 'achievementTypeExt', label: 'Custom type', value: v.achievementType.startsWith('ext:') ? v.achievementType : '', hint: 'Only for “Other”: ext: followed by a name, e.g. ext:Nanodegree.', errors: e })}
${inputField({ name: 'creditsAvailable', label: 'Credits', type: 'number', value: v.creditsAvailable, errors: e, attrs: html` min="0" step="any" inputmode="decimal"` })}
${inputField({ name: 'level', label: 'Level', value: v.level, errors: e, hint: 'E.g. Introductory, Intermediate, EQF 5.' })}
${inputField({ name: 'fieldOfStudy', label: 'Field of study', value: v.fieldOfStudy, errors: e })}
${inputField({ name: 'tags', label: 'Tags', value: v.tags, errors: e, hint: 'Comma-separated.' })}
${inputField({ name: 'validityMonths', label: 'Valid for (months)', type: 'number', value: v.validityMonths, errors: e, hint: 'Credentials expire this many months after award. Leave empty: never expires.', attrs: html` min="1" max="1200" step="1" inputmode="numeric"` })}
</div></section>
<section class="card"><h2>Badge image</h2>
<div class="badge-edit">${m ? html`<img id="badge-preview" class="badge-image" src="/achievements/${m.id}/image?t=${encodeURIComponent(m.updatedAt)}" alt="Current badge" width="128" height="128">` : html`<p class="muted" id="badge-preview-note">Without an upload, a badge with the initials of the name is drawn in your organisation’s colour.</p>`}
<div>${e.image ? html`<p class="field-error" id="f-image-error">${e.image}</p>` : ''}
<div class="field${e.image ? ' has-error' : ''}"><label for="f-image">Upload a PNG or SVG</label><p class="hint" id="f-image-hint">At most 512 KB. SVG files must not contain scripts or links to other files.</p>
<input id="f-image" name="image" type="file" accept="image/png,image/svg+xml,.png,.svg" aria-describedby="f-image-hint${e.image ? ' f-image-error' : ''}"${e.image ? html` aria-invalid="true"` : ''}></div>
${inputField({ name: 'imageCaption', label: 'Image description (alt text)', value: v.imageCaption, errors: e })}
${m && !m.definition.image.generated ? html`<div class="check"><input type="checkbox" id="f-imageReset" name="imageReset" value="1"><label for="f-imageReset">Use the generated badge instead</label></div>` : ''}
</div></div></section>
<section class="card"><h2>Competencies</h2>
${input.competencies.length === 0 ? html`<p class="muted">No competencies yet. <a href="/catalog/competencies">Define competencies</a> to align this micro-credential to them.</p>`
    : frameworks.map((fw) => checkboxGroup({
      name: 'competencyIds', legend: fw, checked: v.competencyIds, errors: e,
      options: input.competencies.filter((c) => c.frameworkName === fw).map((c) => ({ value: c.id, label: `${c.code} — ${c.name}` })),
    }))}</section>
<section><h2>How it is assessed</h2><p class="hint">Result descriptions say which results a credential reports (a quiz score, a rubric level …). Quizzes and projects in learning modules add theirs automatically.</p>
${rows.map((r, i) => resultRow(i, r, e))}</section>
<p class="actions"><button type="submit">${m ? 'Save changes' : 'Create micro-credential'}</button><a class="button secondary" href="/catalog/micro-credentials">Cancel</a></p>
</form>
${raw(PREVIEW_SCRIPT)}`;
}

/** Progressive enhancement only: previews the chosen image before upload (the form works without it). */
const PREVIEW_SCRIPT = `<script>(function(){var i=document.getElementById('f-image');if(!i||!window.URL)return;i.addEventListener('change',function(){var f=i.files&&i.files[0];if(!f)return;var p=document.getElementById('badge-preview');if(!p){p=document.createElement('img');p.id='badge-preview';p.className='badge-image';p.width=128;p.height=128;var n=document.getElementById('badge-preview-note');(n?n.parentNode:i.parentNode).insertBefore(p,n||i);if(n)n.remove();}p.alt='Preview of the chosen image';p.src=URL.createObjectURL(f);});})();</script>`;

/** The archive/restore/delete panel of the edit page. */
export function microCredentialDangerZone(m: MicroCredential, issued: number, csrf: string): SafeHtml {
  const hidden = html`<input type="hidden" name="_csrf" value="${csrf}">`;
  return html`<section class="card"><h2>Archive or delete</h2>
${m.status === 'active' ? html`<form method="post" action="/catalog/micro-credentials/${m.id}/archive">${hidden}<p>Archiving stops new issuance; issued credentials stay valid and the public page stays online.</p><button type="submit" class="secondary">Archive</button></form>`
    : html`<form method="post" action="/catalog/micro-credentials/${m.id}/restore">${hidden}<p>This micro-credential is archived.</p><button type="submit" class="secondary">Restore</button></form>`}
${issued === 0 ? html`<form method="post" action="/catalog/micro-credentials/${m.id}/delete">${hidden}<p>It has never been issued, so it can be deleted.</p><button type="submit" class="danger">Delete</button></form>` : html`<p class="muted">Issued ${issued} time${issued === 1 ? '' : 's'}: it cannot be deleted.</p>`}</section>`;
}
