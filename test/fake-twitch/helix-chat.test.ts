import { expect } from 'chai';
import type { ApiClient } from '@twurple/api';
import { EventSubChannelChatMessageEvent } from '@twurple/eventsub-base';
import { ManualClock, startFakeTwitch, type FakeTwitch, type FakeTwitchUser } from '@aurastream/fake-twitch';
import { RawIrcClient } from './irc-client';
import { aimTwurpleAt, appApi, pollUntil, userApi, WebhookReceiver } from './support';

const SECRET = 'a-webhook-secret-of-the-service';

describe('fake Twitch: Send Chat Message, channel.chat.message, moderators and VIPs', () => {
  let twitch: FakeTwitch;
  let streamer: FakeTwitchUser;
  let bot: FakeTwitchUser;
  let app: ApiClient;
  let receiver: WebhookReceiver;
  let listener: RawIrcClient;
  // the bot is no moderator here: one message a second per channel, which the tests step over
  const clock = new ManualClock();
  beforeEach(() => clock.advance(5000));

  before(async () => {
    twitch = await startFakeTwitch({ clock });
    streamer = twitch.addUser({ login: 'neonfox', display_name: 'NeonFox' });
    bot = twitch.addUser({ login: 'aurastreambot', display_name: 'AuraStreamBot', broadcaster_type: '' });
    const moderator = twitch.addUser({ login: 'pixelpal', display_name: 'PixelPal', broadcaster_type: '' });
    const vip = twitch.addUser({ login: 'starling', display_name: 'Starling', broadcaster_type: '' });
    twitch.setModerator(streamer.id, moderator.id);
    twitch.setVip(streamer.id, vip.id);
    twitch.setSubscriber(streamer.id, vip.id, '2000');
    app = appApi(twitch);
    receiver = await new WebhookReceiver(SECRET).start();
    const viewer = twitch.addUser({ login: 'lurkerlou', broadcaster_type: '' });
    listener = await RawIrcClient.signIn(
      twitch.chat.url,
      'lurkerlou',
      twitch.issueUserToken(viewer.id, ['chat:read']).accessToken,
    );
    listener.send('JOIN #neonfox');
    await listener.waitFor((line) => line.includes('ROOMSTATE'));
  });
  aimTwurpleAt(() => twitch);
  after(async () => {
    listener.close();
    await receiver.stop();
    await twitch.stop();
  });

  it('sends as the bot with the app token once the bot granted user:bot and the streamer channel:bot', async () => {
    twitch.issueUserToken(bot.id, ['user:read:chat', 'user:write:chat', 'user:bot']);
    const refused = await app.chat
      .sendChatMessageAsApp(bot.id, streamer.id, 'hello?')
      .catch((error: { statusCode: number }) => error);
    expect((refused as { statusCode: number }).statusCode).to.equal(403);

    twitch.issueUserToken(streamer.id, ['channel:bot']);
    const sent = await app.chat.sendChatMessageAsApp(bot.id, streamer.id, 'AuraStream is here');
    expect(sent.isSent).to.equal(true);
    expect(sent.id).to.match(/^[0-9a-f-]{36}$/);
    const line = await listener.waitFor((candidate) => candidate.endsWith('PRIVMSG #neonfox :AuraStream is here'));
    expect(line).to.include(`id=${sent.id}`).and.include('display-name=AuraStreamBot');
    expect(twitch.chat.messages({ user: 'aurastreambot' }).at(-1)).to.include({ via: 'helix', sent: true });
  });

  it('sends as the user with their user:write:chat token, threaded as a reply', async () => {
    const { message } = await twitch.chat.say({ channel: 'neonfox', viewer: 'starling', text: 'make a cat' });
    const { accessToken } = twitch.issueUserToken(bot.id, ['user:write:chat']);
    const asBot = userApi(twitch, accessToken, ['user:write:chat']);
    const sent = await asBot.asUser(bot.id, (ctx) =>
      ctx.chat.sendChatMessage(streamer.id, 'on it!', { replyParentMessageId: message.id }),
    );
    expect(sent.isSent).to.equal(true);
    const line = await listener.waitFor((candidate) => candidate.endsWith(':on it!'));
    expect(line).to.include(`reply-parent-msg-id=${message.id}`).and.include('reply-parent-user-login=starling');
  });

  it('reports a message Twitch drops with is_sent false and the reason, and refuses one over 500 characters', async () => {
    const { accessToken } = twitch.issueUserToken(bot.id, ['user:write:chat']);
    const send = (message: string) =>
      fetch(`${twitch.helixBaseUrl}/chat/messages`, {
        method: 'POST',
        headers: {
          'client-id': twitch.clientId,
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ broadcaster_id: streamer.id, sender_id: bot.id, message }),
      });
    await send('queued #1');
    const duplicate = await send('queued #1');
    expect(duplicate.status).to.equal(200);
    const [dropped] = ((await duplicate.json()) as { data: unknown[] }).data;
    expect(dropped).to.deep.equal({
      message_id: '',
      is_sent: false,
      drop_reason: {
        code: 'msg_ratelimit',
        message: 'Your message was not sent because you are sending messages too quickly.',
      },
    });
    const long = await send('x'.repeat(501));
    expect(long.status).to.equal(422);
  });

  it('delivers every chat message to channel.chat.message subscribers, with badges and the reply', async () => {
    twitch.issueUserToken(bot.id, ['user:read:chat', 'user:write:chat', 'user:bot']);
    const subscription = await app.asUser(bot.id, (ctx) =>
      ctx.eventSub.subscribeToChannelChatMessageEvents(streamer.id, {
        method: 'webhook',
        callback: receiver.url,
        secret: SECRET,
      }),
    );
    expect(subscription.condition).to.deep.equal({ broadcaster_user_id: streamer.id, user_id: bot.id });
    await twitch.eventSub.settle();
    const { message: parent } = await twitch.chat.say({ channel: 'neonfox', viewer: 'pixelpal', text: '!aura top' });
    const { message, deliveries } = await twitch.chat.say({
      channel: 'neonfox',
      viewer: 'starling',
      text: '@pixelpal agreed',
      replyTo: parent.id,
    });
    expect(deliveries.map((delivery) => delivery.state)).to.deep.equal(['delivered']);
    const notification = await pollUntil(
      async () => receiver.ofType('notification').find((received) => received.json.event?.message_id === message.id),
      Boolean,
    );
    expect(notification!.signatureValid).to.equal(true);
    const event = new EventSubChannelChatMessageEvent(notification!.json.event as never);
    expect(event).to.include({
      broadcasterId: streamer.id,
      chatterName: 'starling',
      chatterDisplayName: 'Starling',
      messageId: message.id,
      messageText: '@pixelpal agreed',
      messageType: 'text',
      parentMessageId: parent.id,
      parentMessageText: '!aura top',
      parentMessageUserName: 'pixelpal',
      threadMessageId: parent.id,
    });
    expect(event.badges).to.deep.equal({ vip: '1', subscriber: '2000' });
    expect(event.messageParts.map((part) => part.type)).to.deep.equal(['mention', 'text']);
  });

  it('refuses channel.chat.message for a reader without user:bot or the channel’s channel:bot', async () => {
    const stranger = twitch.addUser({ login: 'strangerbot', broadcaster_type: '' });
    const other = twitch.addUser({ login: 'otherchannel' });
    twitch.issueUserToken(stranger.id, ['user:read:chat', 'user:bot']);
    const refused = await app.asUser(stranger.id, (ctx) =>
      ctx.eventSub
        .subscribeToChannelChatMessageEvents(other.id, { method: 'webhook', callback: receiver.url, secret: SECRET })
        .catch((error: { statusCode: number; body: string }) => error),
    );
    expect((refused as { statusCode: number }).statusCode).to.equal(403);
    expect((refused as { body: string }).body).to.include('channel:bot');
  });

  it('lists moderators and VIPs to the broadcaster', async () => {
    const scopes = ['moderation:read', 'channel:read:vips'];
    const api = userApi(twitch, twitch.issueUserToken(streamer.id, scopes).accessToken, scopes);
    const moderators = await api.moderation.getModerators(streamer.id);
    expect(moderators.data.map((moderator) => [moderator.userName, moderator.userDisplayName])).to.deep.equal([
      ['pixelpal', 'PixelPal'],
    ]);
    const vips = await api.channels.getVips(streamer.id);
    expect(vips.data.map((vip) => vip.name)).to.deep.equal(['starling']);
    const wrong = await api.moderation.getModerators(bot.id).catch((error: { statusCode: number }) => error.statusCode);
    expect(wrong).to.equal(401);
  });
});
