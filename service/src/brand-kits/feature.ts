import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Feature } from '../feature';
import { RateLimiter } from '../rate-limit/rate-limiter';
import type { Config } from '../config';
import type { Logger } from '../shared/logger';
import type { FileStorage } from '../storage';
import { registerBrandKitModel } from './brand-kit.model';
import { BrandKitRepository } from './brand-kit.repository';
import { BrandKitService } from './brand-kit.service';
import { BrandKitSectionService } from './brand-kit-sections.service';
import { BrandKitLogoService } from './brand-kit-logo.service';
import { createBrandKitRouter } from './routes';

export interface BrandKitFeatureDeps {
  connection: Connection;
  redis: Redis;
  storage: FileStorage;
  config: Pick<Config, 'limits' | 'storage'>;
  logger: Logger;
}

/**
 * Brand kits (spec Module 2). `service` is what other features use: `getForGeneration` for the
 * generation engine and the coach, and `deleteAllForUser` when an account is deleted.
 */
export function createBrandKitFeature(deps: BrandKitFeatureDeps): { feature: Feature; service: BrandKitService } {
  const logger = deps.logger.child({ feature: 'brand-kits' });
  const repository = new BrandKitRepository(registerBrandKitModel(deps.connection));
  const service = new BrandKitService(repository, deps.storage, deps.config.limits.brandKits, logger);
  const sections = new BrandKitSectionService(repository);
  const logos = new BrandKitLogoService(repository, deps.storage, logger);
  const uploadLimiter = new RateLimiter(deps.redis, {
    name: 'logo-upload',
    points: 60,
    durationSeconds: 3600,
    message: 'Too many logo uploads; try again later',
  });
  return {
    service,
    feature: {
      name: 'brand-kits',
      routes: (callers) =>
        createBrandKitRouter({
          callers,
          brandKits: service,
          sections,
          logos,
          uploadLimiter,
          uploadMaxBytes: deps.config.storage.uploadMaxBytes,
        }),
      // the one-active-kit index must exist before the first activation, not whenever autoIndex gets to it
      start: () => repository.ensureIndexes(),
    },
  };
}
