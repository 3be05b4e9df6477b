/** Issuer pages for competencies: list, framework and competency forms, and CSV import with per-row errors. */
import type { CsvRowIssue } from '../../core/catalog/competency-csv.ts';
import { COMPETENCY_CSV_COLUMNS } from '../../core/catalog/competency-csv.ts';
import { KNOWN_FRAMEWORKS } from '../../core/catalog/competency-input.ts';
import type { Competency, CompetencyFramework, ExternalAlignment } from '../../core/catalog/types.ts';
import { ALIGNMENT_TARGET_TYPES } from '../../core/ob/types.ts';
import { csrfField, errorSummary, inputField, selectField, textareaField, type FieldErrors } from '../forms.ts';
import { html, type SafeHtml } from '../html.ts';
import { alignmentLink } from './public-catalog.views.ts';

/** Sub-navigation shared by the catalog pages. */
export function catalogTabs(current: 'competencies' | 'micro-credentials' | 'import'): SafeHtml {
  const tab = (href: string, key: string, label: string) => html`<li><a href="${href}"${current === key ? html` aria-current="page"` : ''}>${label}</a></li>`;
  return html`<nav class="tabs" aria-label="Catalog"><ul>${tab('/catalog/micro-credentials', 'micro-credentials', 'Micro-credentials')}${tab('/catalog/competencies', 'competencies', 'Competencies')}${tab('/catalog/competencies/import', 'import', 'Import competencies')}</ul></nav>`;
}

/** The competency list, grouped by framework, with search. */
export function competencyListBody(input: { frameworks: CompetencyFramework[]; competencies: Competency[]; q: string; frameworkId: string; canWrite: boolean }): SafeHtml {
  const byFramework = input.frameworks.filter((f) => !input.frameworkId || f.id === input.frameworkId);
  return html`${catalogTabs('competencies')}
<div class="page-head"><h1>Competencies</h1>
${input.canWrite ? html`<p class="actions"><a class="button" href="/catalog/competencies/new">New competency</a><a class="button secondary" href="/catalog/frameworks/new">New framework</a><a class="button secondary" href="/catalog/competencies/import">Import CSV</a></p>` : ''}</div>
<form method="get" action="/catalog/competencies" class="filters" role="search">
${inputField({ name: 'q', label: 'Search code or name', type: 'search', value: input.q })}
${selectField({ name: 'framework', label: 'Framework', value: input.frameworkId, options: [{ value: '', label: 'All frameworks' }, ...input.frameworks.map((f) => ({ value: f.id, label: f.name }))] })}
<button type="submit" class="secondary">Filter</button></form>
${input.competencies.length >= 1000 ? html`<p class="flash info" role="status">Showing the first 1,000 competencies: search or choose a framework to narrow the list.</p>` : ''}
${input.frameworks.length === 0 ? html`<div class="card"><p>No competency frameworks yet. Create a framework, then add competencies to it, or import a CSV file.</p></div>` : ''}
${byFramework.map((f) => {
    const items = input.competencies.filter((c) => c.frameworkId === f.id);
    return html`<section class="card" aria-labelledby="fw-${f.id}">
<div class="page-head"><h2 id="fw-${f.id}">${f.name} <span class="muted small">(${f.competencyCount})</span></h2>
${input.canWrite ? html`<p class="actions"><a class="button small secondary" href="/catalog/competencies/new?framework=${f.id}">Add competency<span class="visually-hidden"> to ${f.name}</span></a><a class="button small secondary" href="/catalog/frameworks/${f.id}/edit">Edit framework<span class="visually-hidden"> ${f.name}</span></a></p>` : ''}</div>
${f.description ? html`<p class="muted">${f.description}</p>` : ''}
${items.length ? html`<div class="table-wrap"><table><caption class="visually-hidden">Competencies of ${f.name}</caption>
<thead><tr><th scope="col">Code</th><th scope="col">Name</th><th scope="col">Aligned to</th>${input.canWrite ? html`<th scope="col"><span class="visually-hidden">Actions</span></th>` : ''}</tr></thead>
<tbody>${items.map((c) => html`<tr><td><code>${c.code}</code></td><td><a href="/competencies/${c.id}">${c.name}</a>${c.description ? html`<div class="muted small">${c.description}</div>` : ''}</td>
<td>${c.alignments.length ? html`<ul class="plain small">${c.alignments.map((a) => html`<li>${alignmentLink(a)}</li>`)}</ul>` : html`<span class="muted">—</span>`}</td>
${input.canWrite ? html`<td><a href="/catalog/competencies/${c.id}/edit">Edit<span class="visually-hidden"> ${c.name}</span></a></td>` : ''}</tr>`)}</tbody></table></div>`
    : html`<p class="muted">${input.q ? 'No competency in this framework matches the search.' : 'No competencies in this framework yet.'}</p>`}
</section>`;
  })}`;
}

