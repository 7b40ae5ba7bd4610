import { exponential, type Agenda, type Job } from 'agenda';
import type { UserId } from '../../users/user.repository';
import type { IdeaRepository } from '../idea.repository';
import type { IdeaOutcome, IdeaOutcomes } from '../idea-outcomes';

export const NOTIFY_IDEA_OUTCOME_JOB = 'ideas.notify-outcome';

/** Ids only: the idea is read again when the job runs. */
export interface NotifyIdeaOutcomePayload {
  user_id: string;
  idea_id: string;
  outcome: IdeaOutcome;
}

/** Tells the outcome listeners (channel points) an idea's fate; retried with backoff when one fails. */
export function defineNotifyIdeaOutcomeJob(
  scheduler: Agenda,
  deps: { ideas: Pick<IdeaRepository, 'findById'>; outcomes: IdeaOutcomes },
  policy: { maxRetries: number; retryBaseMs: number },
): void {
  scheduler.define<NotifyIdeaOutcomePayload>(
    NOTIFY_IDEA_OUTCOME_JOB,
    async (job: Job<NotifyIdeaOutcomePayload>) => {
      const { user_id, idea_id, outcome } = job.attrs.data;
      const idea = await deps.ideas.findById(user_id as UserId, idea_id);
      if (idea) {
        await deps.outcomes.tell(outcome, idea);
      }
    },
    {
      backoff: exponential({ delay: policy.retryBaseMs, factor: 2, maxRetries: policy.maxRetries }),
      removeOnComplete: true,
    },
  );
}

export async function enqueueNotifyIdeaOutcome(scheduler: Agenda, payload: NotifyIdeaOutcomePayload): Promise<void> {
  await scheduler.now(NOTIFY_IDEA_OUTCOME_JOB, payload);
}
