import { exponential, type Agenda, type Job } from 'agenda';
import type { UserId } from '../../users/user.repository';
import type { Idea, IdeaRepository } from '../idea.repository';
import type { IdeaOutcome, IdeaOutcomes } from '../idea-outcomes';

export const NOTIFY_IDEA_OUTCOME_JOB = 'ideas.notify-outcome';

/**
 * Ids: the idea is read again when the job runs. Only an idea deleted as it is decided (the
 * streamer deletes a pending idea) travels whole, as its last state: the row is gone by the time
 * the job runs, and the listeners still owe the viewer a refund.
 */
export interface NotifyIdeaOutcomePayload {
  user_id: string;
  idea_id: string;
  outcome: IdeaOutcome;
  /** The deleted idea's last state (JSON: dates as ISO strings). */
  last_state?: Record<string, unknown> | null;
}

const DATE_FIELDS = ['created_at', 'updated_at', 'expires_at'] as const;

/** The deleted idea as it was decided, its dates revived. */
export function ideaFromLastState(state: Record<string, unknown>): Idea {
  const idea = { ...state } as Record<string, unknown>;
  for (const field of DATE_FIELDS) {
    idea[field] = typeof idea[field] === 'string' ? new Date(idea[field]) : null;
  }
  const moderation = idea.moderation as { decided_at?: unknown } | null;
  if (moderation && typeof moderation.decided_at === 'string') {
    idea.moderation = { ...moderation, decided_at: new Date(moderation.decided_at) };
  }
  return idea as unknown as Idea;
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
      const { user_id, idea_id, outcome, last_state } = job.attrs.data;
      const idea =
        (await deps.ideas.findById(user_id as UserId, idea_id)) ?? (last_state ? ideaFromLastState(last_state) : null);
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
