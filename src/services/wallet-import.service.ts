/**
 * Importing a credential issued elsewhere (JSON, VC-JWT, baked PNG/SVG, a PDF certificate, or a URL): it is
 * verified first and refused with the failed check named; accepted ones are stored as external credentials,
 * shown in the wallet and counted by pathways (the `ExternalHoldings` port), which re-evaluate on import.
 */
import { randomUUID } from 'node:crypto';
import { detectImageFormat, unbakeImage } from '../core/baking/index.ts';
import { AppError } from '../core/errors.ts';
import type { HeldCredential } from '../core/stacking/types.ts';
import { listPdfAttachments, pickCredentialAttachment } from '../core/verify/index.ts';
import type { Fetcher } from '../core/verify/types.ts';
import { listExternalOfUser, listExternalOfUsers, usersOfLearners, insertExternal, deleteExternal, type ExternalCredential } from '../db/repositories/wallet.repository.ts';
import { requireUser, type Auth } from './auth.ts';
import type { Deps } from './deps.ts';
import { createHttpFetcher } from './http-fetcher.ts';
import type { VerificationReport } from './verification.service.ts';
import { externalView, walletState, type WalletCredential } from './wallet-view.ts';

export interface WalletImportPorts {
  verify(input: string | Uint8Array): Promise<VerificationReport>;
  /** Called after an import (pathways re-evaluate the learner's records). */
  onImported(userId: string): Promise<unknown>;
}

export type ImportInput = { bytes: Uint8Array; filename?: string } | { text: string } | { url: string };

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const decoder = new TextDecoder();
type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/** The text to store for an input: the JSON or JWT itself, or what a PNG/SVG/PDF carries. */
async function storedTextOf(bytes: Uint8Array): Promise<{ text: string; format: string }> {
  const image = detectImageFormat(bytes);
  if (image) return { text: unbakeImage(bytes).payload.trim(), format: image };
  if (decoder.decode(bytes.slice(0, 5)) === '%PDF-') {
    const att = pickCredentialAttachment(await listPdfAttachments(bytes));
    if (!att) throw new AppError('validation_failed', 'The PDF has no attached credential.', { field: 'file' });
    return { text: decoder.decode(att.bytes).trim(), format: 'pdf' };
  }
  const text = decoder.decode(bytes).trim();
  return { text, format: text.startsWith('{') ? 'json' : 'jwt' };
}

export class WalletImportService {
  private readonly fetcher: Fetcher;

  constructor(private readonly deps: Deps & { ports: WalletImportPorts; fetcher?: Fetcher }) {
    this.fetcher = deps.fetcher ?? createHttpFetcher({ allowPrivateAddresses: false });
  }

