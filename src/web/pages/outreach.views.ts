/** Views of the outreach pages: the board by stage, the partner form, the partner page with its timeline. */
import { PARTNER_STAGES, STAGE_LABELS, type PartnerRawInput } from '../../core/outreach/partner-input.ts';
import type { Partner, PartnerEvent } from '../../db/repositories/partners.repository.ts';
import type { OutreachOptions } from '../../services/outreach.service.ts';
import { checkboxGroup, csrfField, errorSummary, inputField, selectField, textareaField, type FieldErrors } from '../forms.ts';
import { html, type SafeHtml } from '../html.ts';

type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
export const CONTACT_ROWS = 3;

/** How many contact rows the values hold (at least CONTACT_ROWS). */
function contactRows(v: Form): number {
  const used = Object.keys(v).map((k) => /^contact_(?:name|email|role)_(\d+)$/.exec(k)).filter(Boolean).map((m) => Number(m![1]) + 1);
  return Math.min(50, Math.max(CONTACT_ROWS, ...used));
}

/** The partner fields from a submitted form (contacts from contact_name_N / contact_email_N / contact_role_N). */
export function partnerFromForm(v: Form): PartnerRawInput {
  const contacts = Array.from({ length: contactRows(v) }, (_, i) => ({ name: one(v[`contact_name_${i}`]), email: one(v[`contact_email_${i}`]), role: one(v[`contact_role_${i}`]) }));
  return {
    name: one(v.name), website: one(v.website), stage: one(v.stage), notes: one(v.notes), ownerUserId: one(v.ownerUserId), nextStep: one(v.nextStep),
    nextStepDate: one(v.nextStepDate), contacts, achievementIds: many(v.achievementIds), pathwayIds: many(v.pathwayIds),
  };
}

/** A partner as form values. */
export function formFromPartner(p: Partner): Form {
  const f: Form = {
    name: p.name, website: p.website ?? '', stage: p.stage, notes: p.notes ?? '', ownerUserId: p.ownerUserId ?? '', nextStep: p.nextStep ?? '',
    nextStepDate: p.nextStepDate ?? '', achievementIds: p.interests.achievementIds, pathwayIds: p.interests.pathwayIds,
  };
  p.contacts.forEach((c, i) => {
    f[`contact_name_${i}`] = c.name;
    f[`contact_email_${i}`] = c.email ?? '';
    f[`contact_role_${i}`] = c.role ?? '';
  });
  return f;
}

/** Maps service field names (contacts.N.email) to form field names (contact_email_N). */
export function formErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, m] of Object.entries(errors)) {
    const c = /^contacts\.(\d+)\.(name|email|role)$/.exec(k);
    out[c ? `contact_${c[2]}_${c[1]}` : k] = m;
  }
  return out;
}

/** The partner form (create or edit). */
export function partnerForm(o: { action: string; csrf: string; values: Form; errors: FieldErrors; options: OutreachOptions; submit: string }): SafeHtml {
  const v = o.values;
  const e = o.errors;
  const filled = Array.from({ length: contactRows(v) }, (_, i) => i).filter((i) => one(v[`contact_name_${i}`]) || one(v[`contact_email_${i}`]) || one(v[`contact_role_${i}`])).length;
  const contactCount = Math.max(CONTACT_ROWS, filled + 1);
  return html`${errorSummary(e)}<form method="post" action="${o.action}" class="card" novalidate>${csrfField(o.csrf)}
<div class="grid2">
${inputField({ name: 'name', label: 'Employer name', value: one(v.name), required: true, errors: e })}
${inputField({ name: 'website', label: 'Website', value: one(v.website), errors: e, hint: 'Partners at a domain an employer verified on this platform are linked to it automatically.' })}
${selectField({ name: 'stage', label: 'Stage', value: one(v.stage) || 'prospect', errors: e, options: PARTNER_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] })) })}
${selectField({ name: 'ownerUserId', label: 'Owner', value: one(v.ownerUserId), errors: e, options: [{ value: '', label: 'Nobody yet' }, ...o.options.members.map((m) => ({ value: m.userId, label: m.name }))] })}
${inputField({ name: 'nextStep', label: 'Next step', value: one(v.nextStep), errors: e })}
${inputField({ name: 'nextStepDate', label: 'Next step date', type: 'date', value: one(v.nextStepDate), errors: e })}
</div>
<fieldset class="plain-fieldset"><legend><strong>Contacts</strong></legend>
${Array.from({ length: contactCount }, (_, i) => html`<div class="grid3">
${inputField({ name: `contact_name_${i}`, label: `Contact ${i + 1} name`, value: one(v[`contact_name_${i}`]), errors: e })}
${inputField({ name: `contact_email_${i}`, label: `Contact ${i + 1} email`, type: 'email', value: one(v[`contact_email_${i}`]), errors: e })}
${inputField({ name: `contact_role_${i}`, label: `Contact ${i + 1} role`, value: one(v[`contact_role_${i}`]), errors: e })}</div>`)}
</fieldset>
${o.options.achievements.length ? checkboxGroup({ name: 'achievementIds', legend: 'Micro-credentials they care about', options: o.options.achievements.map((a) => ({ value: a.id, label: a.name })), checked: many(v.achievementIds), errors: e }) : ''}
${o.options.pathways.length ? checkboxGroup({ name: 'pathwayIds', legend: 'Pathways they care about', options: o.options.pathways.map((a) => ({ value: a.id, label: a.name })), checked: many(v.pathwayIds), errors: e }) : ''}
${textareaField({ name: 'notes', label: 'Notes', value: one(v.notes), errors: e, rows: 3 })}
<button type="submit">${o.submit}</button></form>`;
}

