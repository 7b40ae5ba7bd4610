import { expect } from 'chai';
import { StaticAuthProvider } from '@twurple/auth';
import { ChatClient, type ChatMessage } from '@twurple/chat';
import { startFakeTwitch, type FakeTwitch, type FakeTwitchUser } from '@aurastream/fake-twitch';
import { twurpleChatTarget } from '../../service/src/twitch/twurple-endpoints';
import { aimTwurpleAt, pollUntil } from './support';

interface Heard {
  channel: string;
  user: string;
  text: string;
  msg: ChatMessage;
}

describe("fake Twitch chat with twurple's own ChatClient", () => {
  let twitch: FakeTwitch;
  let streamer: FakeTwitchUser;
  let bot: FakeTwitchUser;
  let chat: ChatClient;
  const heard: Heard[] = [];

  before(async () => {
    twitch = await startFakeTwitch();
    streamer = twitch.addUser({ login: 'neonfox', display_name: 'NeonFox' });
    bot = twitch.addUser({ login: 'aurastreambot', display_name: 'AuraStreamBot', broadcaster_type: '' });
    const moderator = twitch.addUser({ login: 'pixelpal', display_name: 'PixelPal', broadcaster_type: '' });
    twitch.setModerator(streamer.id, moderator.id);
    twitch.setSubscriber(streamer.id, moderator.id, '1000');
    const vip = twitch.addUser({ login: 'starling', display_name: 'Starling', broadcaster_type: '' });
    twitch.setVip(streamer.id, vip.id);
  });
  aimTwurpleAt(() => twitch);
  before(async () => {
    const { accessToken } = twitch.issueUserToken(bot.id, ['chat:read', 'chat:edit']);
    chat = new ChatClient({
      authProvider: new StaticAuthProvider(twitch.clientId, accessToken, ['chat:read', 'chat:edit']),
      ...twurpleChatTarget(twitch.chat.url),
      channels: ['neonfox'],
      // the reconnect test drops the connection on purpose
      logger: { minLevel: 'critical' },
    });
    chat.onMessage((channel, user, text, msg) => heard.push({ channel, user, text, msg }));
    const joined = new Promise<void>((resolve) => chat.onJoin((channel) => channel === 'neonfox' && resolve()));
    chat.connect();
    await joined;
  });
  after(async () => {
    chat.quit();
    await twitch.stop();
  });

  it('aims ChatClient at TWITCH_CHAT_URL: it signs in with the oauth: token and joins', () => {
    const [connection] = twitch.chat.connections();
    expect(connection).to.deep.include({ login: 'aurastreambot', channels: ['#neonfox'] });
    expect(connection!.capabilities).to.have.members(['twitch.tv/tags', 'twitch.tv/commands']);
    // ChatClient validates its token before connecting, through the mock layout
    expect(twitch.requestsTo('/oauth2/validate')).to.have.length.greaterThan(0);
  });

  it("hears a viewer's message with their badges, id and roles", async () => {
    const { message } = await twitch.chat.say({ channel: 'neonfox', viewer: 'pixelpal', text: '!aura idea a cat' });
    const { msg, user, text } = (await pollUntil(
      async () => heard.find((entry) => entry.msg.id === message.id),
      Boolean,
      { what: 'the message at the ChatClient' },
    ))!;
    expect(user).to.equal('pixelpal');
    expect(text).to.equal('!aura idea a cat');
    expect(msg.userInfo.userId).to.equal(twitch.user('pixelpal')!.id);
    expect(msg.userInfo.displayName).to.equal('PixelPal');
    expect(msg.userInfo.isMod).to.equal(true);
    expect(msg.userInfo.isSubscriber).to.equal(true);
    expect(msg.userInfo.isVip).to.equal(false);
    expect(msg.userInfo.isBroadcaster).to.equal(false);
    expect(Object.fromEntries(msg.userInfo.badges)).to.deep.equal({ moderator: '1', subscriber: '0' });
    expect(msg.channelId).to.equal(streamer.id);
    expect(msg.date.getTime()).to.be.closeTo(Date.now(), 10_000);
    expect(msg.userInfo.color).to.match(/^#[0-9A-F]{6}$/);
  });

  it('knows a VIP and the broadcaster by their badges', async () => {
    const vip = await twitch.chat.say({ channel: 'neonfox', viewer: 'starling', text: 'hi' });
    const own = await twitch.chat.say({ channel: 'neonfox', viewer: 'neonfox', text: 'welcome' });
    const [vipMessage, ownMessage] = await pollUntil(
      async () => [vip, own].map(({ message }) => heard.find((entry) => entry.msg.id === message.id)),
      (found) => found.every(Boolean),
    );
    expect(vipMessage!.msg.userInfo.isVip).to.equal(true);
    expect(ownMessage!.msg.userInfo.isBroadcaster).to.equal(true);
  });

  it("records the bot's reply, threaded to the viewer's message", async () => {
    const { message } = await twitch.chat.say({ channel: 'neonfox', viewer: 'pixelpal', text: '!aura status' });
    const question = await pollUntil(async () => heard.find((entry) => entry.msg.id === message.id), Boolean);
    await chat.say('neonfox', 'All good, PixelPal!', { replyTo: question!.msg });
    const [reply] = await pollUntil(
      async () => twitch.chat.messages({ channel: 'neonfox', user: 'aurastreambot' }),
      (said) => said.length > 0,
      { what: "the bot's reply" },
    );
    expect(reply).to.include({ text: 'All good, PixelPal!', via: 'irc', sent: true, reply_parent_msg_id: message.id });
  });

  it('reconnects and joins again when the fake drops the connection', async () => {
    const rejoined = new Promise<void>((resolve) => chat.onJoin((channel) => channel === 'neonfox' && resolve()));
    expect(twitch.chat.disconnect({ login: 'aurastreambot' })).to.equal(1);
    await rejoined;
    const { message } = await twitch.chat.say({ channel: 'neonfox', viewer: 'starling', text: 'still there?' });
    await pollUntil(async () => heard.some((entry) => entry.msg.id === message.id), Boolean, {
      what: 'a message after the reconnect',
    });
  });
});
