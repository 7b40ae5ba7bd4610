import type { ServiceCredentialScope } from '@aurastream/contract';
import type { ChannelRef } from '../auth/principal';
import type { PlatformConnectionService } from '../twitch/platform-connection.service';
import type { UserId } from '../users/user.repository';

/** The Twitch channel a streamer connected to AuraStream. */
export interface StreamerChannels {
  channelOf(ownerId: UserId): Promise<string | null>;
}

export function streamerChannelsFrom(
  connections: Pick<PlatformConnectionService, 'platformUserIdOf'>,
): StreamerChannels {
  return { channelOf: (ownerId) => connections.platformUserIdOf(ownerId, 'twitch') };
}

/** Which channels' streamers turned the chat bot on. */
export interface BotChannelSettings {
  isBotEnabled(twitchChannelId: string): Promise<boolean>;
}

/**
 * For the admin CLI, which creates, lists and revokes credentials but never authenticates one, so
 * it never asks whose bot is on (the service reads the chat bot feature's switch).
 */
export const botChannelsNotChecked: BotChannelSettings = {
  isBotEnabled: () => Promise.reject(new Error('the admin CLI never checks what a service credential acts for')),
};

/**
 * Whether a credential with this scope may act for a channel now. A channel named by its owner
 * counts only once the owner connected it; `bot_channels` follows each streamer's switch as it
 * changes (the chat bot feature's cache of served channels is invalidated by every change before
 * it returns), so turning the bot off takes effect on the next request, on every instance.
 */
export async function scopeAllows(
  scope: ServiceCredentialScope,
  channel: ChannelRef,
  directory: { streamers: StreamerChannels; botChannels: BotChannelSettings },
): Promise<boolean> {
  const channelId =
    'twitchChannelId' in channel ? channel.twitchChannelId : await directory.streamers.channelOf(channel.ownerId);
  if (!channelId) {
    return false;
  }
  switch (scope.kind) {
    case 'channels':
      return scope.twitch_channel_ids.includes(channelId);
    case 'bot_channels':
      return directory.botChannels.isBotEnabled(channelId);
  }
}
