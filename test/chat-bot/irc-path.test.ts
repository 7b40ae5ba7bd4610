import { expect } from 'chai';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService } from '@aurastream/service/testing';
import type { AuraStreamBot } from '@aurastream/bot';
import { botCredential, chatter, connectBotAccount, joined, replyTo, say, startBot, streamerWithBot } from './support';

describe('chat bot over IRC, end to end', () => {
  let twitch: FakeTwitch;
  let app: TestService;
  let bot: AuraStreamBot;

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService({ ...twitch.serviceEnv, CHAT_BOT_TRANSPORT: 'irc' });
  });
  after(async () => {
    await bot?.stop();
    await app.stop();
    await twitch.stop();
  });

  it('answers a viewer’s idea in the channel, threaded to the command, as the bot account', async () => {
    const { admin } = await connectBotAccount(app, twitch);
    const streamer = await streamerWithBot(app, twitch, 'neonfoxirc');
    const status = await streamer.api.chatBot.get();
    expect(status.channel.state).to.equal('active');
    expect(status.speaksAs).to.equal('bot_account');
    bot = await startBot(app, twitch, await botCredential(admin));
    const viewer = chatter(twitch, streamer.channelId, 'pixelfan', 'viewer');
    await joined(twitch, 'neonfoxirc', 'aurastreambot');
    const id = await say(twitch, 'neonfoxirc', viewer, '!aura idea a neon fox with sunglasses');
    const reply = await replyTo(twitch, 'neonfoxirc', 'aurastreambot', id);
    expect(reply).to.match(/idea #1 waits for approval/);
  });
});
