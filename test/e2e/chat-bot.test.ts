import path from 'node:path';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService } from '@aurastream/service/testing';
import type { AuraStreamBot } from '@aurastream/bot';
import { signInWithTwitch } from '../auth/support/twitch-sign-in';
import { botCredential, connectBotAccount, grantChatBotScopes, joined, startBot } from '../chat-bot/support';
import { ensureDashboardBuilt } from './support/dashboard-build';
import { launchBrowser, screenshotDir } from './support/browser';
import { expectAccessible } from './support/axe';
import { createAccount, openSignedIn, type BrowserSession } from './support/session';

const screenshots = path.join(screenshotDir, 'chat-bot');

describe('dashboard: Live → Chat bot (browser, axe)', function () {
  this.timeout(90_000);
  let twitch: FakeTwitch;
  let app: TestService;
  let browser: Browser;
  let bot: AuraStreamBot | undefined;
  let session: BrowserSession | undefined;

  before(async () => {
    ensureDashboardBuilt();
    twitch = await startFakeTwitch();
    [app, browser] = await Promise.all([
      startTestService({ ...twitch.serviceEnv, CHAT_BOT_TRANSPORT: 'irc', AUTH_RATE_LIMIT_PER_IP: '1000/60' }),
      launchBrowser(),
    ]);
  });
  after(async () => {
    await bot?.stop();
    await browser?.close();
    await app?.stop();
    await twitch?.stop();
  });
  afterEach(async function () {
    await session?.finish(this.currentTest);
    session = undefined;
  });

  it('turns the bot on, asks for chat access, and answers in the simulated chat', async () => {
    const { admin } = await connectBotAccount(app, twitch);
    const account = await createAccount(app, { displayName: 'Nova Glow', tier: 'pro', role: 'admin' });
    const channel = twitch.addUser({ login: 'novaglow', display_name: 'NovaGlow' });
    await signInWithTwitch(app, { accessToken: account.accessToken });
    session = await openSignedIn(browser, app, account);
    const { page } = session;
    await page.goto('/live/bot');
    await page.getByRole('heading', { level: 1, name: 'Chat bot' }).waitFor();
    await page.getByRole('switch', { name: 'Bot on in my channel' }).click();
    await page.getByText('Needs your permission').waitFor();
    await expectAccessible(page, 'chat-bot-needs-consent', { screenshots });

    await grantChatBotScopes(app, twitch, { ...account, channelId: channel.id });
    bot = await startBot(app, twitch, await botCredential(admin));
    await joined(twitch, 'novaglow', 'aurastreambot');
    await page.reload();
    await page.getByText('Serving your chat').waitFor();
    await page.getByLabel('Message').fill('!aura idea a neon fox with a crown');
    await page.getByRole('button', { name: 'Send to chat' }).click();
    const reply = page.locator('.sim-chat-line.is-bot').first();
    await reply.waitFor({ timeout: 15_000 });
    expect(await reply.textContent()).to.match(/idea #1 waits for approval/);
    await expectAccessible(page, 'chat-bot-active', { screenshots });
  });
});
