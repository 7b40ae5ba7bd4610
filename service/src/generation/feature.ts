import type { Agenda } from 'agenda';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Feature } from '../feature';
import type { GeneratedAssetStore } from '../assets/generated-asset-store';
import { RateLimiter } from '../rate-limit/rate-limiter';
import type { RealtimePublisher } from '../realtime/realtime-publisher';
import type { ImageProvider } from '../rendering/types';
import type { Logger } from '../shared/logger';
import type { BrandKitLookup, ChannelContextSource, UsageLedger } from './dependencies';
import { GenerationDataOwner } from './generation-data-owner';
import { registerGenerationJobModel } from './generation-job.model';
import { GenerationJobRepository } from './generation-job.repository';
import { GenerationService } from './generation.service';
import { GenerationStats } from './generation-stats';
import { JobEventPublisher } from './job-events';
import { JobLifecycle } from './job-lifecycle';
import { JobObservers } from './job-observers';
import { GenerationJobRunner } from './job-runner';
import { MonthlyQuota } from './monthly-quota';
import { PackRollup } from './pack-rollup';
import { PlatformContextReader } from './platform-context';
import { defineRenderGenerationJob, enqueueRenderGenerationJob } from './jobs/render-generation-job.job';
import { createGenerationApi } from './generation.api';
import { createGenerationRouter } from './routes';

/** A new job waits at most this long for the Twitch channel context before going on without it. */
const CHANNEL_CONTEXT_TIMEOUT_MS = 1500;

export interface GenerationFeatureDependencies {
  connection: Connection;
  redis: Redis;
  config: Pick<Config, 'jobs' | 'limits' | 'generation'>;
  logger: Logger;
  /** The asset library's store for generated files. */
  files: GeneratedAssetStore;
  /** The image engine; closed when the service stops. */
  provider: ImageProvider & { close?(): Promise<void> };
  brandKits: BrandKitLookup;
  channelContext: ChannelContextSource;
  usage: UsageLedger;
  realtime: RealtimePublisher;
}

/**
 * Generation requests, the job engine run by Agenda workers, Twitch assets and packs. Besides the
 * feature, its API and account deletion's data owner: analytics' `stats`.
 */
export function createGenerationFeature(options: GenerationFeatureDependencies) {
  const { config, logger } = options;
  const jobs = new GenerationJobRepository(registerGenerationJobModel(options.connection));
  const observers = new JobObservers(logger);
  const events = new JobEventPublisher(options.realtime, observers);
  const quota = new MonthlyQuota(options.usage, config.limits.monthlyAssets);
  const packs = new PackRollup(jobs, events);
  const lifecycle = new JobLifecycle(jobs, quota, events, packs, observers);
  const runner = new GenerationJobRunner({
    jobs,
    files: options.files,
    provider: options.provider,
    brandKits: options.brandKits,
    lifecycle,
    packs,
    events,
    maxRetries: config.jobs.maxRetries,
    heartbeatMs: Math.max(100, Math.min(2000, Math.floor(config.jobs.lockLifetimeMs / 4))),
    logger,
  });

  let scheduler: Agenda | null = null;
  const service = new GenerationService({
    jobs,
    files: options.files,
    quota,
    brandKits: options.brandKits,
    platformContext: new PlatformContextReader(options.channelContext, CHANNEL_CONTEXT_TIMEOUT_MS, logger),
    lifecycle,
    enqueue: async (payload) => {
      if (!scheduler) {
        throw new Error('generation jobs are not registered with a scheduler');
      }
      await enqueueRenderGenerationJob(scheduler, payload);
    },
    logger,
  });

  const api = createGenerationApi({
    generation: service,
    requestLimiter: new RateLimiter(options.redis, {
      name: 'generation-requests',
      points: config.generation.requestsPerMinute,
      durationSeconds: 60,
      message: 'You are queuing generations too fast; wait a moment and try again',
    }),
  });

  const feature: Feature = {
    name: 'generation',
    routes: (callers) => createGenerationRouter({ callers, api }),
    registerJobs(agenda) {
      scheduler = agenda;
      defineRenderGenerationJob(
        agenda,
        { runner, lifecycle, logger },
        {
          maxRetries: config.jobs.maxRetries,
          retryBaseMs: config.jobs.retryBaseMs,
          lockLifetimeMs: config.jobs.lockLifetimeMs,
          concurrency: config.jobs.concurrency,
        },
      );
    },
    async stop() {
      await options.provider.close?.();
    },
  };

  return {
    feature,
    api,
    dataOwner: new GenerationDataOwner(jobs),
    service,
    stats: new GenerationStats(jobs),
    observers,
  };
}
