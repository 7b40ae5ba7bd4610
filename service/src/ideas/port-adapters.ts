/** The ideas feature's ports, built from other features' services (never their repositories). */
import type { CoachAssetType, IdeaAssetType } from '@aurastream/contract';
import type { CoachPromptSuggester } from '../coach/prompt-suggester';
import { TIER_ACCESS } from '../coach/tier-access';
import type { GenerationService } from '../generation/generation.service';
import type { GenerationJob } from '../generation/generation-job.repository';
import type { JobObservers } from '../generation/job-observers';
import { progressOf } from '../generation/job.presenter';
import { NotFoundError } from '../shared/errors';
import type { PlatformConnectionService } from '../twitch/platform-connection.service';
import type { UserRepository } from '../users/user.repository';
import type {
  IdeaChannels,
  IdeaGeneration,
  IdeaJobFeed,
  IdeaJobNews,
  IdeaPromptCoach,
  IdeaStreamers,
} from './dependencies';

export function ideaChannelsFrom(
  connections: Pick<PlatformConnectionService, 'ownerOf' | 'platformUserIdOf'>,
): IdeaChannels {
  return {
    ownerOfChannel: (channelId) => connections.ownerOf('twitch', channelId),
    channelOf: (ownerId) => connections.platformUserIdOf(ownerId, 'twitch'),
  };
}

export function ideaStreamersFrom(users: Pick<UserRepository, 'findById'>): IdeaStreamers {
  return {
    async requesterOf(ownerId) {
      const user = await users.findById(ownerId);
      return user ? { id: user.id, tier: user.subscription_tier, display_name: user.display_name } : null;
    },
  };
}

export function ideaGenerationFrom(
  generation: Pick<GenerationService, 'generate' | 'get' | 'assetsOf'>,
): IdeaGeneration {
  return {
    async start(requester, request) {
      const job = await generation.generate(requester, {
        asset_type: request.asset_type,
        custom_prompt: request.prompt,
        variations: 1,
        origin: request.origin,
      });
      return { job_id: job.id };
    },
    async outcomeOf(owner, jobId) {
      let job;
      try {
        job = await generation.get(owner, jobId);
      } catch (error) {
        if (error instanceof NotFoundError) {
          return 'missing';
        }
        throw error;
      }
      if (job.status === 'queued' || job.status === 'processing') {
        return 'running';
      }
      const assets = job.status === 'completed' ? await generation.assetsOf(owner, jobId) : [];
      return { status: job.status, asset_ids: assets.map((asset) => asset.id), error_message: job.error_message };
    },
    async assetIdsOf(owner, jobId) {
      return (await generation.assetsOf(owner, jobId)).map((asset) => asset.id);
    },
  };
}

/** The coach's asset type for each kind of idea (the coach's profiles are per platform format). */
const COACH_TYPES: Readonly<Record<IdeaAssetType, CoachAssetType>> = {
  emote: 'twitch_emote',
  badge: 'twitch_badge',
  panel: 'twitch_panel',
  banner: 'twitch_banner',
  offline_screen: 'twitch_offline',
  overlay: 'overlay',
  alert: 'overlay',
};

/** The LLM coach for the streamers whose plan includes the coach; the rule-based one for everyone. */
export function ideaPromptCoachFrom(coach: CoachPromptSuggester): IdeaPromptCoach {
  const hasLlmFor: IdeaPromptCoach['hasLlmFor'] = (tier) => coach.hasLlm && TIER_ACCESS[tier].coach_access;
  return {
    hasLlmFor,
    get hasLlm() {
      return coach.hasLlm;
    },
    offline: (assetType, text) => coach.offline(COACH_TYPES[assetType], text),
    suggest: (assetType, text, tier) =>
      hasLlmFor(tier)
        ? coach.suggest(COACH_TYPES[assetType], text)
        : Promise.resolve(coach.offline(COACH_TYPES[assetType], text)),
  };
}

function ideaJobNews(job: GenerationJob): IdeaJobNews | null {
  return job.origin?.kind === 'idea'
    ? { job_id: job.id, owner: job.user_id, idea_id: job.origin.idea_id, idea_number: job.origin.idea_number }
    : null;
}

/** Generation's job observers, narrowed to the jobs making ideas. */
export function ideaJobFeedFrom(observers: Pick<JobObservers, 'add'>): IdeaJobFeed {
  return {
    listen: (handlers) =>
      observers.add({
        jobProgressed(job) {
          const news = ideaJobNews(job);
          if (news) {
            handlers.progressed(news, progressOf(job));
          }
        },
        async jobEnded(job) {
          const news = ideaJobNews(job);
          if (news && (job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled')) {
            await handlers.ended({ ...news, status: job.status, error_message: job.error_message });
          }
        },
      }),
  };
}
