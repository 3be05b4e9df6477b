/** Pathway pages: staff list, builder with preview, detail with funnel and dry run; the learner's progress map. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { evaluateRule } from '../../core/stacking/index.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import { can, type Auth } from '../../services/auth.ts';
import type { FieldErrors } from '../forms.ts';
import { page, redirectWithFlash, statusOfError } from '../respond.ts';
import { builderBody, pathwayDetailBody, pathwayListBody, progressMapBody, type BuilderValues } from './pathways.views.ts';

type Form = Record<string, string | string[] | undefined>;
const PAGE = { schema: { hide: true }, config: { page: true } } as const;
const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? v[0] ?? '' : v ?? '');

/** Rule problems are listed under the rule field, each with its path in the rule. */
function errorsOf(e: unknown): FieldErrors {
  if (!(e instanceof AppError)) return {};
  const out: FieldErrors = {};
  const rule: string[] = [];
  for (const i of e.issues) {
    if (i.field.startsWith('rule')) rule.push(i.field === 'rule' ? i.message : `${i.field.slice(4)}: ${i.message}`);
    else out[i.field] ??= i.message;
  }
  if (rule.length) out.rule = rule.join(' ');
  if (Object.keys(out).length === 0) out._form = e.message;
  return out;
}

function parseRule(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError('pathway_rule_invalid', `The rule is not valid JSON: ${(e as Error).message}`, { field: 'rule' });
  }
}

const valuesOf = (body: Form): BuilderValues => ({
  name: one(body.name), description: one(body.description), targetAchievementId: one(body.targetAchievementId),
  revocationPolicy: one(body.revocationPolicy) || 'suspend', rule: one(body.rule), learnerEmail: one(body.learnerEmail),
  ...(one(body.version) ? { version: Number(one(body.version)) } : {}),
});

