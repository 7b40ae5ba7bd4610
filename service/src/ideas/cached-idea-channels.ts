import type { Redis } from 'ioredis';
import { redisKeys } from '../db/redis-keys';
import type { UserId } from '../users/user.repository';
import type { IdeaChannels } from './dependencies';

/** A channel's streamer is remembered in Redis this long… */
const OWNER_TTL_SECONDS = 60;
/** …and a channel nobody connected this long (a streamer who just connected waits at most this). */
const NO_OWNER_TTL_SECONDS = 5;
/** Each process also keeps what Redis said this long, so a burst of votes reads Redis once. */
const LOCAL_TTL_MS = 2000;
/** Channels each process keeps at most (the oldest is forgotten first). */
const LOCAL_MAX_CHANNELS = 10_000;
const NO_OWNER = '-';

/**
 * Which streamer a Twitch channel belongs to, remembered in Redis: every vote and suggestion from
 * chat or the panel names its channel, and this keeps MongoDB off that hot path. Shared by every
 * process, so they never disagree for long; a channel that changes hands (disconnected, or
 * connected to another account) is seen within the TTLs (Redis's, then at most 2 s more in a
 * process), during which a vote reaches only ideas of the previous owner's channel, which were that
 * channel's.
 */
export function cachedIdeaChannels(channels: IdeaChannels, redis: Redis, now: () => number = Date.now): IdeaChannels {
  const local = new Map<string, { owner: UserId | null; until: number }>();
  const remember = (twitchChannelId: string, owner: UserId | null) => {
    if (local.size >= LOCAL_MAX_CHANNELS) {
      local.delete(local.keys().next().value as string);
    }
    local.set(twitchChannelId, { owner, until: now() + LOCAL_TTL_MS });
    return owner;
  };
  return {
    async ownerOfChannel(twitchChannelId) {
      const known = local.get(twitchChannelId);
      if (known && known.until > now()) {
        return known.owner;
      }
      local.delete(twitchChannelId);
      const key = redisKeys.ideaChannelOwner(twitchChannelId);
      const cached = await redis.get(key);
      if (cached !== null) {
        return remember(twitchChannelId, cached === NO_OWNER ? null : (cached as UserId));
      }
      const owner = await channels.ownerOfChannel(twitchChannelId);
      await redis.set(key, owner ?? NO_OWNER, 'EX', owner ? OWNER_TTL_SECONDS : NO_OWNER_TTL_SECONDS);
      return remember(twitchChannelId, owner);
    },
    channelOf: (ownerId) => channels.channelOf(ownerId),
  };
}
