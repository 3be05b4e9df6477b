// Public verification through the whole app: /v/<code>, /verify (paste, URL, upload incl. PDF), the check-log API
// and the W3C VC-API endpoints; revoked, suspended, expired, not-yet-valid, unreachable status, bad endorsement,
// disabled codes and rate limits (429).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { createEd25519Signer, ed25519KeyPairFromSeed, encodeEd25519Multikey } from '../../src/core/crypto/index.ts';
import { didKeyFromPublicKey, didKeyVerificationMethodId } from '../../src/core/did/index.ts';
import { signDataIntegrity } from '../../src/core/proofs/index.ts';
import type { Auth } from '../../src/services/auth.ts';
import { buildFixtureCredential, fixtureEndorsement } from '../fixtures/credentials.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { createIssuerOrg, createMicroCredential } from '../helpers/issuance.ts';
import { standardsPath } from '../helpers/standards.ts';

let t: TestApp;
let auth: Auth;
let achievementId: string;

const seed = new Uint8Array(32).fill(7);
const pub = ed25519KeyPairFromSeed(seed).publicKey;
const did = didKeyFromPublicKey(pub);
const signer = createEd25519Signer(seed, didKeyVerificationMethodId(encodeEd25519Multikey(pub)));

/** A credential from another issuer (did:key), signed here; status and endorsements as given. */
async function external(opts: { statusUrl?: string; endorsement?: Record<string, unknown> } = {}) {
  const vc: Record<string, any> = buildFixtureCredential({ issuerId: did, endorsement: false, ...(opts.statusUrl ? { statusListUrl: opts.statusUrl } : {}) });
  if (!opts.statusUrl) delete vc.credentialStatus;
  if (opts.endorsement) vc.endorsement = [opts.endorsement];
  return signDataIntegrity(vc, { signer, created: new Date('2026-12-01T00:00:00Z') });
}

async function issue(over: Record<string, unknown> = {}) {
  const { credential } = await t.services.issuance.issueCredential(auth, { achievementId, recipient: { email: `l${Math.random()}@example.org`, name: 'Lee Learner' }, results: [], ...over }, { source: 'api' });
  return credential;
}

const api = (body: unknown, ip = '10.0.0.1') => t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: body as object, remoteAddress: ip });
const check = (json: any, id: string) => json.checks.find((c: { id: string }) => c.id === id);

beforeAll(async () => {
  t = await buildTestApp();
  ({ auth } = await createIssuerOrg(t.services));
  achievementId = await createMicroCredential(t.services, auth);
});
afterAll(async () => t.close());

