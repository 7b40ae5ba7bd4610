import type { Redis } from 'ioredis';
import type { BaseApiClient, HelixChannel, HelixStream } from '@twurple/api';
import { redisKeys } from '../db/redis-keys';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { TwitchChannelContext, TwitchContextProvider, TwitchStreamSummary } from './channel-context';
import type { PlatformConnectionService } from './platform-connection.service';
import type { TwitchApiClients } from './twitch-api-clients';

/** Twitch context changes slowly; a minute of caching spares Helix calls on every generation. */
const CONTEXT_CACHE_SECONDS = 60;
const TOP_STREAMS_CACHE_SECONDS = 60;
/** While Helix is unreachable (or its limit used up), the last context it gave serves for a day. */
const LAST_KNOWN_SECONDS = 24 * 60 * 60;
const HELIX_MAX_PAGE = 100;

interface CachedTopStreams {
  /** How many were asked for; a later request for fewer is served from the cache. */
  limit: number;
  streams: TwitchStreamSummary[];
}

function toChannelContext(channel: HelixChannel, stream: HelixStream | null): TwitchChannelContext {
  return {
    broadcaster_id: channel.id,
    broadcaster_login: channel.name,
    broadcaster_name: channel.displayName,
    title: stream?.title || channel.title,
    category_id: stream?.gameId || channel.gameId || null,
    category_name: stream?.gameName || channel.gameName || null,
    tags: channel.tags,
    is_live: stream !== null,
  };
}

function toStreamSummary(stream: HelixStream): TwitchStreamSummary {
  return { user_name: stream.userDisplayName, title: stream.title, viewer_count: stream.viewers, tags: stream.tags };
}

/**
 * The Twitch context of a streamer (channel title and category, live status) and of a category
 * (top streams), read from Helix as the streamer (TwitchApiClients: tokens refreshed once at a time
 * across processes, a refused refresh marks the connection revoked, Helix's rate limit shared).
 * Answers are cached in Redis for a minute; while Helix fails, the last context it gave (kept a
 * day) is served, and otherwise null or an empty list: callers carry on without. A revoked or
 * absent connection answers null without calling Twitch.
 */
export class TwitchContextService implements TwitchContextProvider {
  constructor(
    private readonly deps: {
      clients: TwitchApiClients;
      connections: PlatformConnectionService;
      redis: Redis;
      logger: Logger;
    },
  ) {}

  async getChannelContext(userId: UserId): Promise<TwitchChannelContext | null> {
    const key = redisKeys.twitchContext(userId);
    const cached = await this.deps.redis.get(key);
    if (cached) {
      return JSON.parse(cached) as TwitchChannelContext;
    }
    if (!this.deps.clients.isConfigured() || !(await this.deps.connections.getTokens(userId, 'twitch'))) {
      return null;
    }
    try {
      const client = await this.deps.clients.forUser(userId);
      await this.deps.clients.budget.check(client.bucket);
      const broadcasterId = client.twitchUserId;
      // one after the other: an expired token is then refreshed once, not by both calls at the same time
      const [channel, stream] = await client.api.asUser(
        broadcasterId,
        async (ctx) =>
          [
            await ctx.channels.getChannelInfoById(broadcasterId),
            await ctx.streams.getStreamByUserId(broadcasterId),
          ] as const,
      );
      if (!channel) {
        return null;
      }
      const context = toChannelContext(channel, stream);
      const serialized = JSON.stringify(context);
      await this.deps.redis
        .multi()
        .set(key, serialized, 'EX', CONTEXT_CACHE_SECONDS)
        .set(redisKeys.twitchContextLastKnown(userId), serialized, 'EX', LAST_KNOWN_SECONDS)
        .exec();
      return context;
    } catch (error) {
      this.deps.logger.warn({ err: error, userId }, 'Twitch channel context unavailable; the last known one serves');
      const lastKnown = await this.deps.redis.get(redisKeys.twitchContextLastKnown(userId));
      return lastKnown ? (JSON.parse(lastKnown) as TwitchChannelContext) : null;
    }
  }

  async getTopStreams(userId: UserId, categoryId: string, limit: number): Promise<TwitchStreamSummary[]> {
    const wanted = Math.min(Math.max(Math.trunc(limit), 1), HELIX_MAX_PAGE);
    const key = redisKeys.twitchTopStreams(categoryId);
    const cachedRaw = await this.deps.redis.get(key);
    if (cachedRaw) {
      const cached = JSON.parse(cachedRaw) as CachedTopStreams;
      if (cached.limit >= wanted) {
        return cached.streams.slice(0, wanted);
      }
    }
    if (!this.deps.clients.isConfigured()) {
      return [];
    }
    try {
      // the streamer's token when connected, else the app's own (client credentials)
      const fetchStreams = (client: BaseApiClient) => client.streams.getStreams({ game: categoryId, limit: wanted });
      const connected = (await this.deps.connections.getTokens(userId, 'twitch')) !== null;
      let page;
      if (connected) {
        const client = await this.deps.clients.forUser(userId);
        await this.deps.clients.budget.check(client.bucket);
        page = await client.api.asUser(client.twitchUserId, fetchStreams);
      } else {
        await this.deps.clients.budget.check('app');
        page = await fetchStreams(this.deps.clients.app());
      }
      const streams = [...page.data]
        .sort((a, b) => b.viewers - a.viewers)
        .slice(0, wanted)
        .map(toStreamSummary);
      const entry: CachedTopStreams = { limit: wanted, streams };
      await this.deps.redis.set(key, JSON.stringify(entry), 'EX', TOP_STREAMS_CACHE_SECONDS);
      return streams;
    } catch (error) {
      this.deps.logger.warn({ err: error, userId, categoryId }, 'Twitch top streams unavailable');
      return [];
    }
  }

  /** Drops the cached context (account deletion, a new connection, a disconnect). */
  async forget(userId: UserId): Promise<void> {
    await this.deps.redis.del(redisKeys.twitchContext(userId), redisKeys.twitchContextLastKnown(userId));
  }
}
