/** The chat bot's ports, built from other features' services (never their repositories). */
import type { CoachPromptSuggester } from '../coach/prompt-suggester';
import type { GenerationService } from '../generation/generation.service';
import type { JobObservers } from '../generation/job-observers';
import { ideaPromptCoachFrom } from '../ideas/port-adapters';
import { NotFoundError } from '../shared/errors';
import type { UserRepository } from '../users/user.repository';
import type { ChatGeneration, ChatJobFeed, ChatPromptCoach } from './dependencies';

async function requesterOf(users: Pick<UserRepository, 'findById'>, owner: Parameters<UserRepository['findById']>[0]) {
  const user = await users.findById(owner);
  if (!user) {
    throw new NotFoundError('The streamer');
  }
  return { id: user.id, tier: user.subscription_tier };
}

export function chatGenerationFrom(
  generation: Pick<GenerationService, 'generate'>,
  users: Pick<UserRepository, 'findById'>,
): ChatGeneration {
  return {
    async make(owner, assetType, prompt) {
      const job = await generation.generate(await requesterOf(users, owner), {
        asset_type: assetType,
        custom_prompt: prompt,
        variations: 1,
      });
      return { job_id: job.id };
    },
  };
}

/** The LLM coach on plans that include it, the rule-based one otherwise (as for viewer ideas). */
export function chatPromptCoachFrom(
  suggester: CoachPromptSuggester,
  users: Pick<UserRepository, 'findById'>,
): ChatPromptCoach {
  const coach = ideaPromptCoachFrom(suggester);
  return {
    async suggest(owner, assetType, text) {
      const { tier } = await requesterOf(users, owner);
      return (await coach.suggest(assetType, text, tier)).prompt;
    },
  };
}

/** Generation's job observers, narrowed to job ends with their assets. */
export function chatJobFeedFrom(
  observers: Pick<JobObservers, 'add'>,
  generation: Pick<GenerationService, 'assetsOf'>,
): ChatJobFeed {
  return {
    listen: (ended) =>
      observers.add({
        async jobEnded(job) {
          if (job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled') {
            const status = job.status;
            await ended({
              job_id: job.id,
              owner: job.user_id,
              status,
              assetIds: async () =>
                status === 'completed' ? (await generation.assetsOf(job.user_id, job.id)).map((asset) => asset.id) : [],
            });
          }
        },
      }),
  };
}
