import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { ensureExtensionBuilt } from './extension-build';
import { createStreamer, generateAssets, type Asset, type Streamer } from './support';
import { screenshotOnFailure } from '../e2e/support/browser';
import { eventually } from '../support/eventually';

const screenshotDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/extension');

/** Offline, Twitch's helper script cannot load (the service's CSP refuses it too): expected, and handled. */
const expectedNoise = /extension-files\.twitch\.tv|Failed to load resource/;

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expectedNoise.test(message.text())) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return errors;
}

describe('extension panel in the test harness (browser)', function () {
  this.timeout(90_000);
  let twitch: FakeTwitch;
  let app: TestService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let nova: Streamer;
  let quiet: Streamer;
  let hiddenPanel: Asset;

  const panel = (): FrameLocator => page.frameLocator('iframe[title="AuraStream panel extension"]');
  const shoot = async (name: string) => {
    await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), animations: 'disabled' });
    await page
      .locator('iframe[title="AuraStream panel extension"]')
      .screenshot({ path: path.join(screenshotDir, `${name}-panel.png`), animations: 'disabled' });
  };
  /** Every picture in the panel has loaded (so screenshots show them). */
  const imagesLoaded = () =>
    panel()
      .locator('body')
      .evaluate(async (body) => {
        const images = [...body.querySelectorAll('img')];
        await Promise.all(images.map((image) => image.decode().catch(() => undefined)));
        return images.every((image) => image.complete && image.naturalWidth > 0);
      });
  /** Holds the page's requests to `url` until `release` lets them (and any later ones) through. */
  const holdRequests = async (url: string) => {
    let open: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => (open = resolve));
    await page.route(url, async (route) => {
      await opened;
      await route.continue();
    });
    return {
      release: async () => {
        open();
        await page.unroute(url);
      },
    };
  };
  const loadChannel = async (channelId: string) => {
    await page.getByLabel('Twitch channel id').fill(channelId);
    await page.getByRole('button', { name: 'Load panel' }).click();
  };

  before(async () => {
    ensureExtensionBuilt();
    await mkdir(screenshotDir, { recursive: true });
    twitch = await startFakeTwitch();
    [app, browser] = await Promise.all([
      startTestService({ ...twitch.serviceEnv, EXTENSION_CACHE_SECONDS: '0', GENERATION_REQUESTS_PER_MINUTE: '1000' }),
      chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      }),
    ]);
    nova = await createStreamer(app, twitch, { login: 'novaglow', displayName: 'NovaGlow' });
    quiet = await createStreamer(app, twitch, { login: 'quietfox', displayName: 'QuietFox' });
    await nova.api.brandKits.create({
      body: { name: 'Sunset', primaryColors: ['#FF6B35', '#7B2FF7'], accentColors: ['#FFD23F'] },
    });
    await generateAssets(nova.api, 'emote', { variations: 3, prompt: 'hype cat' });
    await generateAssets(nova.api, 'badge', { variations: 2, prompt: 'crown' });
    await generateAssets(nova.api, 'banner', { prompt: 'sunset city' });
    await generateAssets(nova.api, 'starting_soon', { prompt: 'sunset city' });
    [hiddenPanel] = (await generateAssets(nova.api, 'panel', { prompt: 'about me' })) as [Asset];
    await generateAssets(nova.api, 'panel', { prompt: 'schedule' });
    await nova.api.assets.setVisibility({ params: { id: hiddenPanel.id }, body: { isPublic: false } });

    context = await browser.newContext({
      viewport: { width: 1120, height: 760 },
      baseURL: app.url,
      reducedMotion: 'reduce',
    });
    page = await context.newPage();
    errors = collectErrors(page);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
    await twitch?.stop();
  });

  afterEach(async function () {
    await screenshotOnFailure(page, this.currentTest);
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  it("shows a skeleton, then the streamer's public designs grouped by kind in their brand colours", async () => {
    // hold the showcase request a moment so the loading state can be seen
    const showcase = await holdRequests('**/api/v1/extension/panel');
    await page.goto('/extension/');
    await page.getByRole('heading', { name: 'Panel extension' }).waitFor();
    await loadChannel(nova.channelId);
    await panel().getByRole('status').waitFor();
    await shoot('loading');
    await showcase.release();

    await panel().getByRole('heading', { level: 1, name: 'NovaGlow' }).waitFor();
    expect(await panel().getByRole('banner').getByText('8 designs').isVisible()).to.equal(true);
    const headings = await panel().getByRole('heading', { level: 2 }).allTextContents();
    expect(headings).to.deep.equal(['Panels1', 'Scenes1', 'Banners1', 'Badges2', 'Emotes3']);
    // the private panel is not there: one of two panels shows
    expect(
      await panel()
        .getByRole('button', { name: /^Panel by NovaGlow/ })
        .count(),
    ).to.equal(1);
    expect(await panel().locator(`img[src$="/api/v1/asset/${hiddenPanel.id}/image"]`).count()).to.equal(0);
    expect(await imagesLoaded()).to.equal(true);
    const brand = await panel()
      .locator('.panel')
      .evaluate((element) => getComputedStyle(element).getPropertyValue('--brand').trim());
    expect(brand).to.equal('#ff6b35');
    await shoot('showcase-dark');
    const body = panel().locator('.panel-body');
    await body.evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await shoot('showcase-dark-scrolled');
    await body.evaluate((element) => element.scrollTo(0, 0));
  });

  it('filters by kind with the chips', async () => {
    await panel()
      .getByRole('button', { name: /^Emotes/ })
      .click();
    expect(
      await panel()
        .getByRole('button', { name: /^Emotes/ })
        .getAttribute('aria-pressed'),
    ).to.equal('true');
    expect(
      await panel()
        .getByRole('button', { name: /^Emote by NovaGlow/ })
        .count(),
    ).to.equal(3);
    expect(
      await panel()
        .getByRole('button', { name: /^Banner by NovaGlow/ })
        .count(),
    ).to.equal(0);
    await panel()
      .getByRole('button', { name: /^Emote by NovaGlow/ })
      .first()
      .hover();
    await shoot('filter-emotes');
    await panel()
      .getByRole('button', { name: /^Emote by NovaGlow/ })
      .first()
      .click();
    await panel().getByRole('dialog', { name: /Emote/ }).waitFor();
    expect(await imagesLoaded()).to.equal(true);
    await shoot('closer-look-emote');
    await page.keyboard.press('Escape');
    await panel().getByRole('button', { name: /^All/ }).click();
  });

  it('opens a closer look that pages through the designs and closes back to the grid', async () => {
    const firstBadge = panel()
      .getByRole('button', { name: /^Badge by NovaGlow/ })
      .first();
    await firstBadge.click();
    const dialog = panel().getByRole('dialog', { name: /Badge/ });
    await dialog.waitFor();
    expect(await dialog.getByText('72 × 72 px').isVisible()).to.equal(true);
    await dialog.getByRole('img', { name: 'Badge by NovaGlow' }).waitFor();
    expect(await imagesLoaded()).to.equal(true);
    await shoot('closer-look');
    const position = await dialog.locator('.viewer__position').textContent();
    await page.keyboard.press('ArrowRight');
    expect(await eventually(async () => (await dialog.locator('.viewer__position').textContent()) !== position)).to.be
      .true;
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // focus goes back once the dialog's effects have run, which may be a frame after it leaves the DOM
    expect(await eventually(() => firstBadge.evaluate((element) => element === document.activeElement))).to.equal(true);
  });

  it("follows Twitch's light theme", async () => {
    await page.getByText('Light', { exact: true }).click();
    await panel().locator('html[data-theme="light"]').waitFor();
    expect(await imagesLoaded()).to.equal(true);
    await shoot('showcase-light');
    await panel()
      .getByRole('button', { name: /^Banner by NovaGlow/ })
      .click();
    await panel().getByRole('dialog').waitFor();
    expect(await imagesLoaded()).to.equal(true);
    await shoot('closer-look-light');
    await page.keyboard.press('Escape');
    await page.getByText('Dark', { exact: true }).click();
    await panel().locator('html[data-theme="dark"]').waitFor();
  });

  it('gives the panel the theme and role picked while it was still loading', async () => {
    // the harness's token request is held until both are picked, as on a slow connection
    const token = await holdRequests('**/api/v1/extension/dev-token');
    try {
      await page.goto(`/extension/?channel=${nova.channelId}`);
      await page.getByText('Light', { exact: true }).click();
      await page.getByText('Broadcaster', { exact: true }).click();
      await token.release();
      await panel().locator('html[data-theme="light"]').waitFor();
      await page
        .getByRole('region', { name: 'Simulated Twitch session' })
        .getByText(/^broadcaster ·/)
        .waitFor();
    } finally {
      await token.release();
    }
    await page.getByText('Dark', { exact: true }).click();
    await page.getByRole('group', { name: 'Viewer role' }).getByText('Viewer', { exact: true }).click();
    await panel().locator('html[data-theme="dark"]').waitFor();
    await page
      .getByRole('region', { name: 'Simulated Twitch session' })
      .getByText(/^viewer ·/)
      .waitFor();
  });

  it("tells viewers when the streamer hasn't shared anything, or hasn't connected the channel", async () => {
    await loadChannel(quiet.channelId);
    await panel().getByRole('heading', { name: "This streamer hasn't shared any designs yet" }).waitFor();
    await shoot('empty');
    await loadChannel('4242424242');
    await panel().getByRole('heading', { name: 'Showcase coming soon' }).waitFor();
    await shoot('not-connected');
  });

  it('explains itself when opened away from Twitch', async () => {
    await page.goto('/extension/panel.html');
    await page.getByRole('heading', { name: 'This panel lives on Twitch' }).waitFor();
    await page.setViewportSize({ width: 318, height: 496 });
    await page.screenshot({ path: path.join(screenshotDir, 'outside-twitch.png') });
    await page.setViewportSize({ width: 1120, height: 760 });
  });
});
