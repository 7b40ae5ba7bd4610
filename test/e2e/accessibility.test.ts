import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { generateAssets } from '../extension/support';
import { ensureDashboardBuilt } from './support/dashboard-build';
import { launchBrowser, screenshotDir } from './support/browser';
import { expectAccessible as checkPage } from './support/axe';
import { ringPng } from './support/png';
import { logoForm } from '../brand-kits/images';
import { createAccount, openBrowser, openSignedIn, type Account, type BrowserSession } from './support/session';

const screenshots = path.join(screenshotDir, 'pages');
const expectAccessible = (page: Page, name: string) => checkPage(page, name, { screenshots });

describe('dashboard: accessible at 1280 and 375 px (browser, axe)', function () {
  this.timeout(60_000);
  let app: TestService;
  let browser: Browser;
  let session: BrowserSession | undefined;
  /** A studio admin with a brand kit (and logo), an emote and a banner; e-mail not yet confirmed. */
  let streamer: Account;
  /** A streamer who just signed up on the free plan: empty states, the tour, the upgrade prompt. */
  let newcomer: Account;

  before(async () => {
    ensureDashboardBuilt();
    [app, browser] = await Promise.all([
      startTestService({ AUTH_RATE_LIMIT_PER_IP: '1000/60', AUTH_RATE_LIMIT_PER_ACCOUNT: '1000/60' }),
      launchBrowser(),
    ]);
    [streamer, newcomer] = await Promise.all([
      createAccount(app, { displayName: 'Nova Glow', tier: 'studio', role: 'admin', emailVerified: false }),
      createAccount(app, { displayName: 'Pip', tier: 'free' }),
    ]);
    const kit = await streamer.api.brandKits.create({
      body: {
        name: 'Neon Nights',
        primaryColors: ['#7B2FF7', '#0D0A1F'],
        accentColors: ['#00F0FF'],
        tone: 'competitive',
      },
    });
    await streamer.api.brandKits.activate({ params: { id: kit.id } });
    await streamer.api.brandKits.uploadLogo({
      params: { id: kit.id },
      body: logoForm(ringPng(256, [0, 240, 255]), { logoType: 'primary' }),
    });
    await generateAssets(streamer.api, 'emote', { variations: 2, prompt: 'a hype cat with sunglasses' });
    await generateAssets(streamer.api, 'banner', { prompt: 'neon city skyline' });
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  afterEach(async function () {
    await session?.finish(this.currentTest);
    session = undefined;
  });

  const guest = async (url: string) => {
    session = await openBrowser(browser, app);
    await session.page.goto(url);
    return session.page;
  };
  const as = async (account: Account, url: string, options: { tour?: boolean } = {}) => {
    session = await openSignedIn(browser, app, account, options);
    await session.page.goto(url);
    return session.page;
  };
  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

  describe('signed out', () => {
    it('sign-in', async () => {
      const page = await guest('/login');
      await heading(page, /Welcome back/);
      await expectAccessible(page, 'sign-in');
    });

    it('sign-up, with a field checked and one refused', async () => {
      const page = await guest('/signup');
      await page.getByLabel('Streamer name').fill('Nova');
      await page.getByLabel('E-mail').fill('nova@');
      await page.getByLabel('Password', { exact: true }).fill('purple-rain-2024!');
      await page.getByText('Nice name').waitFor();
      await page.getByLabel('Streamer name').click();
      await page.getByText(/e-mail address like/).waitFor();
      await expectAccessible(page, 'sign-up');
    });

    it('forgot and reset password', async () => {
      const page = await guest('/forgot-password');
      await page.getByRole('button', { name: 'Send reset link' }).waitFor();
      await expectAccessible(page, 'forgot-password');
      await page.goto('/reset-password?token=not-a-real-token');
      await page.getByLabel('New password').waitFor();
      await expectAccessible(page, 'reset-password');
    });

    it('a page that does not exist', async () => {
      const page = await guest('/no-such-page');
      await heading(page, 'This page went offline');
      await expectAccessible(page, 'not-found-signed-out');
    });
  });

  describe('signed in', () => {
    it('home, with the e-mail banner', async () => {
      const page = await as(streamer, '/');
      await heading(page, /ready to glow up/);
      await page
        .getByRole('button', { name: /Open Emote/ })
        .first()
        .waitFor();
      await expectAccessible(page, 'home');
    });

    it('home for a newcomer, with the welcome tour', async () => {
      const page = await as(newcomer, '/', { tour: true });
      await page.getByRole('dialog', { name: /Welcome to AuraStream/ }).waitFor();
      await expectAccessible(page, 'onboarding');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('dialog', { name: 'Start with a brand kit' }).waitFor();
      await expectAccessible(page, 'onboarding-spotlight');
      await page.getByRole('button', { name: 'Skip tour' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await expectAccessible(page, 'home-empty');
    });

    it('create: a single asset, the first one celebrated, its results with chat previews, and a pack', async () => {
      const first = await createAccount(app, { displayName: 'Rook', tier: 'pro' });
      await first.api.brandKits.create({
        body: { name: 'Ember', primaryColors: ['#FF6B35'], accentColors: ['#FFD23F'] },
      });
      const page = await as(first, '/create?type=emote');
      await heading(page, 'Create');
      await page.getByRole('radio', { name: /Emote/ }).first().waitFor();
      await expectAccessible(page, 'create');
      await page.getByLabel('Your idea').fill('a crown for loyal subs');
      await page.getByRole('radiogroup', { name: 'Variations' }).getByRole('radio', { name: '2' }).click();
      await page.getByRole('button', { name: /^Generate emote/ }).click();
      await page.getByRole('dialog', { name: 'Your first design!' }).waitFor({ timeout: 45_000 });
      await expectAccessible(page, 'celebration');
      await page.getByRole('button', { name: 'Keep creating' }).click();
      await page.getByText('Done!').waitFor();
      await page.locator('#results').scrollIntoViewIfNeeded();
      await expectAccessible(page, 'create-results');
      await page.getByRole('tab', { name: 'Asset pack' }).click();
      await page.getByRole('radiogroup', { name: 'Pack' }).waitFor();
      await expectAccessible(page, 'create-pack');
    });

    it('brand kits, the editor and a new kit refused for a missing name', async () => {
      const page = await as(streamer, '/brand-kits');
      await page.getByLabel('Active brand kit').waitFor();
      await expectAccessible(page, 'brand-kits');
      await page.getByRole('link', { name: 'Edit Neon Nights' }).click();
      await page.getByRole('img', { name: 'Primary logo' }).waitFor();
      await expectAccessible(page, 'brand-kit-editor');
      await page.goto('/brand-kits/new');
      await page.getByRole('button', { name: 'Create brand kit' }).click();
      await page.getByText('A name is required').waitFor();
      await expectAccessible(page, 'brand-kit-new');
    });

    it('the undo toast after deleting a kit', async () => {
      const owner = await createAccount(app, { displayName: 'Vex', tier: 'pro' });
      await owner.api.brandKits.create({ body: { name: 'Glitch' } });
      session = await openSignedIn(browser, app, owner);
      const { page } = session;
      await page.clock.install();
      await page.goto('/brand-kits');
      await page.getByRole('button', { name: 'Delete Glitch' }).click();
      await page.getByRole('button', { name: 'Undo' }).waitFor();
      // the undo window is five seconds: the page's time stands still (its timers run) while axe looks at it
      await page.clock.setFixedTime(await page.evaluate(() => Date.now()));
      await expectAccessible(page, 'undo-toast');
      await page.getByRole('button', { name: 'Undo' }).click();
      await page.getByRole('link', { name: 'Edit Glitch' }).waitFor();
    });

    it('empty brand kits and library', async () => {
      const page = await as(newcomer, '/brand-kits');
      await page.getByRole('heading', { name: 'Give your channel a look' }).waitFor();
      await expectAccessible(page, 'brand-kits-empty');
      await page.goto('/assets');
      await page.getByRole('heading', { name: 'Your library is waiting' }).waitFor();
      await expectAccessible(page, 'assets-empty');
    });

    it('asset library and the detail dialog', async () => {
      const page = await as(streamer, '/assets');
      const card = page.getByRole('button', { name: /Open Emote/ }).first();
      await card.waitFor();
      await expectAccessible(page, 'assets');
      await card.click();
      await page.getByRole('dialog', { name: /Emote · variation/ }).waitFor();
      await expectAccessible(page, 'asset-detail');
    });

    it('prompt coach: a session on Studio', async () => {
      const page = await as(streamer, '/coach');
      await page.getByLabel('Your rough idea').fill('my cat mascot doing a victory dance');
      await page.getByRole('button', { name: 'Start coaching' }).click();
      await page.getByText(/turns? left/).waitFor();
      await expectAccessible(page, 'coach');
      await page.getByLabel('Message the coach').fill('chibi style, the word GG, purple and gold');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await page.getByRole('heading', { name: 'Ready to generate' }).waitFor();
      await expectAccessible(page, 'coach-ready');
    });

    it('prompt coach on Free: tips, and the upgrade prompt', async () => {
      const page = await as(newcomer, '/coach');
      await page.getByRole('heading', { name: 'Prompt tips for your plan' }).waitFor();
      await expectAccessible(page, 'coach-free');
      await page.getByRole('button', { name: 'Upgrade to Studio' }).click();
      await page.getByRole('dialog', { name: 'Prompt Coach is a Studio feature' }).waitFor();
      await expectAccessible(page, 'upgrade-prompt');
    });

    it('settings', async () => {
      const page = await as(streamer, '/settings');
      await heading(page, 'Settings');
      await expectAccessible(page, 'settings');
      await page.getByRole('button', { name: 'Delete my account' }).click();
      await page.getByRole('dialog', { name: 'Delete your account?' }).waitFor();
      await expectAccessible(page, 'delete-account');
    });

    it('admin analytics', async () => {
      const page = await as(streamer, '/admin/analytics');
      await heading(page, 'Analytics');
      await page.getByText('Popular asset types').waitFor();
      await expectAccessible(page, 'admin-analytics');
    });

    it('command palette, shortcuts sheet and the account menu', async () => {
      const page = await as(streamer, '/');
      await heading(page, /ready to glow up/);
      await page.keyboard.press('Control+k');
      await page.getByRole('combobox', { name: 'Search commands' }).fill('kit');
      await expectAccessible(page, 'command-palette');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await expectAccessible(page, 'shortcuts');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: /Nova Glow/ }).click();
      await page.getByRole('menuitem', { name: 'Sign out' }).waitFor();
      await expectAccessible(page, 'account-menu');
    });

    it('a page that does not exist', async () => {
      const page = await as(streamer, '/no-such-page');
      await page.getByRole('heading', { name: 'This page went offline' }).waitFor();
      await expectAccessible(page, 'not-found');
    });
  });
});
