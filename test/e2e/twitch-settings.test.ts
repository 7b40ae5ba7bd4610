import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { signUpAndLogIn, testPassword, uniqueEmail } from '../auth/support/accounts';
import { ensureDashboardBuilt } from './support/dashboard-build';
import { collectPageErrors, launchBrowser, screenshot, screenshotOnFailure } from './support/browser';
import { signInThroughForm, skipTour } from './support/session';

describe('Settings: the Twitch connection and the channel-point reward (browser)', function () {
  this.timeout(90_000);
  let twitch: FakeTwitch;
  let app: TestService;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let errors: string[] = [];
  const currentPage = (): Page => page!;

  before(async () => {
    ensureDashboardBuilt();
    twitch = await startFakeTwitch();
    [app, browser] = await Promise.all([startTestService({ ...twitch.serviceEnv }), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    await twitch?.stop();
  });
  beforeEach(async () => {
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      baseURL: app.url,
      reducedMotion: 'reduce',
    });
    page = await context.newPage();
    errors = collectPageErrors(page);
  });
  afterEach(async function () {
    await screenshotOnFailure(page, this.currentTest);
    await context?.close();
    expect(errors, 'errors in the page').to.deep.equal([]);
  });

  it('connects Twitch, shows the channel, its id and the permissions, grants the reward’s permissions and turns the reward on', async () => {
    const email = uniqueEmail('glowfox');
    await signUpAndLogIn(app, email);
    const streamer = twitch.addUser({
      login: 'glowfox',
      display_name: 'GlowFox',
      email,
      broadcaster_type: 'affiliate',
    });
    const page = currentPage();
    await signInThroughForm(page, email, testPassword);
    await skipTour(page);

    await page.goto('/settings#twitch');
    const section = page.locator('#twitch');
    await section.getByRole('button', { name: 'Connect Twitch' }).click();
    await page.waitForURL('**/settings*');
    await section.getByText('GlowFox', { exact: true }).waitFor();
    await section.getByText(streamer.id).waitFor();
    await section.getByText('user:read:email').waitFor();
    expect(await section.getByText('channel:manage:redemptions').count()).to.equal(0);

    // the reward lives on the Live page, beside the idea queue
    await page.goto('/live#channel-points');
    const reward = page.locator('#channel-points');
    await reward.getByText('Twitch permissions needed').waitFor();
    expect(await reward.getByRole('switch', { name: 'Offer the reward on my channel' }).isDisabled()).to.equal(true);
    await screenshot(page, 'settings-twitch-connected', true);
    await reward.getByRole('button', { name: 'Grant on Twitch' }).click();
    await page.waitForURL('**/live*');
    await reward.getByText('Twitch permissions needed').waitFor({ state: 'detached' });
    await reward.getByRole('switch', { name: 'Offer the reward on my channel' }).click();
    await reward.getByText('Active on Twitch').waitFor();
    expect(await reward.getByRole('switch', { name: 'Offer the reward on my channel' }).isChecked()).to.equal(true);
    expect(twitch.rewards(streamer.id).map((r) => r.title)).to.deep.equal(['Suggest an emote']);

    // the form takes the reward's state once Twitch confirms it: edit after that
    await page.getByText('The reward is live on your channel').waitFor();
    await reward.getByLabel('Cost (channel points)').fill('250');
    await reward.getByRole('button', { name: 'Save reward' }).click();
    await page.getByText('Reward saved').waitFor();
    expect(twitch.rewards(streamer.id)[0]!.cost).to.equal(250);
    await screenshot(page, 'settings-channel-points-active', true);
    await page.setViewportSize({ width: 375, height: 812 });
    await screenshot(page, 'settings-channel-points-375', true);
  });

  it('says a channel that is not an affiliate cannot have channel points', async () => {
    const email = uniqueEmail('smallfox');
    await signUpAndLogIn(app, email);
    twitch.addUser({ login: 'smallfox', email, broadcaster_type: '' });
    const page = currentPage();
    await signInThroughForm(page, email, testPassword);
    await skipTour(page);
    await page.goto('/settings#twitch');
    await page.locator('#twitch').getByRole('button', { name: 'Connect Twitch' }).click();
    await page.waitForURL('**/settings*');
    await page.locator('#twitch').getByText('user:read:email').waitFor();
    await page.goto('/live#channel-points');
    const reward = page.locator('#channel-points');
    await reward.getByRole('button', { name: 'Grant on Twitch' }).click();
    await page.waitForURL('**/live*');
    // Twitch refuses, so the switch goes back off and the section says why
    await reward.getByRole('switch', { name: 'Offer the reward on my channel' }).click();
    await reward.getByText('Not available').waitFor();
    await page
      .getByText(/affiliates and partners/)
      .first()
      .waitFor();
    await screenshot(page, 'settings-channel-points-not-eligible', true);
  });

  it('disconnects Twitch after confirming', async () => {
    const email = uniqueEmail('byefox');
    await signUpAndLogIn(app, email);
    twitch.addUser({ login: 'byefox', email });
    const page = currentPage();
    await signInThroughForm(page, email, testPassword);
    await skipTour(page);
    await page.goto('/settings#twitch');
    const section = page.locator('#twitch');
    await section.getByRole('button', { name: 'Connect Twitch' }).click();
    await page.waitForURL('**/settings*');
    await section.getByRole('button', { name: 'Disconnect Twitch' }).click();
    await page.getByRole('dialog', { name: 'Disconnect Twitch?' }).getByRole('button', { name: 'Disconnect' }).click();
    await section.getByRole('button', { name: 'Connect Twitch' }).waitFor();
  });
});

describe('a server without Twitch (browser)', function () {
  this.timeout(60_000);
  let app: TestService;
  let browser: Browser;

  before(async () => {
    ensureDashboardBuilt();
    [app, browser] = await Promise.all([
      startTestService({ TWITCH_CLIENT_ID: '', TWITCH_CLIENT_SECRET: '' }),
      launchBrowser(),
    ]);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('offers no Twitch sign-up, and Settings says Twitch is not set up', async () => {
    const context = await browser.newContext({ baseURL: app.url, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto('/signup');
    await page.getByRole('button', { name: 'Create account' }).waitFor();
    expect(await page.getByRole('button', { name: /Twitch/ }).count()).to.equal(0);
    expect(await page.getByText('or with e-mail').count()).to.equal(0);
    await screenshot(page, 'signup-without-twitch');

    const email = uniqueEmail('plain');
    await signUpAndLogIn(app, email);
    await signInThroughForm(page, email, testPassword);
    await skipTour(page);
    await page.goto('/settings#twitch');
    await page.getByText('Twitch is not set up on this AuraStream server').waitFor();
    expect(errors).to.deep.equal([]);
    await context.close();
  });
});
