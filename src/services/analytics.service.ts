/**
 * Analytics: records verifications (a hook on the verification service) and share-link views of this platform's
 * credentials, and reports, per micro-credential and week, what was issued, claimed, shared and verified; which
 * employers verify; endorsement counts; and, for learners, the views of their share links.
 */
import { randomUUID } from 'node:crypto';
import { bucketByWeek, groupBy, lastWeeks } from '../core/analytics/weekly.ts';
import { AppError } from '../core/errors.ts';
import { toCsv } from '../core/outreach/partner-input.ts';
import { insertShareView, insertVerificationEvent, issuedSince, sharedSince, shareViewsOfUser, verificationsSince } from '../db/repositories/analytics.repository.ts';
import { countEndorsements } from '../db/repositories/endorsements.repository.ts';
import { achievementNames, findCredentialOrigin } from '../db/repositories/employer-lookups.repository.ts';
import { findOrganizationById } from '../db/repositories/organizations.repository.ts';
import { requireUser, type Auth } from './auth.ts';
import type { Deps } from './deps.ts';
import { requireIssuer, type ActivitySink } from './endorsement.service.ts';
import type { VerifiedEvent } from './verification.service.ts';

export const SERIES = ['issued', 'claimed', 'shared', 'verified'] as const;
export type SeriesName = (typeof SERIES)[number];

export interface AchievementSeries { achievementId: string; name: string; counts: Record<SeriesName, number[]>; totals: Record<SeriesName, number> }

export interface IssuerAnalytics {
  weeks: string[];
  achievements: AchievementSeries[];
  totals: Record<SeriesName, number[]>;
  byEmployer: Array<{ organizationId: string; name: string; count: number }>;
  endorsements: Array<{ achievementId: string; name: string; pending: number; accepted: number; declined: number }>;
}

export interface AnalyticsDeps extends Pick<Deps, 'db' | 'clock' | 'logger'> {
  activity?: ActivitySink;
}

const UUID_URN = /^urn:uuid:([0-9a-f-]{36})$/i;

export class AnalyticsService {
  constructor(private readonly deps: AnalyticsDeps) {}

  /** The employer organization a signed-in viewer acts for (null otherwise). */
  private async employerOf(viewer: Auth | undefined): Promise<string | null> {
    if (!viewer?.userId || !viewer.organizationId) return null;
    const org = await findOrganizationById(this.deps.db, viewer.organizationId);
    return org?.kind === 'employer' ? org.id : null;
  }

  /**
   * Records a verification of one of this platform's credentials (others are ignored); the verification service calls it.
   * @example services.verification.onVerified.push((e) => services.analytics.recordVerification(e))
   */
  async recordVerification(e: VerifiedEvent): Promise<boolean> {
    const id = UUID_URN.exec(String(e.report.credential?.id ?? ''))?.[1]?.toLowerCase();
    if (!id) return false;
    const origin = await findCredentialOrigin(this.deps.db, id);
    if (!origin) return false;
    const employer = await this.employerOf(e.viewer);
    await insertVerificationEvent(this.deps.db, {
      id: randomUUID(), organizationId: origin.organizationId, credentialId: id, achievementId: origin.achievementId,
      viewerOrganizationId: employer, viewerUserId: e.viewer?.userId ?? null, via: e.via, result: e.report.ownSummary,
      createdAt: this.deps.clock.now().toISOString(),
    });
    if (employer) {
      const name = e.report.display?.name ?? 'a credential';
      await this.deps.activity?.({
        issuerOrganizationId: origin.organizationId, employerOrganizationId: employer, kind: 'verification',
        summary: `Verified “${name}” (${e.report.ownSummary === 'valid' ? 'valid' : e.report.ownSummary === 'invalid' ? 'not valid' : 'could not check'}).`,
        refId: id, actorUserId: e.viewer?.userId ?? null,
      });
    }
    return true;
  }

  /**
   * Records a view of a shared credential (the wallet's share pages call it); a signed-in employer viewer is noted.
   * @example await services.analytics.recordShareView({ credentialId, shareId, viewer: request.auth })
   */
  async recordShareView(input: { credentialId: string; shareId?: string | null; viewer?: Auth }): Promise<boolean> {
    const origin = await findCredentialOrigin(this.deps.db, input.credentialId);
    if (!origin) return false;
    const employer = await this.employerOf(input.viewer);
    await insertShareView(this.deps.db, {
      id: randomUUID(), organizationId: origin.organizationId, credentialId: input.credentialId, achievementId: origin.achievementId,
      learnerId: origin.learnerId, shareId: input.shareId ?? null, viewerOrganizationId: employer, createdAt: this.deps.clock.now().toISOString(),
    });
    if (employer) {
      await this.deps.activity?.({
        issuerOrganizationId: origin.organizationId, employerOrganizationId: employer, kind: 'share_view',
        summary: 'Opened a credential a learner shared.', refId: input.credentialId, actorUserId: input.viewer?.userId ?? null,
      });
    }
    return true;
  }

