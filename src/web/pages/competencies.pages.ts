/** Issuer pages: competency list, framework and competency forms, CSV import (plain POST forms, no JavaScript). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { COMPETENCY_CSV_MAX_BYTES as CSV_IMPORT_MAX_BYTES, type CsvRowIssue } from '../../core/catalog/competency-csv.ts';
import type { ExternalAlignment } from '../../core/catalog/types.ts';
import { AppError } from '../../core/errors.ts';
import { readMultipartForm } from '../../http/multipart.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import { can } from '../../services/auth.ts';
import { fieldErrorsOf } from '../forms.ts';
import { humanizeErrors } from './catalog-errors.ts';
import { page, redirectWithFlash, statusOfError } from '../respond.ts';
import { competencyFormBody, competencyListBody, frameworkFormBody, importBody, type CompetencyFormValues } from './competencies.views.ts';

type Form = Record<string, string | string[] | undefined>;
const PAGE = { schema: { hide: true }, config: { page: true } } as const;

/** Repeated form fields arrive as a string or an array. */
export function listOf(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? v[0] ?? '' : v ?? '');

/** Reads the alignment rows of the competency form, skipping empty ones. */
export function alignmentsFromForm(body: Form): Partial<ExternalAlignment>[] {
  const urls = listOf(body.al_url), names = listOf(body.al_name), codes = listOf(body.al_code), fws = listOf(body.al_framework), types = listOf(body.al_type);
  const rows: Partial<ExternalAlignment>[] = [];
  urls.forEach((url, i) => {
    const row = { targetUrl: url.trim(), targetName: names[i]?.trim() ?? '', targetCode: codes[i]?.trim() ?? '', targetFramework: fws[i]?.trim() ?? '', targetType: (types[i]?.trim() ?? '') as ExternalAlignment['targetType'] };
    if (Object.values(row).some((v) => v)) rows.push(row);
  });
  return rows;
}

function competencyValues(body: Form): CompetencyFormValues {
  return { frameworkId: one(body.frameworkId), code: one(body.code), name: one(body.name), description: one(body.description), alignments: alignmentsFromForm(body) };
}

