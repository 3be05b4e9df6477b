/**
 * Issue 7's employer journey in Chromium: an employer opens the QR target /v/<code> of a certificate and sees the
 * credential verified; uploads a tampered JSON and sees which check failed; signs up, verifies the domain from the
 * mailed link, verifies and saves a candidate, endorses the micro-credential; the issuer accepts it; a credential
 * issued afterwards embeds the endorsement and both verify. The issuer's outreach board, partner timeline, CSV
 * import errors and analytics, and a learner's share views, are visited too. Every page passes axe; screenshots
 * at desktop and 390 px.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectNoAxeViolations, launchBrowser, screenshotBoth, startServer, type RunningServer, signUpIssuer } from '../helpers/browser.ts';

describe('employer verifies, endorses; issuer accepts; new credentials embed the endorsement', () => {
  let server: RunningServer;
  let browser: Browser;
  let issuerCtx: BrowserContext;
  let employerCtx: BrowserContext;
  let issuer: Page;
  let employer: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    issuerCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    employerCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    issuer = await issuerCtx.newPage();
    employer = await employerCtx.newPage();
    issuer.setDefaultTimeout(20_000);
    employer.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function check(page: Page, name: string) {
    await expectNoAxeViolations(page, name);
    await screenshotBoth(page, `employer-${name}`);
  }

  async function issueTo(email: string, name: string, achievementId: string): Promise<{ id: string; code: string; json: Record<string, any> }> {
    await issuer.goto(`${server.url}/issuance/credentials`);
    await issuer.getByRole('link', { name: 'Issue a credential' }).click();
    await issuer.getByLabel(/^Micro-credential/).selectOption(achievementId);
    await issuer.getByLabel(/^Recipient email/).fill(email);
    await issuer.getByLabel('Recipient name').fill(name);
    await issuer.getByRole('button', { name: 'Issue and email' }).click();
    await issuer.waitForURL(/\/issuance\/credentials\/[0-9a-f-]{36}$/);
    const id = issuer.url().split('/').pop()!;
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2})/.exec(await issuer.locator('dl.facts').innerText())![1]!;
    const json = await (await issuer.request.get(`${server.url}/issuance/credentials/${id}/credential.json`)).json();
    return { id, code, json };
  }

  it('runs the whole journey', async () => {
    // The issuer: account, micro-credential, one credential.
    await signUpIssuer(issuer, server.url, { name: 'Iris Registrar', email: 'iris@harbour.example', organization: 'Harbour College' });
    await issuer.goto(`${server.url}/catalog/micro-credentials/new`);
    await issuer.locator('#f-name').fill('Warehouse Safety');
    await issuer.getByLabel(/^Short description/).fill('Works safely around forklifts and racking.');
    await issuer.getByLabel(/^Criteria/).fill('Pass the practical assessment.');
    await issuer.getByRole('button', { name: 'Create micro-credential' }).click();
    await issuer.waitForURL(/\/catalog\/micro-credentials\/[^/]+\/edit$/);
    const achievementId = /micro-credentials\/([^/]+)\/edit/.exec(issuer.url())![1]!;
    const first = await issueTo('sam@learners.example', 'Sam Lee', achievementId);

    // The employer scans the certificate's QR code: /v/<code>.
    await employer.goto(`${server.url}/v/${first.code}`);
    expect(await employer.locator('.verdict h1').innerText()).toBe('This credential is valid');
    await check(employer, 'qr-verified');

    // A tampered copy is refused, naming the signature check.
    const tampered = structuredClone(first.json);
    tampered.credentialSubject.achievement.name = 'Warehouse Manager (Senior)';
    const file = join(server.dataDir, 'tampered.json');
    writeFileSync(file, JSON.stringify(tampered));
    await employer.goto(`${server.url}/verify`);
    await employer.getByLabel(/^Credential file/).setInputFiles(file);
    await employer.getByRole('button', { name: 'Verify file' }).click();
    expect(await employer.locator('.verdict h1').innerText()).toBe('This credential did not pass verification');
    expect(await employer.locator('.check-row.invalid').first().innerText()).toContain('Signature');
    await check(employer, 'tampered');

    // The employer signs up, and verifies the domain from the mailed link.
    await employer.goto(`${server.url}/employers/signup`);
    await check(employer, 'signup');
    await employer.getByLabel('Organization name').fill('Northwind Logistics');
    await employer.getByLabel('Your name').fill('Hana Hiring');
    await employer.getByLabel(/^Work email/).fill('hana@northwind.test');
    await employer.getByLabel(/^Password/).fill('a long enough passphrase');
    await employer.getByRole('button', { name: 'Create employer account' }).click();
    await employer.waitForURL(/\/employer$/);
    await check(employer, 'home-unverified');
    await employer.getByLabel('An address at your domain').fill('it@northwind.test');
    await employer.getByRole('button', { name: 'Send the verification link' }).click();
    expect(await employer.locator('.flash').innerText()).toContain('We sent a link to it@northwind.test');
    await employer.goto(`${server.url}/dev/mailbox?to=it%40northwind.test`);
    await employer.getByRole('link', { name: /\/employer\/domain\// }).first().click();
    await check(employer, 'domain-confirm');
    await employer.getByRole('button', { name: 'Verify the domain' }).click();
    await employer.waitForURL(/\/employer$/);
    expect(await employer.locator('.flash').innerText()).toContain('northwind.test is verified for Northwind Logistics');
    await check(employer, 'home');

    // Verify while signed in, save the candidate, then endorse the micro-credential.
    await employer.getByLabel('Verification code').fill(first.code);
    await employer.getByRole('button', { name: 'Verify', exact: true }).click();
    expect(await employer.locator('.verdict h1').innerText()).toBe('This credential is valid');
    await check(employer, 'verify-result');
    await employer.getByLabel('Candidate name').fill('Sam Lee');
    await employer.getByLabel('Notes').fill('Strong on racking inspections.');
    await employer.getByRole('button', { name: 'Save candidate' }).click();
    await employer.waitForURL(/\/employer\/candidates$/);
    expect(await employer.locator('main').innerText()).toContain('Sam Lee');
    await check(employer, 'candidates');
    await employer.goto(`${server.url}/employer`);
    await employer.getByLabel('Verification code').fill(first.code);
    await employer.getByRole('button', { name: 'Verify', exact: true }).click();
    await employer.getByRole('link', { name: 'Endorse this micro-credential' }).click();
    await check(employer, 'endorse-form');
    await employer.getByLabel(/^Your endorsement/).fill('We hire people who hold this: it matches our **safety induction**.');
    await employer.getByRole('button', { name: 'Sign and send the endorsement' }).click();
    await employer.waitForURL(/\/employer$/);
    expect(await employer.locator('.flash').innerText()).toContain('signed and sent');

    // The issuer accepts it.
    await issuer.goto(`${server.url}/endorsements`);
    await check(issuer, 'review');
    await issuer.getByRole('button', { name: 'Accept the endorsement by Northwind Logistics' }).click();
    expect(await issuer.locator('.flash').innerText()).toContain('is accepted');
    await issuer.goto(`${server.url}/achievements/${achievementId}`);
    expect(await issuer.locator('main').innerText()).toContain('Northwind Logistics');

    // A credential issued afterwards embeds the endorsement; both verify.
    const second = await issueTo('lee@learners.example', 'Lee Park', achievementId);
    expect(second.json.credentialSubject.achievement.endorsement).toHaveLength(1);
    expect(second.json.credentialSubject.achievement.endorsement[0].issuer.name).toBe('Northwind Logistics');
    expect(first.json.credentialSubject.achievement.endorsement).toBeUndefined();
    await employer.goto(`${server.url}/v/${second.code}`);
    expect(await employer.locator('.verdict h1').innerText()).toBe('This credential is valid');
    const endorsement = employer.locator('section[aria-labelledby="end-h"]');
    expect(await endorsement.innerText()).toContain('Northwind Logistics');
    expect(await endorsement.innerText()).toContain('Every check passed');
    await check(employer, 'verified-with-endorsement');
    await employer.goto(`${server.url}/v/${first.code}`);
    expect(await employer.locator('.verdict h1').innerText()).toBe('This credential is valid');

    // Outreach: the partner at the verified domain is linked; its timeline has the endorsement and verifications.
    await issuer.goto(`${server.url}/outreach/new`);
    await issuer.getByLabel('Employer name').fill('Northwind Logistics');
    await issuer.getByLabel(/^Website/).fill('https://northwind.test');
    await issuer.getByLabel('Contact 1 name').fill('Pat Jones');
    await issuer.getByLabel('Contact 1 email').fill('pat@northwind.test');
    await issuer.getByLabel('Contact 1 role').fill('Head of HR');
    await issuer.getByLabel('Warehouse Safety').check();
    await check(issuer, 'partner-form');
    await issuer.getByRole('button', { name: 'Add partner' }).click();
    await issuer.waitForURL(/\/outreach\/[0-9a-f-]{36}$/);
    await employer.goto(`${server.url}/employer`);
    await employer.getByLabel('Verification code').fill(second.code);
    await employer.getByRole('button', { name: 'Verify', exact: true }).click();
    await issuer.reload();
    const timeline = await issuer.locator('.timeline').innerText();
    expect(timeline).toContain('Verification');
    await issuer.getByLabel('Add a note').fill('Called Pat: interested in a hiring pilot.');
    await issuer.getByRole('button', { name: 'Add note' }).click();
    expect(await issuer.locator('.timeline').innerText()).toContain('hiring pilot');
    await check(issuer, 'partner');
    await issuer.goto(`${server.url}/outreach`);
    await issuer.getByRole('button', { name: /^Contacted →\s*: move Northwind Logistics$/ }).click();
    expect(await issuer.locator('.flash').innerText()).toContain('moved to Contacted');
    expect(await issuer.locator('#col-contacted').locator('..').innerText()).toContain('Northwind Logistics');
    await check(issuer, 'board');
    await issuer.goto(`${server.url}/outreach/import`);
    await issuer.getByLabel(/^CSV/).fill('name,stage,contact_emails\nGood Co,prospect,ann@good.test\nBad Co,someday,not-an-email\n');
    await issuer.getByRole('button', { name: 'Import' }).click();
    expect(await issuer.locator('table').innerText()).toMatch(/3\s+stage/);
    await check(issuer, 'import-errors');
    await issuer.goto(`${server.url}/analytics`);
    expect(await issuer.locator('svg.chart').count()).toBeGreaterThan(0);
    await check(issuer, 'analytics');

    // A learner's share views page.
    const learnerCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const learner = await learnerCtx.newPage();
    await learner.goto(`${server.url}/signup`);
    await learner.getByLabel('Collect and share my own credentials').check();
    await learner.getByLabel('Your name').fill('Sam Lee');
    await learner.getByLabel(/^Email/).fill('sam@learners.example');
    await learner.getByLabel('Password').fill('a long enough passphrase');
    await learner.getByRole('button', { name: 'Create account' }).click();
    await learner.goto(`${server.url}/my/share-views`);
    expect(await learner.locator('h1').innerText()).toBe('Views of your shares');
    await check(learner, 'share-views');
  });
});
