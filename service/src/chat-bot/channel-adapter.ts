import type { PlatformConnectionService } from '../twitch/platform-connection.service';
import type { ChatBotChannels } from './dependencies';

/** Channels from the streamers' Twitch connections. */
export function chatBotChannelsFrom(connections: Pick<PlatformConnectionService, 'ownerOf' | 'view'>): ChatBotChannels {
  return {
    ownerOfChannel: (channelId) => connections.ownerOf('twitch', channelId),
    async channelOf(owner) {
      const view = await connections.view(owner, 'twitch');
      return view ? { id: view.platformUserId, login: view.login } : null;
    },
  };
}