/** The board: one column per stage; each card moves with a form button (works without JavaScript). */
export function boardView(columns: Array<{ stage: string; label: string; partners: Partner[] }>, csrf: string, owners: Map<string, string>): SafeHtml {
  return html`<div class="board">${columns.map((c) => html`<section class="board-column" aria-labelledby="col-${c.stage}"><h2 id="col-${c.stage}">${c.label} <span class="muted">(${c.partners.length})</span></h2>
${c.partners.map((p) => {
    const i = PARTNER_STAGES.indexOf(p.stage);
    const prev = PARTNER_STAGES[i - 1];
    const next = PARTNER_STAGES[i + 1];
    return html`<article class="board-card" aria-labelledby="p-${p.id}"><h3 id="p-${p.id}"><a href="/outreach/${p.id}">${p.name}</a></h3>
${p.ownerUserId ? html`<p class="small muted">Owner: ${owners.get(p.ownerUserId) ?? '—'}</p>` : ''}
${p.nextStep ? html`<p class="small">Next: ${p.nextStep}${p.nextStepDate ? html` <time datetime="${p.nextStepDate}">(${p.nextStepDate})</time>` : ''}</p>` : ''}
${p.employerOrganizationId ? html`<p class="small"><span class="badge valid">On the platform</span></p>` : ''}
<form method="post" action="/outreach/${p.id}/stage">${csrfField(csrf)}
${prev ? html`<button type="submit" name="stage" value="${prev}" class="secondary">← ${STAGE_LABELS[prev]}<span class="visually-hidden">: move ${p.name}</span></button>` : ''}
${next ? html`<button type="submit" name="stage" value="${next}" class="secondary">${STAGE_LABELS[next]} →<span class="visually-hidden">: move ${p.name}</span></button>` : ''}</form></article>`;
  })}
${c.partners.length ? '' : html`<p class="muted small">No partners at this stage.</p>`}</section>`)}</div>`;
}

const KIND_LABEL: Record<string, string> = { note: 'Note', stage: 'Stage', verification: 'Verification', endorsement: 'Endorsement', share_view: 'Share-link view' };

/** A partner's timeline, newest first. */
export function timelineView(events: PartnerEvent[], people: Map<string, string>): SafeHtml {
  if (!events.length) return html`<p class="muted">Nothing yet. Verifications, endorsements and share-link views by this employer's members appear here automatically once it is linked.</p>`;
  return html`<ol class="timeline">${events.map((e) => html`<li><span class="kind">${KIND_LABEL[e.kind] ?? e.kind}</span> · <time datetime="${e.createdAt}">${e.createdAt.slice(0, 16).replace('T', ' ')}</time>${e.actorUserId && people.get(e.actorUserId) ? html` · ${people.get(e.actorUserId)}` : ''}<br>${e.summary}</li>`)}</ol>`;
}
