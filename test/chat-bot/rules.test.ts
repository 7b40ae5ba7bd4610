import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService, type TestUser } from '@aurastream/service/testing';
import type { AuraStreamBot } from '@aurastream/bot';
import { ApiError, createApiClient, chatBotServiceEndpoints } from '@aurastream/contract';
import {
  FAST_LIMITS,
  botCredential,
  botLines,
  chatter,
  connectBotAccount,
  joined,
  replyTo,
  say,
  startBot,
  streamerWithBot,
} from './support';
import type { Streamer } from '../extension/support';
import { scrape, valueOf } from '../observability/prometheus';

const METRICS_TOKEN = `metrics-${randomUUID()}`;

/** The rules the service applies to chat commands, heard through the bot over IRC. */
describe('chat command rules', () => {
  let twitch: FakeTwitch;
  let app: TestService;
  let bot: AuraStreamBot;
  let admin: TestUser;
  let streamer: Streamer;
  let credential: string;
  const channel = 'ruleschannel';

  before(async () => {
    twitch = await startFakeTwitch({ chatLimits: { messagesPer30s: 10_000, privilegedMessagesPer30s: 10_000 } });
    app = await startTestService({
      ...twitch.serviceEnv,
      CHAT_BOT_TRANSPORT: 'irc',
      AUTH_RATE_LIMIT_PER_IP: '1000/60',
      METRICS_TOKEN,
    });
    ({ admin } = await connectBotAccount(app, twitch));
    streamer = await streamerWithBot(app, twitch, channel);
    credential = await botCredential(admin);
    bot = await startBot(app, twitch, credential, { limits: FAST_LIMITS });
    await joined(twitch, channel, 'aurastreambot');
  });
  after(async () => {
    await bot?.stop();
    await app?.stop();
    await twitch?.stop();
  });

  const ask = async (login: string, text: string) =>
    replyTo(twitch, channel, 'aurastreambot', await say(twitch, channel, login, text));
  /** A command that must get no answer: a later one is answered, and nothing threads to the first. */
  async function unanswered(login: string, text: string, then: string) {
    const silent = await say(twitch, channel, login, text);
    await ask(login, then);
    expect(
      botLines(twitch, channel, 'aurastreambot').filter((line) => line.reply_parent_msg_id === silent),
    ).to.deep.equal([]);
  }

  it('holds a chatter to the command’s cooldown, and everyone to the channel’s', async () => {
    await streamer.api.chatBot.updateSettings({
      body: { commands: { idea: { userCooldownSeconds: 60 }, top: { cooldownSeconds: 60, userCooldownSeconds: 0 } } },
    });
    const dropped = async (reason: string) =>
      valueOf(await scrape(`${app.url}/metrics`, METRICS_TOKEN), 'aurastream_chat_messages_dropped_total', {
        kind: 'command',
        reason,
      });
    const before = { user: await dropped('user_cooldown'), command: await dropped('command_cooldown') };
    const ann = chatter(twitch, streamer.channelId, 'cooldownann', 'viewer');
    const bob = chatter(twitch, streamer.channelId, 'cooldownbob', 'viewer');
    expect(await ask(ann, '!aura idea a sleepy owl')).to.match(/idea #\d+ waits/);
    await unanswered(ann, '!aura idea another owl', '!aura status');
    expect(await ask(bob, '!aura idea a dancing owl')).to.match(/idea #\d+ waits/);
    expect(await ask(ann, '!aura top')).to.match(/top ideas/);
    await unanswered(bob, '!aura top', '!aura help');
    // each command held back is counted, by the cooldown that held it
    expect(await dropped('user_cooldown')).to.equal(before.user + 1);
    expect(await dropped('command_cooldown')).to.equal(before.command + 1);
    // the streamer and moderators are not held to cooldowns
    expect(await ask(channel, '!aura top')).to.match(/top ideas/);
  });

  it('answers unknown commands and bad arguments with a one-line hint', async () => {
    const viewer = chatter(twitch, streamer.channelId, 'hintviewer', 'viewer');
    expect(await ask(viewer, '!aura dance')).to.match(/I don’t know “dance”\. Try !aura help/);
    expect(await ask(viewer, '!aura vote banana')).to.match(/try: !aura vote <n>/);
    expect(await ask(viewer, '!aura vote 999')).to.match(/@hintviewer .+/);
    expect(await ask(channel, '!aura make spaceship a rocket')).to.match(/type one of emote, badge/);
    expect(await ask(channel, '!aura go')).to.match(/nothing to make yet/);
  });

  it('follows the channel’s prefix, aliases, switches and minimum roles', async () => {
    await streamer.api.chatBot.updateSettings({
      body: {
        prefix: '!as',
        aliases: [{ alias: '!idea', command: 'idea' }],
        commands: {
          status: { enabled: false },
          top: { minRole: 'subscriber', cooldownSeconds: 0 },
          help: { cooldownSeconds: 0 },
        },
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 2500)); // the bot reads the new prefix with the channel list
    const viewer = chatter(twitch, streamer.channelId, 'prefixviewer', 'viewer');
    const subscriber = chatter(twitch, streamer.channelId, 'prefixsub', 'subscriber');
    expect(await ask(viewer, '!idea a comet with a hat')).to.match(/idea #\d+ waits for approval\. Vote: !as vote/);
    await unanswered(viewer, '!aura help', '!as help');
    await unanswered(viewer, '!as status', '!as help');
    expect(await ask(viewer, '!as top')).to.match(/!as top is for subscribers/);
    expect(await ask(subscriber, '!as top')).to.match(/top ideas/);
    await streamer.api.chatBot.updateSettings({ body: { prefix: '!aura', aliases: [] } });
  });

  it('validates settings with per-field details', async () => {
    const error = await streamer.api.chatBot
      .updateSettings({
        body: {
          prefix: 'two words',
          aliases: [
            { alias: '!x', command: 'idea' },
            { alias: '!X', command: 'top' },
          ],
        },
      })
      .catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(ApiError);
    expect((error as ApiError).status).to.equal(422);
    const fields = ((error as ApiError).details as Array<{ field: string }>).map((issue) => issue.field);
    expect(fields).to.include.members(['prefix', 'aliases']);
  });

  it('lets a credential act only for the channels its scope allows', async () => {
    const other = await admin.api.serviceCredentials.create({
      body: { name: 'other-bot', scope: { kind: 'channels', twitchChannelIds: ['1'] } },
    });
    const client = createApiClient(
      { bot: chatBotServiceEndpoints },
      { baseUrl: app.url, getAccessToken: () => other.secret },
    );
    const refused = await client.bot
      .command({
        body: {
          twitchChannelId: streamer.channelId,
          messageId: 'm-1',
          text: '!aura help',
          chatter: {
            userId: '5',
            login: 'x',
            displayName: 'x',
            badges: { broadcaster: false, moderator: false, vip: false, subscriber: false },
          },
        },
      })
      .catch((caught: unknown) => caught);
    expect((refused as ApiError).status).to.equal(403);
    expect((refused as ApiError).code).to.equal('service_channel_forbidden');
    expect((await client.bot.channels()).channels).to.deep.equal([]);
    const unauthenticated = await createApiClient({ bot: chatBotServiceEndpoints }, { baseUrl: app.url })
      .bot.channels()
      .catch((caught: unknown) => caught);
    expect((unauthenticated as ApiError).status).to.equal(401);
  });

  it('runs a batch of messages as each would run alone: a channel’s in order, a refusal in its place', async () => {
    const client = createApiClient(
      { bot: chatBotServiceEndpoints },
      { baseUrl: app.url, getAccessToken: () => credential },
    );
    const message = (twitchChannelId: string, text: string, userId: string, moderator = true) => ({
      twitchChannelId,
      messageId: randomUUID(),
      text,
      chatter: {
        userId,
        login: `batcher${userId}`,
        displayName: `batcher${userId}`,
        // moderators are held to no cooldown; a viewer's idea waits for approval
        badges: { broadcaster: false, moderator, vip: false, subscriber: false },
      },
    });
    await streamer.api.chatBot.updateSettings({ body: { commands: { status: { enabled: true } } } });
    const { results } = await client.bot.commandBatch({
      body: {
        messages: [
          message(streamer.channelId, '!aura status', '9101'),
          message('1', '!aura help', '9102'),
          message(streamer.channelId, '!aura idea a batched fox', '9103', false),
          message(streamer.channelId, 'just chatting', '9104'),
          message(streamer.channelId, '!aura status', '9105'),
        ],
      },
    });
    expect(results).to.have.length(5);
    const [before, refused, idea, chat, after] = results;
    expect(refused).to.deep.include({ status: 403 });
    expect(refused && 'error' in refused && refused.error.code).to.equal('service_channel_forbidden');
    expect(idea && 'result' in idea && idea.result.replies[0]?.text).to.match(/idea #\d+ waits for approval/u);
    expect(chat && 'result' in chat && chat.result.outcome).to.equal('not_command');
    const waiting = (item: typeof before) =>
      Number(/(\d+) ideas? waiting/u.exec(item && 'result' in item ? (item.result.replies[0]?.text ?? '') : '')?.[1]);
    // the channel's messages ran in the order sent: the idea between the two counts
    expect(waiting(after)).to.equal(waiting(before) + 1);
  });

  it('documents the bot’s endpoints in the OpenAPI document', async () => {
    const document = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).to.include.members([
      '/api/v1/chat-bot',
      '/api/v1/chat-bot/settings',
      '/api/v1/bot/commands',
      '/api/v1/bot/commands/batch',
      '/api/v1/bot/replies',
      '/api/v1/bot/channels',
      '/api/v1/admin/chat-bot/account',
    ]);
  });
});
