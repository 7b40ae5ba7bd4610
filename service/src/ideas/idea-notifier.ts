import type { LiveEvent } from '@aurastream/contract';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { Idea } from './idea.repository';
import type { IdeaOutcome } from './idea-outcomes';
import { presentLiveIdea } from './idea.presenter';
import type { NotifyIdeaOutcomePayload } from './jobs/notify-idea-outcome.job';

/** Where an idea's news goes: the channel's live events, and the outcome listeners (as a job). */
export class IdeaNotifier {
  constructor(
    private readonly deps: {
      live: {
        publish(ownerId: string, event: LiveEvent): void;
        /** Several events of one channel: what caches the channel's ideas is told once. */
        publishMany(ownerId: string, events: readonly LiveEvent[]): void;
      };
      enqueueOutcome(payload: NotifyIdeaOutcomePayload): Promise<void>;
      logger: Logger;
    },
  ) {}

  submitted(idea: Idea): void {
    this.submittedMany(idea.user_id, [idea]);
  }

  /** Ideas of one channel submitted together (a batch of redemptions). */
  submittedMany(owner: UserId, ideas: readonly Idea[]): void {
    const at = now();
    this.deps.live.publishMany(
      owner,
      ideas.map((idea) => ({ type: 'idea.submitted' as const, at, idea: presentLiveIdea(idea) })),
    );
  }

  votes(owner: UserId, counts: Array<{ idea_id: string; number: number; votes: number }>): void {
    this.publish(owner, { type: 'idea.votes', at: now(), votes: counts });
  }

  approved(idea: Idea): void {
    this.publish(idea.user_id, { type: 'idea.approved', at: now(), idea: presentLiveIdea(idea) });
  }

  generating(owner: UserId, ideaId: string, number: number, progress: number): void {
    this.publish(owner, { type: 'idea.generating', at: now(), idea_id: ideaId, number, progress });
  }

  /**
   * A decided idea: its live event at once, its outcome to the listeners through a retried job.
   * `deleting`: the idea is about to be deleted, so the job carries its last state.
   */
  async decided(idea: Idea, outcome: IdeaOutcome, options: { deleting?: boolean } = {}): Promise<void> {
    const live = presentLiveIdea(idea);
    switch (outcome) {
      case 'rejected':
        this.publish(idea.user_id, {
          type: 'idea.rejected',
          at: now(),
          idea: live,
          reason: idea.moderation?.reason ?? null,
        });
        break;
      case 'ready':
        this.publish(idea.user_id, { type: 'idea.ready', at: now(), idea: live, asset_ids: idea.asset_ids });
        break;
      case 'failed':
        this.publish(idea.user_id, { type: 'idea.failed', at: now(), idea: live });
        break;
      case 'expired':
        this.publish(idea.user_id, { type: 'idea.expired', at: now(), idea: live });
        break;
    }
    try {
      await this.deps.enqueueOutcome({
        user_id: idea.user_id,
        idea_id: idea.id,
        outcome,
        last_state: options.deleting ? (JSON.parse(JSON.stringify(idea)) as Record<string, unknown>) : null,
      });
    } catch (error) {
      // a lost outcome is a lost refund: loud, with what is needed to replay it
      this.deps.logger.error({ err: error, ideaId: idea.id, outcome }, 'could not queue an idea outcome');
    }
  }

  private publish(owner: string, event: LiveEvent): void {
    this.deps.live.publish(owner, event);
  }
}

function now(): string {
  return new Date().toISOString();
}
