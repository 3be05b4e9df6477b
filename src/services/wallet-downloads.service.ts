/**
 * Downloads of a wallet credential: OB 3.0 JSON, baked PNG and SVG, the PDF certificate (A4 / US Letter) with
 * the signed credential attached, a signed CLR 2.0 bundle of selected credentials, and the LinkedIn
 * add-to-profile link. The caller has already established access (owner session or a valid share link).
 */
import { randomUUID } from 'node:crypto';
import { bakeImage } from '../core/baking/index.ts';
import { AppError } from '../core/errors.ts';
import { signVcJwt } from '../core/jwt/index.ts';
import { buildClrCredential } from '../core/ob/clr.ts';
import { buildEmailIdentity } from '../core/ob/identity.ts';
import type { Profile } from '../core/ob/types.ts';
import { signDataIntegrity } from '../core/proofs/index.ts';
import { findOrganizationById } from '../db/repositories/organizations.repository.ts';
import type { Deps } from './deps.ts';
import type { IssuerSigner } from './key-store.ts';
import { defaultBadge } from './wallet-images.ts';
import { renderCertificate, type PaperSize } from './wallet-pdf.ts';
import type { WalletCredential } from './wallet-view.ts';

export interface WalletDownloadPorts {
  /** The badge image of an achievement version, when stored. */
  achievementImage(achievementId: string, version: number): Promise<{ mediaType: string; bytes: Uint8Array } | undefined>;
  /** The organization's signer and issuer profile (to sign a CLR bundle). */
  prepare(organizationId: string): Promise<{ signer: IssuerSigner; issuer: Profile }>;
}

export interface FileDownload { filename: string; contentType: string; bytes: Uint8Array }

/** A file-name-safe slug of a credential name. */
export const fileSlug = (s: string): string => s.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-').toLowerCase().slice(0, 60) || 'credential';

export class WalletDownloadsService {
  constructor(private readonly deps: Deps & { ports: WalletDownloadPorts }) {}

  /** The credential exactly as signed: OB 3.0 JSON (`application/vc+ld+json`) or, for JWT imports, the VC-JWT. */
  json(c: WalletCredential): FileDownload {
    if (typeof c.document === 'string') return { filename: `${fileSlug(c.name)}.jwt`, contentType: 'application/vc+jwt', bytes: new TextEncoder().encode(c.document) };
    return { filename: `${fileSlug(c.name)}.json`, contentType: 'application/vc+ld+json', bytes: new TextEncoder().encode(JSON.stringify(c.document, null, 2)) };
  }

  /**
   * The credential as a VC-JWT (ES256) signed with the issuing organization's P-256 key (kid = its verification
   * method, listed in the did:web document). The JWS secures it, so the Data Integrity proof is left out; for
   * did:key issuers the P-256 key's own did:key is the issuer id (decision 060). JWT imports are returned as imported.
   */
  async jwt(c: WalletCredential): Promise<FileDownload> {
    const file = (jwt: string) => ({ filename: `${fileSlug(c.name)}.jwt`, contentType: 'application/vc+jwt', bytes: new TextEncoder().encode(jwt) });
    if (typeof c.document === 'string') return file(c.document);
    if (c.kind !== 'issued' || !c.issuer.organizationId) {
      throw new AppError('validation_failed', 'Only credentials issued on this platform can be downloaded as a new VC-JWT.', { field: 'format' });
    }
    const signer = await this.deps.keyStore.getJwtSigner(c.issuer.organizationId);
    const { proof: _proof, ...unsecured } = c.document;
    const issuer = typeof unsecured.issuer === 'object' && unsecured.issuer ? { ...(unsecured.issuer as Record<string, unknown>), id: signer.issuerId } : signer.issuerId;
    return file(await signVcJwt({ ...unsecured, issuer }, { alg: 'ES256', privateKey: signer.privateJwk, kid: signer.kid }));
  }

  /** The badge image with the credential baked in (OB 3.0 baking), PNG or SVG. */
  async baked(c: WalletCredential, format: 'png' | 'svg'): Promise<FileDownload> {
    let image: Uint8Array | undefined;
    if (c.kind === 'issued' && c.achievementVersion !== null) {
      const stored = await this.deps.ports.achievementImage(c.achievementId, c.achievementVersion).catch(() => undefined);
      if (stored && stored.mediaType === (format === 'png' ? 'image/png' : 'image/svg+xml')) image = stored.bytes;
    }
    const baked = bakeImage(image ?? defaultBadge(format, c.name, c.achievementId), c.document);
    return { filename: `${fileSlug(c.name)}.${format}`, contentType: format === 'png' ? 'image/png' : 'image/svg+xml', bytes: baked.bytes };
  }