describe('verification by code', () => {
  it('/v/<code> shows every check in plain language and the credential; the API returns the same log', async () => {
    const c = await issue();
    const res = await t.app.inject({ url: `/v/${c.verificationCode}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('This credential is valid');
    for (const label of ['Signature', 'Issuer identity', 'Validity dates', 'Revocation', 'Suspension', 'Open Badges structure']) expect(res.body).toContain(label);
    expect(res.body).toContain('Data Analysis with Python');
    expect(res.body).toContain('Score at least 70% on the final quiz.');
    const json = (await api({ code: c.verificationCode.toLowerCase() })).json();
    expect(json.summary).toBe('valid');
    expect(check(json, 'revocation_status').status).toBe('valid');
    expect(check(json, 'suspension_status').status).toBe('valid');
    expect(json.display.name).toBe('Data Analysis with Python');
    // The QR form submits with GET and lands on the canonical URL.
    const redirect = await t.app.inject({ url: `/v?code=${encodeURIComponent(c.verificationCode)}` });
    expect(redirect.statusCode).toBe(303);
    expect(redirect.headers.location).toBe(`/v/${c.verificationCode}`);
  });

  it('revoked and suspended credentials are reported as such', async () => {
    const revoked = await issue();
    await t.services.credentials.revoke(auth, revoked.id, 'Issued to the wrong person');
    const r = (await api({ code: revoked.verificationCode })).json();
    expect(r.summary).toBe('invalid');
    expect(check(r, 'revocation_status')).toMatchObject({ status: 'invalid' });
    expect(check(r, 'revocation_status').message).toMatch(/revoked/);
    expect(check(r, 'proof').status).toBe('valid');

    const suspended = await issue();
    await t.services.credentials.suspend(auth, suspended.id, 'Under review');
    const s = (await api({ code: suspended.verificationCode })).json();
    expect(check(s, 'suspension_status')).toMatchObject({ status: 'invalid' });
    expect(check(s, 'suspension_status').message).toMatch(/suspended/);
    expect(check(s, 'revocation_status').status).toBe('valid');
    const page = await t.app.inject({ url: `/v/${suspended.verificationCode}` });
    expect(page.body).toContain('The issuer has suspended this credential');
  });

  it('expired and not-yet-valid credentials are reported as such', async () => {
    const later = await issue({ validFrom: '2027-01-01T00:00:00Z' });
    const future = (await api({ code: later.verificationCode })).json();
    expect(check(future, 'validity_window')).toMatchObject({ status: 'invalid', details: { reason: 'not_yet_valid' } });
    const c = await issue();
    t.clock.set('2029-01-01T00:00:00.000Z');
    try {
      const old = (await api({ code: c.verificationCode }, '10.0.0.9')).json();
      expect(check(old, 'validity_window')).toMatchObject({ status: 'invalid', details: { reason: 'expired' } });
      expect(check(old, 'validity_window').message).toMatch(/expired on 2028-12-04/);
    } finally {
      t.clock.set('2026-12-04T20:00:00.000Z');
    }
  });

  it('a code the learner disabled says so and shows nothing else', async () => {
    const c = await issue();
    await t.services.deps.db.updateTable('credentials').set({ code_disabled_at: '2026-12-04T21:00:00.000Z' }).where('id', '=', c.id).execute();
    const page = await t.app.inject({ url: `/v/${c.verificationCode}` });
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This verification code was disabled');
    expect(page.body).not.toContain('Data Analysis with Python');
    expect((await api({ code: c.verificationCode })).statusCode).toBe(404);
  });

  it('unknown codes count against the client: past the limit the answer is 429', async () => {
    const typo = await t.app.inject({ url: '/v/7KQ2-M9XD-4RTV-HC8N-P4', remoteAddress: '10.9.9.9' });
    expect(typo.statusCode).toBe(400);
    expect(typo.body).toContain('typo');
    let last = 0;
    for (let i = 0; i < 20; i++) last = (await api({ code: 'AAAA-AAAA-AAAA-AAAA-A' + 'A' }, '10.9.9.9')).statusCode;
    expect(last).toBe(429);
    expect((await api({ code: 'X' }, '10.8.8.8')).statusCode).toBe(400);
  });
});

describe('verifying credentials from other issuers', () => {
  it('a status list that cannot be fetched is "could not check", never "not revoked"', async () => {
    const vc = await external({ statusUrl: 'https://127.0.0.1:9/status/1' });
    const r = (await api({ credential: vc }, '10.1.0.1')).json();
    expect(check(r, 'proof').status).toBe('valid');
    expect(check(r, 'revocation_status').status).toBe('unknown');
    expect(r.summary).toBe('unknown');
    const page = await t.app.inject({ method: 'POST', url: '/verify', payload: { json: JSON.stringify(vc) }, remoteAddress: '10.1.0.1' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('could not be fully checked');
    expect(page.body).toContain('Could not check');
  });

  it('an endorsement with a bad signature is flagged without hiding the credential\'s own result', async () => {
    const endorsement = await signDataIntegrity(fixtureEndorsement() as unknown as Record<string, unknown>, { signer, created: new Date('2026-11-02T00:00:00Z') });
    (endorsement as any).credentialSubject.endorsementComment = 'Tampered after signing';
    const vc = await external({ endorsement: endorsement as Record<string, unknown> });
    const r = (await api({ credential: vc }, '10.1.0.2')).json();
    expect(check(r, 'proof').status).toBe('valid');
    expect(check(r, 'endorsements').status).toBe('invalid');
    expect(r.summary).toBe('invalid');
    expect(r.ownSummary).toBe('valid');
    expect(r.children[0].result.checks.find((c: any) => c.id === 'proof').status).toBe('invalid');
    const page = await t.app.inject({ method: 'POST', url: '/verify', payload: { json: JSON.stringify(vc) }, remoteAddress: '10.1.0.2' });
    expect(page.body).toContain('The credential itself: passed');
    expect(page.body).toContain('Endorsements');
  });

  it('a tampered pasted credential shows which check failed', async () => {
    const vc: any = await external();
    vc.credentialSubject.achievement.name = 'Rocket Science';
    const page = await t.app.inject({ method: 'POST', url: '/verify', payload: { json: JSON.stringify(vc) }, remoteAddress: '10.1.0.3' });
    expect(page.body).toContain('did not pass verification');
    expect(page.body).toMatch(/badge invalid">Failed<\/span> <strong>Signature/);
    expect(page.body).toContain('they cannot be trusted');
  });

  it('uploads: a baked PNG and a PDF certificate with the credential attached', async () => {
    const boundary = '----mc';
    const upload = (name: string, type: string, bytes: Uint8Array) => t.app.inject({
      method: 'POST', url: '/verify/file', remoteAddress: '10.1.0.4',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`), Buffer.from(bytes), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    });
    const png = await upload('badge.png', 'image/png', readFileSync(standardsPath('vectors/1edtech-validator/ob30/baked/simple-json.png')));
    expect(png.statusCode).toBe(200);
    expect(png.body).toContain('This credential is valid');
    expect(png.body).toContain('(PNG)');
    const pdf = await PDFDocument.create();
    pdf.addPage().drawText('Certificate');
    await pdf.attach(new TextEncoder().encode(JSON.stringify(await external())), 'credential.json', { mimeType: 'application/vc+ld+json' });
    const res = await upload('certificate.pdf', 'application/pdf', await pdf.save());
    expect(res.body).toContain('This credential is valid');
    expect(res.body).toContain('(PDF)');
    const empty = await upload('x.txt', 'text/plain', new TextEncoder().encode('hello'));
    expect(empty.body).toContain('not a credential');
  });

  it('a URL that is not public is refused with a plain message', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/verify', payload: { url: 'http://127.0.0.1:9/credential.json' }, remoteAddress: '10.1.0.5' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('could not be fetched');
  });
});

