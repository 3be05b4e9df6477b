// The issuance API end to end through inject(): issue, verify (ours and Digital Bazaar's, keys resolved through the
// served did:web document), status lists, idempotency, tenancy, bad input and bulk CSV.
// @ts-expect-error untyped ESM package
import * as vc from '@digitalbazaar/vc';
// @ts-expect-error untyped ESM package
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
// @ts-expect-error untyped ESM package
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticDocumentLoader } from '../../src/core/jsonld/index.ts';
import { verifyCredential } from '../../src/core/verify/verify-credential.ts';
import type { Fetcher } from '../../src/core/verify/types.ts';
import { buildServer } from '../../src/http/build-server.ts';
import type { App } from '../../src/http/types.ts';
import { registerJobHandlers } from '../../src/jobs/index.ts';
import { JobRunner } from '../../src/jobs/runner.ts';
import { systemAuth } from '../../src/services/auth.ts';
import { DIALECTS } from '../helpers/db.ts';
import { createIssuerOrg, createMicroCredential, issuanceHarness, PUBLIC_URL, type IssuanceHarness } from '../helpers/issuance.ts';

const ALL = ['credentials:issue', 'credentials:read', 'credentials:revoke'];

describe.each(DIALECTS)('issuance API on %s', (dialect) => {
  let h: IssuanceHarness;
  let app: App;
  let runner: JobRunner;
  let tokenA: string, tokenB: string, readOnlyA: string;
  let achievementId: string, achievementB: string;

  const api = (method: 'GET' | 'POST', url: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; payload?: string } = {}) =>
    app.inject({
      method, url,
      headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      ...(opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : opts.payload !== undefined ? { payload: opts.payload } : {}),
    });
  const count = async () => Number((await h.services.deps.db.selectFrom('credentials').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  /** Serves our own URLs through inject(), as a verifier on the network would see them. */
  const fetcher: Fetcher = async (url, opts) => {
    if (!url.startsWith(PUBLIC_URL)) throw new Error(`unexpected fetch ${url}`);
    const res = await app.inject({ method: 'GET', url: url.slice(PUBLIC_URL.length), headers: { accept: opts.accept } });
    return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: new Uint8Array(res.rawPayload) };
  };

  /** Digital Bazaar's loader: static contexts, and did:web documents fetched from the running app. */
  const dbLoader = async (url: string) => {
    if (url.startsWith('did:web:')) {
      const [did, fragment] = url.split('#');
      const path = did!.split(':').slice(3).map(decodeURIComponent).join('/');
      const res = await app.inject({ method: 'GET', url: `/${path}/did.json` });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      if (!fragment) return { contextUrl: null, documentUrl: url, document: doc };
      const vm = doc.verificationMethod.find((v: { id: string }) => v.id === url);
      return { contextUrl: null, documentUrl: url, document: { '@context': 'https://w3id.org/security/multikey/v1', ...vm } };
    }
    return staticDocumentLoader(url);
  };

  beforeAll(async () => {
    h = await issuanceHarness(dialect);
    app = await buildServer(h.services);
    runner = registerJobHandlers(new JobRunner(h.services.deps), h.services);
    const a = await createIssuerOrg(h.services, 'Northbridge Institute', 'web');
    const b = await createIssuerOrg(h.services, 'Other College');
    achievementId = await createMicroCredential(h.services, a.auth);
    achievementB = await createMicroCredential(h.services, b.auth);
    tokenA = (await h.services.apiTokens.create(systemAuth(a.orgId), { name: 'ci', scopes: ALL })).secret;
    readOnlyA = (await h.services.apiTokens.create(systemAuth(a.orgId), { name: 'ro', scopes: ['credentials:read'] })).secret;
    tokenB = (await h.services.apiTokens.create(systemAuth(b.orgId), { name: 'b', scopes: ALL })).secret;
  });
  afterAll(async () => {
    await app.close();
    await h.close();
  });

  it('issues a credential that our verifier and Digital Bazaar\'s accept, then reports it revoked', async () => {
    const res = await api('POST', '/api/v1/credentials', { token: tokenA, body: { achievementId, recipient: { email: 'ada@example.com', name: 'Ada' } } });
    expect(res.statusCode, res.body).toBe(201);
    const cred = res.json();
    expect(res.headers.location).toBe(`${PUBLIC_URL}/api/v1/credentials/${cred.id}`);
    expect(cred.document.issuer.id).toMatch(/^did:web:badges\.example\.edu:issuers:/);

    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    const db = await vc.verifyCredential({ credential: cred.document, suite, documentLoader: dbLoader, now: h.clock.now(), checkStatus: async () => ({ verified: true }) });
    expect(db.verified, JSON.stringify(db.error ?? db.results?.[0]?.error)).toBe(true);

    const ours = await verifyCredential(cred.document, { now: h.clock.now(), fetcher });
    expect(ours.summary, JSON.stringify(ours.checks.filter((c) => c.status !== 'valid'))).toBe('valid');

    const rev = await api('POST', `/api/v1/credentials/${cred.id}/revoke`, { token: tokenA, body: { reason: 'Issued in error' } });
    expect(rev.statusCode, rev.body).toBe(200);
    expect(rev.json()).toMatchObject({ status: 'revoked', revocationReason: 'Issued in error' });
    const after = await verifyCredential(cred.document, { now: h.clock.now(), fetcher });
    expect(after.checks.find((c) => c.id === 'revocation_status')?.status).toBe('invalid');
    expect(after.summary).toBe('invalid');
    expect((await api('POST', `/api/v1/credentials/${cred.id}/revoke`, { token: tokenA, body: { reason: 'again' } })).json().error.code).toBe('already_revoked');
  });

  it('serves status lists with cache headers, ETag and the suspension companion', async () => {
    const { json: cred } = await api('POST', '/api/v1/credentials', { token: tokenA, body: { achievementId, recipient: { email: 'sus@example.com' } } });
    const url = cred().statusList.url.slice(PUBLIC_URL.length);
    const first = await api('GET', url);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toContain('application/vc+ld+json');
    expect(first.headers['cache-control']).toContain('max-age=60');
    expect(first.headers.link).toContain(`${url}/suspension`);
    expect((await api('GET', url, { headers: { 'if-none-match': String(first.headers.etag) } })).statusCode).toBe(304);
    expect((await api('POST', `/api/v1/credentials/${cred().id}/suspend`, { token: tokenA, body: { reason: 'Under review' } })).statusCode).toBe(200);
    const susp = await api('GET', `${url}/suspension`);
    expect(susp.json().credentialSubject.statusPurpose).toBe('suspension');
    expect((await api('GET', url, { headers: { 'if-none-match': String(first.headers.etag) } })).statusCode).toBe(304); // revocation list unchanged
    expect((await api('POST', `/api/v1/credentials/${cred().id}/reinstate`, { token: tokenA })).json().status).toBe('active');
    expect((await api('GET', '/status/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await api('GET', '/status/not-a-list')).statusCode).toBe(400);
  });

  it('replays an Idempotency-Key and refuses it with another body', async () => {
    const body = { achievementId, recipient: { email: 'idem@example.com' } };
    const before = await count();
    const one = await api('POST', '/api/v1/credentials', { token: tokenA, body, headers: { 'idempotency-key': 'k-1' } });
    const two = await api('POST', '/api/v1/credentials', { token: tokenA, body, headers: { 'idempotency-key': 'k-1' } });
    expect(two.statusCode).toBe(one.statusCode);
    expect(two.body).toBe(one.body);
    const other = await api('POST', '/api/v1/credentials', { token: tokenA, body: { ...body, recipient: { email: 'x@example.com' } }, headers: { 'idempotency-key': 'k-1' } });
    expect(other.statusCode).toBe(409);
    expect(other.json().error).toMatchObject({ code: 'idempotency_conflict', field: 'Idempotency-Key' });
    expect((await api('POST', '/api/v1/credentials', { token: tokenA, body, headers: { 'idempotency-key': 'bad key with spaces' } })).json().error.code).toBe('idempotency_key_invalid');
    expect(await count()).toBe(before + 1);
  });

  it('keeps another organization out of every issuance route', async () => {
    const cred = (await api('POST', '/api/v1/credentials', { token: tokenA, body: { achievementId, recipient: { email: 'mine@example.com' } } })).json();
    for (const [method, url, body] of [
      ['GET', `/api/v1/credentials/${cred.id}`, undefined],
      ['POST', `/api/v1/credentials/${cred.id}/revoke`, { reason: 'x' }],
      ['POST', `/api/v1/credentials/${cred.id}/suspend`, { reason: 'x' }],
      ['POST', `/api/v1/credentials/${cred.id}/reinstate`, {}],
    ] as const) {
      const res = await api(method, url, { token: tokenB, ...(body ? { body } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().error.code).toBe('credential_not_found');
    }
    const issue = await api('POST', '/api/v1/credentials', { token: tokenB, body: { achievementId, recipient: { email: 'x@example.com' } } });
    expect(issue.statusCode).toBe(404);
    expect((await api('GET', '/api/v1/credentials?q=mine', { token: tokenB })).json().items).toEqual([]);
    const bulk = await api('POST', '/api/v1/issuance/bulk', { token: tokenB, headers: { 'content-type': 'text/csv' }, payload: `email,name,achievement_id\nx@example.com,X,${achievementId}\n` });
    expect(bulk.statusCode).toBe(400);
    expect(bulk.json().error.issues[0].field).toBe('row 2: achievement_id');
    const mine = await api('POST', '/api/v1/issuance/bulk', { token: tokenA, headers: { 'content-type': 'text/csv' }, payload: `email,name,achievement_id\nx@example.com,X,${achievementId}\n` });
    expect((await api('GET', `/api/v1/jobs/${mine.json().jobId}`, { token: tokenB })).statusCode).toBe(404);
    expect((await api('POST', '/api/v1/credentials', { token: readOnlyA, body: { achievementId, recipient: { email: 'x@example.com' } } })).json().error.code).toBe('token_scope_missing');
    expect((await api('POST', `/api/v1/credentials/${cred.id}/revoke`, { token: readOnlyA, body: { reason: 'x' } })).statusCode).toBe(403);
    expect((await api('GET', '/api/v1/credentials')).statusCode).toBe(401);
    expect((await api('POST', '/api/v1/credentials', { body: { achievementId, recipient: { email: 'x@example.com' } } })).statusCode).toBe(401);
    await runner.runUntilIdle();
  });

  it('answers malformed, mistyped and huge bodies with 4xx naming the field, writing nothing', async () => {
    const before = await count();
    const cases: [string | undefined, unknown, number, string, string?][] = [
      ['{"achievementId": ', undefined, 400, 'malformed_json', 'body'],
      [undefined, { achievementId, recipient: { email: 42 } }, 400, 'validation_failed', 'recipient.email'],
      [undefined, { achievementId, recipient: { email: 'nope' } }, 400, 'validation_failed', 'recipient.email'],
      [undefined, { recipient: { email: 'a@b.org' } }, 400, 'validation_failed', 'achievementId'],
      [undefined, { achievementId, recipient: { email: 'a@b.org' }, creditsEarned: 'lots' }, 400, 'validation_failed', 'creditsEarned'],
      [undefined, { achievementId, recipient: { email: 'a@b.org' }, validFrom: '04/12/2026' }, 400, 'validation_failed', 'validFrom'],
      [undefined, { achievementId: achievementB, recipient: { email: 'a@b.org' } }, 404, 'achievement_not_found', 'achievementId'],
      [undefined, { achievementId, recipient: { email: 'a@b.org', name: 'x'.repeat(5000) } }, 400, 'validation_failed', 'recipient.name'],
      [JSON.stringify({ achievementId, recipient: { email: 'a@b.org' }, evidence: [{ narrative: 'x'.repeat(3_000_000) }] }), undefined, 413, 'payload_too_large'],
    ];
    for (const [raw, body, status, code, field] of cases) {
      const res = raw !== undefined
        ? await api('POST', '/api/v1/credentials', { token: tokenA, payload: raw, headers: { 'content-type': 'application/json' } })
        : await api('POST', '/api/v1/credentials', { token: tokenA, body });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
      expect(res.json().error.code).toBe(code);
      if (field) expect(res.json().error.field).toBe(field);
    }
    expect((await api('POST', '/api/v1/credentials/not-a-uuid/revoke', { token: tokenA, body: { reason: 'x' } })).statusCode).toBe(404);
    expect((await api('POST', `/api/v1/credentials/00000000-0000-4000-8000-000000000000/revoke`, { token: tokenA, body: {} })).json().error.field).toBe('reason');
    expect((await api('GET', '/api/v1/credentials?status=weird', { token: tokenA })).json().error.field).toBe('status');
    expect(await count()).toBe(before);
  });

  it('bulk-issues a CSV with one bad row, shows progress, and issues nothing twice on re-upload', async () => {
    const csv = ['email,name,achievement_id,valid_from', ...Array.from({ length: 6 }, (_, i) => `learner${i}@example.com,Learner ${i},${achievementId},2026-11-0${i + 1}`)];
    csv.splice(3, 0, `not-an-email,Broken,${achievementId},`);
    const text = csv.join('\r\n') + '\r\n';
    const before = await count();
    const up = await api('POST', '/api/v1/issuance/bulk', { token: tokenA, headers: { 'content-type': 'text/csv' }, payload: text });
    expect(up.statusCode, up.body).toBe(202);
    const body = up.json();
    expect(body).toMatchObject({ total: 7, accepted: 6, rejected: 1, errors: [{ row: 4, field: 'email' }] });
    expect(body.errors[0].message).toContain('not-an-email');
    expect((await api('GET', `/api/v1/jobs/${body.jobId}`, { token: tokenA })).json()).toMatchObject({ status: 'queued', progress: { done: 0, total: 6 } });
    await runner.runUntilIdle();
    const job = (await api('GET', `/api/v1/jobs/${body.jobId}`, { token: tokenA })).json();
    expect(job).toMatchObject({ status: 'done', progress: { done: 6, total: 6 }, result: { issued: 6, skipped: 0, failed: 0 } });
    expect(await count()).toBe(before + 6);
    const issued = (await api('GET', '/api/v1/credentials?q=learner3%40example.com', { token: tokenA })).json().items;
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ source: 'bulk', validFrom: '2026-11-04T00:00:00.000Z' });

    // The same file again, as a multipart upload: every row is recognised and nothing is issued twice.
    const boundary = 'xyz';
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="learners.csv"\r\nContent-Type: text/csv\r\n\r\n${text}\r\n--${boundary}--\r\n`;
    const again = await api('POST', '/api/v1/issuance/bulk', { token: tokenA, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: multipart });
    expect(again.statusCode, again.body).toBe(202);
    await runner.runUntilIdle();
    const job2 = (await api('GET', `/api/v1/jobs/${again.json().jobId}`, { token: tokenA })).json();
    expect(job2.result).toMatchObject({ issued: 0, skipped: 6, failed: 0 });
    expect(await count()).toBe(before + 6);
  });

  it('refuses bad CSVs naming the column or row, and queues nothing', async () => {
    const jobsBefore = Number((await h.services.deps.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const post = (payload: string, ct = 'text/csv') => api('POST', '/api/v1/issuance/bulk', { token: tokenA, headers: { 'content-type': ct }, payload });
    const missing = await post('email,achievement_id\na@b.org,x\n');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'csv_invalid', field: 'column name' });
    expect((await post('email,name,achievement_id,grade\n')).json().error.field).toBe('column grade');
    expect((await post('')).json().error).toMatchObject({ code: 'csv_invalid', field: 'file' });
    expect((await post('email,name,achievement_id\n')).json().error.field).toBe('file');
    expect((await post('email,name,achievement_id\n"a@b.org,A,x\n')).json().error.code).toBe('csv_invalid');
    const allBad = await post(`email,name,achievement_id\nbad,A,${achievementId}\nx@y.org,B,missing-id\n`);
    expect(allBad.json().error.issues).toEqual([
      { field: 'row 2: email', message: '"bad" is not a valid email address.' },
      { field: 'row 3: achievement_id', message: 'No micro-credential missing-id in your organization.' },
    ]);
    expect((await post('{"a":1}', 'application/json')).statusCode).toBe(415);
    const dry = await api('POST', '/api/v1/issuance/bulk?dryRun=true', { token: tokenA, headers: { 'content-type': 'text/csv' }, payload: `email,name,achievement_id\nd@e.org,D,${achievementId}\n` });
    expect(dry.json()).toMatchObject({ jobId: null, accepted: 1, dryRun: true });
    const jobsAfter = Number((await h.services.deps.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(jobsAfter).toBe(jobsBefore);
  });
});
