import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import { cacheScopes, ReadCacheInvalidator } from '../db/read-cache';
import type { Feature } from '../feature';
import type { Logger } from '../shared/logger';
import type { UserDataOwner } from '../users/user-data-owner';
import { TwitchConnectionEvents } from './connection-events';
import { HelixBudget } from './helix-rate-limit';
import { defineValidateTokensJob, scheduleTokenValidation } from './jobs/validate-tokens.job';
import { registerPlatformConnectionModel } from './platform-connection.model';
import { PlatformConnectionRepository } from './platform-connection.repository';
import { PlatformConnectionService } from './platform-connection.service';
import { createTwitchConnectionRouter } from './routes';
import { TokenCipher } from './token-cipher';
import { TwitchTokenRefresher } from './token-refresher';
import { TwitchTokenValidation } from './token-validation';
import { TwitchApiClients } from './twitch-api-clients';
import { createTwitchConnectionApi } from './twitch-connection.api';
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
  events?: TwitchConnectionEvents;
  /** Where the scopes of caches built from connections are bumped when one changes. */
  redis?: Redis;
}): PlatformConnectionService {
  const { oauthProvider, events } = deps;
  const invalidator = deps.redis ? new ReadCacheInvalidator(deps.redis) : null;
  const logger = deps.logger.child({ component: 'platform-connections' });
  return new PlatformConnectionService({
    repository: new PlatformConnectionRepository(registerPlatformConnectionModel(deps.connection)),
    cipher: new TokenCipher(deps.config.encryptionKey),
    revokers: oauthProvider?.isConfigured() ? { twitch: (accessToken) => oauthProvider.revoke(accessToken) } : {},
    logger,
    onChanged: invalidator
      ? async (userId, platform, platformUserId) => {
          const scopes = [cacheScopes.owner(userId)];
          if (platformUserId) {
            scopes.push(cacheScopes.platformAccount(platform, platformUserId));
          }
          // the change is stored: a cache that cannot hear of it now is bounded by its own max age
          await invalidator.invalidate(...scopes).catch((error: unknown) => {
            logger.warn({ err: error, userId, platform }, 'could not invalidate what caches built from a connection');
          });
        }
      : undefined,
    onLinked: events
      ? (userId, platform, platformUserId) =>
          platform === 'twitch'
            ? events.emit({ kind: 'linked', userId, twitchUserId: platformUserId })
            : Promise.resolve()
      : undefined,
  });
}

/**
 * Twitch: the sign-in provider, users' encrypted platform connections and their hygiene (tokens
 * validated at start and hourly, refreshed one at a time per connection, revoked → marked and
 * `events` told), the Helix clients other features use (`clients`, with the shared rate-limit
 * budget), the channel context generation and the coach use (`context`), and the connection's
 * endpoints (Settings).
 */
export function createTwitchFeature(deps: TwitchFeatureDependencies) {
  const { config, logger } = deps;
  aimTwurple(config.twitch);
  const oauthProvider = new TwitchOAuthProvider(config.twitch);
  const events = new TwitchConnectionEvents(logger.child({ component: 'twitch-connection-events' }));
  const connections = createPlatformConnections({
    config,
    connection: deps.connection,
    logger,
    oauthProvider,
    events,
    redis: deps.redis,
  });
  const refresher = new TwitchTokenRefresher({
    connections,
    redis: deps.redis,
    twitch: config.twitch,
    events,
    logger: logger.child({ component: 'twitch-tokens' }),
  });
  const budget = new HelixBudget(deps.redis, logger.child({ component: 'helix-rate-limit' }));
  const clients = new TwitchApiClients({ twitch: config.twitch, connections, refresher, budget, logger });
  const context = new TwitchContextService({
    clients,
    connections,
    redis: deps.redis,
    logger: logger.child({ component: 'twitch-context' }),
  });
  const validation = new TwitchTokenValidation({
    connections,
    refresher,
    events,
    clientId: config.twitch.clientId,
    logger: logger.child({ component: 'twitch-token-validation' }),
  });
  // a new grant or a lost one changes what Twitch tells: the cached channel context goes
  events.listen(async (event) => context.forget(event.userId));
  const api = createTwitchConnectionApi({
    connections,
    events,
    simulated: config.twitch.simulated,
    forgetContext: (userId) => context.forget(userId),
  });
  const dataOwner: UserDataOwner = {
    name: 'platform-connections',
    async deleteAllForUser(userId) {
      await connections.deleteAllForUser(userId);
      await context.forget(userId);
    },
  };
  const configured = clients.isConfigured();
  const feature: Feature = {
    name: 'twitch',
    routes: (callers) => createTwitchConnectionRouter({ callers, api }),
    registerJobs(scheduler) {
      defineValidateTokensJob(scheduler, validation);
    },
    async start({ scheduler }) {
      if (scheduler && configured) {
        await scheduleTokenValidation(scheduler);
      }
    },
  };
  return { feature, api, oauthProvider, connections, events, clients, context, validation, refresher, dataOwner };
}
