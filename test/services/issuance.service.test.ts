import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import { normalizeVerificationCode } from '../../src/core/issuance/verification-code.ts';
import { hashIdentity } from '../../src/core/ob/identity.ts';
import { verifyDataIntegrity } from '../../src/core/proofs/index.ts';
import { validateOb3Credential } from '../../src/core/schema/index.ts';
import { decodeList, getBit } from '../../src/core/status/bitstring.ts';
import { requestHashOf } from '../../src/services/issuance.service.ts';
import { DIALECTS } from '../helpers/db.ts';
import { createIssuerOrg, createMicroCredential, issuanceHarness, type IssuanceHarness } from '../helpers/issuance.ts';
import type { Auth } from '../../src/services/auth.ts';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof AppError ? `${e.code}${e.field ? `@${e.field}` : ''}` : String(e);
  }
}

describe.each(DIALECTS)('issuance service on %s', (dialect) => {
  let h: IssuanceHarness;
  let auth: Auth;
  let other: Auth;
  let achievementId: string;
  let orgId: string;
  const count = async () => Number((await h.services.deps.db.selectFrom('credentials').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    h = await issuanceHarness(dialect);
    ({ auth, orgId } = await createIssuerOrg(h.services));
    ({ auth: other } = await createIssuerOrg(h.services, 'Other College'));
    achievementId = await createMicroCredential(h.services, auth);
  });
  afterAll(async () => h.close());

  it('issues a signed OB 3.0 credential, stored exactly as signed, with learner, code, audit, claim token and email', async () => {
    const { credential, replayed } = await h.services.issuance.issueCredential(auth, {
      achievementId, recipient: { email: ' Ada@Example.com ', name: 'Ada Lovelace' },
      results: [], creditsEarned: 4, activityStartDate: '2026-11-01', activityEndDate: '2026-11-30',
    }, { source: 'api' });
    expect(replayed).toBe(false);
    const doc = credential.document as Record<string, any>;
    expect(doc.id).toBe(`urn:uuid:${credential.id}`);
    expect(doc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(doc.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' });
    expect(doc.validFrom).toBe('2026-12-04T20:00:00Z');
    expect(doc.validUntil).toBe('2028-12-04T20:00:00Z');
    expect(doc.credentialSubject.creditsEarned).toBe(4);
    const identity = doc.credentialSubject.identifier[0];
    expect(identity).toMatchObject({ type: 'IdentityObject', hashed: true, identityType: 'emailAddress' });
    expect(identity.identityHash).toBe(hashIdentity('ada@example.com', identity.salt));
    expect(doc.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(credential.statusList.index),
      statusListCredential: credential.statusList.url, statusReference: credential.statusList.suspensionUrl,
    });
    expect(validateOb3Credential(doc).valid).toBe(true);
    const proof = await verifyDataIntegrity(doc);
    expect(proof.verified).toBe(true);
    expect(proof.controller.status).toBe('valid');

    const stored = await h.services.deps.db.selectFrom('credentials').select(['document', 'learner_id']).where('id', '=', credential.id).executeTakeFirstOrThrow();
    expect(stored.document).toBe(JSON.stringify(doc));
    expect(normalizeVerificationCode(credential.verificationCode.toLowerCase())).toBe(credential.verificationCode);

    const mail = h.mailer.lastTo('ada@example.com')!;
    expect(mail.text).toContain(credential.verificationCode);
    expect(mail.text).toContain(`https://badges.example.edu/v/${credential.verificationCode}`);
    const claim = /https:\/\/badges\.example\.edu\/claim\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const token = await h.services.deps.db.selectFrom('email_tokens').selectAll().where('token_hash', '=', createHash('sha256').update(claim).digest('hex')).executeTakeFirstOrThrow();
    expect(token).toMatchObject({ purpose: 'claim', email: 'ada@example.com' });
    const auditRow = await h.services.deps.db.selectFrom('audit_log').selectAll().where('target_id', '=', credential.id).executeTakeFirstOrThrow();
    expect(auditRow).toMatchObject({ action: 'credential.issue', actor_user_id: auth.userId, organization_id: orgId });

    const again = await h.services.issuance.issueCredential(auth, { achievementId, recipient: { email: 'ADA@example.com' } }, { source: 'single' });
    expect(again.credential.learnerId).toBe(stored.learner_id);
    expect(again.credential.verificationCode).not.toBe(credential.verificationCode);
  });

  it('replays an Idempotency-Key with the same body and refuses it with another', async () => {
    const body = { achievementId, recipient: { email: 'idem@example.com' } };
    const key = { key: 'req-1', requestHash: requestHashOf(body) };
    const before = await count();
    const [a, b] = await Promise.all([
      h.services.issuance.issueCredential(auth, body, { source: 'api', idempotency: key }),
      h.services.issuance.issueCredential(auth, body, { source: 'api', idempotency: key }),
    ]);
    expect(b.credential).toEqual(a.credential);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(await count()).toBe(before + 1);
    const changed = { ...body, recipient: { email: 'someone@example.com' } };
    expect(await codeOf(h.services.issuance.issueCredential(auth, changed, { source: 'api', idempotency: { key: 'req-1', requestHash: requestHashOf(changed) } })))
      .toBe('idempotency_conflict@Idempotency-Key');
    // The same key in another organization is another key.
    const otherAchievement = await createMicroCredential(h.services, other);
    const body2 = { achievementId: otherAchievement, recipient: { email: 'idem@example.com' } };
    const r = await h.services.issuance.issueCredential(other, body2, { source: 'api', idempotency: { key: 'req-1', requestHash: requestHashOf(body2) } });
    expect(r.replayed).toBe(false);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await count();
    const bad = (raw: unknown) => codeOf(h.services.issuance.issueCredential(auth, raw, { source: 'api' }));
    expect(await bad({ achievementId, recipient: { email: 'not-an-email' } })).toBe('validation_failed@recipient.email');
    expect(await bad({ achievementId, recipient: 'ada@example.com' })).toBe('validation_failed@recipient');
    expect(await bad({ recipient: { email: 'ada@example.com' } })).toBe('validation_failed@achievementId');
    expect(await bad({ achievementId, recipient: { email: 'a@b.org' }, validFrom: 'tomorrow' })).toBe('validation_failed@validFrom');
    expect(await bad({ achievementId, recipient: { email: 'a@b.org' }, creditsEarned: '5' })).toBe('validation_failed@creditsEarned');
    expect(await bad({ achievementId, recipient: { email: 'a@b.org' }, results: [{ resultDescription: 'urn:uuid:nope', value: '90' }] }))
      .toBe('validation_failed@credentialSubject.result[0].resultDescription');
    expect(await bad({ achievementId: 'no-such-id', recipient: { email: 'a@b.org' } })).toBe('achievement_not_found@achievementId');
    expect(await bad([1, 2])).toBe('validation_failed@body');
    expect(await count()).toBe(before);
  });

  it('keeps tenants apart', async () => {
    const { credential } = await h.services.issuance.issueCredential(auth, { achievementId, recipient: { email: 'grace@example.com' } }, { source: 'single' });
    expect(await codeOf(h.services.issuance.issueCredential(other, { achievementId, recipient: { email: 'x@example.com' } }, { source: 'api' })))
      .toBe('achievement_not_found@achievementId');
    expect(await codeOf(h.services.credentials.get(other, credential.id))).toBe('credential_not_found@id');
    expect(await codeOf(h.services.credentials.revoke(other, credential.id, 'no'))).toBe('credential_not_found@id');
    expect(await codeOf(h.services.credentials.suspend(other, credential.id, 'no'))).toBe('credential_not_found@id');
    expect((await h.services.credentials.list(other, { q: 'grace' })).items).toHaveLength(0);
    const assessor: Auth = { ...auth, role: 'assessor' };
    expect(await codeOf(h.services.issuance.issueCredential(assessor, { achievementId, recipient: { email: 'x@example.com' } }, { source: 'api' }))).toBe('forbidden');
    expect(await codeOf(h.services.credentials.revoke(assessor, credential.id, 'x'))).toBe('forbidden');
    expect(await codeOf(h.services.issuance.issueCredential({ scopes: [] }, {}, { source: 'api' }))).toBe('unauthenticated');
  });

  it('revokes for good, suspends and reinstates, and the signed lists say so', async () => {
    const { credential } = await h.services.issuance.issueCredential(auth, { achievementId, recipient: { email: 'rev@example.com' } }, { source: 'single' });
    const bit = async (purpose: 'revocation' | 'suspension') => {
      const list = await h.services.statusLists.signedList(credential.statusList.url.split('/').pop()!, purpose);
      const doc = JSON.parse(list!.json);
      expect((await verifyDataIntegrity(doc)).verified).toBe(true);
      expect(doc.credentialSubject.statusPurpose).toBe(purpose);
      return getBit(decodeList(doc.credentialSubject.encodedList), credential.statusList.index);
    };
    expect(await bit('revocation')).toBe(false);
    const first = await h.services.statusLists.signedList(credential.statusList.url.split('/').pop()!, 'revocation');
    expect(await codeOf(h.services.credentials.suspend(auth, credential.id, ''))).toBe('validation_failed@reason');
    expect((await h.services.credentials.suspend(auth, credential.id, 'Under review')).status).toBe('suspended');
    expect(await codeOf(h.services.credentials.suspend(auth, credential.id, 'again'))).toBe('already_suspended');
    expect(await bit('suspension')).toBe(true);
    expect((await h.services.credentials.reinstate(auth, credential.id)).status).toBe('active');
    expect(await bit('suspension')).toBe(false);
    expect(await codeOf(h.services.credentials.reinstate(auth, credential.id))).toBe('not_suspended');
    const revoked = await h.services.credentials.revoke(auth, credential.id, 'Issued in error');
    expect(revoked).toMatchObject({ status: 'revoked', revocationReason: 'Issued in error' });
    expect(await bit('revocation')).toBe(true);
    const after = await h.services.statusLists.signedList(credential.statusList.url.split('/').pop()!, 'revocation');
    expect(after!.etag).not.toBe(first!.etag);
    expect(await codeOf(h.services.credentials.revoke(auth, credential.id, 'again'))).toBe('already_revoked');
    expect(await codeOf(h.services.credentials.suspend(auth, credential.id, 'x'))).toBe('already_revoked');
    const actions = await h.services.deps.db.selectFrom('audit_log').select('action').where('target_id', '=', credential.id).orderBy('created_at').execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['credential.issue', 'credential.reinstate', 'credential.revoke', 'credential.suspend']);
  });

  it('signs with a rotated key at once, and earlier credentials keep verifying', async () => {
    const before = await h.services.issuance.issueCredential(auth, { achievementId, recipient: { email: 'rot@example.com' } }, { source: 'api' });
    await h.services.keyStore.rotate(orgId);
    const after = await h.services.issuance.issueCredential(auth, { achievementId, recipient: { email: 'rot@example.com' } }, { source: 'api' });
    const vm = (c: typeof before) => (c.credential.document as { proof: { verificationMethod: string } }).proof.verificationMethod;
    expect(vm(after)).not.toBe(vm(before));
    for (const c of [before, after]) expect((await verifyDataIntegrity(c.credential.document!)).verified).toBe(true);
  });

  it('searches by email, name, code, state and date, and shows expiry', async () => {
    const short = await createMicroCredential(h.services, auth, { name: 'Short course', validityMonths: 1 });
    const { credential } = await h.services.issuance.issueCredential(auth, {
      achievementId: short, recipient: { email: 'lin@example.com', name: 'Lin Q' }, validFrom: '2026-09-01',
    }, { source: 'single' });
    expect(credential.status).toBe('expired');
    const list = (q: Record<string, string>) => h.services.credentials.list(auth, q).then((p) => p.items.map((i) => i.id));
    expect(await list({ q: 'lin q' })).toEqual([credential.id]);
    expect(await list({ q: credential.verificationCode.replace(/-/g, ' ').toLowerCase() })).toEqual([credential.id]);
    expect(await list({ status: 'expired' })).toEqual([credential.id]);
    expect(await list({ achievementId: short })).toEqual([credential.id]);
    expect(await list({ issuedFrom: '2026-12-05' })).toEqual([]);
    expect((await list({ issuedTo: '2026-12-04' })).length).toBeGreaterThan(3);
    expect(await codeOf(h.services.credentials.list(auth, { status: 'weird' }))).toBe('validation_failed@status');
    expect(await codeOf(h.services.credentials.list(auth, { limit: '0' }))).toBe('validation_failed@limit');
    const page1 = await h.services.credentials.list(auth, { limit: 2 });
    const page2 = await h.services.credentials.list(auth, { limit: 2, cursor: page1.nextCursor! });
    expect(page2.items[0]!.id).not.toBe(page1.items[1]!.id);
    expect(page1.items[0]!.document).toBeUndefined();
  });
});
