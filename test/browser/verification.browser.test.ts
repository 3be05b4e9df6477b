/**
 * Public verification in Chromium (issue 7): the /verify page, the QR target /v/<code> of a demo credential, a
 * tampered pasted credential showing which check failed, and an uploaded baked PNG. Every page passes axe;
 * screenshots at desktop and 390 px (tmp/screenshots/verify-*).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, screenshotBoth, type RunningServer, useBrowserSession } from '../helpers/browser.ts';
import { standardsPath } from '../helpers/standards.ts';

describe('public verification in a browser', () => {
  const session = useBrowserSession({ timeoutMs: 30_000, env: { MICROCRED_DEMO: 'true' } });
  let server: RunningServer;
  let page: Page;
  beforeAll(() => ({ server, page } = session));

  async function check(name: string) {
    // The pages ship no JavaScript at all: every form is a plain GET or POST form.
    expect(await page.locator('script').count()).toBe(0);
    await expectNoAxeViolations(page, name);
    await screenshotBoth(page, `verify-${name}`);
  }

  it('verifies by code (QR target), shows a tampered paste failing, and verifies an uploaded baked PNG; no JavaScript on the pages', async () => {
    const qr = /verify a demo credential: (\S+\/v\/\S+)/.exec(server.output())?.[1];
    expect(qr, server.output()).toBeTruthy();

    await page.goto(`${server.url}/verify`);
    await expect(page.getByRole('heading', { name: 'Verify a credential' }).isVisible()).resolves.toBe(true);
    await check('form');

    // The QR target of a printed certificate.
    await page.goto(qr!.replace(/^https?:\/\/[^/]+/, server.url));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('This credential is valid');
    await expect(page.locator('.check-row', { hasText: 'Signature' }).textContent()).resolves.toContain('Passed');
    await expect(page.locator('.check-row', { hasText: 'Revocation' }).textContent()).resolves.toContain('has not revoked');
    await check('code-valid');

    // The code form (GET, no JavaScript) with a typo: the field says what is wrong.
    await page.goto(`${server.url}/verify`);
    await page.getByLabel('Code from the certificate').fill('7KQ2-M9XD-4RTV-HC8N-P4');
    await page.getByRole('button', { name: 'Verify code' }).click();
    await expect(page.locator('.field-error').first().textContent()).resolves.toContain('typo');

    // A tampered credential pasted as JSON: the signature check fails and says so.
    await page.goto(`${server.url}/verify`);
    const tampered = JSON.parse(readFileSync(standardsPath('vectors/1edtech-validator/ob30/valid-vc2/simple.json'), 'utf8'));
    tampered.credentialSubject.achievement.name = 'Rocket Science';
    await page.getByLabel('Credential JSON or VC-JWT').fill(JSON.stringify(tampered, null, 2));
    await page.getByRole('button', { name: 'Verify pasted credential' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('did not pass verification');
    await expect(page.locator('.check-row', { hasText: 'Signature' }).textContent()).resolves.toContain('Failed');
    await check('tampered');

    // A baked PNG badge uploaded as a file.
    await page.goto(`${server.url}/verify`);
    await page.getByLabel('Credential file').setInputFiles(standardsPath('vectors/1edtech-validator/ob30/baked/simple-json.png'));
    await page.getByRole('button', { name: 'Verify file' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('This credential is valid');
    await expect(page.locator('body').textContent()).resolves.toContain('(PNG)');
    await check('upload-png');
  });
});