  /**
   * The printable PDF certificate; the signed credential is attached so the PDF verifies. The learner's name comes
   * from the credential, else `holderName` (the account's name), never the email address.
   */
  async pdf(c: WalletCredential, paper: PaperSize = 'a4', holderName?: string): Promise<FileDownload> {
    const org = c.issuer.organizationId ? await findOrganizationById(this.deps.db, c.issuer.organizationId) : undefined;
    const verifyUrl = c.verifyUrl ?? `${this.deps.config.publicUrl}/verify`;
    const bytes = await renderCertificate({
      paper, learnerName: c.display.recipientName ?? c.recipientName ?? holderName ?? 'The holder', achievementName: c.name,
      ...(c.display.description ? { description: c.display.description } : {}),
      issuerName: c.issuer.name, issuerLogo: org?.logo ?? null, issuedOn: c.issuedAt, validUntil: c.validUntil,
      competencies: c.display.competencies.map((k) => (k.code ? `${k.code} ${k.name}` : k.name)),
      signatory: org?.name ?? c.issuer.name, verificationCode: c.verificationCode, verifyUrl,
      credentialJson: typeof c.document === 'string' ? c.document : JSON.stringify(c.document), now: this.deps.clock.now(),
      onMissingGlyphs: (m) => this.deps.logger.warn({ credentialId: c.id, ...m }, 'certificate font lacks some characters: drawn without them, the full text kept in the PDF metadata'),
    });
    return { filename: `${fileSlug(c.name)}-${paper}.pdf`, contentType: 'application/pdf', bytes };
  }

  /**
   * A CLR 2.0 bundle of selected credentials, each kept exactly as signed, signed by their issuing organization
   * (so every selected credential must come from the same organization on this platform).
   */
  async clr(credentials: WalletCredential[], learner: { name: string; email: string }): Promise<FileDownload> {
    if (credentials.length === 0) throw new AppError('validation_failed', 'Choose at least one credential for the CLR.', { field: 'ids' });
    const orgs = new Set(credentials.map((c) => (c.kind === 'issued' ? c.issuer.organizationId : undefined)));
    if (orgs.has(undefined)) throw new AppError('validation_failed', 'A CLR bundle holds credentials issued on this platform (not imported ones).', { field: 'ids' });
    if (orgs.size > 1) throw new AppError('validation_failed', 'Choose credentials from one issuer: its organization signs the CLR.', { field: 'ids' });
    const orgId = [...orgs][0]!;
    const { signer, issuer } = await this.deps.ports.prepare(orgId);
    const now = this.deps.clock.now();
    const salt = Buffer.from(this.deps.random(16)).toString('hex');
    const clr = buildClrCredential({
      id: `urn:uuid:${randomUUID()}`, name: `${learner.name}: ${credentials.length} credential${credentials.length === 1 ? '' : 's'} from ${issuer.name ?? 'the issuer'}`,
      description: 'A Comprehensive Learner Record of credentials selected by the learner.', issuer, validFrom: now, partial: true,
      credentialSubject: { identifier: [buildEmailIdentity(learner.email, salt)], verifiableCredential: credentials.map((c) => c.document as Record<string, unknown>) },
    });
    const signed = await signDataIntegrity(clr as unknown as Record<string, unknown>, { signer, created: now });
    return { filename: 'clr.json', contentType: 'application/vc+ld+json', bytes: new TextEncoder().encode(JSON.stringify(signed, null, 2)) };
  }

  /** LinkedIn's add-to-profile URL (certification) for a credential, pointing at its verify page. */
  linkedInUrl(c: WalletCredential, certUrl: string): string {
    const p = new URLSearchParams({ startTask: 'CERTIFICATION_NAME', name: c.name, organizationName: c.issuer.name });
    const from = new Date(c.issuedAt);
    if (!Number.isNaN(from.getTime())) {
      p.set('issueYear', String(from.getUTCFullYear()));
      p.set('issueMonth', String(from.getUTCMonth() + 1));
    }
    if (c.validUntil) {
      const until = new Date(c.validUntil);
      p.set('expirationYear', String(until.getUTCFullYear()));
      p.set('expirationMonth', String(until.getUTCMonth() + 1));
    }
    p.set('certUrl', certUrl);
    p.set('certId', c.verificationCode ?? c.id);
    return `https://www.linkedin.com/profile/add?${p.toString()}`;
  }
}
