import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { ensureDashboardBuilt } from './support/dashboard-build';
import { collectPageErrors, launchBrowser, screenshot, screenshotOnFailure } from './support/browser';
import { ringPng } from './support/png';
import { signInThroughForm } from './support/session';

const password = 'purple-rain-2024!';

describe('dashboard: a new streamer’s first session (browser)', function () {
  this.timeout(60_000);
  let app: TestService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  before(async () => {
    ensureDashboardBuilt();
    [app, browser] = await Promise.all([startTestService(), launchBrowser()]);
    context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      baseURL: app.url,
      reducedMotion: 'reduce',
    });
    page = await context.newPage();
    errors = collectPageErrors(page);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
  });

  afterEach(async function () {
    await screenshotOnFailure(page, this.currentTest);
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  it('signs up and takes the five-step welcome tour', async () => {
    await page.goto('/');
    await page.waitForURL('**/login');
    await page.getByRole('link', { name: 'Create a free account' }).click();
    await page.getByLabel('Streamer name').fill('Nova');
    await page.getByLabel('E-mail').fill('nova@example.test');
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByText('Looks good').waitFor();
    await screenshot(page, 'signup');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('dialog', { name: /Welcome to AuraStream, Nova/ }).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('dialog', { name: 'Start with a brand kit' }).waitFor();
    await screenshot(page, 'onboarding');
    for (const title of ['Create in seconds', 'Your library', 'Move at stream speed']) {
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('dialog', { name: title }).waitFor();
    }
    await page.getByRole('button', { name: 'Let’s go' }).click();
    await page.getByRole('dialog', { name: 'Move at stream speed' }).waitFor({ state: 'detached' });
    expect(await page.getByText('Confirm nova@example.test').isVisible()).to.equal(true);
  });

  it('creates a brand kit with colours and a logo, and meets the plan’s kit limit', async () => {
    await page.keyboard.press('b');
    await page.getByRole('heading', { name: 'Give your channel a look' }).waitFor();
    await page.getByRole('link', { name: 'Create your first kit' }).click();
    await page.getByLabel('Kit name').fill('Neon Nights');
    await page.getByRole('button', { name: 'Neon Arcade' }).click();
    await page.getByLabel('Headline font').fill('Bebas Neue');
    await page.getByRole('button', { name: 'Create brand kit' }).click();
    await page.waitForURL(/\/brand-kits\/[0-9a-f-]{36}$/);
    await page.locator('.logo-drop:enabled').first().waitFor();
    await page
      .locator('.logo-slot input[type=file]')
      .first()
      .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: ringPng(256, [0, 240, 255]) });
    await page.getByRole('img', { name: 'Primary logo' }).waitFor();
    await screenshot(page, 'brand-kit-editor', true);

    await page.goto('/brand-kits/new');
    await page.getByLabel('Kit name').fill('Second kit');
    await page.getByRole('button', { name: 'Create brand kit' }).click();
    await page.getByRole('dialog', { name: 'You’ve used every brand kit on your plan' }).waitFor();
    await screenshot(page, 'upgrade-prompt');
    await page.getByRole('button', { name: 'Not now' }).click();
  });

  it('generates an emote with live progress and celebrates the first asset', async () => {
    await page.goto('/brand-kits');
    await page.getByLabel('Active brand kit').waitFor();
    await page.keyboard.press('n');
    await page.getByRole('radio', { name: /Emote/ }).first().waitFor();
    expect(await page.getByRole('radio', { name: /Emote/ }).first().getAttribute('aria-checked')).to.equal('true');
    expect(await page.getByLabel('Brand kit').inputValue()).to.match(/^[0-9a-f-]{36}$/);
    await page.getByLabel('Your idea').fill('a hype cat with sunglasses yelling GG');
    await page.getByRole('button', { name: /^Generate emote/ }).click();
    await page.getByRole('dialog', { name: 'Your first asset!' }).waitFor({ timeout: 45_000 });
    await screenshot(page, 'celebration');
    await page.getByRole('button', { name: 'Keep creating' }).click();
    await page.getByText('Done!').waitFor();
    const sizes = await page.locator('.size-list').first().innerText();
    expect(sizes).to.include('112×112').and.include('56×56').and.include('28×28');
    await page.locator('#results').scrollIntoViewIfNeeded();
    await screenshot(page, 'generation-results');
  });

  it('finds the emote in the library, hides it, deletes it and undoes the deletion', async () => {
    await page.keyboard.press('a');
    const card = page.getByRole('button', { name: /Open Emote/ });
    await card.waitFor();
    await screenshot(page, 'library');
    await card.click();
    const detail = page.getByRole('dialog', { name: /Emote · variation 1/ });
    await detail.waitFor();
    await detail.getByRole('switch').click();
    await detail.getByText('Private: only you can see it').waitFor();
    await screenshot(page, 'asset-detail');
    await detail.getByRole('button', { name: /Delete/ }).click();
    await card.waitFor({ state: 'detached' });
    await page.getByText('Deleted emote').waitFor();
    await screenshot(page, 'undo-toast');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Restored').waitFor();
    await card.waitFor();
    await page.getByLabel('Visibility').getByRole('radio', { name: 'Private' }).click();
    await card.waitFor();
  });

  it('jumps anywhere from the command palette, signs out and back in', async () => {
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Search commands' }).fill('sett');
    await screenshot(page, 'command-palette');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByRole('button', { name: /Nova/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await signInThroughForm(page, 'nova@example.test', password);
    await page.getByRole('button', { name: /Open Emote/ }).waitFor();
    await screenshot(page, 'home');
  });
});
