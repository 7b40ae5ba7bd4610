import type { Infrastructure } from './infrastructure';
import type { Feature } from './feature';
import { AccessTokenService } from './auth/access-token';
import { Authenticator } from './auth/authenticator';
import { registerUserModel } from './users/user.model';
import { UserRepository } from './users/user.repository';
import { UserChangeFeed } from './users/user-changes';
import { UserLookupCache } from './auth/user-lookup-cache';
import { createSystemFeature } from './system/feature';
import { createCallerVerifiers } from './auth/callers';
import { EventSubSignatureVerifier } from './auth/eventsub-signature';
import { ExtensionJwt } from './auth/extension-jwt';
import { createServiceCredentialsFeature } from './service-credentials/feature';
import { verifiedCredentialsInRedis } from './service-credentials/verified-credentials';
import { streamerChannelsFrom, type BotChannelSettings } from './service-credentials/channel-access';
import { createAnalyticsFeature } from './analytics/feature';
import { createBrandKitsFeature } from './brand-kits/feature';
import { SessionRevocations } from './auth/session-revocations';
import { SessionEndFeed } from './auth/session-end-feed';
import { createAuthFeature } from './auth/feature';
import { createTwitchFeature } from './twitch/feature';
import { createAdminFeature } from './admin/feature';
import { AuditLog } from './audit/audit-log';
import { AuditLogRepository } from './audit/audit-log.repository';
import { registerAuditRecordModel } from './audit/audit-record.model';
import { RoleChangeService } from './users/role-change.service';
import { createEmailSender } from './email';
import type { UserDataOwner } from './users/user-data-owner';
import { createCoachFeature } from './coach/feature';
import { createImageProvider } from './rendering/index';
import { createAssetsFeature } from './assets/feature';
import { createOrphanFilesFeature } from './orphan-files/feature';
import { createPlansFeature } from './plans/feature';
import { TIER_ACCESS } from './coach/tier-access';
import { createRealtimeFeature } from './realtime/feature';
import { createGenerationFeature } from './generation/feature';
import { brandKitLookupFrom } from './generation/brand-kit-lookup';
import { createExtensionFeature, createPanelChannelEvents } from './extension/feature';
import { createLiveEventsFeature } from './live-events/feature';
import { createIdeasFeature } from './ideas/feature';
import { createChatBotFeature } from './chat-bot/feature';
import { chatGenerationFrom, chatJobFeedFrom, chatPromptCoachFrom } from './chat-bot/port-adapters';
import { chatBotChannelsFrom } from './chat-bot/channel-adapter';
import { twurpleTargetOf } from './twitch/twurple-endpoints';
import {
  ideaChannelsFrom,
  ideaGenerationFrom,
  ideaJobFeedFrom,
  ideaPromptCoachFrom,
  ideaStreamersFrom,
} from './ideas/port-adapters';
import { createEventSubFeature } from './eventsub/feature';
import { createChannelPointsFeature } from './channel-points/feature';
import { rewardIconsFrom } from './channel-points/reward-icons';
import { AUTHORIZATION_REVOKE_SUBSCRIPTION, handleAuthorizationRevoke } from './twitch/authorization-revoke';
import { realtimeTwitchEvents, type TwitchConnectionEvent } from '@aurastream/contract';
import { brandColorsFrom, publicAssetsFrom, streamerProfilesFrom } from './extension/showcase-sources';

