import { expect } from 'chai';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { signInWithTwitch } from '../auth/support/twitch-sign-in';
import { ensureDashboardBuilt } from '../e2e/support/dashboard-build';
import { collectPageErrors, launchBrowser, screenshot, screenshotOnFailure } from '../e2e/support/browser';
import { signInThroughForm, skipTour } from '../e2e/support/session';
import { pollUntil } from '../generation/support';
import { actor, configure, ideasApi, submit, viewer } from './support';

const password = 'live-and-loud-2024!';

/** Serious and critical accessibility problems axe finds on the Live page. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('main').analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

describe('dashboard: the Live page’s idea queue (browser)', function () {
  this.timeout(120_000);
  let twitch: FakeTwitch;
  let app: TestService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let channelId: string;
  let streamerApi: Awaited<ReturnType<TestService['createUser']>>['api'];

  const row = (text: string) => page.locator('.idea-row', { hasText: text });
  const queueTexts = () => page.locator('.idea-list .idea-text').allInnerTexts();
  const selectedText = () => page.locator('.idea-row.is-selected .idea-text').innerText();

  before(async () => {
    ensureDashboardBuilt();
    twitch = await startFakeTwitch();
    [app, browser] = await Promise.all([
      startTestService({ ...twitch.serviceEnv, GENERATION_REQUESTS_PER_MINUTE: '1000' }),
      launchBrowser(),
    ]);
    const email = 'livestreamer@example.test';
    const streamer = await app.createUser({
      email,
      tier: 'pro',
      displayName: 'LiveNova',
      passwordHash: await app.service.container.auth.hasher.hash(password),
    });
    streamerApi = streamer.api;
    channelId = twitch.addUser({ login: 'livenova', display_name: 'LiveNova' }).id;
    await signInWithTwitch(app, { accessToken: streamer.accessToken });
    await configure(streamer, { cooldownSeconds: 0, onePendingPerViewer: false });
    // three ideas; the second one most voted
    await submit(app, channelId, viewer({ name: 'ada' }), { text: 'a frog with a crown' });
    const popular = await submit(app, channelId, viewer({ name: 'bo' }), { text: 'a sleepy cat' }, 'panel');
    await submit(app, channelId, viewer({ name: 'cy' }), { text: 'a neon dragon' });
    for (let index = 0; index < 2; index += 1) {
      await ideasApi(app).vote(actor(channelId, viewer()), { id: popular.id });
    }
    await pollUntil(
      () => streamer.api.ideas.get({ params: { id: popular.id } }),
      (idea) => idea.votes === 2,
      { what: 'votes to be written' },
    );

    context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      baseURL: app.url,
      reducedMotion: 'reduce',
    });
    page = await context.newPage();
    errors = collectPageErrors(page);
    await signInThroughForm(page, email, password);
    await skipTour(page);
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

  it('shows the queue most-voted first, accessibly', async () => {
    await page.getByRole('link', { name: 'Live' }).first().click();
    await page.getByRole('heading', { name: 'Live', level: 1 }).waitFor();
    await row('a neon dragon').waitFor();
    expect(await queueTexts()).to.deep.equal(['“a sleepy cat”', '“a frog with a crown”', '“a neon dragon”']);
    expect(await page.locator('.idea-row', { hasText: 'a sleepy cat' }).getAttribute('aria-label')).to.contain(
      '2 votes',
    );
    expect(await seriousViolations(page)).to.deep.equal([]);
    await screenshot(page, 'live-queue', true);
  });

  it('moves with J and K, and the library’s A shortcut stays out of the way', async () => {
    expect(await selectedText()).to.equal('“a sleepy cat”');
    await page.keyboard.press('j');
    expect(await selectedText()).to.equal('“a frog with a crown”');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await selectedText(), 'stops at the end').to.equal('“a neon dragon”');
    await page.keyboard.press('k');
    expect(await selectedText()).to.equal('“a frog with a crown”');
    // the selected idea has the focus, so a screen reader reads it
    expect(await page.evaluate(() => document.activeElement?.classList.contains('idea-row'))).to.equal(true);
  });

  it('updates live as ideas arrive and votes change', async () => {
    const fresh = await submit(app, channelId, viewer({ name: 'dee' }), { text: 'a tiny ghost' }, 'panel');
    await row('a tiny ghost').waitFor();
    for (let index = 0; index < 3; index += 1) {
      await ideasApi(app).vote(actor(channelId, viewer()), { id: fresh.id });
    }
    await page.waitForFunction(
      () => document.querySelector('.idea-list .idea-text')?.textContent === '“a tiny ghost”',
      undefined,
      { timeout: 10_000 },
    );
    // the selection stayed with its idea as the queue reordered
    expect(await selectedText()).to.equal('“a frog with a crown”');
    await screenshot(page, 'live-queue-updated');
  });

  it('approves with A, then follows the idea to its private asset and publishes it', async () => {
    await page.keyboard.press('a');
    await page.getByText(/Idea #\d+ approved/).waitFor();
    await page.locator('.idea-list', { hasText: 'a frog with a crown' }).waitFor({ state: 'detached' });
    expect(page.url(), 'A did not open the library').to.match(/\/live$/);
    const result = page.locator('.idea-result', { hasText: 'a frog with a crown' });
    await result.getByRole('button', { name: 'Publish to panel' }).waitFor({ timeout: 45_000 });
    expect(await result.getByRole('link', { name: 'Open in library' }).getAttribute('href')).to.match(
      /^\/assets\?open=[0-9a-f-]{36}$/,
    );
    await screenshot(page, 'live-idea-ready', true);
    const ideas = await streamerApi.ideas.list({ query: { status: 'ready' } });
    const made = ideas.ideas.find((idea) => idea.text === 'a frog with a crown')!;
    const before = await streamerApi.assets.get({ params: { id: made.assetIds[0]! } });
    expect(before.isPublic).to.equal(false);
    await result.getByRole('button', { name: 'Publish to panel' }).click();
    await result.getByText('Published').waitFor();
    for (const id of made.assetIds) {
      expect((await streamerApi.assets.get({ params: { id } })).isPublic).to.equal(true);
    }
  });

  it('edits the prompt with E and approves it with Ctrl+Enter', async () => {
    await page.locator('.idea-row', { hasText: 'a neon dragon' }).click();
    await page.keyboard.press('e');
    const dialog = page.getByRole('dialog', { name: /Edit the prompt of idea/ });
    await dialog.waitFor();
    const prompt = dialog.getByLabel('Prompt');
    expect(await prompt.inputValue()).to.match(/dragon/i);
    await prompt.fill('a neon dragon curled around a crystal, bold outline');
    expect(await seriousViolations(page)).to.deep.equal([]);
    await screenshot(page, 'live-edit-prompt');
    await prompt.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.idea-list', { hasText: 'a neon dragon' }).waitFor({ state: 'detached' });
    const ideas = await streamerApi.ideas.list({ query: {} });
    expect(ideas.ideas.find((idea) => idea.text === 'a neon dragon')?.prompt).to.equal(
      'a neon dragon curled around a crystal, bold outline',
    );
  });

  it('rejects with R and a reason', async () => {
    await page.locator('.idea-row', { hasText: 'a sleepy cat' }).click();
    await page.keyboard.press('r');
    const dialog = page.getByRole('dialog', { name: /Reject idea #\d+\?/ });
    await dialog.waitFor();
    await dialog.getByLabel('Reason').fill('we did cats last week');
    await dialog.getByLabel('Reason').press('Enter');
    await page.getByText(/Idea #\d+ rejected/).waitFor();
    const rejected = page.locator('.idea-result', { hasText: 'a sleepy cat' });
    await rejected.getByText('Reason: we did cats last week').waitFor();
  });

  it('leaves the letters alone while typing in a field', async () => {
    const remaining = await queueTexts();
    const terms = page.getByLabel('Blocked words and phrases');
    await terms.fill('');
    await terms.pressSequentially('jar');
    expect(await queueTexts()).to.deep.equal(remaining);
    expect(await terms.inputValue()).to.equal('jar');
  });

  it('saves the ideas settings', async () => {
    await page.getByLabel('Who may suggest').selectOption('subscribers');
    await page.getByRole('button', { name: 'Save ideas settings' }).click();
    await page.getByText('Ideas settings saved').waitFor();
    const saved = await streamerApi.ideas.getSettings();
    expect(saved.submitters).to.equal('subscribers');
    expect(saved.blockedTerms).to.deep.equal(['jar']);
  });

  it('fits a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await row('a tiny ghost').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'no sideways scrolling').to.be.at.most(0);
    expect(await seriousViolations(page)).to.deep.equal([]);
    await screenshot(page, 'live-queue-phone', true);
  });
});
