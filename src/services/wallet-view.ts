/** What the wallet shows of a credential it holds: issued here or imported, with its state and display parts. */
import type { ExternalCredential, WalletIssuedRow } from '../db/repositories/wallet.repository.ts';
import { verifyUrlOf } from './credential-view.ts';
import { describeCredential, type CredentialDisplay } from './verification-view.ts';

export type WalletState = 'valid' | 'expired' | 'revoked' | 'suspended';
export type WalletKind = 'issued' | 'external';

export interface WalletCredential {
  kind: WalletKind;
  id: string;
  name: string;
  issuer: { id: string; name: string; url?: string; organizationId?: string; slug?: string };
  state: WalletState;
  visibility: 'private' | 'public';
  issuedAt: string;
  validUntil: string | null;
  /** Issued here only: the verification code and its public verify page. */
  verificationCode: string | null;
  verifyUrl: string | null;
  recipientEmail: string | null;
  recipientName: string | null;
  claimedAt: string | null;
  /** Issued here only: when the learner turned the public verification code off. */
  codeDisabledAt: string | null;
  achievementId: string;
  achievementVersion: number | null;
  credits: number | null;
  display: CredentialDisplay;
  /** The credential exactly as signed: a JSON object, or a compact VC-JWT for JWT imports. */
  document: Record<string, unknown> | string;
}

/** A credential's state at `now`: revoked over suspended over expired. */
export function walletState(c: { revokedAt?: string | null; suspendedAt?: string | null; validUntil: string | null }, now: Date): WalletState {
  if (c.revokedAt) return 'revoked';
  if (c.suspendedAt) return 'suspended';
  if (c.validUntil && Date.parse(c.validUntil) <= now.getTime()) return 'expired';
  return 'valid';
}

/** Maps an issued credential to its wallet view. */
export function issuedView(r: WalletIssuedRow, now: Date, publicUrl: string): WalletCredential {
  const doc = JSON.parse(r.document) as Record<string, unknown>;
  const display = describeCredential(doc);
  return {
    kind: 'issued', id: r.id, name: display.name ?? 'Credential',
    issuer: { id: display.issuer.id ?? '', name: display.issuer.name ?? r.organizationName, ...(display.issuer.url ? { url: display.issuer.url } : {}), organizationId: r.organizationId, slug: r.organizationSlug },
    state: walletState(r, now), visibility: r.visibility, issuedAt: r.validFrom, validUntil: r.validUntil,
    verificationCode: r.verificationCode, verifyUrl: verifyUrlOf(publicUrl, r.verificationCode),
    recipientEmail: r.recipientEmail, recipientName: r.recipientName, claimedAt: r.claimedAt, codeDisabledAt: r.codeDisabledAt,
    achievementId: r.achievementId, achievementVersion: r.achievementVersion, credits: r.credits, display, document: doc,
  };
}

/** The JSON credential inside a stored import (a JWT's payload `vc` or the payload itself). */
export function externalCredentialObject(document: string): Record<string, unknown> {
  const t = document.trim();
  if (t.startsWith('{')) return JSON.parse(t) as Record<string, unknown>;
  const payload = JSON.parse(Buffer.from(t.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return (payload.vc && typeof payload.vc === 'object' ? payload.vc : payload) as Record<string, unknown>;
}

/** Maps an imported credential to its wallet view. */
export function externalView(e: ExternalCredential, now: Date): WalletCredential {
  const obj = externalCredentialObject(e.document);
  const display = describeCredential(obj);
  return {
    kind: 'external', id: e.id, name: e.achievementName ?? display.name ?? 'Credential',
    issuer: { id: e.issuerId, name: e.issuerName ?? display.issuer.name ?? e.issuerId, ...(display.issuer.url ? { url: display.issuer.url } : {}) },
    state: walletState({ validUntil: e.validUntil }, now), visibility: e.visibility, issuedAt: e.validFrom ?? e.importedAt, validUntil: e.validUntil,
    verificationCode: null, verifyUrl: null, recipientEmail: null, recipientName: display.recipientName ?? null, claimedAt: e.importedAt, codeDisabledAt: null,
    achievementId: e.achievementId, achievementVersion: null, credits: e.credits, display,
    document: e.document.trim().startsWith('{') ? obj : e.document.trim(),
  };
}

export interface WalletFilter { q?: string; state?: string; issuer?: string; visibility?: string; kind?: string }

/** Applies the wallet's search and filters (case-insensitive text over name, issuer, competencies). */
export function filterWallet(items: WalletCredential[], f: WalletFilter): WalletCredential[] {
  const q = f.q?.trim().toLowerCase();
  return items.filter((c) => {
    if (f.state && f.state !== 'all' && c.state !== f.state) return false;
    if (f.visibility && f.visibility !== 'all' && c.visibility !== f.visibility) return false;
    if (f.kind && f.kind !== 'all' && c.kind !== f.kind) return false;
    if (f.issuer && f.issuer !== 'all' && c.issuer.name !== f.issuer) return false;
    if (q) {
      const hay = [c.name, c.issuer.name, c.display.description ?? '', ...c.display.competencies.map((k) => k.name)].join(' ').toLowerCase();
      if (!hay.includes(q)) return false;
    }
    return true;
  });
}
