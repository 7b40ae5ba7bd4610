import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { startTestService, type TestService } from '@aurastream/service/testing';
import type { PanelIdea } from '@aurastream/contract';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { launchBrowser } from '../e2e/support/browser';
import { expectAccessible } from '../e2e/support/axe';
import { openBrowser, type BrowserSession } from '../e2e/support/session';
import { startFakeOpenAIImages, type FakeOpenAIImages } from '../fakes/openai-images';
import { startGatedProxy, type GatedProxy } from '../generation/gated-proxy';
import { ensureExtensionBuilt } from './extension-build';
import { createStreamer, generateAssets, requestExtension, type Streamer } from './support';

const screenshots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/extension/ideas');
/** Offline, Twitch's helper script cannot load (the service's CSP refuses it too): expected, and handled. */
const expectedNoise = /extension-files\.twitch\.tv/;

const panelOf = (page: Page): FrameLocator => page.frameLocator('iframe[title="AuraStream panel extension"]');

async function framesReady(page: Page): Promise<void> {
  for (const frame of page.frames()) {
    await frame.evaluate(async () => {
      await document.fonts.ready;
      await Promise.all([...document.images].map((image) => image.decode().catch(() => undefined)));
    });
  }
}

describe('extension panel: ideas and live views as viewer, moderator and broadcaster (browser)', function () {
  this.timeout(120_000);
  let twitch: FakeTwitch;
  let openai: FakeOpenAIImages;
  let gate: GatedProxy;
  let app: TestService;
  let browser: Browser;
  let session: BrowserSession | undefined;
  let nova: Streamer;

  /** A harness token for nova's channel. */
  const devToken = async (role: 'viewer' | 'broadcaster'): Promise<string> => {
    const response = await fetch(`${app.url}/api/v1/extension/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel_id: nova.channelId, role }),
    });
    return ((await response.json()) as { token: string }).token;
  };

  /** An idea another viewer suggested through the panel's endpoint. */
  const suggestAsAnotherViewer = async (text: string): Promise<PanelIdea> => {
    const response = await requestExtension(app, await devToken('viewer'), '/ideas', {
      method: 'POST',
      body: { text },
    });
    expect(response.status, await response.clone().text()).to.equal(201);
    return (await response.json()) as PanelIdea;
  };

  /** The harness on nova's channel as `role`, in Twitch's `theme`, on the panel's `tab`. */
  const harness = async (theme: 'dark' | 'light', role: 'Viewer' | 'Moderator' | 'Broadcaster') => {
    session = await openBrowser(browser, app);
    const { page } = session;
    await page.goto(`/extension/?channel=${nova.channelId}`);
    if (theme === 'light') {
      await page.getByText('Light', { exact: true }).click();
    }
    if (role !== 'Viewer') {
      await page.getByText(role, { exact: true }).click();
    }
    const panel = panelOf(page);
    await panel.locator(`html[data-theme="${theme}"]`).waitFor();
    await panel.getByRole('tab', { name: 'Ideas' }).waitFor();
    return { page, panel };
  };

  const check = (page: Page, name: string) =>
    expectAccessible(page, name, { screenshots, ready: framesReady, fullPage: true });

  before(async () => {
    ensureExtensionBuilt();
    twitch = await startFakeTwitch();
    openai = await startFakeOpenAIImages();
    gate = await startGatedProxy(openai.baseUrl, Number.POSITIVE_INFINITY);
    [app, browser] = await Promise.all([
      startTestService({
        ...twitch.serviceEnv,
        OPENAI_API_KEY: openai.apiKey,
        OPENAI_BASE_URL: gate.baseUrl,
        GENERATION_REQUESTS_PER_MINUTE: '1000',
        EXTENSION_RATE_LIMIT_PER_VIEWER: '300/60',
        // a published result shows in the showcase at once
        EXTENSION_CACHE_SECONDS: '0',
      }),
      launchBrowser(),
    ]);
    nova = await createStreamer(app, twitch, { login: 'novaideasui', displayName: 'NovaGlow' });
    await nova.api.brandKits.create({
      body: { name: 'Sunset', primaryColors: ['#FF6B35', '#7B2FF7'], accentColors: ['#FFD23F'] },
    });
    await generateAssets(nova.api, 'emote', { prompt: 'hype cat' });
    await nova.api.ideas.updateSettings({ body: { cooldownSeconds: 0 } });
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    await gate?.stop();
    await openai?.stop();
    await twitch?.stop();
  });

  afterEach(async function () {
    gate.allow(Number.POSITIVE_INFINITY);
    if (session) {
      session.errors.splice(0, session.errors.length, ...session.errors.filter((error) => !expectedNoise.test(error)));
    }
    await session?.finish(this.currentTest);
    session = undefined;
  });

  for (const theme of ['dark', 'light'] as const) {
    describe(`${theme} theme`, () => {
      it('a viewer reads the rules, suggests an idea, votes for another and sees their own waiting', async () => {
        const other = await suggestAsAnotherViewer(`a rainbow crown badge (${theme})`);
        const { page, panel } = await harness(theme, 'Viewer');
        await panel.getByRole('tab', { name: 'Ideas' }).click();
        await panel.getByText('Anyone can suggest · one idea at a time.').waitFor();
        await panel.getByLabel('Your idea').fill(`a hype ${theme} cat with sunglasses`);
        await panel.getByLabel('Kind of design').selectOption('emote');
        await panel.getByRole('button', { name: 'Suggest' }).click();
        await panel.getByText('Thanks! Your idea is in the queue.').waitFor();
        const own = panel.getByRole('heading', { name: 'Your ideas' });
        await own.waitFor();
        await panel
          .getByRole('listitem')
          .filter({ hasText: `a hype ${theme} cat` })
          .getByText('Waiting')
          .waitFor();

        const vote = panel.getByRole('button', { name: `Vote for idea #${other.number}, votes: 0` });
        await vote.click();
        await panel.getByRole('button', { name: `You voted for idea #${other.number}, votes: 1` }).waitFor();
        expect(
          await panel
            .getByRole('button', { name: `You voted for idea #${other.number}, votes: 1` })
            .getAttribute('aria-pressed'),
        ).to.equal('true');
        // viewers see no moderation
        expect(await panel.getByRole('button', { name: /^Approve/ }).count()).to.equal(0);
        await check(page, `ideas-viewer-${theme}`);
      });

      it('a moderator approves an idea and watches it being made, then its AI-made result', async () => {
        const idea = await suggestAsAnotherViewer(`a neon ${theme} rocket emote`);
        const { page, panel } = await harness(theme, 'Moderator');
        await panel.getByRole('tab', { name: 'Ideas' }).click();
        gate.close();
        await panel.getByRole('button', { name: `Approve idea #${idea.number}` }).click();
        await panel.getByText(`Idea #${idea.number} approved: it is being made.`).waitFor();
        await gate.waitForHeld(1);

        // the tabs move with the arrow keys while they have focus
        await panel.getByRole('tab', { name: 'Ideas' }).focus();
        await panel.getByRole('tab', { name: 'Ideas' }).press('ArrowRight');
        expect(await panel.getByRole('tab', { name: 'Live' }).getAttribute('aria-selected')).to.equal('true');
        const card = panel.getByRole('listitem').filter({ hasText: `a neon ${theme} rocket emote` });
        await card
          .getByText(/Being made|Approved: starting soon/)
          .or(card.getByRole('progressbar'))
          .first()
          .waitFor();
        await check(page, `live-making-${theme}`);

        gate.allow(Number.POSITIVE_INFINITY);
        await card.getByText('AI-made').waitFor({ timeout: 30_000 });
        await card.getByText('Made! The streamer shares it once they like it.').waitFor();
        await check(page, `live-made-${theme}`);

        // published in the library, the result takes its place in the showcase
        const [made] = (await nova.api.ideas.get({ params: { id: idea.id } })).assetIds;
        await nova.api.assets.setVisibility({ params: { id: made! }, body: { isPublic: true } });
        await panel.getByRole('tab', { name: 'Showcase' }).click();
        await panel.getByRole('tab', { name: 'Live' }).click();
        await card.getByText('In the showcase now').waitFor();
        await card.getByRole('img').first().waitFor();
      });

      it('the broadcaster rejects from the panel, and the configuration page chooses the views', async () => {
        const idea = await suggestAsAnotherViewer(`a pixel ${theme} ghost`);
        const { page, panel } = await harness(theme, 'Broadcaster');
        await panel.getByRole('tab', { name: 'Ideas' }).click();
        await panel.getByRole('button', { name: `Reject idea #${idea.number}` }).click();
        await panel.getByText(`Idea #${idea.number} rejected.`).waitFor();
        await panel
          .getByRole('listitem')
          .filter({ hasText: `a pixel ${theme} ghost` })
          .waitFor({ state: 'detached' });

        await page.getByText('Configuration', { exact: true }).click();
        const config = page.frameLocator('iframe[title="AuraStream panel configuration"]');
        await config.getByRole('heading', { name: 'AuraStream panel' }).waitFor();
        await config.getByLabel(/^Live:/).uncheck();
        await check(page, `config-${theme}`);
        await config.getByRole('button', { name: 'Save' }).click();
        await config.getByText('Saved. Your panel shows the change on its next load.').waitFor();

        await page.getByText('Panel', { exact: true }).click();
        await panelOf(page).getByRole('tab', { name: 'Ideas' }).waitFor();
        expect(await panelOf(page).getByRole('tab').allTextContents()).to.deep.equal(['Showcase', 'Ideas']);
        // every view again for the next case
        await requestExtension(app, await devToken('broadcaster'), '/config', {
          method: 'PUT',
          body: { panel: { views: ['showcase', 'ideas', 'live'] } },
        });
      });
    });
  }
});
