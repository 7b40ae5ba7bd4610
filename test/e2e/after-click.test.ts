import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { generateAssets } from '../extension/support';
import { ensureDashboardBuilt } from './support/dashboard-build';
import { launchBrowser, screenshotDir } from './support/browser';
import { expectAccessible } from './support/axe';
import { createAccount, openSignedIn, type BrowserSession } from './support/session';

const screenshots = path.join(screenshotDir, 'after-click');

/** Whether the element's box lies wholly inside the viewport. */
async function inView(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
  });
}

/**
 * After the click: the result view (publishing, the zip, More like this), Settings (the panel, the
 * plans) and toasts over dialogs, each case on its own account, looked at at 1280 and 375 px.
 */
describe('dashboard: after the click (browser)', function () {
  this.timeout(90_000);
  let app: TestService;
  let browser: Browser;
  let session: BrowserSession | undefined;

  before(async () => {
    ensureDashboardBuilt();
    [app, browser] = await Promise.all([startTestService(), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });
  afterEach(async function () {
    await session?.finish(this.currentTest);
    session = undefined;
  });

  it('keeps Generate in view, and publishes a design from its result in one action', async () => {
    const nova = await createAccount(app, { displayName: 'Nova', tier: 'pro' });
    await generateAssets(nova.api, 'panel', { prompt: 'about me', publish: false });
    session = await openSignedIn(browser, app, nova);
    const { page } = session;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/create?type=emote');
    await page.getByLabel('Your idea').fill('a hype cat with sunglasses');
    expect(await inView(page, '.generate-bar .btn-primary'), 'Generate in view at 1280×800').to.equal(true);
    await page.getByRole('radiogroup', { name: 'Variations' }).getByRole('radio', { name: '2' }).click();
    expect(await inView(page, '.generate-bar .btn-primary'), 'still in view down the form').to.equal(true);
    await page.getByRole('button', { name: /^Generate emote/i }).click();
    await page.getByText('Done!').waitFor({ timeout: 60_000 });
    await page.getByText('New designs are private.').waitFor();

    await page
      .getByRole('button', { name: /Publish variation \d to your panel/ })
      .first()
      .click();
    await page.locator('.result-card .chip-accent', { hasText: 'Published' }).waitFor();
    const stored = (await nova.api.assets.list({ query: { assetType: 'emote' } })).assets;
    const published = new Set(stored.filter((file) => file.isPublic).map((file) => file.generationParams.variation));
    expect(published.size, 'one whole design published').to.equal(1);
    expect(stored.filter((file) => file.isPublic)).to.have.length(3);
    await page.getByText('Upload limit: 1.0 MB per file').first().waitFor();
    await page.locator('.result-card').first().scrollIntoViewIfNeeded();
    await expectAccessible(page, 'result-view', { screenshots });

    // More like this: the create form again, with the design's words
    await page.getByRole('button', { name: 'More like this' }).first().click();
    await page.waitForURL('**/create');
    expect(await page.getByLabel('Your idea').inputValue()).to.equal('a hype cat with sunglasses');
  });

  it('says in Settings what viewers see on the panel, and each plan’s numbers and how to change plan', async () => {
    const nova = await createAccount(app, { displayName: 'Nova', tier: 'free' });
    const [first] = await generateAssets(nova.api, 'badge', { prompt: 'crown' });
    await generateAssets(nova.api, 'emote', { prompt: 'gg', publish: false });
    expect(first!.isPublic).to.equal(true);
    session = await openSignedIn(browser, app, nova);
    const { page } = session;
    await page.goto('/settings');
    await page.getByText('1 of 2 designs are published.').waitFor();
    await page.getByText('20 designs a month').waitFor();
    await page.getByText('npm run admin -- set-tier', { exact: false }).first().waitFor();
    await expectAccessible(page, 'settings', { screenshots, fullPage: true });
  });

  it('shows a toast above an open dialog, where it can be read and used', async () => {
    const nova = await createAccount(app, { displayName: 'Nova' });
    await generateAssets(nova.api, 'emote', { prompt: 'hype cat' });
    session = await openSignedIn(browser, app, nova);
    const { page, context } = session;
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/assets');
    await page
      .getByRole('button', { name: /Open Emote/ })
      .first()
      .click();
    const detail = page.getByRole('dialog', { name: /Emote · variation 1/ });
    await detail.waitFor();
    await detail.getByRole('button', { name: 'Copy link' }).click();
    const toast = detail.locator('.toast', { hasText: 'Public link copied' });
    await toast.waitFor();
    // what is drawn at the toast's centre is the toast itself, not the dialog over it
    const onTop = await toast.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return hit !== null && element.contains(hit);
    });
    expect(onTop).to.equal(true);
    await toast.getByRole('button', { name: 'Dismiss' }).click();
    await toast.waitFor({ state: 'detached' });
  });
});