  /** The issuer's weekly series per micro-credential over the last `weeks` weeks (1–104), employers and endorsements. */
  async issuerReport(auth: Auth, weeks = 12): Promise<IssuerAnalytics> {
    const a = await requireIssuer(this.deps, auth, 'analytics:read');
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > 104) throw new AppError('validation_failed', 'Choose between 1 and 104 weeks.', { field: 'weeks' });
    const wk = lastWeeks(this.deps.clock.now(), weeks);
    const from = `${wk[0]}T00:00:00.000Z`;
    const [{ issued, claimed }, shared, verified, names, endorsementCounts] = await Promise.all([
      issuedSince(this.deps.db, a.organizationId, from), sharedSince(this.deps.db, a.organizationId, from),
      verificationsSince(this.deps.db, a.organizationId, from), achievementNames(this.deps.db, a.organizationId),
      countEndorsements(this.deps.db, a.organizationId),
    ]);
    const events: Record<SeriesName, Map<string, Array<{ at: string }>>> = {
      issued: groupBy(issued, (e) => e.achievementId), claimed: groupBy(claimed, (e) => e.achievementId),
      shared: groupBy(shared, (e) => e.achievementId), verified: groupBy(verified, (e) => e.achievementId),
    };
    const ids = [...new Set([...names.keys()].filter((id) => SERIES.some((s) => events[s].has(id))))];
    const achievements = ids.map((id) => {
      const counts = Object.fromEntries(SERIES.map((s) => [s, bucketByWeek(wk, (events[s].get(id) ?? []).map((e) => e.at))])) as Record<SeriesName, number[]>;
      const totals = Object.fromEntries(SERIES.map((s) => [s, counts[s].reduce((x, y) => x + y, 0)])) as Record<SeriesName, number>;
      return { achievementId: id, name: names.get(id) ?? id, counts, totals };
    }).sort((x, y) => y.totals.issued - x.totals.issued || x.name.localeCompare(y.name));
    const totals = Object.fromEntries(SERIES.map((s) => [s, wk.map((_, i) => achievements.reduce((n, r) => n + r.counts[s][i]!, 0))])) as Record<SeriesName, number[]>;
    const byEmployerMap = new Map<string, { organizationId: string; name: string; count: number }>();
    for (const v of verified) {
      if (!v.viewerOrganizationId) continue;
      const cur = byEmployerMap.get(v.viewerOrganizationId) ?? { organizationId: v.viewerOrganizationId, name: v.viewerName ?? 'Unknown employer', count: 0 };
      cur.count++;
      byEmployerMap.set(v.viewerOrganizationId, cur);
    }
    const endorsementMap = new Map<string, { achievementId: string; name: string; pending: number; accepted: number; declined: number }>();
    for (const c of endorsementCounts) {
      const cur = endorsementMap.get(c.achievementId) ?? { achievementId: c.achievementId, name: names.get(c.achievementId) ?? c.achievementId, pending: 0, accepted: 0, declined: 0 };
      cur[c.status] += c.count;
      endorsementMap.set(c.achievementId, cur);
    }
    return {
      weeks: wk, achievements, totals,
      byEmployer: [...byEmployerMap.values()].sort((x, y) => y.count - x.count || x.name.localeCompare(y.name)),
      endorsements: [...endorsementMap.values()].sort((x, y) => x.name.localeCompare(y.name)),
    };
  }

  /** The report as CSV: `series` (week × micro-credential), `employers` or `endorsements`. */
  async issuerCsv(auth: Auth, kind: 'series' | 'employers' | 'endorsements', weeks = 12): Promise<string> {
    const r = await this.issuerReport(auth, weeks);
    if (kind === 'employers') return toCsv(['employer', 'verifications'], r.byEmployer.map((e) => [e.name, e.count]));
    if (kind === 'endorsements') return toCsv(['micro_credential', 'pending', 'accepted', 'declined'], r.endorsements.map((e) => [e.name, e.pending, e.accepted, e.declined]));
    const rows: Array<Array<string | number>> = [];
    for (const a of r.achievements) r.weeks.forEach((w, i) => rows.push([w, a.name, a.counts.issued[i]!, a.counts.claimed[i]!, a.counts.shared[i]!, a.counts.verified[i]!]));
    return toCsv(['week_start', 'micro_credential', 'issued', 'claimed', 'shared', 'verified'], rows);
  }

  /** The signed-in learner's share links with their views (all views, and views by signed-in employers). */
  async learnerShareViews(auth: Auth): Promise<Awaited<ReturnType<typeof shareViewsOfUser>>> {
    return shareViewsOfUser(this.deps.db, requireUser(auth));
  }
}
