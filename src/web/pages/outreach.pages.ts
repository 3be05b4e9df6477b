/**
 * Employer outreach for issuers: the board by stage (move with form buttons), new/edit partner forms, the partner
 * page with its timeline and notes, CSV import (per-row errors, nothing written on error) and export.
 */
import { AppError } from '../../core/errors.ts';
import { PARTNER_CSV_COLUMNS } from '../../core/outreach/partner-csv.ts';
import { STAGE_LABELS } from '../../core/outreach/partner-input.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import { csrfField, errorSummary, fieldErrorsOf, textareaField, type FieldErrors } from '../forms.ts';
import { html } from '../html.ts';
import { page, redirectWithFlash, statusOfError } from '../respond.ts';
import { boardView, formErrors, formFromPartner, partnerForm, partnerFromForm, timelineView } from './outreach.views.ts';

type Form = Record<string, string | string[] | undefined>;
type Req = Parameters<typeof page>[0];
type Rep = Parameters<typeof page>[1];
const PAGE = { schema: { hide: true }, config: { page: true } };
const idOf = (request: Req) => (request.params as { id: string }).id;

export default async function outreachPages(app: App, { services }: PluginOptions): Promise<void> {
  const rethrowUnlessInput = (e: unknown): AppError => {
    if (!(e instanceof AppError) || statusOfError(e) >= 500 || e.kind === 'not_found' || e.kind === 'forbidden') throw e;
    return e;
  };

  app.get('/outreach', PAGE, async (request, reply) => {
    const [columns, options] = await Promise.all([services.outreach.board(request.auth), services.outreach.options(request.auth)]);
    const owners = new Map(options.members.map((m) => [m.userId, m.name]));
    return page(request, reply, {
      title: 'Employer outreach', current: '/outreach', noindex: true,
      body: html`<div class="page-head"><h1>Employer outreach</h1>
<p><a class="button" href="/outreach/new">Add a partner</a> <a class="button secondary" href="/outreach/import">Import CSV</a> <a class="button secondary" href="/outreach/export.csv" download>Export CSV</a></p></div>
<p class="lead">Employers you work with, by stage. Move a partner with the arrow buttons; open one for its contacts, notes and timeline.</p>
${boardView(columns, request.csrfToken, owners)}`,
    });
  });

  async function form(request: Req, reply: Rep, o: { id?: string; values: Form; errors?: FieldErrors; status?: number }) {
    const options = await services.outreach.options(request.auth);
    return page(request, reply, {
      title: o.id ? 'Edit partner' : 'Add a partner', current: '/outreach', noindex: true,
      body: html`<h1>${o.id ? `Edit ${String(o.values.name ?? '')}` : 'Add an employer partner'}</h1>
${partnerForm({ action: o.id ? `/outreach/${o.id}` : '/outreach', csrf: request.csrfToken, values: o.values, errors: formErrors(o.errors ?? {}), options, submit: o.id ? 'Save partner' : 'Add partner' })}`,
    }, o.status ?? 200);
  }

  app.get('/outreach/new', PAGE, async (request, reply) => form(request, reply, { values: {} }));

  app.post('/outreach', PAGE, async (request, reply) => {
    const v = (request.body ?? {}) as Form;
    try {
      const p = await services.outreach.create(request.auth, partnerFromForm(v));
      return redirectWithFlash(reply, `/outreach/${p.id}`, { kind: 'success', message: `${p.name} was added.` });
    } catch (e) {
      const err = rethrowUnlessInput(e);
      return form(request, reply, { values: v, errors: fieldErrorsOf(err), status: statusOfError(err) });
    }
  });

  app.get('/outreach/import', PAGE, async (request, reply) => importPage(request, reply, '', {}));

  async function importPage(request: Req, reply: Rep, csv: string, errors: FieldErrors, rows: Array<{ row: number; column: string; message: string }> = [], status = 200) {
    return page(request, reply, {
      title: 'Import partners', current: '/outreach', noindex: true,
      body: html`<h1>Import employer partners</h1>
<p class="lead">Paste CSV with a header row. Every row is checked first: if any row has a problem, nothing is imported.</p>
<p>Columns: <code>${PARTNER_CSV_COLUMNS.join(', ')}</code>. Only <code>name</code> is required; separate several contacts, micro-credential ids or pathway ids with <code>;</code>. Owners are given by their email.</p>
${errorSummary(errors)}
${rows.length ? html`<div class="table-wrap"><table><caption>Problems found (nothing was imported)</caption><thead><tr><th scope="col">Row</th><th scope="col">Column</th><th scope="col">Problem</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${r.row}</td><td>${r.column}</td><td>${r.message}</td></tr>`)}</tbody></table></div>` : ''}
<form method="post" action="/outreach/import" class="card" novalidate>${csrfField(request.csrfToken)}
${textareaField({ name: 'csv', label: 'CSV', value: csv, required: true, rows: 10, errors })}
<button type="submit">Import</button></form>`,
    }, status);
  }

  app.post('/outreach/import', PAGE, async (request, reply) => {
    const csv = String(((request.body ?? {}) as Form).csv ?? '');
    try {
      const { created } = await services.outreach.importCsv(request.auth, csv);
      return redirectWithFlash(reply, '/outreach', { kind: 'success', message: `${created} partner${created === 1 ? '' : 's'} imported.` });
    } catch (e) {
      const err = rethrowUnlessInput(e);
      const rows = ((err.details as { rows?: Array<{ row: number; column: string; message: string }> } | undefined)?.rows) ?? [];
      return importPage(request, reply, csv, { csv: err.message }, rows, statusOfError(err));
    }
  });

  app.get('/outreach/export.csv', PAGE, async (request, reply) => {
    const csv = await services.outreach.exportCsv(request.auth);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="employer-partners.csv"').send(csv);
  });

  app.get('/outreach/:id', PAGE, async (request, reply) => {
    const [{ partner: p, timeline }, options, names] = await Promise.all([
      services.outreach.get(request.auth, idOf(request)), services.outreach.options(request.auth),
      services.achievements.list(request.auth).then((l) => new Map(l.map((a) => [a.id, a.name]))),
    ]);
    const people = new Map(options.members.map((m) => [m.userId, m.name]));
    const pathways = new Map(options.pathways.map((x) => [x.id, x.name]));
    return page(request, reply, {
      title: p.name, current: '/outreach', noindex: true,
      body: html`<p><a href="/outreach">← Employer outreach</a></p><h1>${p.name}</h1>
<div class="grid2"><section class="card" aria-labelledby="facts-h"><h2 id="facts-h">Partner</h2><dl class="facts">
<dt>Stage</dt><dd>${STAGE_LABELS[p.stage]}</dd>
<dt>Website</dt><dd>${p.website ? html`<a href="${p.website}">${p.website}</a>` : '—'}${p.employerOrganizationId ? html` <span class="badge valid">Linked employer</span>` : ''}</dd>
<dt>Owner</dt><dd>${p.ownerUserId ? people.get(p.ownerUserId) ?? '—' : '—'}</dd>
<dt>Next step</dt><dd>${p.nextStep ?? '—'}${p.nextStepDate ? ` (${p.nextStepDate})` : ''}</dd>
<dt>Contacts</dt><dd>${p.contacts.length ? html`<ul class="plain">${p.contacts.map((c) => html`<li>${c.name}${c.role ? `, ${c.role}` : ''}${c.email ? html` · <a href="mailto:${c.email}">${c.email}</a>` : ''}</li>`)}</ul>` : '—'}</dd>
<dt>Cares about</dt><dd>${[...p.interests.achievementIds.map((id) => names.get(id) ?? id), ...p.interests.pathwayIds.map((id) => `Pathway: ${pathways.get(id) ?? id}`)].join(', ') || '—'}</dd>
<dt>Notes</dt><dd>${p.notes ?? '—'}</dd></dl>
<p><a class="button secondary" href="/outreach/${p.id}/edit">Edit</a></p>
<form method="post" action="/outreach/${p.id}/delete">${csrfField(request.csrfToken)}<button type="submit" class="danger small">Delete partner</button></form></section>
<section class="card" aria-labelledby="tl-h"><h2 id="tl-h">Timeline</h2>
<form method="post" action="/outreach/${p.id}/notes" novalidate>${csrfField(request.csrfToken)}${textareaField({ name: 'note', label: 'Add a note', rows: 2 })}<button type="submit" class="secondary">Add note</button></form>
${timelineView(timeline, people)}</section></div>`,
    });
  });

  app.get('/outreach/:id/edit', PAGE, async (request, reply) => {
    const { partner } = await services.outreach.get(request.auth, idOf(request));
    return form(request, reply, { id: partner.id, values: formFromPartner(partner) });
  });

  app.post('/outreach/:id', PAGE, async (request, reply) => {
    const v = (request.body ?? {}) as Form;
    try {
      const p = await services.outreach.update(request.auth, idOf(request), partnerFromForm(v));
      return redirectWithFlash(reply, `/outreach/${p.id}`, { kind: 'success', message: `${p.name} was saved.` });
    } catch (e) {
      const err = rethrowUnlessInput(e);
      return form(request, reply, { id: idOf(request), values: v, errors: fieldErrorsOf(err), status: statusOfError(err) });
    }
  });

  app.post('/outreach/:id/stage', PAGE, async (request, reply) => {
    const p = await services.outreach.moveStage(request.auth, idOf(request), String(((request.body ?? {}) as Form).stage ?? ''));
    return redirectWithFlash(reply, '/outreach', { kind: 'success', message: `${p.name} moved to ${STAGE_LABELS[p.stage]}.` });
  });

  app.post('/outreach/:id/notes', PAGE, async (request, reply) => {
    await services.outreach.addNote(request.auth, idOf(request), String(((request.body ?? {}) as Form).note ?? ''));
    return redirectWithFlash(reply, `/outreach/${idOf(request)}`, { kind: 'success', message: 'Note added.' });
  });

  app.post('/outreach/:id/delete', PAGE, async (request, reply) => {
    await services.outreach.remove(request.auth, idOf(request));
    return redirectWithFlash(reply, '/outreach', { kind: 'success', message: 'The partner was deleted.' });
  });
}
