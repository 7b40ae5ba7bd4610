import type { Agenda } from 'agenda';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Config } from '../config';
import { cacheScopes, ReadCache, ReadCacheInvalidator } from '../db/read-cache';
import type { Feature } from '../feature';
import type { Logger } from '../shared/logger';
import type { FileStorage, SignedFileUrls } from '../storage';
import { registerAssetModel } from './asset.model';
import { AssetRepository } from './asset.repository';
import { AssetLibraryService } from './asset-library.service';
import { AssetPurger } from './asset-purger';
import { assetFileOwner } from './asset-file-owner';
import { GeneratedAssetStore } from './generated-asset-store';
import { definePurgeDeletedAssetJob, schedulePurgeDeletedAsset } from './jobs/purge-deleted-asset.job';
import { defineSweepExpiredDeletionsJob, scheduleSweepExpiredDeletions } from './jobs/sweep-expired-deletions.job';
import { createAssetsApi } from './assets.api';
import { assetHotRoutes, createAssetRouter } from './routes';

export interface AssetsFeatureDependencies {
  connection: Connection;
  redis: Redis;
  storage: FileStorage;
  config: Pick<Config, 'jobs' | 'assets' | 'http' | 'cache'>;
  /** When set, the public image endpoint redirects to the file's signed URL instead of streaming it. */
  signedFileUrls?: SignedFileUrls | null;
  logger: Logger;
}

/**
 * The asset library and the public asset endpoint. Besides the feature and its API: the store the
 * generation engine writes through (`files`), the library the showcase reads public files from, and
 * the account-deletion owner of assets and their files, and the files' owner the orphan-file sweep asks.
 */
export function createAssetsFeature(options: AssetsFeatureDependencies) {
  const { config } = options;
  const graceMs = config.assets.deleteGraceSeconds * 1000;
  const repository = new AssetRepository(registerAssetModel(options.connection));
  const invalidator = new ReadCacheInvalidator(options.redis);
  // new files change what the owner's cached answers (the panel's showcase) list
  const files = new GeneratedAssetStore(repository, options.storage, (owner, assetIds) =>
    invalidator.invalidate(cacheScopes.owner(owner), ...assetIds.map(cacheScopes.asset)),
  );
  const purger = new AssetPurger(repository, options.storage, graceMs, options.logger);

  let scheduler: Agenda | null = null;
  const library = new AssetLibraryService(
    repository,
    files,
    purger,
    async (owner, assetId, at) => {
      if (!scheduler) {
        throw new Error('asset jobs are not registered with a scheduler');
      }
      await schedulePurgeDeletedAsset(scheduler, { user_id: owner, asset_id: assetId }, at);
    },
    graceMs,
  );

  const api = createAssetsApi({
    library,
    publicUrl: config.http.publicUrl,
    publicAnswers: new ReadCache(options.redis, 'public-asset', config.cache.readSeconds),
    cacheScopes: invalidator,
    signedFileUrls: options.signedFileUrls ?? null,
  });

  const hotRoutes = assetHotRoutes(api);
  const feature: Feature = {
    name: 'assets',
    routes: (callers) => createAssetRouter({ callers, api, hotRoutes }),
    hotRoutes,
    registerJobs(agenda) {
      scheduler = agenda;
      definePurgeDeletedAssetJob(agenda, purger, config.jobs);
      defineSweepExpiredDeletionsJob(agenda, purger);
    },
    async start({ scheduler: agenda, runsJobs }) {
      if (agenda && runsJobs) {
        await scheduleSweepExpiredDeletions(agenda);
      }
    },
  };

  return { feature, api, dataOwner: purger, library, files, fileOwner: assetFileOwner(repository) };
}
