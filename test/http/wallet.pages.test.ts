/** Wallet pages and API through inject(): claim sign-up, 404 for others' and private credentials, share links with OG tags and 410 once withdrawn, downloads. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, postForm, sessionClient, signUpIssuer, type Client, type TestApp } from '../helpers/app.ts';
import { createIssuerOrg, createMicroCredential } from '../helpers/issuance.ts';

describe('wallet pages', () => {
  let t: TestApp;
  let learner: Client;
  let other: Client;
  let credentialId: string;

  beforeAll(async () => {
    t = await buildTestApp();
    const org = await createIssuerOrg(t.services);
    const achievementId = await createMicroCredential(t.services, org.auth);
    const { credential } = await t.services.issuance.issueCredential(org.auth, { achievementId, recipient: { email: 'lena@example.com', name: 'Lena Learner' } }, { source: 'api' });
    credentialId = credential.id;
    other = await signUpIssuer(t);
  });
  afterAll(async () => t.close());

  it('signs a new learner up from the claim link in the award email', async () => {
    const mail = t.mailer.lastTo('lena@example.com')!;
    const path = new URL(/https?:\/\/\S+\/claim\/\S+/.exec(mail.text)![0]).pathname;
    const get = await t.app.inject({ method: 'GET', url: path });
    expect(get.statusCode).toBe(200);
    expect(get.body).toContain('Create your wallet');
    const csrf = get.cookies.find((c) => c.name === 'mc_csrf')!.value;
    const post = await t.app.inject({
      method: 'POST', url: `${path}/signup`, cookies: { mc_csrf: csrf }, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, name: 'Lena Learner', password: 'a long enough secret' }).toString(),
    });
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe(`/wallet/issued/${credentialId}`);
    learner = await sessionClient(t, post.cookies.find((c) => c.name === 'mc_session')!.value, 'lena@example.com');
    const wallet = await t.app.inject({ method: 'GET', url: '/wallet', cookies: { mc_session: learner.cookie } });
    expect(wallet.statusCode).toBe(200);
    expect(wallet.body).toContain('Data Analysis with Python');
    const filtered = async (q: string) => (await t.app.inject({ method: 'GET', url: `/wallet?${q}`, cookies: { mc_session: learner.cookie } })).body;
    expect(await filtered('q=python&state=valid')).toContain('1 of 1 credential');
    expect(await filtered('state=revoked')).toContain('0 of 1 credential');
    expect(await filtered('q=welding')).toContain('0 of 1 credential');
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404); // used once
  });

  it('answers 404 (never 403) for another person’s or a private credential', async () => {
    const url = `/wallet/issued/${credentialId}`;
    expect((await t.app.inject({ method: 'GET', url, cookies: { mc_session: other.cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/wallet/credentials/issued/${credentialId}`, cookies: { mc_session: other.cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `${url}/download/json`, cookies: { mc_session: other.cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(303); // anonymous: sign in first
    await postForm(t, learner, '/wallet/profile', { publicProfile: 'on', slug: 'lena' });
    expect((await t.app.inject({ method: 'GET', url: `/u/lena/issued/${credentialId}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/u/lena' })).body).not.toContain('Data Analysis with Python');
    await postForm(t, learner, `${url}/visibility`, { visibility: 'public' });
    expect((await t.app.inject({ method: 'GET', url: '/u/lena' })).body).toContain('Data Analysis with Python');
    expect((await t.app.inject({ method: 'GET', url: `/u/lena/issued/${credentialId}` })).statusCode).toBe(200);
    // The learner can turn the public verification code off (and on); nobody else can.
    const code = (await t.services.deps.db.selectFrom('credentials').select('verification_code').where('id', '=', credentialId).executeTakeFirstOrThrow()).verification_code;
    expect((await postForm(t, other, `${url}/code`, { enabled: 'false' })).statusCode).toBe(404);
    expect((await postForm(t, learner, `${url}/code`, { enabled: 'false' })).statusCode).toBe(303);
    expect((await t.services.verification.verifyCode(code, 'test')).kind).toBe('disabled');
    await postForm(t, learner, `${url}/code`, { enabled: 'true' });
    expect((await t.services.verification.verifyCode(code, 'test')).kind).toBe('report');
  });

  it('shares with a link that carries Open Graph tags, counts views and says when it was withdrawn', async () => {
    const created = await postForm(t, learner, '/wallet/shares', { items: `issued:${credentialId}`, expiry: '1w', label: 'For Acme' });
    expect(created.statusCode).toBe(201);
    const shareUrl = /value="(http[^"]+\/s\/[^"]+)"/.exec(created.body)![1]!;
    const path = new URL(shareUrl).pathname;
    const shared = await t.app.inject({ method: 'GET', url: path });
    expect(shared.statusCode).toBe(200);
    expect(shared.body).toContain('<meta property="og:title" content="Lena Learner: Data Analysis with Python">');
    expect(shared.body).toContain('this link expires on 2026-12-11');
    const json = await t.app.inject({ method: 'GET', url: `${path}/issued/${credentialId}/download/json` });
    expect(json.headers['content-type']).toContain('application/vc+ld+json');
    expect(JSON.parse(json.body).id).toBe(`urn:uuid:${credentialId}`);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/wallet/shares', cookies: { mc_session: learner.cookie } });
    const [link] = list.json().items;
    expect(link).toMatchObject({ viewCount: 1, status: 'active', label: 'For Acme' });
    const revoke = await postForm(t, learner, `/wallet/shares/${link.id}/revoke`, {});
    expect(revoke.statusCode).toBe(303);
    const gone = await t.app.inject({ method: 'GET', url: path });
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('This link was withdrawn by its owner.');
    expect((await t.app.inject({ method: 'GET', url: `${path}/issued/${credentialId}/download/json` })).statusCode).toBe(410);
  });

  it('downloads every format and refuses a tampered import naming the check', async () => {
    for (const [format, type] of [['json', 'application/vc+ld+json'], ['png', 'image/png'], ['svg', 'image/svg+xml'], ['pdf-a4', 'application/pdf'], ['pdf-letter', 'application/pdf']]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/wallet/credentials/issued/${credentialId}/download/${format}`, cookies: { mc_session: learner.cookie } });
      expect(res.statusCode, format).toBe(200);
      expect(res.headers['content-type']).toContain(type);
    }
    const doc = (await t.services.wallet.get({ userId: learner.userId, scopes: [] }, 'issued', credentialId)).document as Record<string, any>;
    doc.validFrom = '2020-01-01T00:00:00Z';
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/wallet/imports', cookies: { mc_session: learner.cookie }, headers: { 'x-csrf-token': learner.csrf }, payload: { text: JSON.stringify(doc) } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'import_not_verified' });
    expect(res.json().error.message).toContain('"proof"');
  });

  it('signs an existing account in from a claim link and claims for it', async () => {
    const org = await createIssuerOrg(t.services, 'Second School');
    const achievementId = await createMicroCredential(t.services, org.auth, { name: 'Second Badge' });
    const { credential } = await t.services.issuance.issueCredential(org.auth, { achievementId, recipient: { email: 'lena@example.com' } }, { source: 'api' });
    const mail = [...t.mailer.sent].reverse().find((m) => m.to === 'lena@example.com' && m.kind === 'credential_awarded')!;
    const path = new URL(/https?:\/\/\S+\/claim\/\S+/.exec(mail.text)![0]).pathname;
    const get = await t.app.inject({ method: 'GET', url: path });
    expect(get.body).toContain('Sign in to claim it');
    const csrf = get.cookies.find((c) => c.name === 'mc_csrf')!.value;
    const form = (password: string) => ({
      method: 'POST' as const, url: `${path}/signin`, cookies: { mc_csrf: csrf }, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, email: 'lena@example.com', password }).toString(),
    });
    expect((await t.app.inject(form('wrong password!!'))).statusCode).toBe(401);
    const ok = await t.app.inject(form('a long enough secret'));
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/wallet/issued/${credential.id}`);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/wallet/credentials', cookies: { mc_session: ok.cookies.find((c) => c.name === 'mc_session')!.value } });
    expect(list.json().items.map((i: { name: string }) => i.name).sort()).toEqual(['Data Analysis with Python', 'Second Badge']);
  });

  it('deletes a learner account from My data but refuses the last owner of an organization', async () => {
    const owner = await postForm(t, other, '/wallet/data/delete', { confirm: 'DELETE' });
    expect(owner.statusCode).toBe(400);
    expect(owner.body).toContain('You are the only owner of');
    const res = await postForm(t, learner, '/wallet/data/delete', { confirm: 'DELETE' });
    expect(res.statusCode).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: '/wallet', cookies: { mc_session: learner.cookie } })).statusCode).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: '/u/lena' })).statusCode).toBe(404);
    const code = (await t.services.deps.db.selectFrom('credentials').select('verification_code').where('id', '=', credentialId).executeTakeFirstOrThrow()).verification_code;
    const verify = await t.app.inject({ method: 'GET', url: `/v/${code}` });
    expect(verify.statusCode).toBe(200);
    expect(verify.body).toContain('Data Analysis with Python');
  });
});
