import { exponential, type Agenda, type Job } from 'agenda';
import type { UserId } from '../../users/user.repository';

export const SUGGEST_IDEA_PROMPT_JOB = 'ideas.suggest-prompt';

export interface SuggestIdeaPromptPayload {
  user_id: string;
  idea_id: string;
}

/**
 * Asks the LLM coach for a better prompt than the rule-based one an idea got at once (an LLM takes
 * seconds, so never in the viewer's request). A failure leaves the rule-based suggestion in place.
 */
export function defineSuggestIdeaPromptJob(
  scheduler: Agenda,
  suggest: (owner: UserId, ideaId: string) => Promise<void>,
  policy: { retryBaseMs: number },
): void {
  scheduler.define<SuggestIdeaPromptPayload>(
    SUGGEST_IDEA_PROMPT_JOB,
    async (job: Job<SuggestIdeaPromptPayload>) => {
      await suggest(job.attrs.data.user_id as UserId, job.attrs.data.idea_id);
    },
    { backoff: exponential({ delay: policy.retryBaseMs, factor: 2, maxRetries: 2 }), removeOnComplete: true },
  );
}

export async function enqueueSuggestIdeaPrompt(scheduler: Agenda, payload: SuggestIdeaPromptPayload): Promise<void> {
  await scheduler.now(SUGGEST_IDEA_PROMPT_JOB, payload);
}
