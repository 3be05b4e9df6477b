/**
 * Employer outreach for issuers: partner records (contacts, stage, owner, next step, the micro-credentials and
 * pathways they care about), a board by stage, notes, CSV import/export, and a timeline fed automatically by the
 * linked employer organization's verifications, endorsements and share-link views. A partner is linked to an
 * employer organization when its website is at the domain that employer verified.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import { partnersToCsv, planPartnerImport } from '../core/outreach/partner-csv.ts';
import { checkPartnerInput, PARTNER_STAGES, STAGE_LABELS, type PartnerFields, type PartnerRawInput, type Stage } from '../core/outreach/partner-input.ts';
import { achievementNames, employersWithDomain, hostOf, pathwayNames } from '../db/repositories/employer-lookups.repository.ts';
import {
  deletePartner, findPartner, insertPartner, insertPartnerEvent, listPartnerEvents, listPartners, listPartnersLinkedTo, updatePartner,
  type Partner, type PartnerEvent,
} from '../db/repositories/partners.repository.ts';
import { listMembers, type MemberView } from '../db/repositories/users.repository.ts';
import { withTransaction, type Db } from '../db/transaction.ts';
import { audit } from './audit.service.ts';
import type { Auth, OrgAuth } from './auth.ts';
import type { Deps } from './deps.ts';
import { requireIssuer, type EmployerActivity } from './endorsement.service.ts';

export interface OutreachOptions {
  members: MemberView[];
  achievements: Array<{ id: string; name: string }>;
  pathways: Array<{ id: string; name: string }>;
}

export class OutreachService {
  constructor(private readonly deps: Pick<Deps, 'db' | 'clock'>) {}

  private issuer(auth: Auth): Promise<OrgAuth> {
    return requireIssuer(this.deps, auth, 'partners:write');
  }

  /** Members, micro-credentials and pathways a partner can refer to (for forms). */
  async options(auth: Auth): Promise<OutreachOptions> {
    const a = await this.issuer(auth);
    const [members, achievements, pathways] = await Promise.all([
      listMembers(this.deps.db, a.organizationId), achievementNames(this.deps.db, a.organizationId), pathwayNames(this.deps.db, a.organizationId),
    ]);
    const sorted = (m: Map<string, string>) => [...m].map(([id, name]) => ({ id, name })).sort((x, y) => x.name.localeCompare(y.name));
    return { members, achievements: sorted(achievements), pathways: sorted(pathways) };
  }

  private context(o: OutreachOptions) {
    return {
      memberIds: new Set(o.members.map((m) => m.userId)), achievementIds: new Set(o.achievements.map((x) => x.id)),
      pathwayIds: new Set(o.pathways.map((x) => x.id)),
      memberByEmail: new Map(o.members.filter((m) => m.email).map((m) => [m.email!.toLowerCase(), m.userId])),
    };
  }

  private async linkFor(db: Db, website: string | null): Promise<string | null> {
    const host = hostOf(website);
    return host ? (await employersWithDomain(db, host))[0] ?? null : null;
  }

  private toPartner(orgId: string, id: string, f: PartnerFields, link: string | null, createdAt: string): Partner {
    return {
      id, organizationId: orgId, name: f.name, website: f.website, stage: f.stage, notes: f.notes, ownerUserId: f.ownerUserId,
      nextStep: f.nextStep, nextStepDate: f.nextStepDate, employerOrganizationId: link, contacts: f.contacts,
      interests: { achievementIds: f.achievementIds, pathwayIds: f.pathwayIds }, createdAt, updatedAt: this.deps.clock.now().toISOString(),
    };
  }

  /** The organization's partners by name. */
  async list(auth: Auth): Promise<Partner[]> {
    const a = await this.issuer(auth);
    return listPartners(this.deps.db, a.organizationId);
  }

  /** Partners grouped by stage, in stage order (the board). */
  async board(auth: Auth): Promise<Array<{ stage: Stage; label: string; partners: Partner[] }>> {
    const all = await this.list(auth);
    return PARTNER_STAGES.map((stage) => ({ stage, label: STAGE_LABELS[stage], partners: all.filter((p) => p.stage === stage) }));
  }

  /** One partner with its timeline (newest first); another organization's partner is partner_not_found. */
  async get(auth: Auth, id: string): Promise<{ partner: Partner; timeline: PartnerEvent[] }> {
    const a = await this.issuer(auth);
    const partner = await findPartner(this.deps.db, a.organizationId, id);
    if (!partner) throw new AppError('partner_not_found');
    return { partner, timeline: await listPartnerEvents(this.deps.db, a.organizationId, id) };
  }

  /** Creates a partner record. */
  async create(auth: Auth, raw: PartnerRawInput): Promise<Partner> {
    const a = await this.issuer(auth);
    const f = checkPartnerInput(raw, this.context(await this.options(auth)));
    const p = this.toPartner(a.organizationId, randomUUID(), f, await this.linkFor(this.deps.db, f.website), this.deps.clock.now().toISOString());
    await withTransaction(this.deps.db, async (trx) => {
      await insertPartner(trx, p);
      await audit({ db: trx, clock: this.deps.clock }, a, 'partner.create', { type: 'partner', id: p.id }, { name: p.name });
    });
    return p;
  }

  /** Replaces a partner's fields (a stage change is written to the timeline). */
  async update(auth: Auth, id: string, raw: PartnerRawInput): Promise<Partner> {
    const a = await this.issuer(auth);
    const { partner: before } = await this.get(auth, id);
    const f = checkPartnerInput(raw, this.context(await this.options(auth)));
    const link = f.website === before.website ? before.employerOrganizationId : await this.linkFor(this.deps.db, f.website);
    const p = this.toPartner(a.organizationId, id, f, link, before.createdAt);
    await withTransaction(this.deps.db, async (trx) => {
      await updatePartner(trx, p);
      if (p.stage !== before.stage) await this.event(trx, a, id, 'stage', `Stage: ${STAGE_LABELS[before.stage]} → ${STAGE_LABELS[p.stage]}.`);
      await audit({ db: trx, clock: this.deps.clock }, a, 'partner.update', { type: 'partner', id });
    });
    return p;
  }

  /** Moves a partner to another stage (the board's buttons). */
  async moveStage(auth: Auth, id: string, stage: string): Promise<Partner> {
    const { partner } = await this.get(auth, id);
    if (!(PARTNER_STAGES as readonly string[]).includes(stage)) throw new AppError('validation_failed', `Choose a stage: ${PARTNER_STAGES.join(', ')}.`, { field: 'stage' });
    return this.update(auth, id, { ...this.raw(partner), stage });
  }

  private raw(p: Partner): PartnerRawInput {
    return {
      name: p.name, website: p.website, stage: p.stage, notes: p.notes, ownerUserId: p.ownerUserId, nextStep: p.nextStep,
      nextStepDate: p.nextStepDate, contacts: p.contacts, achievementIds: p.interests.achievementIds, pathwayIds: p.interests.pathwayIds,
    };
  }

  private async event(db: Db, a: OrgAuth, partnerId: string, kind: PartnerEvent['kind'], summary: string, refId: string | null = null): Promise<void> {
    await insertPartnerEvent(db, {
      id: randomUUID(), organizationId: a.organizationId, partnerId, kind, summary, actorUserId: a.userId ?? null, refId,
      createdAt: this.deps.clock.now().toISOString(),
    });
  }

  /** Adds a manual note to a partner's timeline. */
  async addNote(auth: Auth, id: string, text: string): Promise<void> {
    const a = await this.issuer(auth);
    await this.get(auth, id);
    const t = typeof text === 'string' ? text.trim() : '';
    if (!t || t.length > 4000) throw new AppError('validation_failed', 'Write the note (up to 4000 characters).', { field: 'note' });
    await this.event(this.deps.db, a, id, 'note', t);
  }

  /** Deletes a partner and its timeline. */
  async remove(auth: Auth, id: string): Promise<void> {
    const a = await this.issuer(auth);
    await withTransaction(this.deps.db, async (trx) => {
      if (!(await deletePartner(trx, a.organizationId, id))) throw new AppError('partner_not_found');
      await audit({ db: trx, clock: this.deps.clock }, a, 'partner.delete', { type: 'partner', id });
    });
  }

  /** Imports partners from CSV: every row is checked first; any error throws csv_invalid and writes nothing. */
  async importCsv(auth: Auth, text: string): Promise<{ created: number }> {
    const a = await this.issuer(auth);
    const rows = planPartnerImport(typeof text === 'string' ? text : '', this.context(await this.options(auth)));
    await withTransaction(this.deps.db, async (trx) => {
      for (const f of rows) await insertPartner(trx, this.toPartner(a.organizationId, randomUUID(), f, await this.linkFor(trx, f.website), this.deps.clock.now().toISOString()));
      await audit({ db: trx, clock: this.deps.clock }, a, 'partner.import', undefined, { rows: rows.length });
    });
    return { created: rows.length };
  }

  /** Exports every partner as CSV (the import format). */
  async exportCsv(auth: Auth): Promise<string> {
    const o = await this.options(auth);
    const email = new Map(o.members.map((m) => [m.userId, m.email]));
    return partnersToCsv((await this.list(auth)).map((p) => ({
      ...p, ownerEmail: p.ownerUserId ? email.get(p.ownerUserId) ?? null : null, achievementIds: p.interests.achievementIds, pathwayIds: p.interests.pathwayIds,
    })));
  }

  /** Writes an employer's activity (verification, endorsement, share view) to the timelines of the issuer's linked partners. */
  async recordActivity(e: EmployerActivity): Promise<number> {
    const partners = await listPartnersLinkedTo(this.deps.db, e.employerOrganizationId, e.issuerOrganizationId);
    for (const p of partners) {
      await insertPartnerEvent(this.deps.db, {
        id: randomUUID(), organizationId: p.organizationId, partnerId: p.id, kind: e.kind, summary: e.summary, actorUserId: null,
        refId: e.refId, createdAt: this.deps.clock.now().toISOString(),
      });
    }
    return partners.length;
  }
}
