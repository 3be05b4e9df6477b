import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredential } from '../../src/core/verify/verify-credential.ts';
import type { Fetcher } from '../../src/core/verify/types.ts';
import { buildServer } from '../../src/http/build-server.ts';
import { validateOb3Credential } from '../../src/core/schema/index.ts';
import { DEMO_SIGN_IN, seedDemo } from '../../src/services/demo-seed.ts';
import { systemAuth } from '../../src/services/auth.ts';
import { DIALECTS } from '../helpers/db.ts';
import { issuanceHarness, PUBLIC_URL, type IssuanceHarness } from '../helpers/issuance.ts';

describe.each(DIALECTS)('demo seed on %s', (dialect) => {
  let h: IssuanceHarness;
  beforeAll(async () => { h = await issuanceHarness(dialect); });
  afterAll(async () => h.close());

  it('creates an institution with competencies, micro-credentials, learners and credentials in every state', async () => {
    expect(await h.services.accounts.isEmpty()).toBe(true);
    const out = await seedDemo(h.services);
    expect(out.signIn).toEqual(DEMO_SIGN_IN);
    expect(out.lines.join('\n')).toMatch(/\/v\/[0-9A-Z]{4}-/);
    expect(await h.services.accounts.isEmpty()).toBe(false);
    const user = await h.services.accounts.signIn(DEMO_SIGN_IN.email, DEMO_SIGN_IN.password);
    expect(user.name).toBe('Sam Registrar');

    const org = await h.services.deps.db.selectFrom('organizations').selectAll().where('slug', '=', 'northbridge').executeTakeFirstOrThrow();
    const auth = systemAuth(org.id);
    const all = await h.services.credentials.list(auth, { limit: 50 });
    expect(all.items).toHaveLength(7);
    expect(all.items.map((c) => c.status).sort()).toEqual(['active', 'active', 'active', 'active', 'expired', 'revoked', 'suspended']);
    expect(new Set(all.items.map((c) => c.learnerId)).size).toBe(5);
    // Verified as a stranger would: the issuer's did:web document and the status lists come from the app.
    const app = await buildServer(h.services);
    const fetcher: Fetcher = async (url, opts) => {
      const res = await app.inject({ method: 'GET', url: url.slice(PUBLIC_URL.length), headers: { accept: opts.accept } });
      return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: new Uint8Array(res.rawPayload) };
    };
    for (const item of all.items) {
      const doc = (await h.services.credentials.get(auth, item.id)).document!;
      expect(validateOb3Credential(doc).valid).toBe(true);
      const r = await verifyCredential(doc, { now: h.clock.now(), fetcher });
      const status = (id: string) => r.checks.find((c) => c.id === id)?.status;
      expect(status('proof'), JSON.stringify(r.checks)).toBe('valid');
      expect(status('issuer_key_controller')).toBe('valid');
      expect(status('revocation_status')).toBe(item.status === 'revoked' ? 'invalid' : 'valid');
      expect(status('validity_window')).toBe(item.status === 'expired' ? 'invalid' : 'valid');
    }
    await app.close();
    const achievements = await h.services.achievements.list(auth);
    expect(achievements.map((a) => a.name).sort()).toEqual(['Data Basics', 'Data Visualisation', 'Git Essentials']);
    const withResult = all.items.find((c) => c.recipient.name === 'Ada Lovelace' && c.achievementName === 'Data Basics')!;
    const doc = (await h.services.credentials.get(auth, withResult.id)).document as { credentialSubject: { result: { value: string }[]; achievement: { alignment: unknown[] } } };
    expect(doc.credentialSubject.result[0]!.value).toBe('92');
    expect(doc.credentialSubject.achievement.alignment.length).toBeGreaterThan(1);
  });
});
