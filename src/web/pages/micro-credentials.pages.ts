/** Issuer pages: micro-credential list and create/edit form (multipart, with badge upload), archive, delete. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResultDescriptionFields } from '../../core/catalog/achievement-input.ts';
import { BADGE_IMAGE_MAX_BYTES } from '../../core/catalog/badge-image.ts';
import type { MicroCredential } from '../../core/catalog/types.ts';
import { AppError } from '../../core/errors.ts';
import { readMultipartForm, type UploadedFile } from '../../http/multipart.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import type { AchievementInput } from '../../services/achievement.service.ts';
import { can } from '../../services/auth.ts';
import { fieldErrorsOf, type FieldErrors } from '../forms.ts';
import { html } from '../html.ts';
import { humanizeErrors } from './catalog-errors.ts';
import { page, redirectWithFlash, statusOfError } from '../respond.ts';
import { listOf } from './competencies.pages.ts';
import {
  formValuesOf, microCredentialDangerZone, microCredentialFormBody, microCredentialListBody, type MicroCredentialFormValues, type ResultRowValues,
} from './micro-credentials.views.ts';

type Fields = Record<string, string | string[]>;
const PAGE = { schema: { hide: true }, config: { page: true } } as const;
const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? v[0] ?? '' : v ?? '').trim();
const orNull = (s: string) => (s === '' ? null : s);

/** Reads the result description rows of the form (rows left entirely empty are dropped). */
function resultRows(f: Fields): ResultRowValues[] {
  const col = (k: string) => listOf(f[k]);
  const names = col('rd_name');
  return names.map((name, i) => ({
    id: col('rd_id')[i] ?? '', name: name.trim(), resultType: col('rd_type')[i] ?? 'Percent', allowedValue: col('rd_allowed')[i]?.trim() ?? '',
    requiredValue: col('rd_required')[i]?.trim() ?? '', valueMin: col('rd_min')[i]?.trim() ?? '', valueMax: col('rd_max')[i]?.trim() ?? '',
    levels: col('rd_levels')[i]?.trim() ?? '', requiredLevel: col('rd_required_level')[i]?.trim() ?? '',
  })).filter((r) => r.name || r.allowedValue || r.requiredValue || r.valueMin || r.valueMax || r.levels || r.requiredLevel);
}

/** Form rows → result descriptions, keeping the ids of existing descriptions and of their rubric levels (by name). */
function toResultDescriptions(rows: ResultRowValues[], current?: MicroCredential): ResultDescriptionFields[] {
  return rows.map((r) => {
    const existing = current?.definition.resultDescriptions.find((rd) => rd.id === r.id);
    const levels = r.levels.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)
      .map((name) => ({ name, ...(existing?.rubricCriterionLevel?.find((l) => l.name === name) ? { id: existing.rubricCriterionLevel.find((l) => l.name === name)!.id } : {}) }));
    return {
      ...(r.id ? { id: r.id } : {}), name: r.name, resultType: r.resultType as ResultDescriptionFields['resultType'],
      ...(r.allowedValue ? { allowedValue: r.allowedValue.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
      ...(r.requiredValue ? { requiredValue: r.requiredValue } : {}), ...(r.valueMin ? { valueMin: r.valueMin } : {}), ...(r.valueMax ? { valueMax: r.valueMax } : {}),
      ...(levels.length ? { rubricCriterionLevel: levels } : {}), ...(r.requiredLevel ? { requiredLevel: r.requiredLevel } : {}),
    };
  });
}

/** The multipart form → form values (to redisplay) and the service input. */
export function readMicroCredentialForm(f: Fields, file: UploadedFile | null, current?: MicroCredential): { values: MicroCredentialFormValues; input: AchievementInput } {
  const type = one(f.achievementType) === 'ext' ? one(f.achievementTypeExt) : one(f.achievementType);
  const values: MicroCredentialFormValues = {
    name: one(f.name), description: one(f.description), criteriaNarrative: one(f.criteriaNarrative), achievementType: type || 'MicroCredential',
    creditsAvailable: one(f.creditsAvailable), level: one(f.level), fieldOfStudy: one(f.fieldOfStudy), tags: one(f.tags), validityMonths: one(f.validityMonths),
    imageCaption: one(f.imageCaption), competencyIds: listOf(f.competencyIds), results: resultRows(f),
  };
  const input: AchievementInput = {
    name: values.name, description: values.description, criteriaNarrative: values.criteriaNarrative, achievementType: type === '' ? 'ext:' : values.achievementType,
    creditsAvailable: orNull(values.creditsAvailable), level: orNull(values.level), fieldOfStudy: orNull(values.fieldOfStudy), tags: values.tags,
    validityMonths: orNull(values.validityMonths), competencyIds: values.competencyIds, resultDescriptions: toResultDescriptions(values.results, current),
    imageCaption: orNull(values.imageCaption),
    ...(file ? { image: { bytes: file.bytes, filename: file.filename, declaredType: file.mimetype } } : one(f.imageReset) ? { image: null } : {}),
  };
  return { values, input };
}

/** Maps deep field paths to the form field that shows them (rubric levels and allowed values are one field each). */
function formErrors(e: unknown): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(fieldErrorsOf(e))) {
    const key = k.replace(/^(resultDescriptions\[\d+\])\.rubricCriterionLevel.*$/, '$1.levels').replace(/^(resultDescriptions\[\d+\])\.allowedValue.*$/, '$1.allowedValue');
    out[key] ??= v;
  }
  return out;
}

