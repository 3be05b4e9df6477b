/**
 * Issue 4's journey in Chromium: staff author a module (content, question bank, quiz, project with rubric, award
 * rule); a learner signs up, verifies their email, enrols, fails the quiz, passes it on a second attempt and submits a
 * project with a file; an assessor (invited with that role) scores the rubric and accepts; the credential is issued
 * once with the quiz score and rubric levels inside, and the learner gets the email. Pages pass axe; 390 px shots.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { validateOb3Credential } from '../../src/core/schema/index.ts';
import { expectNoAxeViolations, launchBrowser, screenshotBoth, startServer, type RunningServer } from '../helpers/browser.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs the real `microcred verify` CLI; resolves with its exit code and parsed JSON check log. */
async function cliVerify(file: string): Promise<{ code: number; out: { summary: string; checks: Array<{ id: string; status: string; message: string }> }; stderr: string }> {
  const args = ['--no-install', 'microcred', 'verify', '--json', '--allow-private-addresses', file];
  try {
    const r = await promisify(execFile)('npx', args, { cwd: ROOT, timeout: 120_000 });
    return { code: 0, out: JSON.parse(r.stdout), stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, out: JSON.parse(err.stdout || '{"summary":"none","checks":[]}'), stderr: err.stderr ?? String(e) };
  }
}