  /** Verifies and stores a credential from elsewhere; `import_not_verified` names the failed check. */
  async import(auth: Auth, input: ImportInput): Promise<WalletCredential> {
    const userId = requireUser(auth);
    let bytes: Uint8Array;
    let sourceUrl: string | null = null;
    if ('url' in input) {
      const url = typeof input.url === 'string' ? input.url.trim() : '';
      if (!/^https?:\/\/\S+$/i.test(url)) throw new AppError('validation_failed', 'Enter the address of a credential, starting with https://.', { field: 'url' });
      let res;
      try {
        res = await this.fetcher(url, { accept: 'application/vc+ld+json, application/ld+json, application/json, application/jwt, image/png, image/svg+xml', maxBytes: MAX_IMPORT_BYTES, timeoutMs: 8000 });
      } catch (e) {
        throw new AppError('validation_failed', `The address could not be fetched: ${(e as Error).message}`, { field: 'url' });
      }
      if (res.status !== 200) throw new AppError('validation_failed', `The address answered HTTP ${res.status}, not a credential.`, { field: 'url' });
      bytes = res.body;
      sourceUrl = url;
    } else if ('text' in input) {
      bytes = new TextEncoder().encode(String(input.text ?? ''));
    } else {
      bytes = input.bytes;
    }
    const field = 'url' in input ? 'url' : 'text' in input ? 'text' : 'file';
    if (bytes.length === 0) throw new AppError('validation_failed', 'Choose a credential file or paste one.', { field });
    if (bytes.length > MAX_IMPORT_BYTES) throw new AppError('payload_too_large', 'A credential to import must be at most 5 MB.', { field });

    const report = await this.deps.ports.verify(bytes);
    const failed = report.checks.find((c) => c.status === 'invalid' && c.id !== 'endorsements');
    if (failed) throw new AppError('import_not_verified', `Not added: the check "${failed.id}" failed. ${failed.message}`, { field, details: { check: failed.id } });
    const proof = report.checks.find((c) => c.id === 'proof');
    if (!proof || proof.status !== 'valid') {
      throw new AppError('import_not_verified', `Not added: the signature could not be checked (check "proof"). ${proof?.message ?? ''}`.trim(), { field, details: { check: 'proof' } });
    }
    const credential = report.credential;
    if (!credential) throw new AppError('import_not_verified', 'Not added: no credential was found.', { field, details: { check: 'parse' } });
    const { text, format } = await storedTextOf(bytes);
    const subject = rec(Array.isArray(credential.credentialSubject) ? credential.credentialSubject[0] : credential.credentialSubject);
    const achievement = rec(subject?.achievement);
    const issuer = rec(credential.issuer);
    const credentialId = str(credential.id) ?? null;
    if (credentialId && (await listExternalOfUser(this.deps.db, userId)).some((e) => e.credentialId === credentialId)) {
      throw new AppError('import_duplicate', undefined, { field });
    }
    const record: ExternalCredential = {
      id: randomUUID(), userId, format: sourceUrl ? 'url' : format, sourceUrl, credentialId, document: text,
      issuerId: str(issuer?.id) ?? str(credential.issuer) ?? 'unknown', issuerName: str(issuer?.name) ?? null,
      achievementId: str(achievement?.id) ?? credentialId ?? 'unknown', achievementName: str(achievement?.name) ?? str(credential.name) ?? null,
      validFrom: str(credential.validFrom) ?? str(credential.issuanceDate) ?? null, validUntil: str(credential.validUntil) ?? str(credential.expirationDate) ?? null,
      credits: typeof subject?.creditsEarned === 'number' ? subject.creditsEarned : null, visibility: 'private',
      checks: report.checks.map((c) => ({ id: c.id, status: c.status, message: c.message })), importedAt: this.deps.clock.now().toISOString(),
    };
    await insertExternal(this.deps.db, record);
    try {
      await this.deps.ports.onImported(userId);
    } catch (err) {
      this.deps.logger.error({ err, userId }, 'pathway re-evaluation after import failed');
    }
    return externalView(record, this.deps.clock.now());
  }

  /** Removes an imported credential from the wallet. */
  async remove(auth: Auth, id: string): Promise<void> {
    if (!(await deleteExternal(this.deps.db, requireUser(auth), String(id)))) throw new AppError('credential_not_found');
  }

  /** Pathways' `ExternalHoldings` port: imported credentials of the users behind these learner records. */
  async holdings(_organizationId: string, learnerIds: readonly string[]): Promise<Map<string, HeldCredential[]>> {
    const out = new Map<string, HeldCredential[]>(learnerIds.map((id) => [id, []]));
    const users = await usersOfLearners(this.deps.db, learnerIds);
    const all = await listExternalOfUsers(this.deps.db, [...new Set(users.values())]);
    const now = this.deps.clock.now();
    for (const [learnerId, userId] of users) {
      out.set(learnerId, all.filter((e) => e.userId === userId).map((e) => ({
        id: e.credentialId ?? `urn:uuid:${e.id}`, achievementId: e.achievementId, ...(e.achievementName ? { achievementName: e.achievementName } : {}),
        issuerId: e.issuerId, origin: 'imported' as const, issuedAt: new Date(e.validFrom ?? e.importedAt),
        validUntil: e.validUntil ? new Date(e.validUntil) : null, status: walletState({ validUntil: e.validUntil }, now), credits: e.credits,
      })));
    }
    return out;
  }
}
