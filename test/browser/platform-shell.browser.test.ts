/**
 * An issuer signs up, signs out and in again, confirms the email from the dev mailbox, edits the profile, rotates the
 * signing key, creates an API token, invites a colleague and adds an email address; every page passes axe.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, screenshotBoth, type RunningServer, useBrowserSession } from '../helpers/browser.ts';

describe('platform shell in a browser', () => {
  const session = useBrowserSession({ timeoutMs: 10_000 });
  let server: RunningServer;
  let page: Page;
  beforeAll(() => ({ server, page } = session));

  async function check(name: string) {
    await expectNoAxeViolations(page, name);
    await screenshotBoth(page, name);
  }

  it('signs up, signs in, rotates a key and creates an API token', async () => {
    await page.goto(`${server.url}/`);
    await check('home');

    await page.goto(`${server.url}/signup`);
    await check('signup');
    // A bad submission shows inline errors and keeps what was typed.
    await page.getByLabel('Your name').fill('Ada Registrar');
    await page.getByLabel(/^Email/).fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('There is a problem');
    await check('signup-errors');

    await page.getByLabel(/^Email/).fill('ada@northbridge.example');
    await page.getByLabel('Password').fill('a long enough passphrase');
    await page.getByLabel('Organization name').fill('Northbridge Institute');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/dashboard$/);
    expect(await page.locator('.flash').innerText()).toContain('Your account is ready');
    await check('dashboard');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/signin`);
    await page.getByLabel(/^Email/).fill('ada@northbridge.example');
    await page.getByLabel('Password').fill('wrong password here');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('not right');
    await check('signin-error');
    await page.getByLabel('Password').fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard$/);

    // Verify the email through the dev mailbox link.
    await page.goto(`${server.url}/dev/mailbox`);
    await check('dev-mailbox');
    await page.getByRole('link', { name: /\/verify-email\// }).first().click();
    expect(await page.locator('.flash').innerText()).toContain('is confirmed');

    await page.goto(`${server.url}/org/settings`);
    await page.getByLabel('Website').fill('https://northbridge.example');
    await page.getByLabel('Description').fill('Short, **stackable** courses for working adults.');
    await page.getByRole('button', { name: 'Save profile' }).click();
    expect(await page.locator('.flash').innerText()).toContain('Profile saved');
    await check('org-settings');

    await page.goto(`${server.url}/org/keys`);
    const before = await page.locator('tbody tr').count();
    await page.getByRole('button', { name: 'Rotate the signing key' }).click();
    expect(await page.locator('.flash').innerText()).toContain('Key rotated');
    expect(await page.locator('tbody tr').count()).toBe(before + 1);
    expect(await page.locator('.badge.retired').count()).toBe(1);
    await check('org-keys');

    await page.goto(`${server.url}/org/api-tokens`);
    await page.getByLabel(/^Name/).fill('LMS integration');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.getByLabel('API token').inputValue();
    expect(secret).toMatch(/^mc_[A-Za-z0-9_-]{43}$/);
    await check('org-api-tokens');
    const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { scopes: string[] }).scopes).toEqual(['credentials:issue', 'credentials:read']);

    await page.goto(`${server.url}/org/members`);
    await page.getByLabel(/^Email/).fill('sam@northbridge.example');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    expect(await page.locator('.flash').innerText()).toContain('Invitation sent');
    await check('org-members');

    await page.goto(`${server.url}/org/audit`);
    expect(await page.locator('tbody').innerText()).toContain('key.rotate');
    expect(await page.locator('tbody').innerText()).toContain('api_token.create');
    await check('org-audit');

    await page.getByRole('link', { name: /^Ada Registrar/ }).click();
    await page.waitForURL(/\/account$/);
    await page.getByLabel('Add an address').fill('ada.personal@example.org');
    await page.getByRole('button', { name: 'Add and send a confirmation link' }).click();
    expect(await page.locator('.flash').innerText()).toContain('ada.personal@example.org');
    expect(await page.locator('tbody').innerText()).toContain('waiting for confirmation');
    await check('my-account');

    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('link', { name: /Public profile/ }).click();
    await page.waitForURL(/\/issuers\/northbridge-institute$/);
    expect((await page.getByRole('heading', { level: 1 }).innerText()).trim()).toBe('Northbridge Institute');
    await check('issuer-profile');

    const missing = await page.goto(`${server.url}/no/such/page`);
    expect(missing!.status()).toBe(404);
    await check('error-404');

    // The invited colleague follows the link from the mailbox, signs up and lands in the organization.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${server.url}/dev/mailbox?to=sam@northbridge.example`);
    await page.getByRole('link', { name: /\/invite\// }).first().click();
    await page.waitForURL(/\/signup\?invite=/);
    expect((await page.getByRole('heading', { level: 1 }).innerText()).trim()).toBe('Join Northbridge Institute');
    expect(await page.getByLabel(/^Email/).inputValue()).toBe('sam@northbridge.example');
    await check('signup-invite');
    await page.getByLabel('Your name').fill('Sam Colleague');
    await page.getByLabel('Password').fill('another long passphrase');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/dashboard$/);
    expect(await page.locator('main').innerText()).toContain('You are working in Northbridge Institute as issuer');
  });
});