/** The framework form (create or edit). */
export function frameworkFormBody(input: { framework?: CompetencyFramework; values: { name?: string; description?: string | null }; errors: FieldErrors; csrfToken: string }): SafeHtml {
  const f = input.framework;
  return html`${catalogTabs('competencies')}<h1>${f ? `Edit framework “${f.name}”` : 'New competency framework'}</h1>
${errorSummary(input.errors)}
<form method="post" action="${f ? `/catalog/frameworks/${f.id}/edit` : '/catalog/frameworks/new'}" class="card" novalidate>${csrfField(input.csrfToken)}
${inputField({ name: 'name', label: 'Name', value: input.values.name, required: true, errors: input.errors, hint: 'For example “Data Skills” or “Workplace Safety”.' })}
${textareaField({ name: 'description', label: 'Description', value: input.values.description ?? '', errors: input.errors, rows: 3 })}
<p class="actions"><button type="submit">${f ? 'Save framework' : 'Create framework'}</button><a class="button secondary" href="/catalog/competencies">Cancel</a></p></form>
${f ? html`<form method="post" action="/catalog/frameworks/${f.id}/delete" class="card">${csrfField(input.csrfToken)}<h2>Delete this framework</h2>
<p>Deletes the framework and its ${f.competencyCount} competencies. Credentials already issued keep the competencies they recorded.</p>
<button type="submit" class="danger">Delete framework</button></form>` : ''}`;
}

const idOf = (field: string) => `f-${field.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

function alignmentRow(i: number, a: Partial<ExternalAlignment>, errors: FieldErrors): SafeHtml {
  const cell = (key: keyof ExternalAlignment, label: string, formName: string, hint?: string) => {
    const field = `alignments[${i}].${key}`;
    const err = errors[field];
    return html`<div class="field${err ? ' has-error' : ''}"><label for="${idOf(field)}">${label}</label>${hint ? html`<p class="hint" id="${idOf(field)}-hint">${hint}</p>` : ''}${err ? html`<p class="field-error" id="${idOf(field)}-error">${err}</p>` : ''}
<input id="${idOf(field)}" name="${formName}" type="${key === 'targetUrl' ? 'url' : 'text'}" value="${a[key] ?? ''}"${key === 'targetFramework' ? html` list="known-frameworks"` : ''}${err ? html` aria-invalid="true" aria-describedby="${idOf(field)}-error"` : ''}></div>`;
  };
  return html`<fieldset class="alignment-row"><legend>External alignment ${i + 1}</legend><div class="grid2">
${cell('targetUrl', 'Target URL', 'al_url', 'The node in ESCO, O*NET, CASE …')}${cell('targetFramework', 'Framework', 'al_framework')}
${cell('targetCode', 'Code in that framework', 'al_code')}${cell('targetName', 'Name in that framework', 'al_name', 'Defaults to the competency name.')}
${selectTypeField(i, a.targetType ?? '', errors)}
</div></fieldset>`;
}

function selectTypeField(i: number, value: string, errors: FieldErrors): SafeHtml {
  const field = `alignments[${i}].targetType`;
  const err = errors[field];
  return html`<div class="field${err ? ' has-error' : ''}"><label for="${idOf(field)}">Target type</label>${err ? html`<p class="field-error" id="${idOf(field)}-error">${err}</p>` : ''}
<select id="${idOf(field)}" name="al_type"${err ? html` aria-invalid="true" aria-describedby="${idOf(field)}-error"` : ''}>${['', ...ALIGNMENT_TARGET_TYPES].map((t) => html`<option value="${t}"${t === value ? html` selected` : ''}>${t || '(none)'}</option>`)}</select></div>`;
}

export interface CompetencyFormValues {
  frameworkId?: string;
  code?: string;
  name?: string;
  description?: string | null;
  alignments: Partial<ExternalAlignment>[];
}

/** The competency form (create or edit) with room for external alignments. */
export function competencyFormBody(input: { competency?: Competency; frameworks: CompetencyFramework[]; values: CompetencyFormValues; errors: FieldErrors; csrfToken: string }): SafeHtml {
  const c = input.competency;
  const rows = [...input.values.alignments, {}, {}].slice(0, Math.max(2, input.values.alignments.length + 1));
  return html`${catalogTabs('competencies')}<h1>${c ? `Edit competency ${c.code}` : 'New competency'}</h1>
