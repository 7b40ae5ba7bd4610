import type { Redis } from 'ioredis';
import { redisKeys } from '../db/redis-keys';
import type { UserId } from '../users/user.repository';
import type { IdeaChannels } from './dependencies';

/** A channel's streamer is remembered this long… */
const OWNER_TTL_SECONDS = 60;
/** …and a channel nobody connected this long (a streamer who just connected waits at most this). */
const NO_OWNER_TTL_SECONDS = 5;
const NO_OWNER = '-';

/**
 * Which streamer a Twitch channel belongs to, remembered in Redis: every vote and suggestion from
 * chat or the panel names its channel, and this keeps MongoDB off that hot path. Shared by every
 * process, so it is never inconsistent between them; a channel that changes hands (disconnected,
 * or connected to another account) is seen within the TTL, during which a vote reaches only ideas
 * of the previous owner's channel, which were that channel's.
 */
export function cachedIdeaChannels(channels: IdeaChannels, redis: Redis): IdeaChannels {
  return {
    async ownerOfChannel(twitchChannelId) {
      const key = redisKeys.ideaChannelOwner(twitchChannelId);
      const cached = await redis.get(key);
      if (cached !== null) {
        return cached === NO_OWNER ? null : (cached as UserId);
      }
      const owner = await channels.ownerOfChannel(twitchChannelId);
      await redis.set(key, owner ?? NO_OWNER, 'EX', owner ? OWNER_TTL_SECONDS : NO_OWNER_TTL_SECONDS);
      return owner;
    },
    channelOf: (ownerId) => channels.channelOf(ownerId),
  };
}
