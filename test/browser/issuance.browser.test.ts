/**
 * Issue 3's issuance journey in Chromium: an issuer signs up and in, defines a micro-credential, issues it to a
 * learner with the form, bulk-issues a CSV with one bad row (the row is named, the rest issued, progress shown),
 * searches the list and revokes one credential. Every page passes axe; screenshots at desktop and 390 px.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, screenshotBoth, type RunningServer, signUpIssuer, useBrowserSession } from '../helpers/browser.ts';

describe('issuing, bulk issuing and revoking in a browser', () => {
  const session = useBrowserSession({ timeoutMs: 20_000 });
  let server: RunningServer;
  let page: Page;
  beforeAll(() => ({ server, page } = session));

  async function check(name: string) {
    await expectNoAxeViolations(page, name);
    await screenshotBoth(page, `issuance-${name}`);
  }

  it('issues one, bulk-issues a CSV with one bad row, and revokes one', async () => {
    await signUpIssuer(page, server.url, { name: 'Iris Registrar', email: 'iris@harbour.example', organization: 'Harbour College' });

    // Define a micro-credential.
    await page.goto(`${server.url}/catalog/micro-credentials/new`);
    await page.locator('#f-name').fill('Data Basics');
    await page.getByLabel(/^Short description/).fill('Cleans, charts and explains a small data set.');
    await page.getByLabel(/^Criteria/).fill('Pass the final quiz with 70% or more.');
    await page.getByLabel('Credits', { exact: true }).fill('2');
    await page.getByLabel('Valid for (months)').fill('24');
    await page.getByRole('button', { name: 'Create micro-credential' }).click();
    await page.waitForURL(/\/catalog\/micro-credentials\/[^/]+\/edit$/);
    const achievementId = /micro-credentials\/([^/]+)\/edit/.exec(page.url())![1]!;

    // Issue one with the form (a typo first: the field is named).
    await page.getByRole('link', { name: 'Credentials', exact: true }).first().click();
    await page.waitForURL(/\/issuance\/credentials$/);
    await check('list-empty');
    await page.getByRole('link', { name: 'Issue a credential' }).click();
    await page.getByLabel(/^Micro-credential/).selectOption(achievementId);
    await page.getByLabel(/^Recipient email/).fill('ada@example');
    await page.getByLabel('Recipient name').fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Issue and email' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('not a valid email address');
    await check('issue-form-error');
    await page.getByLabel(/^Recipient email/).fill('ada@example.com');
    await page.getByRole('button', { name: 'Issue and email' }).click();
    await page.waitForURL(/\/issuance\/credentials\/[0-9a-f-]{36}$/);
    expect(await page.locator('.flash').innerText()).toMatch(/verification code [0-9A-Z]{4}-/);
    expect(await page.locator('dl.facts').innerText()).toContain('Active');
    await check('detail-active');

    // Bulk: five rows, one with a bad email.
    const csv = ['email,name,achievement_id', ...['grace', 'alan', 'katherine', 'tim'].map((n) => `${n}@example.com,${n[0]!.toUpperCase()}${n.slice(1)},${achievementId}`)];
    csv.splice(2, 0, `not-an-email,Broken Row,${achievementId}`);
    const file = join(server.dataDir, 'learners.csv');
    writeFileSync(file, csv.join('\n') + '\n');
    await page.goto(`${server.url}/issuance/bulk`);
    await check('bulk-form');
    await page.getByLabel(/^CSV file/).setInputFiles(file);
    await page.getByRole('button', { name: 'Check and issue' }).click();
    await page.waitForURL(/\/issuance\/bulk\/[0-9a-f-]{36}$/);
    expect(await page.locator('.flash').innerText()).toContain('4 of 5 rows accepted; 1 refused');
    const refused = await page.locator('table tbody tr').first().innerText();
    expect(refused).toMatch(/3\s+email\s+"not-an-email" is not a valid email address/);
    await page.waitForFunction(() => document.querySelector('#bulk-state')?.textContent === 'Finished', undefined, { timeout: 30_000 });
    expect(await page.locator('#bulk-progress').innerText()).toContain('4 issued');
    await check('bulk-progress-done');

    // The list: search and filter, then revoke Alan's credential.
    await page.goto(`${server.url}/issuance/credentials`);
    expect(await page.locator('table tbody tr').count()).toBe(5);
    await check('list');
    await page.getByLabel('Email, name or code').fill('alan');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await page.locator('table tbody tr').count()).toBe(1);
    await page.getByRole('link', { name: 'Alan' }).click();
    await page.getByRole('button', { name: 'Revoke for good' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('Give a reason');
    await page.getByLabel(/^Reason/).last().fill('Issued to the wrong learner.');
    await page.getByRole('button', { name: 'Revoke for good' }).click();
    await page.waitForURL(/\/issuance\/credentials\/[0-9a-f-]{36}$/);
    expect(await page.locator('.flash').innerText()).toContain('Revoked');
    expect(await page.locator('dl.facts').innerText()).toContain('Issued to the wrong learner.');
    await check('detail-revoked');

    await page.goto(`${server.url}/issuance/credentials?status=revoked`);
    expect(await page.locator('table tbody tr').count()).toBe(1);

    // The public status list now has the bit set (checked through the API the issuer sees).
    const detail = await page.request.get(`${server.url}/api/v1/credentials?status=revoked`);
    const revoked = (await detail.json()).items[0];
    const list = await page.request.get(revoked.statusList.url);
    expect(list.status()).toBe(200);
    expect((await list.json()).credentialSubject.statusPurpose).toBe('revocation');
  });
});
