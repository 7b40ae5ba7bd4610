import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Feature } from '../feature';
import { redisKeys } from '../db/redis-keys';
import { RateLimiter } from '../rate-limit/rate-limiter';
import type { Logger } from '../shared/logger';
import { AnalyticsAggregateRepository } from './analytics-aggregate.repository';
import { AnalyticsDataOwner } from './analytics-data-owner';
import { registerAnalyticsEventCountModel } from './analytics-event.model';
import { AnalyticsService } from './analytics.service';
import { registerAssetPopularityModel } from './asset-popularity.model';
import { AnalyticsEventStore } from './event-store';
import { FlushBatchStore } from './flush-batches';
import { analyticsFlushJobName, defineAnalyticsFlushJob, scheduleAnalyticsFlush } from './flush.job';
import { RedisLock } from '../db/redis-lock';
import { AnalyticsFlushService, defaultFlushOptions } from './flush.service';
import type { GenerationCountsSource } from './generation-counts';
import { createAnalyticsApi } from './analytics.api';
import { createAnalyticsRouter } from './routes';

export interface AnalyticsFeatureDependencies {
  config: Config['analytics'];
  connection: Connection;
  redis: Redis;
  logger: Logger;
  /** The generation feature's counts; null until it is wired (popular assets then show none). */
  generationCounts: GenerationCountsSource | null;
}

/**
 * Analytics: event ingestion, the Redis real-time store, the hourly flush and its reports. Besides
 * the feature and its API: `service` (popularity figures for the coach) and `flush` (the job's work).
 */
export function createAnalyticsFeature(deps: AnalyticsFeatureDependencies) {
  const logger = deps.logger.child({ feature: 'analytics' });
  const events = new AnalyticsEventStore(deps.redis, { maxEvents: deps.config.maxEvents });
  const batches = new FlushBatchStore(deps.redis);
  const aggregates = new AnalyticsAggregateRepository(
    registerAnalyticsEventCountModel(deps.connection),
    registerAssetPopularityModel(deps.connection),
  );
  const service = new AnalyticsService({
    events,
    batches,
    aggregates,
    generationCounts: deps.generationCounts,
    logger,
  });
  const flush = new AnalyticsFlushService(
    {
      events,
      batches,
      aggregates,
      lock: new RedisLock(deps.redis, redisKeys.analyticsFlushLock(), defaultFlushOptions.lockTtlMs),
      logger,
    },
    { flushInterval: deps.config.flushInterval },
  );
  const limits = deps.config.rateLimitPerMinute;
  const anonymousLimiter = new RateLimiter(deps.redis, {
    name: 'analytics-anonymous',
    points: limits.anonymous,
    durationSeconds: 60,
    message: 'Too many analytics batches from this address; slow down',
    // the events themselves are stored in Redis: without it a batch cannot be taken anyway
    whenUnavailable: 'refuse',
  });
  const api = createAnalyticsApi({
    analytics: service,
    flush,
    userLimiter: new RateLimiter(deps.redis, {
      name: 'analytics-user',
      points: limits.user,
      durationSeconds: 60,
      message: 'Too many analytics batches from this account; slow down',
      whenUnavailable: 'refuse',
    }),
  });

  const feature: Feature = {
    name: 'analytics',
    routes: (callers) => createAnalyticsRouter({ callers, api, anonymousLimiter }),
    registerJobs(scheduler) {
      defineAnalyticsFlushJob(scheduler, flush, logger);
    },
    async start({ scheduler, runsJobs }) {
      if (scheduler && runsJobs) {
        await scheduleAnalyticsFlush(scheduler, deps.config.flushInterval);
        // a flush interrupted by a crash or restart is finished now rather than at the next hour
        if ((await batches.pendingCount()) > 0) {
          await scheduler.now(analyticsFlushJobName);
        }
      }
    },
  };
  return { feature, api, dataOwner: new AnalyticsDataOwner(deps.redis), service, flush };
}

export type AnalyticsFeature = ReturnType<typeof createAnalyticsFeature>;
