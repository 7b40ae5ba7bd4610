import type { Redis } from 'ioredis';
import type { Config } from '../config';
import { RedisLock } from '../db/redis-lock';
import { redisKeys } from '../db/redis-keys';
import type { Feature } from '../feature';
import type { Logger } from '../shared/logger';
import type { FileStorage } from '../storage';
import { OrphanFileSweeper } from './orphan-file-sweeper';
import type { StoredFileOwner } from './stored-file-owner';
import { defineSweepOrphanFilesJob, scheduleSweepOrphanFiles } from './sweep-orphan-files.job';

export interface OrphanFilesFeatureDependencies {
  storage: FileStorage;
  redis: Redis;
  /** Every collection whose rows refer to stored files. */
  owners: StoredFileOwner[];
  config: Pick<Config, 'storage'>;
  logger: Logger;
}

/** A sweep's lease: renewed after each listing page, so a lost sweeper frees it within this. */
const LEASE_MS = 60_000;

/** The recurring sweep of stored files no row refers to (see `OrphanFileSweeper`). */
export function createOrphanFilesFeature(deps: OrphanFilesFeatureDependencies) {
  const { orphanGraceSeconds, orphanSweepSeconds } = deps.config.storage;
  const sweeper = new OrphanFileSweeper({
    storage: deps.storage,
    owners: deps.owners,
    graceMs: orphanGraceSeconds * 1000,
    lease: new RedisLock(deps.redis, redisKeys.orphanFileSweepLease(), LEASE_MS),
    logger: deps.logger.child({ component: 'orphan-files' }),
  });
  const feature: Feature = {
    name: 'orphan-files',
    registerJobs(agenda) {
      defineSweepOrphanFilesJob(agenda, sweeper);
    },
    async start({ scheduler, runsJobs }) {
      if (scheduler && runsJobs) {
        await scheduleSweepOrphanFiles(scheduler, orphanSweepSeconds);
      }
    },
  };
  return { feature, sweeper };
}