export default async function pathwayPages(app: App, { services }: PluginOptions): Promise<void> {
  const svc = services.pathways;
  const achievements = async (auth: Auth) => (await services.achievements.list(auth)).filter((a) => a.status === 'active').map((a) => ({ id: a.id, name: a.name }));

  const builder = async (request: FastifyRequest, reply: FastifyReply, o: { id?: string; values?: BuilderValues; error?: unknown; preview?: Parameters<typeof builderBody>[0]['preview'] }) => {
    const pathway = o.id ? await svc.get(request.auth, o.id) : undefined;
    const list = await achievements(request.auth);
    const values: BuilderValues = o.values ?? (pathway
      ? { name: pathway.name, description: pathway.description ?? '', targetAchievementId: pathway.targetAchievementId, revocationPolicy: pathway.revocationPolicy, rule: JSON.stringify(pathway.rule, null, 2), learnerEmail: '', version: pathway.version }
      : { name: '', description: '', targetAchievementId: '', revocationPolicy: 'suspend', learnerEmail: '',
        rule: JSON.stringify({ type: 'allOf', children: list.slice(0, 2).map((a) => ({ type: 'credential', achievement: { achievementId: a.id } })) }, null, 2) });
    return page(request, reply, {
      title: pathway ? `Edit ${pathway.name}` : 'New pathway', current: '/pathways', noindex: true,
      body: builderBody({ ...(pathway ? { pathway } : {}), values, errors: o.error ? errorsOf(o.error) : {}, csrfToken: request.csrfToken, achievements: list, preview: o.preview ?? null }),
    }, o.error ? statusOfError(o.error) : 200);
  };

  app.get('/pathways', PAGE, async (request, reply) => {
    const list = await svc.list(request.auth, { includeArchived: true });
    const names = Object.fromEntries((await services.achievements.list(request.auth)).map((a) => [a.id, a.name]));
    return page(request, reply, { title: 'Pathways', current: '/pathways', noindex: true, body: pathwayListBody({ pathways: list, names, canWrite: can(request.auth, 'pathways:write') }) });
  });

  app.get('/pathways/new', PAGE, async (request, reply) => {
    if (!can(request.auth, 'pathways:write')) throw new AppError('forbidden');
    return builder(request, reply, {});
  });

  app.post('/pathways/preview', PAGE, async (request, reply) => {
    const body = request.body as Form;
    const values = valuesOf(body);
    const id = one(body.pathwayId) || undefined;
    try {
      const rule = parseRule(values.rule);
      const r = await svc.preview(request.auth, { rule, targetAchievementId: values.targetAchievementId, ...(id ? { pathwayId: id } : {}), ...(values.learnerEmail ? { learnerEmail: values.learnerEmail } : {}) });
      return builder(request, reply, { ...(id ? { id } : {}), values, preview: r });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind === 'forbidden' || e.kind === 'unauthenticated') throw e;
      return builder(request, reply, { ...(id ? { id } : {}), values, error: e, preview: { issues: e.issues.length ? e.issues : [{ field: e.field ?? 'rule', message: e.message }], evaluation: null } });
    }
  });

  app.post('/pathways/new', PAGE, async (request, reply) => {
    const values = valuesOf(request.body as Form);
    try {
      const { pathway } = await svc.create(request.auth, { ...values, rule: parseRule(values.rule) });
      return redirectWithFlash(reply, `/pathways/${pathway.id}`, { kind: 'success', message: `Pathway “${pathway.name}” saved. Existing learners are being checked in the background.` });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind === 'forbidden' || e.kind === 'unauthenticated') throw e;
      return builder(request, reply, { values, error: e });
    }
  });

  app.get('/pathways/:id', PAGE, async (request, reply) => {
    const { id } = request.params as { id: string };
    const p = await svc.get(request.auth, id);
    const names = Object.fromEntries((await services.achievements.list(request.auth)).map((a) => [a.id, a.name]));
    const all = Object.fromEntries((await svc.list(request.auth, { includeArchived: true })).map((x) => [x.id, { id: x.id, name: x.name, targetAchievementId: x.targetAchievementId, rule: x.rule }]));
    const structure = evaluateRule(p.rule, [], services.deps.clock.now(), { achievementNames: names, pathways: all }).trace;
    const canWrite = can(request.auth, 'pathways:write');
    const [funnel, events, dryRun] = await Promise.all([
      svc.funnel(request.auth, id), svc.events(request.auth, { pathwayId: id, limit: 30 }),
      canWrite && (request.query as { dryrun?: string }).dryrun === 'all' ? svc.dryRunEveryone(request.auth, id, 100) : Promise.resolve(null),
    ]);
    return page(request, reply, {
      title: p.name, current: '/pathways', noindex: true,
      body: pathwayDetailBody({ pathway: p, targetName: names[p.targetAchievementId] ?? p.targetAchievementId, structure, funnel, events, dryRun, canWrite, csrfToken: request.csrfToken }),
    });
  });

  app.get('/pathways/:id/edit', PAGE, async (request, reply) => builder(request, reply, { id: (request.params as { id: string }).id }));

  app.post('/pathways/:id/edit', PAGE, async (request, reply) => {
    const { id } = request.params as { id: string };
    const values = valuesOf(request.body as Form);
    try {
      const { pathway } = await svc.update(request.auth, id, { ...values, rule: parseRule(values.rule) });
      return redirectWithFlash(reply, `/pathways/${pathway.id}`, { kind: 'success', message: `Saved as version ${pathway.version}. Existing learners are being checked in the background.` });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind === 'forbidden' || e.kind === 'unauthenticated' || e.kind === 'not_found') throw e;
      return builder(request, reply, { id, values, error: e });
    }
  });

  for (const [path, archived] of [['archive', true], ['restore', false]] as const) {
    app.post(`/pathways/:id/${path}`, PAGE, async (request, reply) => {
      const p = await svc.setArchived(request.auth, (request.params as { id: string }).id, archived);
      return redirectWithFlash(reply, `/pathways/${p.id}`, { kind: 'success', message: archived ? 'Archived: it no longer awards.' : 'Restored: it awards again.' });
    });
  }

  app.get('/my/pathways', PAGE, async (request, reply) => page(request, reply, {
    title: 'My pathways', current: '/my/pathways', noindex: true, body: progressMapBody(await svc.progressForUser(request.auth)),
  }));
}
