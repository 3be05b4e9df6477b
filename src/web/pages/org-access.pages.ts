/** Organization access: members (invite by email with a role), API tokens (shown once, revocable), audit log. */
import { AppError } from '../../core/errors.ts';
import type { App, PluginOptions } from '../../http/types.ts';
import { can } from '../../services/auth.ts';
import { ROLE_LABELS, ROLES, TOKEN_SCOPES } from '../../services/permissions.ts';
import { checkboxGroup, csrfField, errorSummary, fieldErrorsOf, inputField, selectField, type FieldErrors } from '../forms.ts';
import { html } from '../html.ts';
import { page, redirectWithFlash, statusOfError } from '../respond.ts';
import { orgTabs } from './org-nav.ts';

type Form = Record<string, string | string[] | undefined>;
type Req = Parameters<typeof page>[0];
type Rep = Parameters<typeof page>[1];
const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

const SCOPE_HINTS: Record<string, string> = {
  'credentials:issue': 'issue credentials', 'credentials:read': 'read issued credentials', 'credentials:revoke': 'revoke and suspend',
  'achievements:write': 'create and edit micro-credentials', 'competencies:write': 'create and edit competencies',
  'completions:write': 'report completions from another LMS', 'pathways:write': 'create and edit pathways',
};

/** Audit details as a short `key: value` list (values of nested objects as compact JSON). */
function detailsList(details: Record<string, unknown>) {
  const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  return html`<ul class="plain kv">${Object.entries(details).map(([k, v]) => html`<li><span class="muted">${k}:</span> ${show(v)}</li>`)}</ul>`;
}

