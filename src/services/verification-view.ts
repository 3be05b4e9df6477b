/** What the verify page shows of a credential: achievement, issuer, dates, competencies, results and evidence. */

export interface CredentialDisplay {
  name?: string;
  description?: string;
  image?: string;
  criteria?: { id?: string; narrative?: string };
  achievementType?: string;
  issuer: { id?: string; name?: string; url?: string };
  recipientName?: string;
  validFrom?: string;
  validUntil?: string;
  awardedDate?: string;
  credits?: { earned?: number; available?: number };
  competencies: { name: string; url?: string; framework?: string; code?: string }[];
  results: { label: string; value: string }[];
  evidence: { name?: string; description?: string; url?: string; narrative?: string }[];
  types: string[];
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined);
const arr = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const imageOf = (v: unknown): string | undefined => str(v) ?? str(rec(v)?.id);
const httpUrl = (v: unknown): string | undefined => {
  const s = str(v);
  return s && /^https?:\/\//i.test(s) ? s : undefined;
};

/** Extracts the displayable parts of a credential (defensively: any field may be missing or malformed). */
export function describeCredential(credential: Rec): CredentialDisplay {
  const subject = rec(arr(credential.credentialSubject)[0]) ?? {};
  const achievement = rec(subject.achievement) ?? {};
  const issuer = rec(credential.issuer);
  const resultDescriptions = new Map<string, Rec>();
  for (const rd of arr(achievement.resultDescription)) {
    const r = rec(rd);
    if (r && typeof r.id === 'string') resultDescriptions.set(r.id, r);
  }
  const levels = new Map<string, string>();
  for (const rd of resultDescriptions.values()) {
    for (const l of arr(rd.rubricCriterionLevel)) {
      const lv = rec(l);
      if (lv && typeof lv.id === 'string' && typeof lv.name === 'string') levels.set(lv.id, lv.name);
    }
  }
  const results = arr(subject.result).map(rec).filter((r): r is Rec => !!r).slice(0, 50).map((r) => {
    const rd = typeof r.resultDescription === 'string' ? resultDescriptions.get(r.resultDescription) : undefined;
    const label = str(rd?.name) ?? 'Result';
    const value = str(r.value) ?? (typeof r.achievedLevel === 'string' ? levels.get(r.achievedLevel) ?? r.achievedLevel : undefined) ?? str(r.status) ?? '';
    return { label, value };
  });
  const competencies = arr(achievement.alignment).map(rec).filter((a): a is Rec => !!a).slice(0, 50).map((a) => ({
    name: str(a.targetName) ?? 'Competency',
    ...(httpUrl(a.targetUrl) ? { url: httpUrl(a.targetUrl)! } : {}),
    ...(str(a.targetFramework) ? { framework: str(a.targetFramework)! } : {}),
    ...(str(a.targetCode) ? { code: str(a.targetCode)! } : {}),
  }));
  const evidence = arr(credential.evidence).map(rec).filter((e): e is Rec => !!e).slice(0, 50).map((e) => ({
    ...(str(e.name) ? { name: str(e.name)! } : {}),
    ...(str(e.description) ? { description: str(e.description)! } : {}),
    ...(httpUrl(e.id) ? { url: httpUrl(e.id)! } : {}),
    ...(str(e.narrative) ? { narrative: str(e.narrative)! } : {}),
  }));
  const criteria = rec(achievement.criteria);
  const earned = num(subject.creditsEarned);
  const available = num(achievement.creditsAvailable);
  const d: CredentialDisplay = {
    issuer: {
      ...(str(issuer?.id) ?? str(credential.issuer) ? { id: str(issuer?.id) ?? str(credential.issuer)! } : {}),
      ...(str(issuer?.name) ? { name: str(issuer!.name)! } : {}),
      ...(httpUrl(issuer?.url) ? { url: httpUrl(issuer!.url)! } : {}),
    },
    competencies, results, evidence,
    types: arr(credential.type).filter((t): t is string => typeof t === 'string'),
  };
  const name = str(achievement.name) ?? str(credential.name);
  if (name) d.name = name;
  const description = str(achievement.description) ?? str(credential.description);
  if (description) d.description = description;
  const image = imageOf(achievement.image) ?? imageOf(credential.image);
  if (image && /^(https?:|data:image\/(png|svg\+xml|jpeg|gif|webp);)/i.test(image)) d.image = image;
  if (criteria && (str(criteria.id) || str(criteria.narrative))) {
    d.criteria = { ...(httpUrl(criteria.id) ? { id: httpUrl(criteria.id)! } : {}), ...(str(criteria.narrative) ? { narrative: str(criteria.narrative)! } : {}) };
  }
  if (str(achievement.achievementType)) d.achievementType = str(achievement.achievementType)!;
  if (str(subject.name)) d.recipientName = str(subject.name)!;
  const from = str(credential.validFrom) ?? str(credential.issuanceDate);
  const until = str(credential.validUntil) ?? str(credential.expirationDate);
  if (from) d.validFrom = from;
  if (until) d.validUntil = until;
  if (str(credential.awardedDate)) d.awardedDate = str(credential.awardedDate)!;
  if (earned !== undefined || available !== undefined) d.credits = { ...(earned !== undefined ? { earned } : {}), ...(available !== undefined ? { available } : {}) };
  return d;
}
