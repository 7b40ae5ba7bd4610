import { expect } from 'chai';
import type { ServiceCredentialScope } from '@aurastream/contract';
import type { UserId } from '../users/user.repository';
import { scopeAllows, type BotChannelSettings, type StreamerChannels } from './channel-access';

const streamerWithChannel = 'user-with-channel' as UserId;
const streamerWithoutChannel = 'user-without-channel' as UserId;

/** Two streamers, one of whom connected Twitch channel 111, which has the bot on; 222 has it off. */
const streamers: StreamerChannels = {
  channelOf: async (ownerId) => (ownerId === streamerWithChannel ? '111' : null),
};
const botChannels: BotChannelSettings = { isBotEnabled: async (channelId) => channelId === '111' };
const directory = { streamers, botChannels };

describe('what a service credential may act for', () => {
  it('acts only for the listed channels, named by id or by their owner', async () => {
    const scope: ServiceCredentialScope = { kind: 'channels', twitch_channel_ids: ['111', '333'] };
    expect(await scopeAllows(scope, { twitchChannelId: '333' }, directory)).to.equal(true);
    expect(await scopeAllows(scope, { twitchChannelId: '222' }, directory)).to.equal(false);
    expect(await scopeAllows(scope, { ownerId: streamerWithChannel }, directory)).to.equal(true);
    expect(await scopeAllows(scope, { ownerId: streamerWithoutChannel }, directory)).to.equal(false);
  });

  it('acts for the channels whose streamer turned the bot on, and no other', async () => {
    const scope: ServiceCredentialScope = { kind: 'bot_channels' };
    expect(await scopeAllows(scope, { twitchChannelId: '111' }, directory)).to.equal(true);
    expect(await scopeAllows(scope, { twitchChannelId: '222' }, directory)).to.equal(false);
    expect(await scopeAllows(scope, { ownerId: streamerWithChannel }, directory)).to.equal(true);
    expect(await scopeAllows(scope, { ownerId: streamerWithoutChannel }, directory)).to.equal(false);
  });
});