describe('learning module to credential in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  async function person(): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(ctx);
    const p = await ctx.newPage();
    p.setDefaultTimeout(20_000);
    return p;
  }

  async function check(page: Page, name: string) {
    await expectNoAxeViolations(page, name);
    await screenshotBoth(page, `assessment-${name}`);
  }

  async function signUp(page: Page, name: string, email: string, kind: 'issuer' | 'learner', org?: string) {
    await page.goto(`${server.url}/signup`);
    await page.getByLabel('Your name').fill(name);
    await page.getByLabel(/^Email/).fill(email);
    await page.getByLabel('Password').fill('a long enough passphrase');
    if (kind === 'learner') await page.getByLabel('Collect and share my own credentials').check();
    else await page.getByLabel('Organization name').fill(org!);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForLoadState();
  }

  async function mailboxLink(page: Page, to: string, pattern: RegExp): Promise<string> {
    await page.goto(`${server.url}/dev/mailbox?to=${encodeURIComponent(to)}`);
    return (await page.getByRole('link', { name: pattern }).first().getAttribute('href'))!;
  }

  it('enrols, fails, passes, submits, is assessed and awarded once', async () => {
    // Staff: micro-credential, module, content, bank, quiz, project, award rule.
    const staff = await person();
    await signUp(staff, 'Iris Registrar', 'iris@harbour.example', 'issuer', 'Harbour College');
    await staff.goto(`${server.url}/catalog/micro-credentials/new`);
    await staff.locator('#f-name').fill('Map Reading');
    await staff.getByLabel(/^Short description/).fill('Reads topographic maps and plans a route.');
    await staff.getByLabel(/^Criteria/).fill('Pass the quiz and the route-planning project.');
    await staff.getByLabel('Credits', { exact: true }).fill('1.5');
    await staff.getByRole('button', { name: 'Create micro-credential' }).click();
    await staff.waitForURL(/\/catalog\/micro-credentials\/[^/]+\/edit$/);

    await staff.goto(`${server.url}/author/modules`);
    await staff.getByLabel(/^Title/).fill('Reading maps');
    await staff.getByLabel('Summary').fill('Contours, scale and grid references.');
    await staff.getByRole('button', { name: 'Create module' }).click();
    await staff.waitForURL(/\/author\/modules\/[0-9a-f-]{36}$/);
    const moduleUrl = staff.url();
    const moduleId = moduleUrl.split('/').pop()!;

    await staff.getByLabel('Status').selectOption('published');
    await staff.getByLabel('Map Reading').check();
    await staff.getByLabel('Content sections').fill('=== markdown: Contours\nContour lines join points of **equal height**.\n=== link: Ordnance Survey guide | https://www.ordnancesurvey.co.uk/');
    await staff.getByRole('button', { name: 'Save module' }).click();
    expect(await staff.locator('.flash').innerText()).toContain('Module saved');

    await staff.getByLabel('Type').selectOption('single_choice');
    await staff.getByRole('textbox', { name: 'Question', exact: true }).fill('What do close contour lines mean?');
    await staff.getByLabel('Options (choice questions)').fill('*A steep slope\nA gentle slope\nA river');
    await staff.getByRole('button', { name: 'Add question' }).click();
    expect(await staff.locator('.flash').innerText()).toContain('Question added');
    await staff.getByLabel('Type').selectOption('numeric');
    await staff.getByRole('textbox', { name: 'Question', exact: true }).fill('At 1:25 000, how many metres is 4 cm on the map?');
    await staff.getByLabel('Numeric answer').fill('1000');
    await staff.getByRole('button', { name: 'Add question' }).click();

    await staff.locator('#quiz-h').scrollIntoViewIfNeeded();
    await staff.getByLabel(/^Quiz title/).fill('Map quiz');
    await staff.getByLabel('Pass mark (%)').fill('100');
    await staff.getByLabel(/^Attempt limit/).fill('3');
    await staff.getByLabel(/^Time limit in minutes/).fill('20');
    await staff.getByRole('button', { name: 'Create quiz' }).click();
    expect(await staff.locator('.flash').innerText()).toContain('Quiz created');

    await staff.getByLabel(/^Project title/).fill('Plan a route');
    await staff.getByLabel(/^Brief/).fill('Plan a 10 km walk and explain your choices.');
    await staff.getByLabel(/^Rubric/).fill('Route safety | Unsafe=0 | Safe=2* | Exemplary=3\nExplanation | Missing=0 | Clear=1*');
    await staff.getByRole('button', { name: 'Create project' }).click();
    expect(await staff.locator('.flash').innerText()).toContain('Project created');

    await staff.getByLabel('Pass the quiz “Map quiz”').check();
    await staff.getByLabel(/^Project “Plan a route”/).check();
    await staff.getByRole('button', { name: 'Save the award rule' }).click();
    expect(await staff.locator('.flash').innerText()).toContain('Award rule saved');
    await check(staff, 'author-module');

    // Staff invite an assessor.
    await staff.goto(`${server.url}/org/members`);
    await staff.getByLabel(/^Email/).fill('asa@harbour.example');
    await staff.getByLabel('Role').selectOption('assessor');
    await staff.getByRole('button', { name: 'Send invitation' }).click();
    const inviteHref = await mailboxLink(staff, 'asa@harbour.example', /\/invite\//);

    // Learner: sign up, verify, enrol.
    const learner = await person();
    await signUp(learner, 'Ada Walker', 'ada@example.com', 'learner');
    await learner.goto(await mailboxLink(learner, 'ada@example.com', /\/verify-email\//));
    await learner.goto(`${server.url}/learn/modules/${moduleId}`);
    expect(await learner.getByRole('heading', { level: 1 }).innerText()).toBe('Reading maps');
    expect(await learner.locator('.prose strong').first().innerText()).toBe('equal height');
    await learner.getByRole('button', { name: 'Enrol in this module' }).click();
    expect(await learner.locator('.flash').innerText()).toContain('You are enrolled');
    await check(learner, 'learner-module');

    // First attempt: wrong numeric answer, keyboard only for the choice.
    await learner.getByRole('link', { name: 'Quiz: Map quiz' }).click();
    await learner.getByRole('button', { name: 'Start an attempt' }).click();
    expect(await learner.content()).not.toContain('correct');
    await check(learner, 'quiz-form');
    await learner.getByLabel('A steep slope').focus();
    await learner.keyboard.press('Space');
    await learner.getByLabel('Your answer').fill('400');
    await learner.getByRole('button', { name: 'Submit answers' }).click();
    await learner.waitForURL(/\/learn\/attempts\//);
    expect(await learner.getByRole('heading', { level: 1 }).innerText()).toContain('Not passed yet: 50%');
    expect(await learner.content()).not.toContain('Correct answer:'); // review only after passing
    await check(learner, 'quiz-failed');

    // Second attempt on a phone-sized screen: passes.
    await learner.setViewportSize({ width: 360, height: 740 });
    await learner.getByRole('link', { name: 'Back to the quiz' }).click();
    await learner.getByRole('button', { name: 'Start an attempt' }).click();
    await learner.getByLabel('A steep slope').check();
    await learner.getByLabel('Your answer').fill('1 000');
    await learner.getByRole('button', { name: 'Submit answers' }).click();
    await learner.waitForURL(/\/learn\/attempts\//);
    expect(await learner.getByRole('heading', { level: 1 }).innerText()).toContain('Passed: 100%');
    expect(await learner.content()).toContain('Correct answer:');
    await check(learner, 'quiz-passed');
    await learner.setViewportSize({ width: 1280, height: 800 });

    // Project submission with a file.
    await learner.goto(`${server.url}/learn/modules/${moduleId}`);
    await learner.getByRole('link', { name: 'Project: Plan a route' }).click();
    await learner.getByLabel('Your write-up (markdown)').fill('I follow the ridge and avoid the quarry.');
    await learner.getByLabel('Links (one per line)').fill('https://maps.example.org/my-route');
    const pdf = join(server.dataDir, 'route.pdf');
    writeFileSync(pdf, '%PDF-1.4\n% route plan\n');
    await learner.getByLabel('Files').setInputFiles(pdf);
    await learner.getByRole('button', { name: 'Submit for review' }).click();
    expect(await learner.locator('.flash').innerText()).toContain('Submitted');
    await check(learner, 'project-submitted');

    // Assessor: accept the invitation, score the rubric, accept.
    const assessor = await person();
    await assessor.goto(`${server.url}${new URL(inviteHref, server.url).pathname}`);
    await signUpFromInvite(assessor);
    await assessor.goto(`${server.url}/assess`);
    await check(assessor, 'review-queue');
    await assessor.getByRole('link', { name: /^Review Plan a route by ada@example.com/ }).click();
    await assessor.getByLabel(/^Exemplary/).check();
    await assessor.getByLabel(/^Clear/).check();
    await assessor.getByLabel(/^Feedback to the learner/).fill('A safe, well-argued route.');
    await assessor.getByLabel('Accept').check();
    await check(assessor, 'review-form');
    await assessor.getByRole('button', { name: 'Save the review' }).click();
    expect(await assessor.locator('.flash').innerText()).toContain('Accepted');

    // The credential: issued once, with the quiz score and rubric levels, and the learner has the email.
    const db = new Database(join(server.dataDir, 'microcred.db'), { readonly: true });
    const rows = db.prepare('SELECT id, document, source FROM credentials').all() as Array<{ id: string; document: string; source: string }>;
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.source).toBe('assessment');
    const vc = JSON.parse(rows[0]!.document);
    expect(validateOb3Credential(vc).valid).toBe(true);
    const subject = vc.credentialSubject;
    const rds = subject.achievement.resultDescription as Array<{ id: string; name: string; rubricCriterionLevel?: Array<{ id: string; name: string }> }>;
    expect(subject.result).toContainEqual(expect.objectContaining({ resultDescription: rds.find((d) => d.name === 'Map quiz: score')!.id, value: '100' }));
    const safety = rds.find((d) => d.name === 'Plan a route: Route safety')!;
    expect(subject.result).toContainEqual(expect.objectContaining({ resultDescription: safety.id, achievedLevel: safety.rubricCriterionLevel!.find((l) => l.name === 'Exemplary')!.id }));
    expect(subject.creditsEarned).toBe(1.5);
    expect(vc.evidence[0].narrative).toContain('A safe, well-argued route.');

    await learner.goto(`${server.url}/dev/mailbox?to=ada%40example.com`);
    expect(await learner.locator('article.mail h2').allInnerTexts()).toContain('You have earned "Map Reading"');
    await learner.goto(`${server.url}/learn/modules/${moduleId}`);
    expect(await learner.locator('main').innerText()).toContain('Your credential has been issued');

    // The learner's JSON download passes the real `microcred verify` CLI, status list fetched from this live server.
    const download = await learner.request.get(`${server.url}/wallet/issued/${rows[0]!.id}/download/json`);
    expect(download.status()).toBe(200);
    const downloaded = JSON.parse(await download.text());
    expect(downloaded.id).toBe(vc.id);
    const file = join(server.dataDir, 'map-reading.json');
    writeFileSync(file, JSON.stringify(downloaded));
    const verified = await cliVerify(file);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.out.summary).toBe('valid');
    expect(verified.out.checks.length).toBeGreaterThan(0);
    for (const c of verified.out.checks) expect(`${c.id}: ${c.status}`, c.message).toBe(`${c.id}: valid`);
    expect(verified.out.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['proof', 'ob_schema', 'revocation_status']));
    const rdIds = (downloaded.credentialSubject.achievement.resultDescription as Array<{ id: string }>).map((d) => d.id);
    const results = downloaded.credentialSubject.result as Array<{ resultDescription: string }>;
    expect(results.length).toBeGreaterThanOrEqual(3);
    for (const r of results) expect(rdIds).toContain(r.resultDescription);
  });

  async function signUpFromInvite(page: Page) {
    if (!page.url().includes('/signup')) {
      const link = page.getByRole('link', { name: /Create an account|Sign up/ }).first();
      await link.click();
    }
    await page.getByLabel('Your name').fill('Asa Assessor');
    await page.getByLabel('Password').fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForLoadState();
  }
});
