/**
 * Issue 5's wallet journey in Chromium: an issuer awards a credential; the learner claims it from the award email
 * (read from the outbox), makes it public, shares it with a link that expires in a week, opens the link in a fresh
 * browser context, withdraws it and sees the link say so. The PDF certificate downloads, its embedded credential
 * verifies with `npx microcred verify`, and its rendered page (pdftoppm) shows a QR code that decodes to the verify
 * URL. Every wallet page passes axe; screenshots at desktop and 390 px.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations, launchBrowser, screenshot, screenshotBoth, startServer, type RunningServer } from '../helpers/browser.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('the learner wallet in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let issuer: Page;
  let learner: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    issuer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    issuer.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function check(page: Page, name: string) {
    await expectNoAxeViolations(page, name);
    await screenshotBoth(page, `wallet-${name}`);
  }

  /** The claim link of the last award email to `to`, read from the outbox (.eml files, base64 text parts decoded). */
  function claimLinkFromOutbox(to: string): string {
    const dir = join(server.dataDir, 'outbox');
    const texts = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().map((f) => {
      const eml = readFileSync(join(dir, f), 'utf8');
      const part = /Content-Type: text\/plain; charset=utf-8\r?\nContent-Transfer-Encoding: base64\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(eml);
      return { to: /^To: (.*)$/m.exec(eml)?.[1]?.trim(), text: part ? Buffer.from(part[1]!.replace(/\s+/g, ''), 'base64').toString('utf8') : '' };
    });
    const mail = texts.reverse().find((m) => m.to === to && m.text.includes('/claim/'))!;
    return /(http:\/\/127\.0\.0\.1:\d+\/claim\/[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
  }

  it('claims from the award email, shares for a week, withdraws the link, and the PDF verifies', async () => {
    // The issuer: sign up, define a micro-credential, award it.
    await issuer.goto(`${server.url}/signup`);
    await issuer.getByLabel('Your name').fill('Iris Registrar');
    await issuer.getByLabel(/^Email/).fill('iris@harbour.example');
    await issuer.getByLabel('Password').fill('a long enough passphrase');
    await issuer.getByLabel('Organization name').fill('Harbour College');
    await issuer.getByRole('button', { name: 'Create account' }).click();
    await issuer.waitForURL(/\/dashboard$/);
    await issuer.goto(`${server.url}/catalog/micro-credentials/new`);
    await issuer.locator('#f-name').fill('Data Basics');
    await issuer.getByLabel(/^Short description/).fill('Cleans, charts and explains a small data set.');
    await issuer.getByLabel(/^Criteria/).fill('Pass the final quiz with 70% or more.');
    await issuer.getByLabel('Valid for (months)').fill('24');
    await issuer.getByRole('button', { name: 'Create micro-credential' }).click();
    await issuer.waitForURL(/\/catalog\/micro-credentials\/[^/]+\/edit$/);
    const achievementId = /micro-credentials\/([^/]+)\/edit/.exec(issuer.url())![1]!;
    await issuer.goto(`${server.url}/issuance/new`);
    await issuer.getByLabel(/^Micro-credential/).selectOption(achievementId);
    await issuer.getByLabel(/^Recipient email/).fill('ada@example.com');
    await issuer.getByLabel('Recipient name').fill('Ada Lovelace');
    await issuer.getByRole('button', { name: 'Issue and email' }).click();
    await issuer.waitForURL(/\/issuance\/credentials\/[0-9a-f-]{36}$/);

    // The learner opens the claim link from the award email and creates a wallet.
    const learnerContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    learner = await learnerContext.newPage();
    learner.setDefaultTimeout(20_000);
    await learner.goto(claimLinkFromOutbox('ada@example.com'));
    await expect(learner.getByRole('heading', { level: 1 }).innerText()).resolves.toContain('Data Basics');
    await check(learner, 'claim');
    await learner.getByLabel('Your name').fill('Ada Lovelace');
    await learner.getByLabel('Password').fill('an even longer passphrase');
    await learner.getByRole('button', { name: 'Create my wallet' }).click();
    await learner.waitForURL(/\/wallet\/issued\/[0-9a-f-]{36}$/);
    const detailUrl = learner.url();
    expect(await learner.locator('.flash').innerText()).toContain('Your wallet is ready');
    await check(learner, 'detail-private');

    // Make it public.
    await learner.getByRole('button', { name: 'Make public' }).click();
    await learner.waitForURL(detailUrl);
    expect(await learner.locator('#vis-h + p').innerText()).toContain('public');

    // A share link that expires in a week (the LINK's expiry, labelled as such).
    await learner.getByLabel('Link expires in 1 week').check();
    await learner.getByLabel('Label (for you)').fill('Job application');
    await learner.getByRole('button', { name: 'Create share link' }).click();
    const shareUrl = await learner.getByLabel('Share link').inputValue();
    expect(shareUrl).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
    expect(await learner.locator('main').innerText()).toMatch(/Link expires: \d{4}-\d{2}-\d{2}/);
    await check(learner, 'share-created');

    // A stranger opens it in a fresh context: the credential, with Open Graph tags.
    const stranger = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await stranger.goto(shareUrl);
    expect(await stranger.getByRole('heading', { level: 1 }).innerText()).toBe('Data Basics');
    expect(await stranger.locator('meta[property="og:title"]').getAttribute('content')).toBe('Ada Lovelace: Data Basics');
    expect(await stranger.locator('meta[property="og:image"]').getAttribute('content')).toMatch(/\/achievements\/[0-9a-f-]{36}\/versions\/1\/image$/);
    await check(stranger, 'shared');

    // The wallet list and the share list (1 view), then withdraw.
    await learner.goto(`${server.url}/wallet`);
    expect(await learner.locator('table').innerText()).toContain('Public');
    await check(learner, 'list');
    await learner.goto(`${server.url}/wallet/shares`);
    const card = learner.locator('.share-link').first();
    expect(await card.innerText()).toMatch(/Job application[\s\S]*Active[\s\S]*Views\s+1\s/);
    await check(learner, 'shares');
    await learner.getByRole('button', { name: /Withdraw/ }).click();
    await learner.waitForURL(/\/wallet\/shares$/);
    expect(await learner.locator('.share-link').first().innerText()).toContain('Withdrawn');
    const gone = await stranger.goto(shareUrl);
    expect(gone!.status()).toBe(410);
    expect(await stranger.getByRole('heading', { level: 1 }).innerText()).toBe('This link was withdrawn by its owner.');
    await check(stranger, 'withdrawn');

    // The PDF certificate: download, verify with the CLI, render and decode the QR code.
    await learner.goto(detailUrl);
    const code = (await learner.locator('dd code').first().innerText()).trim();
    const [download] = await Promise.all([learner.waitForEvent('download'), learner.getByRole('link', { name: 'PDF certificate, A4' }).click()]);
    const pdfPath = join(server.dataDir, 'certificate.pdf');
    await download.saveAs(pdfPath);
    const cli = spawnSync('npx', ['microcred', 'verify', '--json', '--allow-private-addresses', pdfPath], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(cli.status, cli.stdout + cli.stderr).toBe(0);
    const report = JSON.parse(cli.stdout);
    expect(report.summary ?? report.result?.summary).toBe('valid');
    execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', pdfPath, join(server.dataDir, 'certificate')]);
    const pngPath = join(server.dataDir, 'certificate.png');
    const png = PNG.sync.read(readFileSync(pngPath));
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(qr?.data).toBe(`${server.url}/v/${code}`);
    await learner.goto(`file://${pngPath}`);
    await screenshot(learner, 'wallet-certificate-rendered');

    // The other wallet pages pass axe too.
    for (const [path, name] of [['/wallet/import', 'import'], ['/wallet/profile', 'profile-settings'], ['/wallet/data', 'data']] as const) {
      await learner.goto(`${server.url}${path}`);
      await check(learner, name);
    }
    await learner.goto(`${server.url}/wallet/profile`);
    await learner.getByLabel('Show my public profile').check();
    await learner.getByLabel('Profile address').fill('ada-lovelace');
    await learner.getByRole('button', { name: 'Save' }).click();
    await stranger.goto(`${server.url}/u/ada-lovelace`);
    expect(await stranger.locator('main').innerText()).toContain('Data Basics');
    await check(stranger, 'public-profile');
  });
});
