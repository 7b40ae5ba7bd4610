import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { generateAssets } from '../extension/support';
import { ensureDashboardBuilt } from './support/dashboard-build';
import { launchBrowser, screenshot } from './support/browser';
import { ringPng } from './support/png';
import {
  createAccount,
  openBrowser,
  openSignedIn,
  signInThroughForm,
  testPassword,
  type BrowserSession,
} from './support/session';

/**
 * A streamer's first steps, each case on its own account and browser, its starting state made through
 * the API: any one runs alone (`--grep`) and none depends on another's leftovers.
 */
describe('dashboard: a new streamer’s first session (browser)', function () {
  this.timeout(60_000);
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

  it('signs up and takes the five-step welcome tour', async () => {
    session = await openBrowser(browser, app);
    const { page } = session;
    await page.goto('/');
    await page.waitForURL('**/login');
    await page.getByRole('link', { name: 'Create a free account' }).click();
    await page.getByLabel('Streamer name').fill('Nova');
    await page.getByLabel('E-mail').fill('nova@example.test');
    await page.getByLabel('Password', { exact: true }).fill(testPassword);
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
    const nova = await createAccount(app, { displayName: 'Nova', tier: 'free' });
    session = await openSignedIn(browser, app, nova);
    const { page } = session;
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'ready to glow up' }).waitFor();
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
    const [kit] = (await nova.api.brandKits.list()).brandKits;
    expect(kit).to.include({ name: 'Neon Nights' });
    expect(kit!.fonts.headline).to.equal('Bebas Neue');
    expect(kit!.logoUrl, 'the uploaded logo').to.be.a('string');

    await page.goto('/brand-kits/new');
    await page.getByLabel('Kit name').fill('Second kit');
    await page.getByRole('button', { name: 'Create brand kit' }).click();
    await page.getByRole('dialog', { name: 'You’ve used every brand kit on your plan' }).waitFor();
    await screenshot(page, 'upgrade-prompt');
    await page.getByRole('button', { name: 'Not now' }).click();
    expect((await nova.api.brandKits.list()).brandKits).to.have.length(1);
  });

  it('generates an emote with live progress and celebrates the first asset', async () => {
    const nova = await createAccount(app, { displayName: 'Nova', tier: 'free' });
    const kit = await nova.api.brandKits.create({ body: { name: 'Neon Nights', primaryColors: ['#7B2FF7'] } });
    await nova.api.brandKits.activate({ params: { id: kit.id } });
    session = await openSignedIn(browser, app, nova);
    const { page } = session;
    await page.goto('/brand-kits');
    await page.getByLabel('Active brand kit').waitFor();
    await page.keyboard.press('n');
    await page.getByRole('radio', { name: /Emote/ }).first().waitFor();
    expect(await page.getByRole('radio', { name: /Emote/ }).first().getAttribute('aria-checked')).to.equal('true');
    expect(await page.getByLabel('Brand kit').inputValue()).to.equal(kit.id);
    await page.getByLabel('Your idea').fill('a hype cat with sunglasses yelling GG');
    await page.getByRole('button', { name: /^Generate emote/ }).click();
    await page.getByRole('dialog', { name: 'Your first design!' }).waitFor({ timeout: 45_000 });
    await screenshot(page, 'celebration');
    await page.getByRole('button', { name: 'Keep creating' }).click();
    await page.getByText('Done!').waitFor();
    const sizes = await page.locator('.size-list').first().innerText();
    expect(sizes).to.include('112×112').and.include('56×56').and.include('28×28');
    await page.locator('#results').scrollIntoViewIfNeeded();
    await screenshot(page, 'generation-results');
  });

  it('finds the emote in the library, hides it, deletes it and undoes the deletion', async () => {
    const nova = await createAccount(app, { displayName: 'Nova', tier: 'free' });
    await generateAssets(nova.api, 'emote', { prompt: 'a hype cat with sunglasses' });
    session = await openSignedIn(browser, app, nova);
    const { page } = session;
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'ready to glow up' }).waitFor();
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
    const stored = (await nova.api.assets.list({ query: {} })).assets;
    expect(stored.map((asset) => asset.isPublic)).to.deep.equal(stored.map(() => false));
    await detail.getByRole('button', { name: /Delete/ }).click();
    await card.waitFor({ state: 'detached' });
    await page.getByText('Deleted emote').waitFor();
    await screenshot(page, 'undo-toast');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Restored').waitFor();
    await card.waitFor();
    await page.getByLabel('Visibility').getByRole('radio', { name: 'Private' }).click();
    await card.waitFor();
    expect((await nova.api.assets.list({ query: {} })).assets).to.have.length(stored.length);
  });

  it('jumps anywhere from the command palette, signs out and back in', async () => {
    const nova = await createAccount(app, { displayName: 'Nova', tier: 'free' });
    const kit = await nova.api.brandKits.create({ body: { name: 'Neon Nights' } });
    await nova.api.brandKits.activate({ params: { id: kit.id } });
    session = await openSignedIn(browser, app, nova);
    const { page } = session;
    await page.goto('/');
    await page.getByText('Neon Nights').waitFor();
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Search commands' }).fill('sett');
    await screenshot(page, 'command-palette');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByRole('button', { name: /Nova/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await signInThroughForm(page, nova.email, nova.password);
    await page.getByText('Neon Nights').waitFor();
    await screenshot(page, 'home');
  });
});
