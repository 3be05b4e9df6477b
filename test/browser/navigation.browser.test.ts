/**
 * The header navigation of an organization owner (12 entries) fits one row at 1280 px: grouped entries sit under a
 * keyboard-operable "More" disclosure; at 390 px nothing overflows. Then the owner resets a forgotten password
 * through the emailed link. Every page passes axe.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, screenshotBoth, type RunningServer, signUpIssuer, useBrowserSession } from '../helpers/browser.ts';

describe('navigation and password reset in a browser', () => {
  const session = useBrowserSession({ timeoutMs: 10_000 });
  let server: RunningServer;
  let page: Page;
  beforeAll(() => ({ server, page } = session));

  const nav = () => page.getByRole('navigation', { name: 'Main' });

  it('groups the owner\'s entries under "More", operable by keyboard, one row on desktop, no overflow on a phone', async () => {
    await signUpIssuer(page, server.url, { name: 'Nia Owner', email: 'nia@harbour.example', organization: 'Harbour College' });

    // Primary entries in one row (same top), grouped ones hidden until "More" is opened.
    const primary = ['Dashboard', 'Micro-credentials', 'Competencies', 'Credentials', 'Pathways', 'Verify'];
    const tops = new Set<number>();
    for (const name of primary) tops.add(Math.round((await nav().getByRole('link', { name, exact: true }).boundingBox())!.y));
    tops.add(Math.round((await nav().locator('summary').boundingBox())!.y));
    expect(tops.size).toBe(1);
    await expect.poll(() => nav().getByRole('link', { name: 'Settings', exact: true }).isVisible()).toBe(false);

    // Keyboard: focus the summary, Enter opens it, Tab reaches the first grouped link, Enter follows it.
    await nav().locator('summary').focus();
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    await page.keyboard.press('Enter');
    for (const name of ['Modules', 'Review queue', 'Endorsements', 'Outreach', 'Analytics', 'Settings']) {
      expect(await nav().getByRole('link', { name, exact: true }).isVisible()).toBe(true);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await expectNoAxeViolations(page, 'nav-more-open');
    await screenshotBoth(page, 'nav-more-open');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Modules');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/author\/modules/);

    // A phone: nothing wider than the screen, the open panel inside it.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/dashboard`);
    await nav().locator('summary').click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const panel = (await nav().locator('.nav-more-panel').boundingBox())!;
    expect(panel.x).toBeGreaterThanOrEqual(0);
    expect(panel.x + panel.width).toBeLessThanOrEqual(390);
    await expectNoAxeViolations(page, 'nav-more-phone');
    await nav().getByRole('link', { name: 'Settings', exact: true }).click();
    await page.waitForURL(/\/org\/settings$/);
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshotBoth(page, 'nav-settings-current');
  });

  it('resets a forgotten password through the emailed link', async () => {
    await page.goto(`${server.url}/dev/mailbox`);
    await page.getByRole('link', { name: /\/verify-email\// }).first().click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${server.url}/signin`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL(/\/forgot-password$/);
    await expectNoAxeViolations(page, 'forgot-password');
    await page.getByLabel(/^Email/).fill('nia@harbour.example');
    await page.getByRole('button', { name: 'Send the link' }).click();
    expect(await page.getByRole('status').first().innerText()).toContain('If an account exists for that address');
    await screenshotBoth(page, 'forgot-password-sent');

    await page.goto(`${server.url}/dev/mailbox?to=nia@harbour.example`);
    await page.getByRole('link', { name: /\/reset-password\// }).first().click();
    await page.waitForURL(/\/reset-password\//);
    const link = page.url();
    await page.getByLabel('New password').fill('short');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('at least 10 characters');
    await expectNoAxeViolations(page, 'reset-password-error');
    await screenshotBoth(page, 'reset-password-error');
    await page.getByLabel('New password').fill('an entirely new passphrase');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.waitForURL(/\/dashboard$/);
    expect(await page.locator('.flash').innerText()).toContain('Your new password is set');

    await page.goto(link);
    expect((await page.getByRole('heading', { level: 1 }).innerText()).trim()).toBe('This link no longer works');
    await expectNoAxeViolations(page, 'reset-password-invalid');
    await screenshotBoth(page, 'reset-password-invalid');
  });
});
