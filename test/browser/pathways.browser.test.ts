/**
 * Staff build a pathway in the builder: the preview updates live as they type (JavaScript) and explains a learner;
 * saving shows the pathway with its funnel. Every page passes axe; screenshots at desktop and 390 px.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, screenshotBoth, type RunningServer, signUpIssuer, useBrowserSession } from '../helpers/browser.ts';

describe('pathway builder in a browser', () => {
  const session = useBrowserSession({ timeoutMs: 15_000 });
  let server: RunningServer;
  let page: Page;
  beforeAll(() => ({ server, page } = session));

  async function check(name: string) {
    await expectNoAxeViolations(page, name);
    await screenshotBoth(page, `pathways-${name}`);
  }

  it('previews a rule live, saves it and shows the funnel', async () => {
    await signUpIssuer(page, server.url, { name: 'Grace Registrar', email: 'grace@harbour.example', organization: 'Harbour College' });

    await page.goto(`${server.url}/pathways/new`);
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const api = async (url: string, data: unknown) => {
      const res = await page.request.post(`${server.url}${url}`, { data: data as Record<string, unknown>, headers: { 'x-csrf-token': csrf } });
      expect(res.status(), await res.text()).toBe(201);
      return res.json();
    };
    const make = (name: string, creditsAvailable: number | null) => api('/api/v1/achievements', { name, description: `${name}.`, criteriaNarrative: 'Pass.', creditsAvailable });
    const basics = (await make('Data Basics', 3)).id;
    const sql = (await make('SQL', 3)).id;
    const target = (await make('Data Analyst', null)).id;
    await api('/api/v1/credentials', { achievementId: basics, recipient: { email: 'ada@example.com', name: 'Ada' } });

    await page.goto(`${server.url}/pathways/new`);
    await page.locator('#f-name').fill('Data Analyst');
    await page.locator('#f-targetAchievementId').selectOption(target);
    await page.getByLabel('Preview for learner (email)').fill('ada@example.com');
    const rule = { type: 'nOf', n: 3, children: [basics, sql].map((achievementId) => ({ type: 'credential', achievement: { achievementId } })) };
    await page.getByLabel('Rule (JSON)').fill(JSON.stringify(rule, null, 2));
    await expect.poll(() => page.locator('#pathway-preview').innerText()).toContain('Impossible: needs 3 of only 2 components.');
    await page.getByLabel('Rule (JSON)').fill(JSON.stringify({ ...rule, type: 'allOf', n: undefined }, null, 2));
    await expect.poll(() => page.locator('#pathway-preview').innerText()).toContain('SQL: not yet earned.');
    expect(await page.locator('#pathway-preview').innerText()).toContain('Data Basics: earned on');
    await check('builder-live-preview');

    await page.getByRole('button', { name: 'Save pathway' }).click();
    await page.waitForURL(/\/pathways\/[0-9a-f-]{36}$/);
    expect(await page.locator('.flash').innerText()).toContain('Data Analyst');
    expect(await page.getByRole('heading', { name: 'Funnel' }).isVisible()).toBe(true);
    await check('detail');
  });
});
