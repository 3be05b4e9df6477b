/** Imports by URL (a real local HTTP server through the guarded fetcher) and as VC-JWT, and a tampered SVG refused. */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bakeImage } from '../../src/core/baking/index.ts';
import { AppError } from '../../src/core/errors.ts';
import { createHttpFetcher } from '../../src/services/http-fetcher.ts';
import type { Auth } from '../../src/services/auth.ts';
import { defaultBadge } from '../../src/services/wallet-images.ts';
import { WalletImportService } from '../../src/services/wallet-import.service.ts';
import { DIALECTS } from '../helpers/db.ts';
import { createIssuerOrg, createMicroCredential, issuanceHarness, type IssuanceHarness } from '../helpers/issuance.ts';

describe.each(DIALECTS)('wallet imports (%s)', (dialect) => {
  let h: IssuanceHarness;
  let server: Server;
  let base: string;
  let learner: Auth;
  let documents: Record<string, unknown>[];
  const served = new Map<string, { type: string; body: Buffer }>();

  beforeAll(async () => {
    h = await issuanceHarness(dialect);
    const org = await createIssuerOrg(h.services, 'Partner Academy');
    const achievementId = await createMicroCredential(h.services, org.auth, { name: 'SQL Basics' });
    documents = [];
    for (const email of ['a@partner.example', 'b@partner.example', 'c@partner.example']) {
      documents.push((await h.services.issuance.issueCredential(org.auth, { achievementId, recipient: { email } }, { source: 'api' })).credential.document as Record<string, unknown>);
    }
    const u = await h.services.accounts.signUp({ name: 'Importer', email: 'importer@example.com', password: 'correct horse battery' });
    learner = { userId: u.user.id, scopes: [] };
    server = createServer((req, res) => {
      const f = served.get(req.url ?? '');
      if (!f) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': f.type }).end(f.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    server.close();
    await h.close();
  });

  const importer = () => new WalletImportService({
    ...h.services.deps, fetcher: createHttpFetcher({ allowPrivateAddresses: true }),
    ports: { verify: (i) => h.services.verification.verifyInput(i), onImported: (userId) => h.services.pathways.onCredentialImported(userId) },
  });

  it('imports a credential fetched from a URL and keeps where it came from', async () => {
    served.set('/badge.json', { type: 'application/vc+ld+json', body: Buffer.from(JSON.stringify(documents[0])) });
    const c = await importer().import(learner, { url: `${base}/badge.json` });
    expect(c).toMatchObject({ kind: 'external', name: 'SQL Basics', issuer: { name: 'Partner Academy' } });
    const row = await h.services.deps.db.selectFrom('external_credentials').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ format: 'url', source_url: `${base}/badge.json` });
    const missing = await importer().import(learner, { url: `${base}/nothing.json` }).catch((e: AppError) => e);
    expect(missing).toMatchObject({ code: 'validation_failed', field: 'url' });
  });

  it('imports a VC-JWT and keeps the JWT as imported', async () => {
    const view = (await h.services.wallet.list(learner))[0]!;
    expect(view.kind).toBe('external');
    // A VC-JWT issued by the partner for another credential.
    const other = { ...view, kind: 'issued' as const, document: documents[1]!, issuer: { ...view.issuer, organizationId: (await h.services.deps.db.selectFrom('organizations').select('id').where('name', '=', 'Partner Academy').executeTakeFirstOrThrow()).id } };
    const jwt = new TextDecoder().decode((await h.services.walletDownloads.jwt(other)).bytes);
    const c = await h.services.walletImport.import(learner, { text: jwt });
    expect(typeof c.document).toBe('string');
    expect(new TextDecoder().decode(h.services.walletDownloads.json(c).bytes)).toBe(jwt);
    // Its PDF certificate attaches the JWT as credential.jwt, and the PDF verifies.
    const pdf = await h.services.walletDownloads.pdf(c, 'a4', 'Importer');
    const report = await h.services.verification.verifyInput(pdf.bytes);
    expect(report.summary, JSON.stringify(report.checks)).toBe('valid');
    expect(report.format).toBe('pdf');
  });

  it('refuses a tampered SVG naming the failed check', async () => {
    const tampered = structuredClone(documents[2]!) as Record<string, any>;
    tampered.credentialSubject.achievement.name = 'SQL Mastery';
    const svg = bakeImage(defaultBadge('svg', 'SQL', 'seed'), tampered).bytes;
    const e = await h.services.walletImport.import(learner, { bytes: svg }).catch((x: AppError) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('import_not_verified');
    expect((e as AppError).details).toMatchObject({ check: 'proof' });
    expect(await h.services.wallet.list(learner)).toHaveLength(2);
  });
});
