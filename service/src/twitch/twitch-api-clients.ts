import { ApiClient } from '@twurple/api';
import { AppTokenAuthProvider, type AuthProvider } from '@twurple/auth';
import type { Config } from '../config';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import { TwitchConnectionRevokedError, TwitchNotConnectedError } from './errors';
import { helixFetchOptions, type HelixBucket, type HelixBudget } from './helix-rate-limit';
import { ConnectionAuthProvider } from './connection-auth-provider';
import type { PlatformConnectionService } from './platform-connection.service';
import type { TwitchTokenRefresher } from './token-refresher';

/** A streamer's Helix client and who they are at Twitch. */
export interface StreamerApiClient {
  api: ApiClient;
  /** Their Twitch user id (the broadcaster id of their channel). */
  twitchUserId: string;
  /** The scopes their token carries. */
  scopes: string[];
  /** Their Helix rate-limit bucket, for `HelixBudget.check` before a call. */
  bucket: HelixBucket;
}

/**
 * twurple ApiClients aimed at the configured Twitch (real, the fake, or the simulated Twitch):
 * the app's (client credentials; EventSub webhooks, public reads) and a streamer's (their stored
 * connection: refreshed once at a time, a refused refresh marks it revoked). Every answer's
 * `Ratelimit-*` headers go into the shared HelixBudget. The bot and the panel's backend reuse it.
 */
export class TwitchApiClients {
  private readonly appAuth: AuthProvider;

  constructor(
    private readonly deps: {
      twitch: Pick<Config['twitch'], 'clientId' | 'clientSecret'>;
      connections: PlatformConnectionService;
      refresher: TwitchTokenRefresher;
      budget: HelixBudget;
      logger: Logger;
    },
  ) {
    this.appAuth = new AppTokenAuthProvider(deps.twitch.clientId || 'unconfigured', deps.twitch.clientSecret);
  }

  get budget(): HelixBudget {
    return this.deps.budget;
  }

  isConfigured(): boolean {
    return this.deps.twitch.clientId !== '' && this.deps.twitch.clientSecret !== '';
  }

  /**
   * A client as the app itself, for one operation. The app token is cached by the shared auth
   * provider; the client is new each time because twurple's rate limiter, once an answer says
   * `Ratelimit-Remaining: 0`, holds that client's next requests until the bucket is full again
   * (up to a minute): per operation, it only retries a 429 itself, and between operations and
   * processes the shared HelixBudget decides (from the same headers, one point's wait).
   */
  app(): ApiClient {
    return this.client(this.appAuth, 'app');
  }

  /** A client acting as the streamer; 409 when Twitch is not connected or the connection was revoked. */
  async forUser(userId: UserId): Promise<StreamerApiClient> {
    const tokens = await this.deps.connections.getTokens(userId, 'twitch');
    if (!tokens) {
      const view = await this.deps.connections.view(userId, 'twitch');
      throw view ? new TwitchConnectionRevokedError() : new TwitchNotConnectedError();
    }
    const bucket: HelixBucket = `user:${tokens.platformUserId}`;
    const auth = new ConnectionAuthProvider(userId, tokens, this.deps.refresher, this.appAuth);
    return { api: this.client(auth, bucket), twitchUserId: tokens.platformUserId, scopes: tokens.scopes, bucket };
  }

  private client(authProvider: AuthProvider, bucket: HelixBucket): ApiClient {
    const logger = this.deps.logger;
    return new ApiClient({
      authProvider,
      fetchOptions: helixFetchOptions(this.deps.budget, bucket),
      logger: {
        minLevel: 'warning',
        custom: (level, message) => {
          // @d-fischer/logger levels: 0 critical, 1 error, 2 warning, 3+ info and below
          const severity = Number(level);
          if (severity <= 1) {
            logger.error({ component: 'twurple', bucket }, message);
          } else if (severity === 2) {
            logger.warn({ component: 'twurple', bucket }, message);
          } else {
            logger.debug({ component: 'twurple', bucket }, message);
          }
        },
      },
    });
  }
}