${errorSummary(input.errors)}
${input.frameworks.length === 0 ? html`<div class="card"><p>Create a <a href="/catalog/frameworks/new">competency framework</a> first.</p></div>` : html`
<form method="post" action="${c ? `/catalog/competencies/${c.id}/edit` : '/catalog/competencies/new'}" class="card" novalidate>${csrfField(input.csrfToken)}
${c ? html`<p><strong>Framework:</strong> ${c.frameworkName}</p>` : selectField({ name: 'frameworkId', label: 'Framework', value: input.values.frameworkId, required: true, errors: input.errors, options: input.frameworks.map((f) => ({ value: f.id, label: f.name })) })}
<div class="grid2">${inputField({ name: 'code', label: 'Code', value: input.values.code, required: true, errors: input.errors, hint: 'Unique within the framework, e.g. DS-1.' })}
${inputField({ name: 'name', label: 'Name', value: input.values.name, required: true, errors: input.errors })}</div>
${textareaField({ name: 'description', label: 'Description', value: input.values.description ?? '', errors: input.errors, rows: 3 })}
<h2>Alignments to external frameworks</h2><p class="hint">Link the competency to ESCO skills, O*NET elements or CASE items. Leave a row empty to skip it; empty a row to remove it.</p>
<datalist id="known-frameworks">${KNOWN_FRAMEWORKS.map((f) => html`<option value="${f}"></option>`)}</datalist>
${rows.map((a, i) => alignmentRow(i, a, input.errors))}
<p class="actions"><button type="submit">${c ? 'Save competency' : 'Create competency'}</button><a class="button secondary" href="/catalog/competencies">Cancel</a></p></form>
${c ? html`<form method="post" action="/catalog/competencies/${c.id}/delete" class="card">${csrfField(input.csrfToken)}<h2>Delete this competency</h2>
<p>Micro-credentials stop aligning to it; credentials already issued keep it.</p><button type="submit" class="danger">Delete competency</button></form>` : ''}`}`;
}

/** The CSV import page; `rowErrors` lists each bad row (nothing was imported). */
export function importBody(input: { csrfToken: string; csv?: string; rowErrors?: CsvRowIssue[]; message?: string }): SafeHtml {
  const errs = input.rowErrors ?? [];
  return html`${catalogTabs('import')}<h1>Import competencies from CSV</h1>
${errs.length ? html`<div class="error-summary" role="alert" tabindex="-1" id="import-errors"><h2>Nothing was imported</h2><p>${input.message ?? 'Fix these rows and upload the file again.'}</p>
<div class="table-wrap"><table><caption class="visually-hidden">Problems by row</caption><thead><tr><th scope="col">Row</th><th scope="col">Column</th><th scope="col">Problem</th></tr></thead>
<tbody>${errs.map((e) => html`<tr><td>${e.row}</td><td><code>${e.column}</code></td><td>${e.message}</td></tr>`)}</tbody></table></div></div>` : ''}
<section class="card"><h2>File format</h2>
<p>The first row is the header: <code class="break">${COMPETENCY_CSV_COLUMNS.join(',')}</code>. <code>framework</code>, <code>code</code> and <code>name</code> are required.
A framework is created when none has that name. An existing code is updated. Repeat a row with the same framework and code to add another alignment. Row numbers count the header as row 1.</p>
<pre class="mail-body">framework,code,name,description,alignment_url,alignment_code,alignment_framework
Data Skills,DS-1,Clean data,Find and fix errors,http://data.europa.eu/esco/skill/abc,abc,ESCO
Data Skills,DS-1,Clean data,,https://www.onetonline.org/link/summary/15-2051.00,15-2051.00,O*NET</pre></section>
<form method="post" action="/catalog/competencies/import?_csrf=${encodeURIComponent(input.csrfToken)}" enctype="multipart/form-data" class="card">
<div class="field"><label for="f-file">CSV file</label><p class="hint" id="f-file-hint">UTF-8, at most 5 MB.</p><input id="f-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="f-file-hint"></div>
${textareaField({ name: 'csv', label: 'Or paste the CSV text', value: input.csv ?? '', rows: 6 })}
<p class="actions"><button type="submit">Check and import</button><a class="button secondary" href="/catalog/competencies">Cancel</a></p></form>`;
}