/**
 * Builds every feature with exactly the dependencies it uses. Features reach each other through
 * services passed here, never through another feature's repository. `apis` are the features' APIs,
 * free of HTTP, for whatever drives them besides the routes: the worker, the admin CLI, the bot.
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
  const auditRecords = new AuditLogRepository(registerAuditRecordModel(connection));
  const roles = new RoleChangeService(users, new AuditLog(auditRecords, infra.logger));
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

  const brandKits = createBrandKitsFeature({
    connection,
    redis,
    storage: infra.storage,
    config,
    logger: infra.logger,
  });

  const twitch = createTwitchFeature({ config, connection, redis, logger: infra.logger });

  // whose bot is on: the chat bot feature (built below, asked only when a request comes) decides
  const botChannels: BotChannelSettings = {
    isBotEnabled: (twitchChannelId) => chatBot.botChannels.isBotEnabled(twitchChannelId),
  };
  const extensionTokens = new ExtensionJwt(config.twitch.extensionSecret, config.twitch.extensionPreviousSecrets);
  const serviceCredentials = createServiceCredentialsFeature({
    connection,
    streamers: streamerChannelsFrom(twitch.connections),
    botChannels,
    verified: verifiedCredentialsInRedis(redis),
  });
  // every kind of caller an endpoint may declare, verified in one place (bindRoute)
  const callers = createCallerVerifiers({
    authenticator,
    extensionTokens,
    serviceCredentials,
    eventSub: new EventSubSignatureVerifier(config.twitch.eventSubSecret),
    logger: infra.logger.child({ component: 'callers' }),
  });

  const assets = createAssetsFeature({
    connection,
    redis,
    storage: infra.storage,
    signedFileUrls: infra.signedFileUrls,
    config,
    logger: infra.logger,
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
    generationCounts: generation.stats,
  });

  const eventSub = createEventSubFeature({
    config,
    connection,
    redis,
    logger: infra.logger,
    clients: twitch.clients,
  });
  // a streamer who withdraws AuraStream's access on Twitch: the connection is marked revoked at once
  eventSub.dispatcher.onNotification(
    AUTHORIZATION_REVOKE_SUBSCRIPTION.type,
    handleAuthorizationRevoke({
      connections: twitch.connections,
      events: twitch.events,
      clientId: config.twitch.clientId,
      logger: infra.logger.child({ component: 'twitch-authorization' }),
    }),
  );
  eventSub.dispatcher.wantSubscriptions(async () =>
    config.twitch.clientId
      ? [{ ...AUTHORIZATION_REVOKE_SUBSCRIPTION, condition: { client_id: config.twitch.clientId } }]
      : [],
  );
  // the streamer is told at once when Twitch stops accepting the connection
  twitch.events.listen(async (event) => {
    if (event.kind === 'revoked') {
      const notice: TwitchConnectionEvent = {
        status: 'revoked',
        reason: event.reason,
        message: 'Twitch no longer accepts AuraStream’s access to your channel. Connect Twitch again in Settings.',
      };
      realtime.publisher.publishToUser(event.userId, realtimeTwitchEvents.connection, notice);
    }
  });
  const coach = createCoachFeature({
    config,
    redis,
    logger: infra.logger,
    twitch: twitch.context,
    popularity: analytics.service,
  });

  const liveEvents = createLiveEventsFeature({
    redis,
    connectSubscriber: () => infra.redisHandle.connect('live-events'),
    keyPrefix: config.redis.keyPrefix,
    realtime: realtime.local,
    logger: infra.logger,
  });

  const channelDirectory = ideaChannelsFrom(twitch.connections);
  // the panel hears every change of a channel's ideas: its cached list drops, PubSub relays the events
  const panelChannelEvents = createPanelChannelEvents({
    config,
    redis,
    logger: infra.logger,
    directory: channelDirectory,
  });
  const ideas = createIdeasFeature({
    connection,
    redis,
    config,
    logger: infra.logger,
    channels: channelDirectory,
    streamers: ideaStreamersFrom(users),
    generation: ideaGenerationFrom(generation.service),
    jobFeed: ideaJobFeedFrom(generation.observers),
    coach: ideaPromptCoachFrom(coach.suggestions),
    live: {
      publish(ownerId, event) {
        liveEvents.publisher.publish(ownerId, event);
        panelChannelEvents.sink.publish(ownerId, event);
      },
    },
    onChannelChange: panelChannelEvents.sink.changed,
  });

  const extension = createExtensionFeature({
    config,
    connection,
    redis,
    logger: infra.logger,
    directory: channelDirectory,
    profiles: streamerProfilesFrom(users),
    brandColors: brandColorsFrom(brandKits.service),
    assets: publicAssetsFrom(assets.library),
    extensionTokens,
    live: liveEvents.subscriber,
    channelEvents: panelChannelEvents,
    ideas: ideas.api,
  });

  const channelPoints = createChannelPointsFeature({
    config,
    connection,
    logger: infra.logger,
    clients: twitch.clients,
    ideas: ideas.intake,
    eventSub: { dispatcher: eventSub.dispatcher, subscriptions: eventSub.subscriptions },
    twitchConnection: (owner) => twitch.connections.view(owner, 'twitch'),
    connectionEvents: twitch.events,
    icons: rewardIconsFrom(assets.library),
    notify: async (owner, reward) => {
      realtime.publisher.publishToUser(owner, realtimeTwitchEvents.channelPoints, {
        state: reward.state,
        state_reason: reward.state_reason,
      });
    },
  });

  // a redemption's idea decided (rejected, failed, expired, ready) is told back to Twitch
  ideas.intake.onOutcome(channelPoints.outcomes);

  const chatBot = createChatBotFeature({
    connection,
    redis,
    config,
    logger: infra.logger,
    channels: chatBotChannelsFrom(twitch.connections),
    connections: twitch.connections,
    oauthProvider: twitch.oauthProvider,
    clients: twitch.clients,
    twitchEvents: twitch.events,
    eventSub: { dispatcher: eventSub.dispatcher, subscriptions: eventSub.subscriptions },
    ideas: ideas.api,
    generation: chatGenerationFrom(generation.service, users),
    coach: chatPromptCoachFrom(coach.suggestions, users),
    jobFeed: chatJobFeedFrom(generation.observers, generation.service),
    liveEvents: liveEvents.subscriber,
    simulatedTwitchOrigin:
      config.twitch.clientId && twurpleTargetOf(config.twitch).kind === 'mock'
        ? new URL(config.twitch.authBaseUrl).origin
        : null,
  });

  // every feature keeping data of a user: account deletion asks each to remove it
  const userDataOwners: UserDataOwner[] = [
    brandKits.dataOwner,
    coach.dataOwner,
    ideas.dataOwner,
    extension.dataOwner,
    chatBot.dataOwner,
    generation.dataOwner,
    assets.dataOwner,
    analytics.dataOwner,
    channelPoints.dataOwner,
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
    emailSender: createEmailSender(config.email),
    oauthProviders: [twitch.oauthProvider],
    platformConnections: twitch.connections,
    userDataOwners,
    platformDataOwner: twitch.dataOwner,
  });

  const system = createSystemFeature({ mongo: connection, redis, storage: infra.storage });
  // every collection whose rows refer to stored files: a file none of them names is an orphan
  const orphanFiles = createOrphanFilesFeature({
    storage: infra.storage,
    redis,
    owners: [assets.fileOwner, brandKits.fileOwner],
    config,
    logger: infra.logger,
  });
  const plans = createPlansFeature({ limits: config.limits, coach: TIER_ACCESS });
  const admin = createAdminFeature({ users, roles, auditRecords });

  const features: Feature[] = [
    // first, so it stops last: every other feature may still change accounts while stopping
    { name: 'user-changes', start: () => userChanges.start(), stop: () => userChanges.stop() },
    { name: 'session-ends', start: () => sessionEnds.start(), stop: () => sessionEnds.stop() },
    system.feature,
    // early, so every viewer's read meets its routes before the dashboard's: the hottest reads in the product
    extension.feature,
    auth.feature,
    twitch.feature,
    eventSub.feature,
    channelPoints.feature,
    admin.feature,
    serviceCredentials.feature,
    brandKits.feature,
    analytics.feature,
    assets.feature,
    plans.feature,
    generation.feature,
    liveEvents.feature,
    ideas.feature,
    chatBot.feature,
    orphanFiles.feature,
    realtime.feature,
    // last, so it stops first: its open streams end before socket.io's close waits for the HTTP server
    coach.feature,
  ];

  const apis = {
    system: system.api,
    auth: auth.api,
    admin: admin.api,
    serviceCredentials: serviceCredentials.api,
    brandKits: brandKits.api,
    analytics: analytics.api,
    assets: assets.api,
    plans: plans.api,
    generation: generation.api,
    coach: coach.api,
    extension: extension.api,
    extensionIdeas: extension.ideas,
    ideas: ideas.api,
    chatBot: chatBot.api,
    twitchConnection: twitch.api,
    eventSub: eventSub.api,
    channelPoints: channelPoints.api,
  };

  return {
    apis,
    users,
    accessTokens,
    authenticator,
    callers,
    brandKits: brandKits.service,
    analytics,
    twitchContext: twitch.context,
    twitch,
    eventSub,
    channelPoints,
    generation: generation.service,
    generationStats: generation.stats,
    assetLibrary: assets.library,
    /** Channel points (and anything else bringing ideas in) code against this. */
    ideaIntake: ideas.intake,
    /** The channels' live events: the bot and the panel's relay subscribe here. */
    liveEvents: { publisher: liveEvents.publisher, subscriber: liveEvents.subscriber },
    /** What the ideas feature tells the panel (tests drive the PubSub relay through it). */
    panelChannelEvents: panelChannelEvents.sink,
    /** The sweep of stored files no row refers to (its job runs it; the admin CLI or a test may too). */
    orphanFileSweeper: orphanFiles.sweeper,
    auth,
    features,
  };
}

export type Container = ReturnType<typeof createContainer>;
