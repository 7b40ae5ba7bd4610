import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { cacheScopes, ReadCache, ReadCacheInvalidator } from '../db/read-cache';
import type { Feature } from '../feature';
import { RateLimiter } from '../rate-limit/rate-limiter';
import type { Config } from '../config';
import type { Logger } from '../shared/logger';
import type { FileStorage } from '../storage';
import { logoFileOwner } from './logo-file-owner';
import { registerBrandKitModel } from './brand-kit.model';
import { BrandKitRepository } from './brand-kit.repository';
import { BrandKitService } from './brand-kit.service';
import { BrandKitSectionService } from './brand-kit-sections.service';
import { BrandKitLogoService } from './brand-kit-logo.service';
import { createBrandKitsApi } from './brand-kits.api';
import { brandKitHotRoutes, createBrandKitRouter } from './routes';

export interface BrandKitsFeatureDependencies {
  connection: Connection;
  redis: Redis;
  storage: FileStorage;
  config: Pick<Config, 'limits' | 'storage' | 'cache'>;
  logger: Logger;
}

/**
 * Brand kits. `api` is the streamer's; `service` is what other features adapt to their needs
 * (`getForGeneration` for the generation engine and the coach, the showcase's colours); it is also
 * the kits' data owner when an account is deleted, and `fileOwner` tells the orphan-file sweep which
 * logo files are in use.
 */
export function createBrandKitsFeature(deps: BrandKitsFeatureDependencies) {
  const logger = deps.logger.child({ feature: 'brand-kits' });
  const repository = new BrandKitRepository(registerBrandKitModel(deps.connection));
  const service = new BrandKitService(repository, deps.storage, deps.config.limits.brandKits, logger);
  const invalidator = new ReadCacheInvalidator(deps.redis);
  const api = createBrandKitsApi({
    lists: new ReadCache(deps.redis, 'brand-kits', deps.config.cache.readSeconds),
    cacheScopes: invalidator,
    brandKits: service,
    sections: new BrandKitSectionService(repository),
    logos: new BrandKitLogoService(repository, deps.storage, logger),
    uploadLimiter: new RateLimiter(deps.redis, {
      name: 'logo-upload',
      points: 60,
      durationSeconds: 3600,
      message: 'Too many logo uploads; try again later',
      // uploads cost disk and image decoding: never uncounted
      whenUnavailable: 'refuse',
    }),
  });
  const hotRoutes = brandKitHotRoutes(api);
  const feature: Feature = {
    name: 'brand-kits',
    routes: (callers) =>
      createBrandKitRouter({ callers, api, hotRoutes, uploadMaxBytes: deps.config.storage.uploadMaxBytes }),
    hotRoutes,
    // the one-active-kit index must exist before the first activation, not whenever autoIndex gets to it
    start: () => repository.ensureIndexes(),
  };
  const dataOwner = {
    name: service.name,
    async deleteAllForUser(userId: Parameters<BrandKitService['deleteAllForUser']>[0]) {
      await service.deleteAllForUser(userId);
      await invalidator.invalidate(cacheScopes.owner(userId));
    },
  };
  return { feature, api, dataOwner, service, fileOwner: logoFileOwner(repository) };
}
