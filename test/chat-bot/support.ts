import { expect } from 'chai';
import { AuraStreamBot, createBotLogger, TWITCH_CHAT_LIMITS, type AuraStreamBotOptions } from '@aurastream/bot';
import type { FakeTwitch } from '@aurastream/fake-twitch';
import { processLogDestination, testLogLevel, type TestService, type TestUser } from '@aurastream/service/testing';
import type { AuraStreamClient } from '@aurastream/contract';
import { call, CookieJar } from '../auth/support/http';
import { completeTwitchSignIn, visitTwitch } from '../auth/support/twitch-sign-in';
import { createStreamer, type Streamer } from '../extension/support';
import { eventually } from '../support/eventually';

export { eventually };

/** The bot's own Twitch account, connected by an administrator through the consent flow. */
export async function connectBotAccount(app: TestService, twitch: FakeTwitch, login = 'aurastreambot') {
  const admin = await app.createUser({ role: 'admin' });
  const account = twitch.addUser({ login, display_name: 'AuraStreamBot', broadcaster_type: '' });
  twitch.authorizeAs(account.id);
  const { authorizationUrl } = await admin.api.chatBotAdmin.connectAccount();
  const callback = await visitTwitch(authorizationUrl);
  const response = await call(app, 'GET', `${callback.pathname}${callback.search}`, {
    headers: { accept: 'text/html' },
  });
  const landing = new URL(response.headers.get('location') ?? '');
  expect(landing.searchParams.get('bot_account'), landing.toString()).to.equal('connected');
  return { admin, account };
}

/** A streamer who connected Twitch, turned the bot on and granted `channel:bot` when asked. */
export async function streamerWithBot(
  app: TestService,
  twitch: FakeTwitch,
  login: string,
  options: { consent?: boolean } = {},
): Promise<Streamer> {
  const streamer = await createStreamer(app, twitch, { login, displayName: login });
  await streamer.api.chatBot.updateSettings({ body: { enabled: true } });
  if (options.consent !== false) {
    await grantChatBotScopes(app, twitch, streamer);
  }
  return streamer;
}

/** Connect Twitch again for the bot's scopes (incremental consent), as the dashboard's button does. */
export async function grantChatBotScopes(app: TestService, twitch: FakeTwitch, streamer: Streamer): Promise<void> {
  twitch.authorizeAs(streamer.channelId);
  const jar = new CookieJar();
  const started = await call(app, 'POST', '/api/v1/auth/oauth/twitch?scopes=chat_bot', {
    accessToken: streamer.accessToken,
    jar,
  });
  expect(started.status, await started.clone().text()).to.equal(200);
  const { authorization_url: url } = (await started.json()) as { authorization_url: string };
  const done = await completeTwitchSignIn(app, await visitTwitch(url), jar);
  expect(done.outcome.get('status'), done.outcome.toString()).to.equal('success');
}

/** A `bot_channels` service credential, as an administrator creates it for the bot. */
export async function botCredential(admin: TestUser): Promise<string> {
  const created = await admin.api.serviceCredentials.create({
    body: { name: 'chat-bot', scope: { kind: 'bot_channels' } },
  });
  return created.secret;
}

/** A bot process (in this test process, with its own connections) aimed at the test service. */
export async function startBot(
  app: TestService,
  twitch: FakeTwitch,
  credential: string,
  options: Partial<AuraStreamBotOptions> = {},
): Promise<AuraStreamBot> {
  const config = app.service.config;
  const bot = new AuraStreamBot({
    serviceUrl: app.url,
    credential,
    redisUrl: app.service.infra.redisHandle.url,
    keyPrefix: config.redis.keyPrefix,
    twitch: {
      clientId: twitch.clientId,
      clientSecret: twitch.clientSecret,
      chatUrl: twitch.chat.url,
      authBaseUrl: twitch.authBaseUrl,
      helixBaseUrl: twitch.helixBaseUrl,
    },
    leaseMs: 3000,
    channelRefreshMs: 2000,
    logger: createBotLogger(process.env.BOT_TEST_LOG ?? testLogLevel(), processLogDestination()),
    ...options,
  });
  await bot.start();
  return bot;
}

/** What the bot account (or the streamer, speaking as the bot) said in a channel. */
export function botLines(twitch: FakeTwitch, channel: string, speaker: string) {
  return twitch.chat.messages({ channel }).filter((entry) => entry.user_login === speaker);
}

/** A viewer says something; answers the message id. */
export async function say(twitch: FakeTwitch, channel: string, viewer: string, text: string): Promise<string> {
  const { message } = await twitch.chat.say({ channel, viewer, text });
  return message.id;
}

/** Waits for the bot's reply threaded to a message; fails the test with the chat log otherwise. */
export async function replyTo(
  twitch: FakeTwitch,
  channel: string,
  speaker: string,
  messageId: string,
  timeoutMs = 8000,
): Promise<string> {
  let found: string | null = null;
  await eventually(() => {
    found = botLines(twitch, channel, speaker).find((line) => line.reply_parent_msg_id === messageId)?.text ?? null;
    return found !== null;
  }, timeoutMs);
  if (found === null) {
    const log = twitch.chat.messages({ channel }).map((line) => `${line.user_login}: ${line.text}`);
    expect.fail(`no reply to ${messageId} in ${channel}:\n${log.join('\n')}`);
  }
  return found;
}

/** A chatter of the channel with a role (a new fake account). */
export function chatter(
  twitch: FakeTwitch,
  channelId: string,
  login: string,
  role: 'moderator' | 'vip' | 'subscriber' | 'viewer',
): string {
  const user = twitch.addUser({ login, display_name: login, broadcaster_type: '' });
  if (role === 'moderator') {
    twitch.setModerator(channelId, user.id);
  } else if (role === 'vip') {
    twitch.setVip(channelId, user.id);
  } else if (role === 'subscriber') {
    twitch.setSubscriber(channelId, user.id, '1000');
  }
  return user.login;
}

export type { AuraStreamClient };

/** Waits until an IRC client of `login` (a guest: `justinfan…`) is in the channel. */
export async function joined(twitch: FakeTwitch, channel: string, login: string | RegExp, timeoutMs = 15_000) {
  const ok = await eventually(
    () =>
      twitch.chat
        .connections()
        .some(
          (connection) =>
            (typeof login === 'string' ? connection.login === login : login.test(connection.login)) &&
            connection.channels.some((name) => name.replace(/^#/u, '') === channel),
        ),
    timeoutMs,
  );
  expect(ok, `${String(login)} did not join #${channel}: ${JSON.stringify(twitch.chat.connections())}`).to.equal(true);
}

/**
 * A verified bot's limits, for tests that send many replies (the limiter has tests of its own):
 * still one message a second in a channel it does not moderate, which the fake Twitch enforces.
 */
export const FAST_LIMITS = {
  moderator: { messagesPerWindow: 7500, windowMs: 30_000, channelGapMs: 0 },
  regular: { messagesPerWindow: 7500, windowMs: 30_000, channelGapMs: TWITCH_CHAT_LIMITS.regular.channelGapMs },
};
