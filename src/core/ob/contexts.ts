/** Exact `@context` IRIs and their order (STANDARDS §1.1, §7). */

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const OB_V3_EXTENSIONS_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';
export const CLR_V2_CONTEXT = 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json';

export const OB_ACHIEVEMENT_CREDENTIAL_SCHEMA =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
export const OB_ENDORSEMENT_CREDENTIAL_SCHEMA =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json';
export const CLR_CREDENTIAL_SCHEMA = 'https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json';

/**
 * True when the document uses a 1EdTech type name (`1EdTechRevocationList`, `1EdTechJsonSchemaValidator2019`,
 * `1EdTechCredentialRefresh`) that only `extensions.json` defines. Nested documents that carry their own
 * `@context` (embedded endorsements, CLR-nested credentials) are self-contained and not searched.
 */
export function usesOneEdTechTypes(doc: unknown, isRoot = true): boolean {
  // Plain loops: this runs on every credential issued, and the callback/entries version allocated per node.
  if (Array.isArray(doc)) {
    for (const d of doc) if (usesOneEdTechTypes(d, false)) return true;
    return false;
  }
  if (doc === null || typeof doc !== 'object') return false;
  const obj = doc as Record<string, unknown>;
  if (!isRoot && '@context' in obj) return false;
  const type = obj.type;
  if (typeof type === 'string' && type.startsWith('1EdTech')) return true;
  if (Array.isArray(type)) for (const t of type) if (typeof t === 'string' && t.startsWith('1EdTech')) return true;
  for (const k of Object.keys(obj)) if (k !== 'type' && usesOneEdTechTypes(obj[k], false)) return true;
  return false;
}

/** `@context` for an OB 3.0 credential (AchievementCredential / EndorsementCredential) built from `doc`. */
export function obContextFor(doc: unknown): string[] {
  return usesOneEdTechTypes(doc) ? [VC_V2_CONTEXT, OB_V3_CONTEXT, OB_V3_EXTENSIONS_CONTEXT] : [VC_V2_CONTEXT, OB_V3_CONTEXT];
}

/** `@context` for a CLR 2.0 ClrCredential built from `doc` (VC v2, CLR 2.0.1, OB 3.0.3, then extensions). */
export function clrContextFor(doc: unknown): string[] {
  const base = [VC_V2_CONTEXT, CLR_V2_CONTEXT, OB_V3_CONTEXT];
  return usesOneEdTechTypes(doc) ? [...base, OB_V3_EXTENSIONS_CONTEXT] : base;
}
