import type { Agenda } from 'agenda';
import type { Connection } from 'mongoose';
import type { Config } from '../config';
import type { Feature } from '../feature';
import type { Logger } from '../shared/logger';
import type { FileStorage } from '../storage';
import { registerAssetModel } from './asset.model';
import { AssetRepository } from './asset.repository';
import { AssetLibraryService } from './asset-library.service';
import { AssetPurger } from './asset-purger';
import { GeneratedAssetStore } from './generated-asset-store';
import { definePurgeDeletedAssetJob, schedulePurgeDeletedAsset } from './jobs/purge-deleted-asset.job';
import { defineSweepExpiredDeletionsJob, scheduleSweepExpiredDeletions } from './jobs/sweep-expired-deletions.job';
import { createAssetRouter } from './routes';

export interface AssetsFeatureOptions {
  connection: Connection;
  storage: FileStorage;
  config: Pick<Config, 'jobs' | 'assets' | 'http'>;
  logger: Logger;
}

/**
 * Module 5: the asset library and the public asset endpoint. Returns the feature plus the store the
 * generation engine writes through and the account-deletion owner of assets and their files.
 */
export function createAssetsFeature(options: AssetsFeatureOptions) {
  const { config } = options;
  const graceMs = config.assets.deleteGraceSeconds * 1000;
  const repository = new AssetRepository(registerAssetModel(options.connection));
  const files = new GeneratedAssetStore(repository, options.storage);
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

  const feature: Feature = {
    name: 'assets',
    routes: (callers) => createAssetRouter({ callers, library, publicUrl: config.http.publicUrl }),
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

  return { feature, library, files, dataOwner: purger };
}
