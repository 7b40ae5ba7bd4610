import { expect } from 'chai';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService, type TestUser } from '@aurastream/service/testing';
import { RESTARTING_TEXT, type AuraStreamBot } from '@aurastream/bot';
import { chatBotServiceEndpoints, createApiClient } from '@aurastream/contract';
import {
  FAST_LIMITS,
  botCredential,
  botLines,
  chatter,
  connectBotAccount,
  eventually,
  joined,
  replyTo,
  say,
  startBot,
  streamerWithBot,
} from './support';
import type { Streamer } from '../extension/support';

/** The bot processes over IRC: reconnects, sharing channels, switches at run time, revoked tokens, outages. */
describe('chat bot processes', () => {
  let twitch: FakeTwitch;
  let app: TestService;
  let admin: TestUser;
  let credential: string;
  const bots: AuraStreamBot[] = [];
  const launch = async () => {
    const bot = await startBot(app, twitch, credential, { limits: FAST_LIMITS, leaseMs: 2000 });
    bots.push(bot);
    return bot;
  };

  before(async () => {
    twitch = await startFakeTwitch({ chatLimits: { messagesPer30s: 10_000, privilegedMessagesPer30s: 10_000 } });
    app = await startTestService({
      ...twitch.serviceEnv,
      CHAT_BOT_TRANSPORT: 'irc',
      AUTH_RATE_LIMIT_PER_IP: '1000/60',
    });
    ({ admin } = await connectBotAccount(app, twitch));
    credential = await botCredential(admin);
  });
  afterEach(async () => {
    await Promise.all(bots.splice(0).map((bot) => bot.stop()));
  });
  after(async () => {
    await app?.stop();
    await twitch?.stop();
  });

  const ask = async (channel: string, login: string, text: string) =>
    replyTo(twitch, channel, 'aurastreambot', await say(twitch, channel, login, text), 15_000);

  it('reconnects with back-off after the connection drops, rejoins and answers again', async () => {
    const streamer = await streamerWithBot(app, twitch, 'dropchannel');
    const viewer = chatter(twitch, streamer.channelId, 'dropviewer', 'viewer');
    await launch();
    await joined(twitch, 'dropchannel', 'aurastreambot');
    expect(await ask('dropchannel', viewer, '!aura help')).to.match(/commands:/);
    expect(twitch.chat.disconnect({ login: 'aurastreambot', mode: 'drop' })).to.equal(1);
    // out of the channel until it reconnects (which may be quicker than a look)
    await eventually(() => !isIn(twitch, 'dropchannel'), 1500);
    await joined(twitch, 'dropchannel', 'aurastreambot', 15_000);
    expect(await ask('dropchannel', viewer, '!aura status')).to.match(/AuraStream is on here/);
  });

  it('rejoins every channel as soon as it is logged in again, not one every 11 s', async () => {
    const logins = ['rejoinone', 'rejointwo', 'rejointhree', 'rejoinfour', 'rejoinfive'];
    const streamers: Streamer[] = [];
    for (const login of logins) {
      streamers.push(await streamerWithBot(app, twitch, login));
    }
    await launch();
    for (const login of logins) {
      await joined(twitch, login, 'aurastreambot');
    }
    expect(twitch.chat.disconnect({ login: 'aurastreambot', mode: 'drop' })).to.equal(1);
    await eventually(() => !isIn(twitch, 'rejoinone'), 1500);
    // twurple lets one JOIN asked before the login go at once, and the others one per 11 s
    for (const login of logins) {
      await joined(twitch, login, 'aurastreambot', 10_000);
    }
    // the later cases' bots need not join these too
    for (const streamer of streamers) {
      await streamer.api.chatBot.updateSettings({ body: { enabled: false } });
    }
  });

  it('shares the channels between two processes, so each command gets exactly one answer', async () => {
    const channels: Array<{ login: string; streamer: Streamer; viewers: string[] }> = [];
    for (const login of ['sharedone', 'sharedtwo', 'sharedthree', 'sharedfour']) {
      const streamer = await streamerWithBot(app, twitch, login);
      const viewers = [0, 1, 2].map((i) => chatter(twitch, streamer.channelId, `${login}fan${i}`, 'viewer'));
      channels.push({ login, streamer, viewers });
    }
    const [first, second] = [await launch(), await launch()];
    // every channel with the bot on (the earlier cases' too), about half each
    const service = createApiClient(
      { bot: chatBotServiceEndpoints },
      { baseUrl: app.url, getAccessToken: () => credential },
    );
    const served = (await service.bot.channels()).channels.length;
    const shared = await eventually(() => {
      const [a, b] = [first.heldChannels().length, second.heldChannels().length];
      return a >= 2 && b >= 2 && Math.abs(a - b) <= 1 && a + b === served;
    }, 10_000);
    expect(shared, `${first.heldChannels().length} and ${second.heldChannels().length}`).to.equal(true);
    for (const { login } of channels) {
      await joined(twitch, login, 'aurastreambot');
    }
    const asked: Array<{ login: string; id: string }> = [];
    for (const { login, viewers } of channels) {
      for (const viewer of viewers) {
        asked.push({ login, id: await say(twitch, login, viewer, '!aura vote 1') });
      }
    }
    for (const { login, id } of asked) {
      await replyTo(twitch, login, 'aurastreambot', id);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const { login, id } of asked) {
      expect(botLines(twitch, login, 'aurastreambot').filter((line) => line.reply_parent_msg_id === id)).to.have.length(
        1,
      );
    }
  });

  it('takes over the channels of a process that died once its leases run out', async () => {
    const streamer = await streamerWithBot(app, twitch, 'takeover');
    const viewer = chatter(twitch, streamer.channelId, 'takeoverfan', 'viewer');
    const doomed = await launch();
    await eventually(() => doomed.heldChannels().some((channel) => channel.login === 'takeover'), 10_000);
    const survivor = await launch();
    bots.splice(bots.indexOf(doomed), 1);
    await doomed.kill();
    const taken = await eventually(
      () => survivor.heldChannels().some((channel) => channel.login === 'takeover'),
      15_000,
    );
    expect(taken).to.equal(true);
    await joined(twitch, 'takeover', 'aurastreambot');
    expect(await ask('takeover', viewer, '!aura help')).to.match(/commands:/);
  });

  it('joins and leaves a channel as the streamer turns the bot on and off, without a restart', async () => {
    const streamer = await streamerWithBot(app, twitch, 'switchable');
    const viewer = chatter(twitch, streamer.channelId, 'switchfan', 'viewer');
    const bot = await launch();
    await joined(twitch, 'switchable', 'aurastreambot');
    await streamer.api.chatBot.updateSettings({ body: { enabled: false } });
    const left = await eventually(
      () => !bot.heldChannels().some((channel) => channel.login === 'switchable') && !isIn(twitch, 'switchable'),
      5000,
    );
    expect(left).to.equal(true);
    const unheard = await say(twitch, 'switchable', viewer, '!aura help');
    await streamer.api.chatBot.updateSettings({ body: { enabled: true } });
    await joined(twitch, 'switchable', 'aurastreambot');
    expect(await ask('switchable', viewer, '!aura status')).to.match(/AuraStream is on here/);
    expect(
      botLines(twitch, 'switchable', 'aurastreambot').some((line) => line.reply_parent_msg_id === unheard),
    ).to.equal(false);
    expect((await streamer.api.chatBot.get()).lastSeenAt).to.be.a('string');
  });

  it('leaves a channel whose streamer withdrew AuraStream’s access on Twitch, and says so in the dashboard', async () => {
    const streamer = await streamerWithBot(app, twitch, 'revoker');
    await launch();
    await joined(twitch, 'revoker', 'aurastreambot');
    // the service hears `user.authorization.revoke` (subscribed at its start; here once it listens)
    await app.service.container.eventSub.subscriptions.reconcile();
    await twitch.eventSub.settle();
    await twitch.eventSub.revokeAuthorization({ user: streamer.channelId });
    const marked = await eventually(async () => (await streamer.api.chatBot.get()).channel.state === 'revoked', 10_000);
    expect(marked).to.equal(true);
    expect(await eventually(() => !isIn(twitch, 'revoker'), 8000)).to.equal(true);
  });

  it('marks the bot account revoked when Twitch refuses its token, and speaks as the streamer instead', async () => {
    const streamer = await streamerWithBot(app, twitch, 'botrevoked');
    const viewer = chatter(twitch, streamer.channelId, 'botrevokedfan', 'viewer');
    await launch();
    await joined(twitch, 'botrevoked', 'aurastreambot');
    const bot = twitch.user('aurastreambot');
    twitch.revokeUserGrants(bot?.id ?? '');
    twitch.chat.disconnect({ login: 'aurastreambot', mode: 'drop' });
    const marked = await eventually(
      async () => (await admin.api.chatBotAdmin.getAccount()).status === 'revoked',
      15_000,
    );
    expect(marked).to.equal(true);
    const status = await streamer.api.chatBot.get();
    expect(status.speaksAs).to.equal('streamer');
    await joined(twitch, 'botrevoked', /^justinfan/u, 15_000);
    const id = await say(twitch, 'botrevoked', viewer, '!aura help');
    expect(await replyTo(twitch, 'botrevoked', 'botrevoked', id, 15_000)).to.match(/commands:/);
  });

  it('tells chatters AuraStream is restarting while the service is away', async () => {
    const streamer = await streamerWithBot(app, twitch, 'outage', { consent: true });
    const viewer = chatter(twitch, streamer.channelId, 'outagefan', 'viewer');
    await connectBotAccount(app, twitch, 'aurastreambot');
    await launch();
    await joined(twitch, 'outage', 'aurastreambot');
    await app.stop();
    const id = await say(twitch, 'outage', viewer, '!aura idea a phoenix');
    expect(await replyTo(twitch, 'outage', 'aurastreambot', id, 15_000)).to.include(RESTARTING_TEXT);
  });
});

function isIn(twitch: FakeTwitch, channel: string): boolean {
  return twitch.chat
    .connections()
    .some(
      (connection) =>
        connection.login === 'aurastreambot' && connection.channels.some((name) => name.replace(/^#/u, '') === channel),
    );
}