describe('VC-API and rate limits', () => {
  it('POST /credentials/verify and /presentations/verify', async () => {
    const vc = await external();
    const ok = await t.app.inject({ method: 'POST', url: '/credentials/verify', payload: { verifiableCredential: vc }, remoteAddress: '10.2.0.1' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ verified: true, errors: [], warnings: [] });
    expect(ok.json().checks).toContain('proof');
    const bad = await t.app.inject({ method: 'POST', url: '/credentials/verify', payload: { verifiableCredential: { ...vc, name: 'changed' } }, remoteAddress: '10.2.0.1' });
    expect(bad.json().verified).toBe(false);
    expect(bad.json().errors.join()).toMatch(/^proof: /);
    const vp = await t.app.inject({ method: 'POST', url: '/presentations/verify', payload: { verifiablePresentation: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [vc] } }, remoteAddress: '10.2.0.1' });
    expect(vp.statusCode).toBe(200);
    expect(vp.json().credentialResults[0].verified).toBe(true);
    expect(vp.json().verified).toBe(false);
    expect(vp.json().warnings.join()).toMatch(/not signed/);
    expect((await t.app.inject({ method: 'POST', url: '/credentials/verify', payload: {}, remoteAddress: '10.2.0.1' })).statusCode).toBe(400);
  });

  it('a presentation signed by its holder verifies with the right challenge only', async () => {
    const vc = await external();
    const vp = await signDataIntegrity({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: did, verifiableCredential: [vc] }, {
      signer, created: new Date('2026-12-04T19:00:00Z'), proofPurpose: 'authentication', challenge: 'c-123', domain: 'employer.example',
    });
    const send = (options: object) => t.app.inject({ method: 'POST', url: '/presentations/verify', payload: { verifiablePresentation: vp, options }, remoteAddress: '10.2.0.5' });
    const ok = (await send({ challenge: 'c-123', domain: 'employer.example' })).json();
    expect(ok.errors).toEqual([]);
    expect(ok.verified).toBe(true);
    expect(ok.checks).toContain('presentation_proof');
    const replay = (await send({ challenge: 'other', domain: 'employer.example' })).json();
    expect(replay.verified).toBe(false);
    expect(replay.errors.join()).toMatch(/presentation_proof/);
    const other = await signDataIntegrity({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: 'did:example:someone-else', verifiableCredential: [vc] }, {
      signer, created: new Date('2026-12-04T19:00:00Z'), proofPurpose: 'authentication', challenge: 'c-123',
    });
    const stolen = (await t.app.inject({ method: 'POST', url: '/presentations/verify', payload: { verifiablePresentation: other, options: { challenge: 'c-123' } }, remoteAddress: '10.2.0.5' })).json();
    expect(stolen.verified).toBe(false);
    expect(stolen.errors.join()).toMatch(/not by its holder/);
  });

  it('each client is rate-limited: the 61st verification in a minute answers 429', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 61; i++) codes.push((await api({ credential: '{}' }, '10.3.0.1')).statusCode);
    expect(codes.slice(0, 60).every((c) => c === 200)).toBe(true);
    expect(codes[60]).toBe(429);
    expect((await api({ credential: '{}' }, '10.3.0.2')).statusCode).toBe(200);
  });

  it('is documented in OpenAPI', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    for (const p of ['/api/v1/verify', '/credentials/verify', '/presentations/verify']) expect(doc.paths[p]?.post, p).toBeDefined();
  });
});
