import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { ApiError, chatBotServiceEndpoints, createApiClient } from '@aurastream/contract';
import { botCredential, connectBotAccount, grantChatBotScopes, streamerWithBot } from './support';
import type { Streamer } from '../extension/support';

/**
 * The service keeps each served channel's standing in memory (read on every command), on every
 * instance: a change made through one instance applies to the next command on another at once.
 */
describe('channels the bot serves, across service instances', () => {
  let twitch: FakeTwitch;
  let first: TestService;
  let second: TestService;
  let streamer: Streamer;
  let credential: string;

  before(async () => {
    twitch = await startFakeTwitch();
    const unique = randomBytes(6).toString('hex');
    const deployment = {
      ...twitch.serviceEnv,
      CHAT_BOT_TRANSPORT: 'irc',
      MONGODB_DB_NAME: `test_served_${unique}`,
      REDIS_KEY_PREFIX: `test:served-${unique}:`,
      JWT_SECRET: randomBytes(32).toString('hex'),
    };
    first = await startTestService(deployment);
    second = await startTestService(deployment);
    const { admin } = await connectBotAccount(first, twitch);
    streamer = await streamerWithBot(first, twitch, 'servedchannel');
    credential = await botCredential(admin);
  });
  after(async () => {
    await second?.stop();
    await first?.stop();
    await twitch?.stop();
  });

  /** `!aura help` relayed by the bot to an instance: the answer's outcome, or the refusal's code. */
  async function command(app: TestService): Promise<string> {
    const client = createApiClient(
      { bot: chatBotServiceEndpoints },
      { baseUrl: app.url, getAccessToken: () => credential },
    );
    try {
      const result = await client.bot.command({
        body: {
          twitchChannelId: streamer.channelId,
          messageId: randomUUID(),
          text: '!aura help',
          chatter: {
            userId: '777',
            login: 'somemoderator',
            displayName: 'somemoderator',
            // a moderator, whom cooldowns do not hold up
            badges: { broadcaster: false, moderator: true, vip: false, subscriber: false },
          },
        },
      });
      return result.outcome;
    } catch (error) {
      if (error instanceof ApiError) {
        return error.code;
      }
      throw error;
    }
  }

  it('stops serving a channel on every instance the moment its streamer turns the bot off, and serves it again when on', async () => {
    // both instances have the channel's standing in memory now
    expect(await command(first)).to.equal('done');
    expect(await command(second)).to.equal('done');

    await streamer.api.chatBot.updateSettings({ body: { enabled: false } });
    expect(await command(second)).to.equal('service_channel_forbidden');
    expect(await command(first)).to.equal('service_channel_forbidden');

    await streamer.api.chatBot.updateSettings({ body: { enabled: true } });
    expect(await command(second)).to.equal('done');
  });

  it('follows the channel’s commands as the streamer changes them', async () => {
    expect(await command(second)).to.equal('done');
    await streamer.api.chatBot.updateSettings({ body: { commands: { help: { enabled: false } } } });
    expect(await command(second)).to.equal('disabled');
    await streamer.api.chatBot.updateSettings({ body: { commands: { help: { enabled: true } } } });
    expect(await command(second)).to.equal('done');
  });

  it('stops serving a channel on every instance the moment its streamer disconnects Twitch', async () => {
    expect(await command(second)).to.equal('done');
    await streamer.api.twitchConnection.disconnect();
    expect(await command(second)).to.equal('service_channel_forbidden');

    // connected again (with the bot's grant): served again
    await grantChatBotScopes(first, twitch, streamer);
    expect(await command(second)).to.equal('done');
  });
});
