import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { launchBrowser } from '../e2e/support/browser';
import { expectAccessible } from '../e2e/support/axe';
import { openBrowser, type BrowserSession } from '../e2e/support/session';
import { ensureExtensionBuilt } from './extension-build';
import { createStreamer, generateAssets, type Streamer } from './support';

const screenshots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/extension/pages');
/** Offline, Twitch's helper script cannot load (the service's CSP refuses it too): expected, and handled. */
const expectedNoise = /extension-files\.twitch\.tv/;

const panelOf = (page: Page): FrameLocator => page.frameLocator('iframe[title="AuraStream panel extension"]');

/** The harness and the panel inside it are ready to look at: the panel's pictures have loaded. */
async function panelReady(page: Page): Promise<void> {
  if ((await page.locator('iframe[title="AuraStream panel extension"]').count()) === 0) {
    return;
  }
  await panelOf(page)
    .locator('body')
    .evaluate(async (body) => {
      await document.fonts.ready;
      await Promise.all([...body.querySelectorAll('img')].map((image) => image.decode().catch(() => undefined)));
    });
}

describe('extension panel: accessible in both Twitch themes at 1280 and 375 px (browser, axe)', function () {
  this.timeout(90_000);
  let twitch: FakeTwitch;
  let app: TestService;
  let browser: Browser;
  let session: BrowserSession | undefined;
  let nova: Streamer;
  let quiet: Streamer;

  before(async () => {
    ensureExtensionBuilt();
    twitch = await startFakeTwitch();
    [app, browser] = await Promise.all([
      startTestService({ ...twitch.serviceEnv, EXTENSION_CACHE_SECONDS: '0', GENERATION_REQUESTS_PER_MINUTE: '1000' }),
      launchBrowser(),
    ]);
    // one at a time: the fake Twitch signs in whoever was added last
    nova = await createStreamer(app, twitch, { login: 'novaglow', displayName: 'NovaGlow' });
    quiet = await createStreamer(app, twitch, { login: 'quietfox', displayName: 'QuietFox' });
    // a bright, light brand: the panel must keep its own text readable on the streamer's colours
    await nova.api.brandKits.create({
      body: { name: 'Sunset', primaryColors: ['#FFD23F', '#FF6B35'], accentColors: ['#7B2FF7'] },
    });
    await generateAssets(nova.api, 'emote', { variations: 2, prompt: 'hype cat' });
    await generateAssets(nova.api, 'badge', { prompt: 'crown' });
    await generateAssets(nova.api, 'banner', { prompt: 'sunset city' });
    await generateAssets(nova.api, 'panel', { prompt: 'about me' });
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    await twitch?.stop();
  });

  afterEach(async function () {
    // the panel's helper script is refused offline; anything else in the console is a failure
    if (session) {
      session.errors.splice(0, session.errors.length, ...session.errors.filter((error) => !expectedNoise.test(error)));
    }
    await session?.finish(this.currentTest);
    session = undefined;
  });

  /** The harness with the channel's panel loaded, in Twitch's `theme`. */
  const harness = async (channelId: string, theme: 'dark' | 'light'): Promise<Page> => {
    session = await openBrowser(browser, app);
    const { page } = session;
    await page.goto(`/extension/?channel=${channelId}`);
    if (theme === 'light') {
      await page.getByText('Light', { exact: true }).click();
    }
    await panelOf(page).locator(`html[data-theme="${theme}"]`).waitFor();
    return page;
  };
  const check = (page: Page, name: string) =>
    expectAccessible(page, name, { screenshots, ready: panelReady, fullPage: true });

  for (const theme of ['dark', 'light'] as const) {
    describe(`${theme} theme`, () => {
      it('the showcase, filtered, and the closer look', async () => {
        const page = await harness(nova.channelId, theme);
        const panel = panelOf(page);
        await panel.getByRole('heading', { level: 1, name: 'NovaGlow' }).waitFor();
        await check(page, `showcase-${theme}`);
        await panel.getByRole('button', { name: /^Emotes/ }).click();
        await panel.getByRole('button', { name: /^Banner by NovaGlow/ }).waitFor({ state: 'detached' });
        await check(page, `filtered-${theme}`);
        await panel
          .getByRole('button', { name: /^Emote by NovaGlow/ })
          .first()
          .click();
        await panel.getByRole('dialog', { name: /Emote/ }).waitFor();
        await check(page, `closer-look-${theme}`);
      });

      it('loading, then a showcase that failed to load', async () => {
        session = await openBrowser(browser, app);
        const { page } = session;
        let release: () => void = () => undefined;
        const held = new Promise<void>((resolve) => (release = resolve));
        await page.route('**/api/v1/extension/panel', async (route) => {
          await held;
          await route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'unavailable', message: 'Down for a moment', details: null } }),
          });
        });
        await page.goto(`/extension/?channel=${nova.channelId}`);
        if (theme === 'light') {
          await page.getByText('Light', { exact: true }).click();
        }
        await panelOf(page).getByRole('status').waitFor();
        await check(page, `loading-${theme}`);
        release();
        await panelOf(page).getByRole('heading', { name: "The showcase didn't load" }).waitFor();
        await check(page, `failed-${theme}`);
        // the refused request is the point here
        session.errors.splice(0, session.errors.length);
      });

      it("a streamer who hasn't shared anything, and a channel that isn't connected", async () => {
        const page = await harness(quiet.channelId, theme);
        await panelOf(page).getByRole('heading', { name: "This streamer hasn't shared any designs yet" }).waitFor();
        await check(page, `empty-${theme}`);
        await page.getByLabel('Twitch channel id').fill('4242424242');
        await page.getByRole('button', { name: 'Load panel' }).click();
        await panelOf(page).getByRole('heading', { name: 'Showcase coming soon' }).waitFor();
        await check(page, `not-connected-${theme}`);
      });
    });
  }

  it('the panel opened away from Twitch', async () => {
    session = await openBrowser(browser, app);
    await session.page.goto('/extension/panel.html');
    await session.page.getByRole('heading', { name: 'This panel lives on Twitch' }).waitFor();
    await check(session.page, 'outside-twitch');
  });
});