export default async function competencyPages(app: App, { services }: PluginOptions): Promise<void> {
  const svc = services.competencies;

  app.get('/catalog/competencies', PAGE, async (request, reply) => {
    const q = request.query as { q?: string; framework?: string };
    const [frameworks, competencies] = await Promise.all([
      svc.listFrameworks(request.auth), svc.listCompetencies(request.auth, { q: q.q?.slice(0, 200) || undefined, frameworkId: q.framework || undefined }),
    ]);
    return page(request, reply, {
      title: 'Competencies', current: '/catalog/competencies', noindex: true,
      body: competencyListBody({ frameworks, competencies, q: q.q ?? '', frameworkId: q.framework ?? '', canWrite: can(request.auth, 'competencies:write') }),
    });
  });

  // Frameworks
  const frameworkForm = async (request: FastifyRequest, reply: FastifyReply, id: string | null, body: Form | null, error?: unknown) => {
    const framework = id ? await svc.getFramework(request.auth, id) : undefined;
    const values = body ? { name: one(body.name), description: one(body.description) } : { name: framework?.name, description: framework?.description };
    return page(request, reply, {
      title: framework ? 'Edit framework' : 'New framework', current: '/catalog/competencies', noindex: true,
      body: frameworkFormBody({ framework, values, errors: error ? humanizeErrors(fieldErrorsOf(error)) : {}, csrfToken: request.csrfToken }),
    }, error ? statusOfError(error) : 200);
  };
  app.get('/catalog/frameworks/new', PAGE, async (request, reply) => frameworkForm(request, reply, null, null));
  app.get('/catalog/frameworks/:id/edit', PAGE, async (request, reply) => frameworkForm(request, reply, (request.params as { id: string }).id, null));
  app.post('/catalog/frameworks/new', PAGE, async (request, reply) => {
    const body = request.body as Form;
    try {
      const f = await svc.createFramework(request.auth, { name: one(body.name), description: one(body.description) });
      return redirectWithFlash(reply, `/catalog/competencies/new?framework=${f.id}`, { kind: 'success', message: `Framework “${f.name}” created. Add its first competency.` });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind === 'forbidden' || e.kind === 'unauthenticated') throw e;
      return frameworkForm(request, reply, null, body, e);
    }
  });
  app.post('/catalog/frameworks/:id/edit', PAGE, async (request, reply) => {
    const { id } = request.params as { id: string };
    const body = request.body as Form;
    try {
      const f = await svc.updateFramework(request.auth, id, { name: one(body.name), description: one(body.description) });
      return redirectWithFlash(reply, '/catalog/competencies', { kind: 'success', message: `Framework “${f.name}” saved.` });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind !== 'invalid_input' && e.kind !== 'conflict') throw e;
      return frameworkForm(request, reply, id, body, e);
    }
  });
  app.post('/catalog/frameworks/:id/delete', PAGE, async (request, reply) => {
    await svc.deleteFramework(request.auth, (request.params as { id: string }).id);
    return redirectWithFlash(reply, '/catalog/competencies', { kind: 'success', message: 'Framework deleted.' });
  });

  // Competencies
  const competencyForm = async (request: FastifyRequest, reply: FastifyReply, id: string | null, body: Form | null, error?: unknown) => {
    const competency = id ? await svc.getCompetency(request.auth, id) : undefined;
    const frameworks = await svc.listFrameworks(request.auth);
    const preset = (request.query as { framework?: string }).framework;
    const values: CompetencyFormValues = body ? competencyValues(body)
      : competency ? { code: competency.code, name: competency.name, description: competency.description, alignments: competency.alignments }
        : { frameworkId: preset, alignments: [] };
    return page(request, reply, {
      title: competency ? 'Edit competency' : 'New competency', current: '/catalog/competencies', noindex: true,
      body: competencyFormBody({ competency, frameworks, values, errors: error ? humanizeErrors(fieldErrorsOf(error)) : {}, csrfToken: request.csrfToken }),
    }, error ? statusOfError(error) : 200);
  };
  app.get('/catalog/competencies/new', PAGE, async (request, reply) => competencyForm(request, reply, null, null));
  app.get('/catalog/competencies/:id/edit', PAGE, async (request, reply) => competencyForm(request, reply, (request.params as { id: string }).id, null));
  app.post('/catalog/competencies/new', PAGE, async (request, reply) => {
    const body = request.body as Form;
    try {
      const c = await svc.createCompetency(request.auth, competencyValues(body));
      return redirectWithFlash(reply, `/catalog/competencies?framework=${c.frameworkId}`, { kind: 'success', message: `Competency ${c.code} “${c.name}” created.` });
    } catch (e) {
      if (!(e instanceof AppError) || (e.kind !== 'invalid_input' && e.kind !== 'conflict' && e.code !== 'framework_not_found')) throw e;
      return competencyForm(request, reply, null, body, e);
    }
  });
  app.post('/catalog/competencies/:id/edit', PAGE, async (request, reply) => {
    const { id } = request.params as { id: string };
    const body = request.body as Form;
    try {
      const c = await svc.updateCompetency(request.auth, id, competencyValues(body));
      return redirectWithFlash(reply, `/catalog/competencies?framework=${c.frameworkId}`, { kind: 'success', message: `Competency ${c.code} saved.` });
    } catch (e) {
      if (!(e instanceof AppError) || (e.kind !== 'invalid_input' && e.kind !== 'conflict')) throw e;
      return competencyForm(request, reply, id, body, e);
    }
  });
  app.post('/catalog/competencies/:id/delete', PAGE, async (request, reply) => {
    await svc.deleteCompetency(request.auth, (request.params as { id: string }).id);
    return redirectWithFlash(reply, '/catalog/competencies', { kind: 'success', message: 'Competency deleted.' });
  });

  // CSV import
  app.get('/catalog/competencies/import', PAGE, async (request, reply) => {
    if (!can(request.auth, 'competencies:write')) throw new AppError('forbidden', 'Your role does not allow importing competencies.');
    return page(request, reply, { title: 'Import competencies', current: '/catalog/competencies', noindex: true, body: importBody({ csrfToken: request.csrfToken }) });
  });
  app.post('/catalog/competencies/import', PAGE, async (request, reply) => {
    let csv = '';
    try {
      if (request.isMultipart()) {
        const form = await readMultipartForm(request, { maxFileBytes: CSV_IMPORT_MAX_BYTES, maxFields: 5 });
        csv = form.file ? decodeUtf8(form.file.bytes) : one(form.fields.csv);
      } else {
        csv = one((request.body as Form).csv);
      }
      if (!csv.trim()) throw new AppError('csv_invalid', 'Choose a CSV file or paste the CSV text.', { details: { rows: [{ row: 1, column: '(file)', message: 'No CSV was given.' }] } });
      const r = await svc.importCsv(request.auth, csv);
      return redirectWithFlash(reply, '/catalog/competencies', {
        kind: 'success', message: `Imported ${r.rows} row${r.rows === 1 ? '' : 's'}: ${r.created} competencies created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.frameworksCreated} new framework${r.frameworksCreated === 1 ? '' : 's'}.`,
      });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind === 'forbidden' || e.kind === 'unauthenticated') throw e;
      const rows = (e.details?.rows as CsvRowIssue[] | undefined) ?? [{ row: 1, column: e.field ?? '(file)', message: e.message }];
      return page(request, reply, {
        title: 'Import competencies', current: '/catalog/competencies', noindex: true,
        body: importBody({ csrfToken: request.csrfToken, csv: csv.length < 200_000 ? csv : '', rowErrors: rows, message: e.message }),
      }, statusOfError(e));
    }
  });
}

function decodeUtf8(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new AppError('csv_invalid', 'The file is not UTF-8 text; save it as “CSV UTF-8” and try again.', { field: 'file' });
  }
}
