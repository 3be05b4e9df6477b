/**
 * An issuer defines competencies (form and CSV import with a bad row), then a micro-credential with an uploaded
 * badge, a competency and a result description; the public achievement, criteria and competency pages render.
 * Every page passes axe; screenshots at desktop and 390 px.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations, screenshotBoth, type RunningServer, signUpIssuer, useBrowserSession } from '../helpers/browser.ts';

describe('competencies and micro-credentials in a browser', () => {
  const session = useBrowserSession({ timeoutMs: 15_000 });
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  beforeAll(() => ({ server, browser, page } = session));

  async function check(name: string) {
    await expectNoAxeViolations(page, name);
    await screenshotBoth(page, `catalog-${name}`);
  }

  it('defines competencies and a micro-credential through the pages', async () => {
    await signUpIssuer(page, server.url, { name: 'Grace Registrar', email: 'grace@harbour.example', organization: 'Harbour College' });

    await page.getByRole('link', { name: 'Competencies', exact: true }).first().click();
    await page.waitForURL(/\/catalog\/competencies$/);
    await check('competencies-empty');

    // A framework, then a competency with an ESCO alignment.
    await page.getByRole('link', { name: 'New framework' }).click();
    await page.getByLabel(/^Name/).fill('Data Skills');
    await page.getByLabel('Description').fill('Working with data at work.');
    await page.getByRole('button', { name: 'Create framework' }).click();
    await page.waitForURL(/\/catalog\/competencies\/new\?framework=/);
    await page.locator('#f-code').fill('DS-1');
    await page.locator('#f-name').fill('Clean a data set');
    await page.locator('#f-alignments-0--targetUrl').fill('not a link');
    await page.getByRole('button', { name: 'Create competency' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('Alignment 1: target URL must be an http(s) URL');
    await check('competency-form-errors');
    await page.locator('#f-alignments-0--targetUrl').fill('http://data.europa.eu/esco/skill/ab7ba39c-6b5f-4ac0-b6c8-b2b5a1f2c2b3');
    await page.locator('#f-alignments-0--targetFramework').fill('ESCO');
    await page.locator('#f-alignments-0--targetCode').fill('S5.6.1');
    await page.getByRole('button', { name: 'Create competency' }).click();
    await page.waitForURL(/\/catalog\/competencies\?framework=/);
    expect(await page.locator('.flash').innerText()).toContain('DS-1');

    // CSV import: one bad row → nothing imported, the row is named; fixed file → imported.
    await page.getByRole('link', { name: 'Import competencies' }).click();
    await check('competency-import');
    const bad = 'framework,code,name,description,alignment_url,alignment_code,alignment_framework\nData Skills,DS-2,Chart data,,,,\nData Skills,,Missing code,,,,\n';
    await page.getByLabel('Or paste the CSV text').fill(bad);
    await page.getByRole('button', { name: 'Check and import' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('Nothing was imported');
    expect(await page.locator('#import-errors tbody tr').first().innerText()).toMatch(/3\s+code\s+code is required/);
    await check('competency-import-errors');
    const file = join(server.dataDir, 'competencies.csv');
    writeFileSync(file, bad.replace('Data Skills,,Missing code', 'Data Skills,DS-3,Explain a chart'));
    await page.getByLabel('Or paste the CSV text').fill('');
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByRole('button', { name: 'Check and import' }).click();
    await page.waitForURL(/\/catalog\/competencies$/);
    expect(await page.locator('.flash').innerText()).toContain('2 competencies created');
    await check('competencies-list');

    // A micro-credential with an uploaded PNG badge, a competency and a quiz result.
    await page.getByRole('link', { name: 'Micro-credentials', exact: true }).first().click();
    await page.getByRole('link', { name: 'New micro-credential' }).click();
    await check('micro-credential-new');
    await page.locator('#f-name').fill('Data Basics');
    await page.getByLabel(/^Short description/).fill('Cleans, charts and explains a small data set.');
    await page.getByLabel(/^Criteria/).fill('- Pass the **final quiz** with 70% or more\n- Submit a cleaned data set');
    await page.getByLabel('Credits', { exact: true }).fill('2');
    await page.getByLabel('Level', { exact: true }).fill('Introductory');
    await page.getByLabel('Valid for (months)').fill('24');
    await page.getByLabel('Tags', { exact: true }).fill('data, spreadsheets');
    const png = new PNG({ width: 64, height: 64 });
    for (let i = 0; i < png.data.length; i += 4) png.data.set([29, 78, 216, 255], i);
    const pngFile = join(server.dataDir, 'badge.png');
    writeFileSync(pngFile, PNG.sync.write(png));
    await page.getByLabel('Upload a PNG or SVG').setInputFiles(pngFile);
    expect(await page.locator('#badge-preview').getAttribute('src')).toMatch(/^blob:/);
    await page.getByLabel('Image description (alt text)').fill('Blue square badge');
    await page.getByLabel(/DS-1 — Clean a data set/).check();
    await page.locator('#f-resultDescriptions-0--name').fill('Final quiz');
    await page.locator('#f-resultDescriptions-0--resultType').selectOption('Percent');
    await page.locator('#f-resultDescriptions-0--requiredValue').fill('70');
    await page.getByRole('button', { name: 'Create micro-credential' }).click();
    await page.waitForURL(/\/catalog\/micro-credentials\/[^/]+\/edit$/);
    expect(await page.locator('.flash').innerText()).toContain('created');
    expect(await page.locator('#badge-preview').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(64);
    await check('micro-credential-edit');
    const id = /micro-credentials\/([^/]+)\/edit/.exec(page.url())![1]!;

    await page.goto(`${server.url}/catalog/micro-credentials`);
    await check('micro-credentials-list');

    // Public pages: no sign-in needed.
    const visitor = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await visitor.goto(`${server.url}/achievements/${id}`);
    expect(await visitor.getByRole('heading', { level: 1 }).innerText()).toBe('Data Basics');
    expect(await visitor.locator('body').innerText()).toContain('Expires 2 years after it is awarded');
    expect(await visitor.locator('body').innerText()).toContain('Clean a data set');
    const old = page;
    page = visitor;
    await check('achievement-public');
    await visitor.getByRole('link', { name: 'Full criteria page' }).click();
    expect(await visitor.locator('li').filter({ hasText: 'final quiz' }).count()).toBeGreaterThan(0);
    await check('criteria-public');
    await visitor.goto(`${server.url}/achievements/${id}`);
    await visitor.getByRole('link', { name: 'Clean a data set' }).click();
    expect(await visitor.locator('body').innerText()).toContain('Data Basics');
    await check('competency-public');
    const ld = await (await fetch(`${server.url}/achievements/${id}`, { headers: { accept: 'application/ld+json' } })).json();
    expect(ld).toMatchObject({ id: `${server.url}/achievements/${id}`, achievementType: 'MicroCredential', creditsAvailable: 2, resultDescription: [{ name: 'Final quiz' }] });
    page = old;
    await visitor.close();
  });
});