export default async function orgAccessPages(app: App, { services }: PluginOptions): Promise<void> {
  const cfg = { page: true };

  async function members(request: Req, reply: Rep, v: Form = {}, errors: FieldErrors = {}, status = 200) {
    const list = await services.organizations.members(request.auth);
    const manage = can(request.auth, 'members:manage');
    return page(request, reply, {
      title: 'Members', current: '/org/settings', noindex: true,
      body: html`<h1>Organization settings</h1>
${orgTabs(request.auth, '/org/members')}
<section class="card"><h2>Members</h2>
<div class="table-wrap"><table><caption class="visually-hidden">Members</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Since</th>${manage ? html`<th scope="col"><span class="visually-hidden">Actions</span></th>` : ''}</tr></thead>
<tbody>${list.map((m) => html`<tr><td>${m.name}</td><td>${m.email ?? '—'}</td>
<td>${manage && m.userId !== request.auth.userId ? html`<form method="post" action="/org/members/${m.userId}/role" class="row-form">${csrfField(request.csrfToken)}
<label class="visually-hidden" for="role-${m.userId}">Role of ${m.name}</label>
<select id="role-${m.userId}" name="role">${ROLES.map((r) => html`<option value="${r}"${r === m.role ? html` selected` : ''}>${ROLE_LABELS[r]}</option>`)}</select>
<button type="submit" class="secondary small">Change<span class="visually-hidden"> role of ${m.name}</span></button></form>` : (ROLE_LABELS[m.role as keyof typeof ROLE_LABELS] ?? m.role)}</td>
<td>${m.createdAt.slice(0, 10)}</td>
${manage ? html`<td>${m.userId !== request.auth.userId ? html`<form method="post" action="/org/members/${m.userId}/remove" class="inline">${csrfField(request.csrfToken)}<button type="submit" class="danger small">Remove<span class="visually-hidden"> ${m.name}</span></button></form>` : html`<span class="muted small">you</span>`}</td>` : ''}</tr>`)}</tbody>
</table></div></section>
${manage ? html`<section class="card"><h2>Invite someone</h2>
${errorSummary(errors)}
<form method="post" action="/org/members" novalidate>${csrfField(request.csrfToken)}
<div class="grid2">
${inputField({ name: 'email', label: 'Email', type: 'email', value: str(v.email), required: true, errors })}
${selectField({ name: 'role', label: 'Role', value: str(v.role) || 'issuer', options: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })), errors })}
</div>
<button type="submit">Send invitation</button></form></section>` : ''}`,
    }, status);
  }

  app.get('/org/members', { schema: { hide: true }, config: cfg }, async (request, reply) => members(request, reply));

  app.post('/org/members', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const v = (request.body ?? {}) as Form;
    try {
      const r = await services.organizations.invite(request.auth, { email: str(v.email), role: str(v.role) });
      return redirectWithFlash(reply, '/org/members', { kind: 'success', message: r.joined ? `${str(v.email)} was added.` : `Invitation sent to ${str(v.email)}.` });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind !== 'invalid_input') throw e;
      return members(request, reply, v, fieldErrorsOf(e), statusOfError(e));
    }
  });

  app.post('/org/members/:userId/role', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { userId } = request.params as { userId: string };
    try {
      await services.organizations.changeRole(request.auth, userId, str((request.body as Form | undefined)?.role));
      return redirectWithFlash(reply, '/org/members', { kind: 'success', message: 'Role changed.' });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind !== 'invalid_input') throw e;
      return redirectWithFlash(reply, '/org/members', { kind: 'error', message: e.message });
    }
  });

  app.post('/org/members/:userId/remove', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { userId } = request.params as { userId: string };
    try {
      await services.organizations.removeMember(request.auth, userId);
      return redirectWithFlash(reply, '/org/members', { kind: 'success', message: 'Member removed.' });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind !== 'invalid_input') throw e;
      return redirectWithFlash(reply, '/org/members', { kind: 'error', message: e.message });
    }
  });

  async function tokens(request: Req, reply: Rep, opts: { v?: Form; errors?: FieldErrors; created?: { name: string; secret: string }; status?: number } = {}) {
    const list = await services.apiTokens.list(request.auth);
    const errors = opts.errors ?? {};
    const checked = opts.v ? ([] as string[]).concat(opts.v.scopes ?? []) : ['credentials:issue', 'credentials:read'];
    return page(request, reply, {
      title: 'API tokens', current: '/org/settings', noindex: true,
      body: html`<h1>Organization settings</h1>
${orgTabs(request.auth, '/org/api-tokens')}
${opts.created ? html`<section class="card success-card" aria-labelledby="new-token-h"><h2 id="new-token-h">Token “${opts.created.name}” created</h2>
<p>Copy it now: it is shown only once and stored only as a hash.</p>
<p><label for="new-token">API token</label><input id="new-token" class="mono" readonly value="${opts.created.secret}"></p>
<p class="hint">Use it as <code>Authorization: Bearer ${opts.created.secret.slice(0, 11)}…</code></p></section>` : ''}
<section class="card"><h2>API tokens</h2>
${list.length === 0 ? html`<p class="muted">No tokens yet.</p>` : html`<div class="table-wrap"><table><caption class="visually-hidden">API tokens</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Prefix</th><th scope="col">Scopes</th><th scope="col">Last used</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${list.map((t) => html`<tr><td>${t.name}</td><td><code>${t.prefix}…</code></td><td>${t.scopes.join(', ')}</td><td>${when(t.lastUsedAt)}</td>
<td>${t.revokedAt ? html`<span class="badge retired">revoked</span>` : html`<span class="badge active">active</span>`}</td>
<td>${t.revokedAt ? '' : html`<form method="post" action="/org/api-tokens/${t.id}/revoke" class="inline">${csrfField(request.csrfToken)}<button type="submit" class="danger small" aria-label="Revoke ${t.name}">Revoke</button></form>`}</td></tr>`)}</tbody>
</table></div>`}
</section>
<section class="card"><h2>Create a token</h2>
${errorSummary(errors)}
<form method="post" action="/org/api-tokens" novalidate>${csrfField(request.csrfToken)}
${inputField({ name: 'name', label: 'Name', value: str(opts.v?.name), required: true, hint: 'What will use it, e.g. “LMS integration”.', errors })}
${checkboxGroup({ name: 'scopes', legend: 'Scopes', options: TOKEN_SCOPES.map((s) => ({ value: s, label: s, hint: SCOPE_HINTS[s] })), checked, errors })}
<button type="submit">Create token</button></form></section>`,
    }, opts.status ?? 200);
  }

  app.get('/org/api-tokens', { schema: { hide: true }, config: cfg }, async (request, reply) => tokens(request, reply));

  app.post('/org/api-tokens', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const v = (request.body ?? {}) as Form;
    try {
      const { token, secret } = await services.apiTokens.create(request.auth, { name: str(v.name), scopes: ([] as string[]).concat(v.scopes ?? []) });
      reply.header('cache-control', 'no-store');
      return tokens(request, reply, { created: { name: token.name, secret }, status: 201 });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind !== 'invalid_input') throw e;
      return tokens(request, reply, { v, errors: fieldErrorsOf(e), status: statusOfError(e) });
    }
  });

  app.post('/org/api-tokens/:id/revoke', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const { id } = request.params as { id: string };
    await services.apiTokens.revoke(request.auth, id);
    return redirectWithFlash(reply, '/org/api-tokens', { kind: 'success', message: 'Token revoked.' });
  });

  app.get('/org/audit', { schema: { hide: true }, config: cfg }, async (request, reply) => {
    const q = request.query as { action?: string; before?: string };
    const entries = await services.audit.list(request.auth, { action: q.action || undefined, before: q.before || undefined, limit: 50 });
    const last = entries.at(-1);
    return page(request, reply, {
      title: 'Audit log', current: '/org/settings', noindex: true,
      body: html`<h1>Organization settings</h1>
${orgTabs(request.auth, '/org/audit')}
<section class="card"><h2>Audit log</h2>
<form method="get" action="/org/audit" class="filters">
${inputField({ name: 'action', label: 'Action starts with', value: q.action ?? '', placeholder: 'e.g. credential.' })}
<button type="submit" class="secondary">Filter</button></form>
${entries.length === 0 ? html`<p class="muted">Nothing recorded yet.</p>` : html`<div class="table-wrap"><table><caption class="visually-hidden">Audit log entries</caption>
<thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Details</th></tr></thead>
<tbody>${entries.map((e) => html`<tr><td>${when(e.createdAt)}</td><td>${e.actorName ?? 'system'}</td><td><code>${e.action}</code></td><td>${e.targetType ? html`${e.targetType} <code class="break">${e.targetId}</code>` : '—'}</td><td class="details">${e.details ? detailsList(e.details) : ''}</td></tr>`)}</tbody>
</table></div>
${entries.length === 50 && last ? html`<p><a href="/org/audit?before=${encodeURIComponent(last.createdAt)}${q.action ? `&action=${encodeURIComponent(q.action)}` : ''}">Older entries</a></p>` : ''}`}
</section>`,
    });
  });
}
