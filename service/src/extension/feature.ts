import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Feature } from '../feature';
import { RateLimiter } from '../rate-limit/rate-limiter';
import type { Logger } from '../shared/logger';
import type { ExtensionJwt } from '../auth/extension-jwt';
import { createExtensionApi } from './extension.api';
import { createExtensionRouter } from './routes';
import { ReadCache } from '../db/read-cache';
import type { BrandColorSource, ChannelOwners, PublicAssetSource, StreamerProfiles } from './showcase-sources';
import { ShowcaseService } from './showcase.service';

export interface ExtensionFeatureDependencies {
  config: Pick<Config, 'isProduction' | 'twitch' | 'extension' | 'http'>;
  redis: Redis;
  logger: Logger;
  /** Signs the development harness's viewer tokens. */
  extensionTokens: ExtensionJwt;
  /** Adapters from other features' services: see `showcase-sources.ts`. */
  owners: ChannelOwners;
  profiles: StreamerProfiles;
  brandColors: BrandColorSource;
  assets: PublicAssetSource;
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

/** The Twitch panel extension's backend: a channel's public showcase for its viewers. */
export function createExtensionFeature(deps: ExtensionFeatureDependencies) {
  const { config } = deps;
  const logger = deps.logger.child({ feature: 'extension' });
  const showcase = new ShowcaseService({
    owners: deps.owners,
    profiles: deps.profiles,
    brandColors: deps.brandColors,
    assets: deps.assets,
    cache: new ReadCache(deps.redis, 'extension-showcase', config.extension.cacheSeconds),
    imageUrl: (assetId) => `${config.http.publicUrl}/api/v1/asset/${assetId}/image`,
  });
  const { perViewer, perIp } = config.extension.rateLimits;
  const perIpLimiter = new RateLimiter(deps.redis, {
    name: 'extension-ip',
    points: perIp.points,
    durationSeconds: perIp.durationSeconds,
    message: 'Too many extension requests from this address; try again shortly',
    // fail open: viewers' panels read a public showcase; a limit that only spreads load must not blank them
    whenUnavailable: 'allow',
  });
  const api = createExtensionApi({
    showcase,
    tokens: deps.extensionTokens,
    perViewerLimiter: new RateLimiter(deps.redis, {
      name: 'extension-viewer',
      points: perViewer.points,
      durationSeconds: perViewer.durationSeconds,
      message: 'Too many panel requests; try again shortly',
      whenUnavailable: 'allow',
    }),
    devTokensDisabledReason: devTokensDisabledReason(config),
  });
  const feature: Feature = {
    name: 'extension',
    routes: (callers) => createExtensionRouter({ callers, api, perIpLimiter }),
    async start() {
      if (!config.twitch.extensionSecret) {
        logger.warn('TWITCH_EXTENSION_SECRET is unset: the panel extension refuses every viewer');
      }
    },
  };
  return { feature, api };
}
