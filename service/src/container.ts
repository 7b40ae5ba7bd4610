import type { Request } from 'express';
import type { Infrastructure } from './infrastructure';
import type { Feature } from './feature';
import { AccessTokenService } from './auth/access-token';
import { Authenticator } from './auth/authenticator';
import { registerUserModel } from './users/user.model';
import { UserRepository } from './users/user.repository';
import { UserChangeFeed } from './users/user-changes';
import { UserLookupCache } from './auth/user-lookup-cache';
import { createSystemRouter } from './system/routes';
import type { AuthenticateRequest } from './http/route';
import { createAnalyticsFeature } from './analytics/feature';
import { createBrandKitFeature } from './brand-kits/feature';
import { SessionRevocations } from './auth/session-revocations';
import { SessionEndFeed } from './auth/session-end-feed';
import { createAuthFeature } from './auth/feature';
import { createTwitchFeature } from './twitch/feature';
import { AdminService } from './admin/admin.service';
import { createAdminRouter } from './admin/routes';
import { AuditLog } from './audit/audit-log';
import { AuditLogRepository } from './audit/audit-log.repository';
import { registerAuditRecordModel } from './audit/audit-record.model';
import { RoleChangeService } from './users/role-change.service';
import { createEmailSender } from './email';
import type { UserDataOwner } from './users/user-data-owner';
import { createCoachFeature } from './coach/feature';
import { createImageProvider } from './rendering/index';
import { createAssetsFeature } from './assets/feature';
import { createRealtimeFeature } from './realtime/feature';
import { createGenerationFeature } from './generation/feature';
import { brandKitLookupFrom } from './generation/brand-kit-lookup';
import { createExtensionFeature } from './extension/feature';
import {
  brandColorsFrom,
  channelOwnersFrom,
  publicAssetsFrom,
  streamerProfilesFrom,
} from './extension/showcase-sources';

/**
 * Builds every feature with exactly the dependencies it uses. Features reach each other through
 * services passed here, never through another feature's repository.
 */
export function createContainer(infra: Infrastructure) {
  const { config, mongo, redis } = infra;
  const connection = mongo.connection;

  const userChanges = new UserChangeFeed({
    publisher: redis,
    connectSubscriber: () => infra.redisHandle.connect('user-changes'),
    keyPrefix: config.redis.keyPrefix,
    logger: infra.logger,
  });
  const users = new UserRepository(registerUserModel(connection), userChanges);
  const auditLog = new AuditLog(new AuditLogRepository(registerAuditRecordModel(connection)), infra.logger);
  const roles = new RoleChangeService(users, auditLog);
  const accessTokens = new AccessTokenService(config.auth);
  const sessionEnds = new SessionEndFeed({
    publisher: redis,
    connectSubscriber: () => infra.redisHandle.connect('session-ends'),
    keyPrefix: config.redis.keyPrefix,
    logger: infra.logger,
  });
  const sessionRevocations = new SessionRevocations(redis, config.auth.accessTokenTtlSeconds, sessionEnds);
  const authenticatedUsers = new UserLookupCache((id) => users.findById(id), {
    ttlMs: config.auth.userCacheMs,
    maxEntries: 10_000,
  });
  userChanges.listen((id) => authenticatedUsers.forget(id));
  const authenticator = new Authenticator(accessTokens, authenticatedUsers, sessionRevocations);
  const authenticate: AuthenticateRequest = (req: Request) => authenticator.authenticate(req.headers.authorization);

  const brandKits = createBrandKitFeature({
    connection,
    redis,
    storage: infra.storage,
    config,
    logger: infra.logger,
    authenticate,
  });

  const twitch = createTwitchFeature({ config, connection, redis, logger: infra.logger });

  const assets = createAssetsFeature({
    connection,
    storage: infra.storage,
    config,
    logger: infra.logger,
    authenticate,
  });
  const realtime = createRealtimeFeature({
    redisHandle: infra.redisHandle,
    keyPrefix: config.redis.keyPrefix,
    authenticate: (authorization) => authenticator.authenticate(authorization),
    allowedOrigins: [config.http.publicUrl, ...config.http.corsOrigins],
    accountChanges: userChanges,
    sessionEnds,
    // long-polling needs every request of a connection on one process; several share the port
    allowLongPolling: config.http.processes === 1,
    logger: infra.logger,
  });
  const generation = createGenerationFeature({
    connection,
    redis,
    config,
    logger: infra.logger,
    authenticate,
    files: assets.files,
    provider: createImageProvider(config, infra.logger),
    brandKits: brandKitLookupFrom(brandKits.service),
    channelContext: twitch.context,
    usage: users,
    realtime: realtime.publisher,
  });

  const analytics = createAnalyticsFeature({
    config: config.analytics,
    connection,
    redis,
    logger: infra.logger,
    authenticate,
    generationCounts: generation.stats,
  });

  const coach = createCoachFeature({
    config,
    redis,
    logger: infra.logger,
    authenticate,
    twitch: twitch.context,
    popularity: analytics.service,
  });

  // every feature keeping data of a user: account deletion asks each to remove it
  const userDataOwners: UserDataOwner[] = [
    brandKits.service,
    coach.dataOwner,
    generation.dataOwner,
    assets.dataOwner,
    analytics.dataOwner,
  ];
  const auth = createAuthFeature({
    config,
    connection,
    redis,
    logger: infra.logger,
    users,
    roles,
    accessTokens,
    sessionRevocations,
    authenticate,
    emailSender: createEmailSender(config.email),
    oauthProviders: [twitch.oauthProvider],
    platformConnections: twitch.connections,
    userDataOwners,
    platformDataOwner: twitch.dataOwner,
  });

  const extension = createExtensionFeature({
    config,
    redis,
    logger: infra.logger,
    authenticate,
    owners: channelOwnersFrom(twitch.connections),
    profiles: streamerProfilesFrom(users),
    brandColors: brandColorsFrom(brandKits.service),
    assets: publicAssetsFrom(assets.library),
  });

  const features: Feature[] = [
    // first, so it stops last: every other feature may still change accounts while stopping
    { name: 'user-changes', start: () => userChanges.start(), stop: () => userChanges.stop() },
    { name: 'session-ends', start: () => sessionEnds.start(), stop: () => sessionEnds.stop() },
    { name: 'system', router: createSystemRouter({ mongo: connection, redis, authenticate }) },
    auth.feature,
    { name: 'admin', router: createAdminRouter({ authenticate, admin: new AdminService(users, roles) }) },
    brandKits.feature,
    analytics.feature,
    assets.feature,
    generation.feature,
    extension,
    realtime.feature,
    // last, so it stops first: its open streams end before socket.io's close waits for the HTTP server
    coach,
  ];

  return {
    users,
    accessTokens,
    authenticator,
    authenticate,
    brandKits: brandKits.service,
    analytics,
    twitchContext: twitch.context,
    generation: generation.service,
    generationStats: generation.stats,
    assetLibrary: assets.library,
    auth,
    features,
  };
}

export type Container = ReturnType<typeof createContainer>;
