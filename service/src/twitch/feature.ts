import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Logger } from '../shared/logger';
import type { UserDataOwner } from '../users/user-data-owner';
import { registerPlatformConnectionModel } from './platform-connection.model';
import { PlatformConnectionRepository } from './platform-connection.repository';
import { PlatformConnectionService } from './platform-connection.service';
import { TokenCipher } from './token-cipher';
import { TwitchContextService } from './twitch-context.service';
import { TwitchOAuthProvider } from './twitch-oauth.provider';
import { aimTwurple } from './twurple-endpoints';

export interface TwitchFeatureDependencies {
  config: Config;
  connection: Connection;
  redis: Redis;
  logger: Logger;
}

/** Users' encrypted platform connections, as the service and the admin CLI read them. */
export function createPlatformConnections(deps: {
  config: Pick<Config, 'twitch' | 'encryptionKey'>;
  connection: Connection;
  logger: Logger;
  oauthProvider?: TwitchOAuthProvider;
}): PlatformConnectionService {
  const { oauthProvider } = deps;
  return new PlatformConnectionService({
    repository: new PlatformConnectionRepository(registerPlatformConnectionModel(deps.connection)),
    cipher: new TokenCipher(deps.config.encryptionKey),
    revokers: oauthProvider?.isConfigured() ? { twitch: (accessToken) => oauthProvider.revoke(accessToken) } : {},
    logger: deps.logger.child({ component: 'platform-connections' }),
  });
}

/**
 * Twitch: the sign-in provider, users' encrypted platform connections and the channel context
 * (`context`, a TwitchContextProvider) that generation and the coach use.
 */
export function createTwitchFeature(deps: TwitchFeatureDependencies) {
  const { config, logger } = deps;
  aimTwurple(config.twitch);
  const oauthProvider = new TwitchOAuthProvider(config.twitch);
  const connections = createPlatformConnections({ config, connection: deps.connection, logger, oauthProvider });
  const context = new TwitchContextService({
    connections,
    redis: deps.redis,
    twitch: config.twitch,
    logger: logger.child({ component: 'twitch-context' }),
  });
  const dataOwner: UserDataOwner = {
    name: 'platform-connections',
    async deleteAllForUser(userId) {
      await connections.deleteAllForUser(userId);
      await context.forget(userId);
    },
  };
  return { oauthProvider, connections, context, dataOwner };
}
