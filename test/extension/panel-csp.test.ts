import { expect } from 'chai';
import type { Browser, Frame } from 'playwright-core';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { launchBrowser } from '../e2e/support/browser';
import { openBrowser, type BrowserSession } from '../e2e/support/session';
import { ensureExtensionBuilt } from './extension-build';
import { createStreamer, generateAssets, type Streamer } from './support';

/** Offline, Twitch's helper script cannot load: expected, and handled. */
const expectedNoise = /extension-files\.twitch\.tv/;

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

/**
 * Twitch serves extension pages under a CSP without `unsafe-eval`; the service serves them under
 * the same rule. Every frame records the violations the browser reports, from the first script on.
 */
describe('extension pages under a CSP without unsafe-eval (browser)', function () {
  this.timeout(120_000);
  let twitch: FakeTwitch;
  let app: TestService;
  let browser: Browser;
  let session: BrowserSession | undefined;
  let nova: Streamer;

  const violationsIn = (frame: Frame) => frame.evaluate(() => window.cspViolations ?? []);

  before(async () => {
    ensureExtensionBuilt();
    twitch = await startFakeTwitch();
    [app, browser] = await Promise.all([
      startTestService({ ...twitch.serviceEnv, EXTENSION_CACHE_SECONDS: '0' }),
      launchBrowser(),
    ]);
    nova = await createStreamer(app, twitch, { login: 'novacsp', displayName: 'NovaCsp' });
    await generateAssets(nova.api, 'emote', { prompt: 'hype cat' });
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    await twitch?.stop();
  });

  afterEach(async function () {
    if (session) {
      session.errors.splice(0, session.errors.length, ...session.errors.filter((error) => !expectedNoise.test(error)));
    }
    await session?.finish(this.currentTest);
    session = undefined;
  });

  it('serves the panel and configuration pages with a script policy that refuses eval', async () => {
    for (const page of ['panel.html', 'config.html']) {
      const policy = (await fetch(`${app.url}/extension/${page}`)).headers.get('content-security-policy') ?? '';
      const scripts = /script-src ([^;]+)/.exec(policy)?.[1] ?? '';
      expect(scripts, page).to.include("'self'").and.not.include('unsafe-eval');
    }
  });

  it('records no violation in any view of the panel nor on the configuration page', async () => {
    session = await openBrowser(browser, app);
    const { page, context } = session;
    await context.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        window.cspViolations?.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
      });
    });
    await page.goto(`/extension/?channel=${nova.channelId}`);
    const panel = page.frameLocator('iframe[title="AuraStream panel extension"]');
    await panel.getByRole('heading', { level: 1, name: 'NovaCsp' }).waitFor();
    await panel.getByRole('tab', { name: 'Ideas' }).click();
    await panel.getByLabel('Your idea').fill('a comet emote');
    await panel.getByRole('button', { name: 'Suggest' }).click();
    await panel.getByText('Thanks! Your idea is in the queue.').waitFor();
    await panel.getByRole('tab', { name: 'Live' }).click();
    const panelFrame = page.frame({ url: /panel\.html/ });
    expect(panelFrame).to.not.equal(null);
    expect(await violationsIn(panelFrame!)).to.deep.equal([]);

    await page.getByText('Configuration', { exact: true }).click();
    const config = page.frameLocator('iframe[title="AuraStream panel configuration"]');
    await config.getByRole('button', { name: 'Save' }).click();
    await config.getByText(/^Saved\./).waitFor();
    const configFrame = page.frame({ url: /config\.html/ });
    expect(await violationsIn(configFrame!)).to.deep.equal([]);
    expect(await violationsIn(page.mainFrame())).to.deep.equal([]);
  });
});