export default async function microCredentialPages(app: App, { services }: PluginOptions): Promise<void> {
  const svc = services.achievements;

  app.get('/catalog/micro-credentials', PAGE, async (request, reply) => {
    const status = (request.query as { status?: string }).status;
    const filter = status === 'active' || status === 'archived' ? { status } as const : {};
    return page(request, reply, {
      title: 'Micro-credentials', current: '/catalog/micro-credentials', noindex: true,
      body: microCredentialListBody({ items: await svc.list(request.auth, filter), status: status ?? '', canWrite: can(request.auth, 'achievements:write') }),
    });
  });

  const form = async (request: FastifyRequest, reply: FastifyReply, m: MicroCredential | undefined, values: MicroCredentialFormValues, error?: unknown) => {
    const competencies = await services.competencies.listCompetencies(request.auth);
    const issued = m ? (await svc.listVersions(request.auth, m.id)).reduce((n, v) => n + v.issuedCount, 0) : 0;
    const body = microCredentialFormBody({ microCredential: m, values, competencies, errors: error ? humanizeErrors(formErrors(error)) : {}, csrfToken: request.csrfToken });
    return page(request, reply, {
      title: m ? `Edit ${m.definition.name}` : 'New micro-credential', current: '/catalog/micro-credentials', noindex: true,
      body: m ? html`${body}${microCredentialDangerZone(m, issued, request.csrfToken)}` : body,
    }, error ? statusOfError(error) : 200);
  };

  const readForm = async (request: FastifyRequest) => {
    if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Send this form as multipart/form-data.');
    return readMultipartForm(request, { maxFileBytes: BADGE_IMAGE_MAX_BYTES, tooLargeCode: 'image_invalid', maxFields: 2000 });
  };
  const recoverable = (e: unknown): e is AppError => e instanceof AppError && (e.kind === 'invalid_input' || e.kind === 'conflict');

  app.get('/catalog/micro-credentials/new', PAGE, async (request, reply) => {
    if (!can(request.auth, 'achievements:write')) throw new AppError('forbidden', 'Your role does not allow defining micro-credentials.');
    return form(request, reply, undefined, formValuesOf());
  });
  app.post('/catalog/micro-credentials/new', PAGE, async (request, reply) => {
    let values = formValuesOf();
    try {
      const { fields, file } = await readForm(request);
      const parsed = readMicroCredentialForm(fields, file);
      values = parsed.values;
      const m = await svc.create(request.auth, parsed.input);
      return redirectWithFlash(reply, `/catalog/micro-credentials/${m.id}/edit`, { kind: 'success', message: `“${m.definition.name}” created.` });
    } catch (e) {
      if (!recoverable(e)) throw e;
      return form(request, reply, undefined, values, e);
    }
  });

  app.get('/catalog/micro-credentials/:id/edit', PAGE, async (request, reply) => {
    const m = await svc.get(request.auth, (request.params as { id: string }).id);
    return form(request, reply, m, formValuesOf(m));
  });
  app.post('/catalog/micro-credentials/:id/edit', PAGE, async (request, reply) => {
    const current = await svc.get(request.auth, (request.params as { id: string }).id);
    let values = formValuesOf(current);
    try {
      const { fields, file } = await readForm(request);
      const parsed = readMicroCredentialForm(fields, file, current);
      values = parsed.values;
      const r = await svc.update(request.auth, current.id, parsed.input);
      const message = r.newVersion ? `Saved as version ${r.version}: credentials already issued keep version ${r.version - 1}.` : `Saved (version ${r.version}).`;
      return redirectWithFlash(reply, `/catalog/micro-credentials/${current.id}/edit`, { kind: 'success', message });
    } catch (e) {
      if (!recoverable(e)) throw e;
      return form(request, reply, current, values, e);
    }
  });

  for (const [action, archived] of [['archive', true], ['restore', false]] as const) {
    app.post(`/catalog/micro-credentials/:id/${action}`, PAGE, async (request, reply) => {
      const m = await svc.setArchived(request.auth, (request.params as { id: string }).id, archived);
      return redirectWithFlash(reply, `/catalog/micro-credentials/${m.id}/edit`, { kind: 'success', message: archived ? 'Archived: it can no longer be issued.' : 'Restored.' });
    });
  }
  app.post('/catalog/micro-credentials/:id/delete', PAGE, async (request, reply) => {
    await svc.delete(request.auth, (request.params as { id: string }).id);
    return redirectWithFlash(reply, '/catalog/micro-credentials', { kind: 'success', message: 'Micro-credential deleted.' });
  });
}
