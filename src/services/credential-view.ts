/** What the API, pages and CLI show of an issued credential. */
import { credentialState, type CredentialRecord, type CredentialState, type CredentialSummary } from '../db/repositories/credentials.repository.ts';
import { statusListUrl } from './status-list.service.ts';

export interface CredentialView {
  /** The uuid (API and page ids). */
  id: string;
  /** The credential's `id` inside the document: `urn:uuid:<id>`. */
  credentialId: string;
  achievementId: string;
  achievementVersion: number;
  achievementName: string | null;
  learnerId: string;
  recipient: { email: string; name: string | null };
  verificationCode: string;
  verifyUrl: string;
  status: CredentialState;
  source: string;
  issuedAt: string;
  validFrom: string;
  validUntil: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
  suspendedAt: string | null;
  suspensionReason: string | null;
  credits: number | null;
  statusList: { url: string; index: number; suspensionUrl: string };
  /** The signed OB 3.0 credential (detail only). */
  document?: Record<string, unknown>;
}

/** The verify page of a code. */
export const verifyUrlOf = (publicUrl: string, code: string): string => `${publicUrl}/v/${code}`;

/** Maps a stored credential to its view; the document is included when the record carries it. */
export function toCredentialView(c: CredentialSummary | CredentialRecord, now: Date, publicUrl: string, achievementName: string | null = null): CredentialView {
  const doc = 'document' in c ? (JSON.parse(c.document) as Record<string, unknown>) : undefined;
  const name = achievementName ?? (doc ? (((doc.credentialSubject as { achievement?: { name?: string } })?.achievement?.name) ?? null) : null);
  return {
    id: c.id, credentialId: `urn:uuid:${c.id}`, achievementId: c.achievementId, achievementVersion: c.achievementVersion,
    achievementName: name, learnerId: c.learnerId, recipient: { email: c.recipientEmail, name: c.recipientName },
    verificationCode: c.verificationCode, verifyUrl: verifyUrlOf(publicUrl, c.verificationCode), status: credentialState(c, now),
    source: c.source, issuedAt: c.issuedAt, validFrom: c.validFrom, validUntil: c.validUntil, revokedAt: c.revokedAt,
    revocationReason: c.revocationReason, suspendedAt: c.suspendedAt, suspensionReason: c.suspensionReason, credits: c.credits,
    statusList: {
      url: statusListUrl(publicUrl, c.statusListId, 'revocation'), index: c.statusIndex,
      suspensionUrl: statusListUrl(publicUrl, c.statusListId, 'suspension'),
    },
    ...(doc ? { document: doc } : {}),
  };
}
