import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { LiveEvent } from '@aurastream/contract';
import type { Config } from '../config';
import type { Feature } from '../feature';
import { ReadCache, ReadCacheInvalidator } from '../db/read-cache';
import type { IdeasApi } from '../ideas/ideas.api';
import { RateLimiter } from '../rate-limit/rate-limiter';
import type { Logger } from '../shared/logger';
import type { ExtensionJwt } from '../auth/extension-jwt';
import { ChannelIdeasCache } from './channel-ideas-cache';
import { createExtensionApi } from './extension.api';
import {
  createExtensionIdeasApi,
  noViewerNames,
  type ChannelLiveEvents,
  type ViewerNames,
} from './extension-ideas.api';
import { PanelChannelEvents, type ChannelDirectory } from './panel-channel-events';
import { registerPanelSettingsModel } from './panel-settings.model';
import { PanelSettingsRepository } from './panel-settings.repository';
import { HelixPubSubClient } from './pubsub/helix-pubsub-client';
import { ExtensionPubSubRelay } from './pubsub/extension-pubsub-relay';
import { createExtensionRouter, extensionHotRoutes } from './routes';
import type { BrandColorSource, PublicAssetSource, StreamerProfiles } from './showcase-sources';
import { ShowcaseService } from './showcase.service';

type RateRule = { points: number; durationSeconds: number };

export interface ExtensionFeatureDependencies {
  config: Pick<Config, 'isProduction' | 'twitch' | 'extension' | 'http'>;
  connection: Connection;
  redis: Redis;
  logger: Logger;
  /** Signs the development harness's viewer tokens. */
  extensionTokens: ExtensionJwt;
  /** Adapters from other features' services: see `showcase-sources.ts`. */
  directory: ChannelDirectory;
  profiles: StreamerProfiles;
  brandColors: BrandColorSource;
  assets: PublicAssetSource;
  /** The channel's live events as this process hears them (the SSE fallback). */
  live: ChannelLiveEvents;
  viewerNames?: ViewerNames;
}

function devTokensDisabledReason(config: ExtensionFeatureDependencies['config']): string | null {
  if (config.isProduction) {
    return 'this server runs in production';
  }
  if (!config.twitch.extensionSecretGenerated) {
    return 'TWITCH_EXTENSION_SECRET is configured, so only Twitch signs viewer tokens';
  }
  return null;
}

/**
 * The Twitch panel extension's backend: a channel's public showcase and its viewers' ideas, the
 * broadcaster's configuration page, and live events to the panels (Extension PubSub, or SSE).
 *
 * Two steps, because the ideas feature reports its changes here and the panel reads the ideas
 * feature's API: `createPanelChannelEvents` first (given to the ideas feature), then the feature.
 */
export function createPanelChannelEvents(
  deps: Pick<ExtensionFeatureDependencies, 'config' | 'redis' | 'logger' | 'directory'>,
) {
  const logger = deps.logger.child({ feature: 'extension' });
  const { twitch, extension } = deps.config;
  const pubsub = extension.pubsub
    ? new ExtensionPubSubRelay({
        redis: deps.redis,
        logger,
        client: new HelixPubSubClient({
          helixBaseUrl: twitch.helixBaseUrl,
          clientId: twitch.extensionClientId,
          secret: twitch.extensionSecret,
          ownerId: twitch.extensionOwnerId,
          logger,
        }),
      })
    : null;
  const ideasCache = new ChannelIdeasCache({
    cache: new ReadCache(deps.redis, 'extension-ideas', extension.cacheSeconds),
    scopes: new ReadCacheInvalidator(deps.redis),
  });
  const events = new PanelChannelEvents({ directory: deps.directory, ideasCache, pubsub, logger });
  return {
    events,
    ideasCache,
    pubsub,
    /** What the ideas feature's live events and changes feed. */
    sink: {
      publish: (owner: string, event: LiveEvent) => events.published(owner, event),
      changed: (owner: string) => events.changed(owner),
    },
  };
}

export type PanelChannelEventsParts = ReturnType<typeof createPanelChannelEvents>;

export function createExtensionFeature(
  deps: ExtensionFeatureDependencies & { channelEvents: PanelChannelEventsParts; ideas: IdeasApi },
) {
  const { config, redis } = deps;
  const logger = deps.logger.child({ feature: 'extension' });
  // fail open: these limits only spread the load of viewers' panels, and a panel must not go blank
  // while Redis is away (suggestions and votes need Redis themselves, and refuse without it)
  const limiter = (name: string, rule: RateRule, message: string) =>
    new RateLimiter(redis, {
      name,
      points: rule.points,
      durationSeconds: rule.durationSeconds,
      message,
      whenUnavailable: 'allow',
    });
  const { perViewer, perIp, perChannel } = config.extension.rateLimits;
  const perViewerLimiter = limiter('extension-viewer', perViewer, 'Too many panel requests; try again shortly');
  const perIpLimiter = limiter(
    'extension-ip',
    perIp,
    'Too many extension requests from this address; try again shortly',
  );

  const showcase = new ShowcaseService({
    owners: deps.directory,
    profiles: deps.profiles,
    brandColors: deps.brandColors,
    assets: deps.assets,
    cache: new ReadCache(redis, 'extension-showcase', config.extension.cacheSeconds),
    imageUrl: (assetId) => `${config.http.publicUrl}/api/v1/asset/${assetId}/image`,
  });
  const api = createExtensionApi({
    showcase,
    tokens: deps.extensionTokens,
    perViewerLimiter,
    devTokensDisabledReason: devTokensDisabledReason(config),
  });
  const panelSettings = new PanelSettingsRepository(registerPanelSettingsModel(deps.connection));
  const ideas = createExtensionIdeasApi({
    ideas: deps.ideas,
    panelSettings,
    directory: deps.directory,
    cache: deps.channelEvents.ideasCache,
    events: deps.channelEvents.events,
    live: deps.live,
    names: deps.viewerNames ?? noViewerNames,
    limits: {
      perViewer: perViewerLimiter,
      perChannel: limiter('extension-channel', perChannel, 'This channel’s panel is very busy; try again shortly'),
    },
    pubsubEnabled: deps.channelEvents.pubsub !== null,
  });

  const hotRoutes = extensionHotRoutes({ api, ideas, perIpLimiter });
  const feature: Feature = {
    name: 'extension',
    routes: (callers) => createExtensionRouter({ callers, api, ideas, perIpLimiter, hotRoutes }),
    hotRoutes,
    async start() {
      if (!config.twitch.extensionSecret) {
        logger.warn('TWITCH_EXTENSION_SECRET is unset: the panel extension refuses every viewer');
      }
      logger.info(
        { transport: deps.channelEvents.pubsub ? 'pubsub' : 'sse' },
        deps.channelEvents.pubsub
          ? 'live events reach the panels through Twitch Extension PubSub'
          : 'Extension PubSub is not configured: panels read live events from the SSE fallback',
      );
    },
    async stop() {
      deps.channelEvents.pubsub?.stop();
    },
  };
  return { feature, api, ideas, dataOwner: panelSettings };
}
