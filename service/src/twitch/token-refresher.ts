import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { refreshUserToken, type AccessToken } from '@twurple/auth';
import type { Config } from '../config';
import { redisKeys } from '../db/redis-keys';
import { UpstreamError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { TwitchConnectionEvents } from './connection-events';
import { TwitchConnectionRevokedError, twitchStatusOf } from './errors';
import type { PlatformConnectionService, PlatformTokens } from './platform-connection.service';

/** Longer than a refresh takes at Twitch; a holder that died frees the lock by then. */
const LOCK_TTL_MS = 15_000;
const WAIT_STEP_MS = 50;

const releaseScript = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** twurple's token as stored tokens. */
export function tokenSetOf(token: AccessToken) {
  return {
    accessToken: token.accessToken,
    refreshToken: token.refreshToken,
    expiresAt: token.expiresIn === null ? null : new Date(token.obtainmentTimestamp + token.expiresIn * 1000),
    scopes: token.scope,
  };
}

/**
 * Refreshes a user's Twitch tokens one at a time per connection across every process: a Redis
 * lock per user; whoever waits for it then reads the tokens the holder stored instead of
 * refreshing again. A refresh Twitch refuses (400/401: the grant was withdrawn) marks the
 * connection revoked and tells the listeners; a network failure is an UpstreamError (retry later).
 */
export class TwitchTokenRefresher {
  constructor(
    private readonly deps: {
      connections: PlatformConnectionService;
      redis: Redis;
      twitch: Pick<Config['twitch'], 'clientId' | 'clientSecret'>;
      events: TwitchConnectionEvents;
      logger: Logger;
    },
  ) {}

  /** Fresh tokens in place of `seen` (which Twitch refused or which expire). */
  async refresh(userId: UserId, seen: PlatformTokens): Promise<PlatformTokens> {
    const key = redisKeys.twitchTokenRefreshLock(userId);
    const holder = randomUUID();
    const deadline = Date.now() + LOCK_TTL_MS * 2;
    for (;;) {
      const current = await this.current(userId);
      if (current.version !== seen.version) {
        // another process (or a reconnect) replaced the tokens meanwhile
        return current;
      }
      if ((await this.deps.redis.set(key, holder, 'PX', LOCK_TTL_MS, 'NX')) === 'OK') {
        try {
          return await this.refreshHolding(userId, current);
        } finally {
          await this.deps.redis.eval(releaseScript, 1, key, holder);
        }
      }
      if (Date.now() > deadline) {
        throw new UpstreamError('twitch_error', 'Refreshing the Twitch tokens took too long; try again');
      }
      await sleep(WAIT_STEP_MS);
    }
  }

  private async current(userId: UserId): Promise<PlatformTokens> {
    const tokens = await this.deps.connections.getTokens(userId, 'twitch');
    if (!tokens) {
      throw new TwitchConnectionRevokedError();
    }
    return tokens;
  }

  private async refreshHolding(userId: UserId, current: PlatformTokens): Promise<PlatformTokens> {
    if (!current.refreshToken) {
      return this.revoke(userId, current, 'no_refresh_token');
    }
    let refreshed: AccessToken;
    try {
      refreshed = await refreshUserToken(
        this.deps.twitch.clientId,
        this.deps.twitch.clientSecret,
        current.refreshToken,
      );
    } catch (error) {
      const status = twitchStatusOf(error);
      if (status === 400 || status === 401) {
        return this.revoke(userId, current, 'refresh_failed');
      }
      this.deps.logger.warn({ err: error, userId }, 'refreshing Twitch tokens failed');
      throw new UpstreamError('twitch_error', 'Twitch could not refresh the access token; try again shortly');
    }
    const stored = await this.deps.connections.replaceTokens(userId, 'twitch', current, tokenSetOf(refreshed));
    this.deps.logger.info({ userId }, 'Twitch tokens refreshed');
    return stored ?? this.current(userId);
  }

  private async revoke(userId: UserId, judged: PlatformTokens, reason: string): Promise<never> {
    if (await this.deps.connections.markRevoked(userId, 'twitch', judged, reason)) {
      this.deps.logger.warn({ userId, reason }, 'Twitch refused to refresh the tokens: connection marked revoked');
      await this.deps.events.emit({ kind: 'revoked', userId, twitchUserId: judged.platformUserId, reason });
    }
    throw new TwitchConnectionRevokedError();
  }
}
