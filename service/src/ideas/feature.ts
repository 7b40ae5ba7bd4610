import type { Agenda } from 'agenda';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { LiveEvent } from '@aurastream/contract';
import type { Config } from '../config';
import type { Feature } from '../feature';
import type { Logger } from '../shared/logger';
import type { IdeaChannels, IdeaGeneration, IdeaJobFeed, IdeaPromptCoach, IdeaStreamers } from './dependencies';
import { registerIdeaModel } from './idea.model';
import { IdeaRepository } from './idea.repository';
import { registerIdeaVoteModel } from './idea-vote.model';
import { IdeaVoteRepository } from './idea-vote.repository';
import { registerIdeaSettingsModel } from './idea-settings.model';
import { IdeaSettingsRepository } from './idea-settings.repository';
import { registerIdeaCounterModel } from './idea-counter.model';
import { IdeaCounterRepository } from './idea-counter.repository';
import { IdeaSettingsService } from './idea-settings.service';
import { IdeaVoteCounter } from './idea-votes';
import { IdeaCooldown } from './idea-cooldown';
import { IdeaOutcomes } from './idea-outcomes';
import { IdeaNotifier } from './idea-notifier';
import { IdeaModeration } from './idea-moderation';
import { IdeaService } from './idea.service';
import { createIdeaIntake } from './idea-intake';
import { cachedIdeaChannels } from './cached-idea-channels';
import { IdeaDataOwner } from './idea-data-owner';
import { createIdeasApi } from './ideas.api';
import { createIdeaRouter } from './routes';
import { defineNotifyIdeaOutcomeJob, enqueueNotifyIdeaOutcome } from './jobs/notify-idea-outcome.job';
import { defineSuggestIdeaPromptJob, enqueueSuggestIdeaPrompt } from './jobs/suggest-idea-prompt.job';
import { defineIdeaMaintenanceJobs, scheduleIdeaMaintenance } from './jobs/idea-maintenance.job';

/** Votes accepted in Redis are written to MongoDB this soon after… */
const VOTE_FLUSH_DELAY_MS = 100;
/** …and every process also writes whatever waits this often (votes a dead process took). */
const VOTE_FLUSH_INTERVAL_MS = 5000;

export interface IdeasFeatureDependencies {
  connection: Connection;
  redis: Redis;
  config: Pick<Config, 'jobs'>;
  logger: Logger;
  channels: IdeaChannels;
  streamers: IdeaStreamers;
  generation: IdeaGeneration;
  jobFeed: IdeaJobFeed;
  coach: IdeaPromptCoach;
  live: { publish(ownerId: string, event: LiveEvent): void };
  /**
   * Told whenever a channel's ideas or settings change (with every live event, and for settings and
   * deletions, which have none), so what caches them (the panel's ideas list) can drop its copy.
   */
  onChannelChange?: (ownerId: string) => void;
}

/**
 * Viewer ideas: submission rules, votes, the moderation queue, approval into generation, expiry and
 * the live events of it all. Besides the feature, its API and data owner: `intake`, the seam that
 * channel points (and anything else bringing ideas in) codes against.
 */
export function createIdeasFeature(deps: IdeasFeatureDependencies) {
  const logger = deps.logger.child({ feature: 'ideas' });
  const ideas = new IdeaRepository(registerIdeaModel(deps.connection));
  const voteRows = new IdeaVoteRepository(registerIdeaVoteModel(deps.connection));
  const counters = new IdeaCounterRepository(registerIdeaCounterModel(deps.connection));
  const settings = new IdeaSettingsService(new IdeaSettingsRepository(registerIdeaSettingsModel(deps.connection)));
  const votes = new IdeaVoteCounter({
    redis: deps.redis,
    ideas,
    votes: voteRows,
    flushDelayMs: VOTE_FLUSH_DELAY_MS,
    logger,
  });
  const outcomes = new IdeaOutcomes(logger);

  let scheduler: Agenda | null = null;
  const requireScheduler = (): Agenda => {
    if (!scheduler) {
      throw new Error('idea jobs are not registered with a scheduler');
    }
    return scheduler;
  };
  const changed = (owner: string) => deps.onChannelChange?.(owner);
  const notifier = new IdeaNotifier({
    live: {
      publish(owner, event) {
        changed(owner);
        deps.live.publish(owner, event);
      },
      publishMany(owner, events) {
        changed(owner);
        events.forEach((event) => deps.live.publish(owner, event));
      },
    },
    enqueueOutcome: (payload) => enqueueNotifyIdeaOutcome(requireScheduler(), payload),
    logger,
  });
  const moderation = new IdeaModeration({
    ideas,
    votes,
    streamers: deps.streamers,
    generation: deps.generation,
    notifier,
    coach: deps.coach,
    logger,
  });
  const service = new IdeaService({
    ideas,
    voteRows,
    counters,
    settings,
    votes,
    cooldown: new IdeaCooldown(deps.redis),
    coach: deps.coach,
    streamers: deps.streamers,
    moderation,
    notifier,
    enqueueSuggestion: (owner, ideaId) =>
      enqueueSuggestIdeaPrompt(requireScheduler(), { user_id: owner, idea_id: ideaId }),
    logger,
  });

  // the end of a job making an idea settles it, in whichever process ran the job
  const stopListening = deps.jobFeed.listen({
    progressed: (job, progress) => notifier.generating(job.owner, job.idea_id, job.idea_number, progress),
    ended: async (job) => {
      await moderation.settle(job.owner, job.idea_id, {
        id: job.job_id,
        user_id: job.owner,
        status: job.status,
        error_message: job.error_message,
      });
    },
  });

  const channels = cachedIdeaChannels(deps.channels, deps.redis);
  const api = createIdeasApi({ ideas: service, moderation, settings, channels, changed });
  const intake = createIdeaIntake({ channels, service, outcomes, ideas });
  let flushTimer: ReturnType<typeof setInterval> | null = null;

  const feature: Feature = {
    name: 'ideas',
    routes: (callers) => createIdeaRouter({ callers, api }),
    registerJobs(agenda) {
      scheduler = agenda;
      const policy = { maxRetries: deps.config.jobs.maxRetries, retryBaseMs: deps.config.jobs.retryBaseMs };
      defineNotifyIdeaOutcomeJob(agenda, { ideas, outcomes }, policy);
      defineSuggestIdeaPromptJob(agenda, (owner, ideaId) => service.improveSuggestion(owner, ideaId), policy);
      defineIdeaMaintenanceJobs(agenda, {
        expireDue: () => moderation.expireDue(),
        sweepGenerating: () => moderation.sweepGenerating(),
      });
    },
    async start({ scheduler: agenda, runsJobs }) {
      if (agenda && runsJobs) {
        await scheduleIdeaMaintenance(agenda);
      }
      flushTimer = setInterval(() => {
        votes.flush().catch((error: unknown) => logger.warn({ err: error }, 'could not write votes'));
      }, VOTE_FLUSH_INTERVAL_MS);
      flushTimer.unref();
    },
    async stop() {
      stopListening();
      if (flushTimer) {
        clearInterval(flushTimer);
      }
      votes.stop();
      await votes.flush().catch((error: unknown) => logger.warn({ err: error }, 'could not write votes'));
    },
  };

  const dataOwner = new IdeaDataOwner({ ideas, voteRows, counters, settings, votes });
  return { feature, api, intake, dataOwner, service, moderation, votes };
}
