/** Issuer pages for issuing: the single-credential form, the bulk CSV upload and the bulk progress view. */
import type { MicroCredentialSummary } from '../../core/catalog/types.ts';
import type { Job } from '../../services/jobs.service.ts';
import type { BulkJobPayload, BulkJobResult, BulkRowError } from '../../services/bulk-issuance.service.ts';
import { csrfField, errorSummary, inputField, selectField, type FieldErrors } from '../forms.ts';
import { html, raw, type SafeHtml } from '../html.ts';
import { issuanceTabs } from './issuance.views.ts';

export interface IssueFormValues { achievementId: string; email: string; name: string; validFrom: string }

/** The single-credential form. */
export function issueFormBody(input: { achievements: MicroCredentialSummary[]; values: IssueFormValues; errors: FieldErrors; csrfToken: string }): SafeHtml {
  const active = input.achievements.filter((a) => a.status === 'active');
  return html`${issuanceTabs('single', true)}
<div class="page-head"><h1>Issue a credential</h1></div>
${errorSummary(input.errors)}
${active.length === 0 ? html`<div class="card"><p>Define a <a href="/catalog/micro-credentials/new">micro-credential</a> first.</p></div>` : html`
<form method="post" action="/issuance/new" class="card narrow" novalidate>${csrfField(input.csrfToken)}
${selectField({ name: 'achievementId', label: 'Micro-credential', required: true, value: input.values.achievementId, errors: input.errors, options: [{ value: '', label: 'Choose…' }, ...active.map((a) => ({ value: a.id, label: a.name }))] })}
${inputField({ name: 'recipient.email', label: 'Recipient email', type: 'email', required: true, autocomplete: 'off', value: input.values.email, errors: input.errors, hint: 'They receive the award email with a claim link and the verification code.' })}
${inputField({ name: 'recipient.name', label: 'Recipient name', value: input.values.name, errors: input.errors })}
${inputField({ name: 'validFrom', label: 'Valid from', type: 'date', value: input.values.validFrom, errors: input.errors, hint: 'Leave empty for now. The expiry follows the micro-credential’s validity period.' })}
<button type="submit">Issue and email</button></form>`}`;
}

/** The bulk upload form, with the rows a previous upload refused when none could be issued. */
export function bulkFormBody(input: { errors: FieldErrors; rowErrors: BulkRowError[]; csrfToken: string; achievements: MicroCredentialSummary[] }): SafeHtml {
  return html`${issuanceTabs('bulk', true)}
<div class="page-head"><h1>Bulk issue from a CSV file</h1></div>
${errorSummary(input.errors)}
${rowErrorTable(input.rowErrors, 'Rows that cannot be issued')}
<div class="grid2">
<form method="post" action="/issuance/bulk?_csrf=${input.csrfToken}" enctype="multipart/form-data" class="card">
${inputField({ name: 'file', label: 'CSV file', type: 'file', required: true, errors: input.errors, attrs: html` accept=".csv,text/csv"`, hint: 'Columns: email,name,achievement_id and optionally valid_from (2026-12-04). Every row is checked first; the valid rows are then issued in the background.' })}
<div class="check"><input type="checkbox" id="f-notify" name="notify" value="1" checked><label for="f-notify">Email each recipient</label></div>
<button type="submit">Check and issue</button></form>
<div class="card"><h2>Micro-credential ids</h2>${input.achievements.length === 0 ? html`<p>None yet.</p>` : html`<ul class="small">${input.achievements.filter((a) => a.status === 'active').map((a) => html`<li>${a.name}: <code>${a.id}</code></li>`)}</ul>`}
<p class="small">Uploading the same file again issues nothing twice.</p></div></div>`;
}

/** A table of refused rows (row number, column, problem). */
export function rowErrorTable(errors: BulkRowError[], caption: string, total?: number): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div class="card" role="alert"><h2>${caption}${total !== undefined && total > errors.length ? html` (first ${String(errors.length)} of ${String(total)})` : ''}</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Row</th><th scope="col">Column</th><th scope="col">Problem</th></tr></thead>
<tbody>${errors.map((e) => html`<tr><td>${String(e.row)}</td><td>${e.field}</td><td>${e.message}</td></tr>`)}</tbody></table></div></div>`;
}

const LABEL: Record<string, string> = { queued: 'Waiting to start', running: 'Issuing', done: 'Finished', failed: 'Stopped with an error' };

/** The progress of a bulk job; refreshes itself without JavaScript until the job is finished. */
export function bulkProgressBody(job: Job, payload: BulkJobPayload): SafeHtml {
  const result = (job.result ?? null) as BulkJobResult | null;
  const pct = job.progressTotal ? Math.round((100 * job.progressDone) / job.progressTotal) : 0;
  const finished = job.status === 'done' || job.status === 'failed';
  return html`${issuanceTabs('bulk', true)}
<div class="page-head"><h1>Bulk issue${payload.fileName ? html`: ${payload.fileName}` : ''}</h1></div>
<div class="card" id="bulk-progress" data-job="${job.id}" data-finished="${finished ? '1' : '0'}">
<p role="status" aria-live="polite"><strong id="bulk-state">${LABEL[job.status] ?? job.status}</strong> —
<span id="bulk-count">${String(job.progressDone)} of ${String(job.progressTotal)}</span> rows processed.</p>
<progress id="bulk-bar" max="${String(job.progressTotal || 1)}" value="${String(job.progressDone)}" aria-label="Rows processed">${String(pct)}%</progress>
${result ? html`<ul><li>${String(result.issued)} issued</li><li>${String(result.skipped)} already issued before (skipped)</li><li>${String(result.failed)} failed</li></ul>` : ''}
${job.error ? html`<p class="field-error">${job.error}</p>` : ''}
${finished ? html`<p><a class="button" href="/issuance/credentials">See issued credentials</a></p>` : html`<p class="small muted">This page refreshes every few seconds.</p>`}</div>
${rowErrorTable(payload.errors ?? [], 'Rows refused when the file was checked (not issued)', payload.rejected)}
${result && result.failures.length ? rowErrorTable(result.failures.map((f) => ({ row: f.row, field: '—', message: f.message })), 'Rows that failed while issuing') : ''}
${finished ? '' : raw(`<script>
(function () {
  var box = document.getElementById('bulk-progress'); if (!box || !window.fetch) return;
  var meta = document.querySelector('meta[http-equiv="refresh"]'); if (meta) meta.parentNode.removeChild(meta);
  function tick() {
    fetch('/api/v1/jobs/' + box.getAttribute('data-job'), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (j) {
        document.getElementById('bulk-count').textContent = j.progress.done + ' of ' + j.progress.total;
        var bar = document.getElementById('bulk-bar'); bar.max = j.progress.total || 1; bar.value = j.progress.done;
        if (j.status === 'done' || j.status === 'failed') { window.location.reload(); } else { setTimeout(tick, 1000); }
      })
      .catch(function () { setTimeout(tick, 3000); });
  }
  setTimeout(tick, 1000);
})();
</script>`)}`;
}
