/**
 * The learner's CLR 2.0 bundle for an awarded pathway: the stacked credential and every component credential,
 * each kept exactly as signed, with `isPartOf` / `precedes` associations, signed by the organization.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors.ts';
import { buildClrCredential } from '../../core/ob/clr.ts';
import { buildEmailIdentity } from '../../core/ob/identity.ts';
import type { Profile } from '../../core/ob/types.ts';
import { signDataIntegrity } from '../../core/proofs/index.ts';
import { stackingAssociations, type StackedComponent } from '../../core/stacking/index.ts';
import { findCredential } from '../../db/repositories/credentials.repository.ts';
import { listCredentialDocuments } from '../../db/repositories/held-credentials.repository.ts';
import type { PathwayAward, Pathway } from '../../db/repositories/pathways.repository.ts';
import type { Db } from '../../db/transaction.ts';
import type { IssuerSigner } from '../key-store.ts';

export interface ClrDeps {
  db: Db;
  now: Date;
  random: (n: number) => Uint8Array;
  prepare(organizationId: string): Promise<{ signer: IssuerSigner; issuer: Profile }>;
}

interface Doc {
  id?: string;
  credentialSubject?: { achievement?: { id?: string; name?: string } };
  validFrom?: string;
  awardedDate?: string;
}

/**
 * Builds and signs the CLR of one award. Components imported from elsewhere are not stored here; when any is
 * missing the CLR says `partial: true`.
 */
export async function buildPathwayClr(deps: ClrDeps, p: Pathway, award: PathwayAward, learnerEmail: string): Promise<Record<string, unknown>> {
  if (award.status !== 'awarded' || !award.credentialId) throw new AppError('pathway_not_awarded');
  const stacked = await findCredential(deps.db, p.organizationId, award.credentialId);
  if (!stacked) throw new AppError('pathway_not_awarded', 'The stacked credential could not be found.');
  const docs = await listCredentialDocuments(deps.db, p.organizationId, award.componentIds);
  const stackedDoc = JSON.parse(stacked.document) as Doc & Record<string, unknown>;
  const componentDocs: (Doc & Record<string, unknown>)[] = [];
  const components: StackedComponent[] = [];
  for (const id of award.componentIds) {
    const d = docs.get(id);
    if (!d) continue;
    const doc = JSON.parse(d.document) as Doc & Record<string, unknown>;
    componentDocs.push(doc);
    const achievement = doc.credentialSubject?.achievement;
    components.push({
      credentialId: doc.id ?? `urn:uuid:${id}`, achievementId: d.achievementId, achievementObId: achievement?.id ?? '',
      achievementName: achievement?.name ?? '', issuedAt: new Date(doc.validFrom ?? doc.awardedDate ?? 0), credits: 0,
    });
  }
  const targetObId = stackedDoc.credentialSubject?.achievement?.id;
  if (!targetObId) throw new AppError('credential_invalid', 'The stacked credential names no achievement.');
  const { signer, issuer } = await deps.prepare(p.organizationId);
  const salt = Buffer.from(deps.random(16)).toString('hex');
  const clr = buildClrCredential({
    id: `urn:uuid:${randomUUID()}`,
    name: p.name,
    description: `${p.name}: the stacked credential and the ${componentDocs.length} credentials it was earned with.`,
    issuer,
    validFrom: deps.now,
    partial: componentDocs.length < award.componentIds.length,
    credentialSubject: {
      identifier: [buildEmailIdentity(learnerEmail, salt)],
      verifiableCredential: [stackedDoc, ...componentDocs],
      association: stackingAssociations(p.rule, targetObId, components.filter((c) => c.achievementObId)),
    },
  });
  return signDataIntegrity(clr as unknown as Record<string, unknown>, { signer, created: deps.now });
}
