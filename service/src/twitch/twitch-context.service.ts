import type { Redis } from 'ioredis';
import { ApiClient, type BaseApiClient, type HelixChannel, type HelixStream } from '@twurple/api';
import {
  AppTokenAuthProvider,
  RefreshingAuthProvider,
  StaticAuthProvider,
  type AccessToken,
  type AuthProvider,
} from '@twurple/auth';
import type { Config } from '../config';
import { redisKeys } from '../db/redis-keys';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { TwitchChannelContext, TwitchContextProvider, TwitchStreamSummary } from './channel-context';
import type { PlatformConnectionService, PlatformTokens } from './platform-connection.service';

/** Twitch context changes slowly; a minute of caching spares Helix calls on every generation. */
const CONTEXT_CACHE_SECONDS = 60;
const TOP_STREAMS_CACHE_SECONDS = 60;
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
 * The Twitch context of a streamer (channel, live status) and of a category (top streams), read
 * from Helix with twurple using the streamer's stored tokens. Tokens twurple refreshes are stored
 * again at once, encrypted. Answers are cached in Redis briefly. Any failure (not connected,
 * Twitch unreachable, grant withdrawn) yields null or an empty list: callers carry on without.
 */
export class TwitchContextService implements TwitchContextProvider {
  constructor(
    private readonly deps: {
      connections: PlatformConnectionService;
      redis: Redis;
      twitch: Config['twitch'];
      logger: Logger;
    },
  ) {}

  async getChannelContext(userId: UserId): Promise<TwitchChannelContext | null> {
    const key = redisKeys.twitchContext(userId);
    const cached = await this.deps.redis.get(key);
    if (cached) {
      return JSON.parse(cached) as TwitchChannelContext;
    }
    const tokens = await this.deps.connections.getTokens(userId, 'twitch');
    if (!tokens || !this.isConfigured()) {
      return null;
    }
    try {
      const api = this.userClient(userId, tokens);
      const broadcasterId = tokens.platformUserId;
      // one after the other: an expired token is then refreshed once, not by both calls at the same time
      const [channel, stream] = await api.asUser(
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
      await this.deps.redis.set(key, JSON.stringify(context), 'EX', CONTEXT_CACHE_SECONDS);
      return context;
    } catch (error) {
      this.deps.logger.warn({ err: error, userId }, 'Twitch channel context unavailable');
      return null;
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
    if (!this.isConfigured()) {
      return [];
    }
    try {
      // the streamer's token when connected, else the app's own (client credentials)
      const tokens = await this.deps.connections.getTokens(userId, 'twitch');
      const api = tokens ? this.userClient(userId, tokens) : this.appClient();
      const fetchStreams = (client: BaseApiClient) => client.streams.getStreams({ game: categoryId, limit: wanted });
      const page = tokens ? await api.asUser(tokens.platformUserId, fetchStreams) : await fetchStreams(api);
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

  /** Drops the cached context (account deletion, a new connection). */
  async forget(userId: UserId): Promise<void> {
    await this.deps.redis.del(redisKeys.twitchContext(userId));
  }

  private isConfigured(): boolean {
    return this.deps.twitch.clientId !== '' && this.deps.twitch.clientSecret !== '';
  }

  private userClient(userId: UserId, tokens: PlatformTokens): ApiClient {
    if (!tokens.refreshToken) {
      return this.client(new StaticAuthProvider(this.deps.twitch.clientId, tokens.accessToken, tokens.scopes));
    }
    const authProvider = new RefreshingAuthProvider({
      clientId: this.deps.twitch.clientId,
      clientSecret: this.deps.twitch.clientSecret,
    });
    authProvider.onRefresh((_platformUserId, token: AccessToken) => {
      this.deps.connections
        .saveRefreshedTokens(userId, 'twitch', tokens.platformUserId, {
          accessToken: token.accessToken,
          refreshToken: token.refreshToken,
          expiresAt: token.expiresIn === null ? null : new Date(token.obtainmentTimestamp + token.expiresIn * 1000),
          scopes: token.scope,
        })
        .catch((error: unknown) =>
          this.deps.logger.error({ err: error, userId }, 'storing refreshed Twitch tokens failed'),
        );
    });
    const now = Date.now();
    authProvider.addUser(tokens.platformUserId, {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      scope: tokens.scopes,
      // twurple refreshes ahead of this instant; null means it learns of expiry from a 401
      expiresIn: tokens.expiresAt ? Math.max(0, Math.floor((tokens.expiresAt.getTime() - now) / 1000)) : null,
      obtainmentTimestamp: now,
    });
    return this.client(authProvider);
  }

  private appClient(): ApiClient {
    return this.client(new AppTokenAuthProvider(this.deps.twitch.clientId, this.deps.twitch.clientSecret));
  }

  private client(authProvider: AuthProvider): ApiClient {
    const logger = this.deps.logger;
    return new ApiClient({
      authProvider,
      logger: {
        minLevel: 'warning',
        custom: (level, message) => {
          // @d-fischer/logger levels: 0 critical, 1 error, 2 warning, 3+ info and below
          const severity = Number(level);
          if (severity <= 1) {
            logger.error({ component: 'twurple' }, message);
          } else if (severity === 2) {
            logger.warn({ component: 'twurple' }, message);
          } else {
            logger.debug({ component: 'twurple' }, message);
          }
        },
      },
    });
  }
}
