import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { ensureDashboardBuilt } from './support/dashboard-build';
import { collectPageErrors, launchBrowser, screenshot, screenshotOnFailure } from './support/browser';
import { signInThroughForm, skipTour } from './support/session';

const adminEmail = 'admin@aurastream.test';
const password = 'neon-skyline-77!';

/** Waits for the newest e-mail in the service's outbox whose text matches (mail is sent in the background). */
async function waitForEmail(app: TestService, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const outbox = app.service.config.email.outboxDir;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = await readdir(outbox).catch(() => [] as string[]);
    for (const name of files
      .filter((file) => file.endsWith('.eml'))
      .sort()
      .reverse()) {
      const text = await readFile(path.join(outbox, name), 'utf8');
      if (pattern.test(text)) {
        return text;
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`no e-mail matching ${pattern} in ${outbox}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('dashboard: accounts, plans and roles (browser)', function () {
  this.timeout(60_000);
  let app: TestService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[] = [];
  let adminApi: TestService['api'];

  before(async () => {
    ensureDashboardBuilt();
    [app, browser] = await Promise.all([startTestService({ ADMIN_EMAILS: adminEmail }), launchBrowser()]);
    await app.api.auth.signup({ body: { email: adminEmail, password, displayName: 'Ada Admin' } });
    // ADMIN_EMAILS counts a verified address only
    const verification = /\/api\/v1\/auth\/email\/verify\/[\w-]+/.exec(
      await waitForEmail(app, new RegExp(`To: ${adminEmail}[\\s\\S]*verify`)),
    )?.[0];
    expect(verification, 'the verification link').to.be.a('string');
    expect((await fetch(`${app.url}${verification}`)).status).to.equal(200);
    const admin = await app.api.auth.login({ body: { email: adminEmail, password } });
    expect(admin.user.role).to.equal('admin');
    adminApi = app.clientFor(admin.accessToken);
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function openPage(options: { mobile?: boolean } = {}): Promise<void> {
    context = await browser.newContext({
      baseURL: app.url,
      reducedMotion: 'reduce',
      ...(options.mobile
        ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
        : { viewport: { width: 1366, height: 900 } }),
    });
    page = await context.newPage();
    errors = collectPageErrors(page);
  }

  afterEach(async function () {
    await screenshotOnFailure(page, this.currentTest);
    await context?.close();
    expect(errors, 'errors in the page').to.deep.equal([]);
    errors = [];
  });

  it('resets a forgotten password through the e-mailed link', async () => {
    await app.api.auth.signup({ body: { email: 'echo@example.test', password, displayName: 'Echo' } });
    await openPage();
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByLabel('E-mail').fill('echo@example.test');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();

    const email = await waitForEmail(app, /Subject: Reset your AuraStream password/);
    const link = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(email)?.[0];
    expect(link, 'reset link in the e-mail').to.be.a('string');
    await page.goto(link!);
    await page.getByLabel('New password').fill('brand-new-secret-9');
    await page.getByLabel('Repeat it').fill('brand-new-secret-9');
    await page.getByText('They match').waitFor();
    await screenshot(page, 'reset-password');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.getByText('Your password was changed. Sign in with the new one.').waitFor();

    await page.goto(link!);
    await page.getByLabel('New password').fill('another-secret-10');
    await page.getByLabel('Repeat it').fill('another-secret-10');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.getByText(/already used/).waitFor();

    await signInThroughForm(page, 'echo@example.test', 'brand-new-secret-9');
  });

  it('shows an admin the analytics and lets them flush it', async () => {
    await openPage();
    await signInThroughForm(page, adminEmail, password);
    await skipTour(page);
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
    await page.getByText('Popular asset types').waitFor();
    await page.getByRole('button', { name: 'Flush now' }).click();
    await page.getByText(/Flushed \d+ events/).waitFor();
    await screenshot(page, 'admin-analytics');
  });

  it('keeps analytics away from streamers who are not admins', async () => {
    await app.api.auth.signup({ body: { email: 'sam@example.test', password, displayName: 'Sam' } });
    await openPage();
    await signInThroughForm(page, 'sam@example.test', password);
    await skipTour(page);
    expect(await page.getByRole('link', { name: 'Analytics' }).count()).to.equal(0);
    await page.goto('/admin/analytics');
    await page.getByRole('heading', { name: 'This page went offline' }).waitFor();
  });

  it('coaches a studio streamer to a prompt and hands it to the generator', async () => {
    await app.api.auth.signup({ body: { email: 'sol@example.test', password, displayName: 'Sol' } });
    const [sol] = (await adminApi.admin.listUsers({ query: { email: 'sol@example.test' } })).items;
    await adminApi.admin.updateUser({ params: { id: sol!.id }, body: { subscriptionTier: 'studio' } });

    await openPage();
    await signInThroughForm(page, 'sol@example.test', password);
    await skipTour(page);
    await page.getByRole('link', { name: 'Prompt Coach' }).click();
    await page.getByLabel('Your rough idea').fill('my cat mascot doing a victory dance when we win');
    await page.getByRole('button', { name: 'Start coaching' }).click();
    await page.getByText(/turns? left/).waitFor();
    await page.getByLabel('Message the coach').fill('chibi style, the word GG, purple and gold, hype mood');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('heading', { name: 'Ready to generate' }).waitFor();
    await screenshot(page, 'coach');
    await page.getByRole('button', { name: 'Use this prompt' }).click();
    await page.getByRole('heading', { name: 'Create', level: 1 }).waitFor();
    expect(await page.getByLabel('Your idea').inputValue()).to.match(/cat/i);
  });

  it('works on a phone', async () => {
    await app.api.auth.signup({ body: { email: 'pip@example.test', password, displayName: 'Pip' } });
    await openPage({ mobile: true });
    await page.goto('/login');
    await screenshot(page, 'mobile-sign-in');
    await signInThroughForm(page, 'pip@example.test', password);
    await page.getByRole('dialog', { name: /Welcome to AuraStream/ }).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('dialog', { name: 'Start with a brand kit' }).waitFor();
    await screenshot(page, 'mobile-onboarding');
    await page.getByRole('button', { name: 'Skip tour' }).click();
    await screenshot(page, 'mobile-home');
    const bottomBar = page.getByRole('navigation', { name: 'Quick navigation' });
    await bottomBar.getByRole('link', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Create', level: 1 }).waitFor();
    await screenshot(page, 'mobile-create');
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('complementary', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'horizontal overflow in px').to.be.at.most(0);
  });
});
