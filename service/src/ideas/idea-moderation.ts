import { errorCodes, type IdeaStatus } from '@aurastream/contract';
import { ConflictError, NotFoundError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { IdeaGeneration, IdeaJobOutcome, IdeaPromptCoach, IdeaStreamers } from './dependencies';
import type { StoredModeration } from './idea.model';
import type { Idea, IdeaRepository } from './idea.repository';
import type { IdeaNotifier } from './idea-notifier';
import { withSuggestion } from './idea-suggestion';
import type { IdeaVoteCounter } from './idea-votes';

/** Who decided: the streamer, a channel moderator, or the channel's own auto-approval rule. */
export type DecidedBy = StoredModeration['decided_by'];

/** What a job's end means for the idea it was making. */
export interface EndedIdeaJob {
  id: string;
  user_id: UserId;
  status: 'completed' | 'failed' | 'cancelled';
  error_message: string | null;
}

/** An idea waits this long in `approved` without a job before the sweep returns it to the queue. */
const APPROVED_WITHOUT_JOB_MS = 10 * 60_000;
/** Ideas the sweep looks at once they have not moved for this long. */
const SWEEP_AFTER_MS = 60_000;
const SWEEP_BATCH = 100;

export const ideaNotFound = () => new NotFoundError('The idea', errorCodes.ideaNotFound);

function notPending(idea: Pick<Idea, 'status' | 'number'>): ConflictError {
  return new ConflictError(errorCodes.ideaNotPending, `Idea #${idea.number} was already decided (${idea.status})`, {
    status: idea.status,
  });
}

/**
 * Deciding ideas and following them to their end: approve (a generation job on the streamer's
 * quota), reject, expire, and settle when the job ends (its hook, or the sweep). Every change is
 * conditional on the status it leaves, so exactly one of two racing deciders wins, and only the
 * winner tells the live events and the outcome listeners.
 */
export class IdeaModeration {
  constructor(
    private readonly deps: {
      ideas: IdeaRepository;
      votes: IdeaVoteCounter;
      streamers: IdeaStreamers;
      generation: IdeaGeneration;
      notifier: IdeaNotifier;
      /** The rule-based suggestion, for an idea approved before the coach's was stored. */
      coach: Pick<IdeaPromptCoach, 'offline'>;
      logger: Logger;
    },
  ) {}

  /**
   * Approves a pending idea: it takes the prompt given (else the suggestion, else the viewer's
   * words) and starts its generation. When generation refuses (the quota), the idea goes back to
   * the queue and the refusal is thrown.
   */
  async approve(owner: UserId, ideaId: string, decidedBy: DecidedBy, prompt?: string): Promise<Idea> {
    const { ideas, votes, notifier } = this.deps;
    const idea = await this.find(owner, ideaId);
    const requester = await this.deps.streamers.requesterOf(owner);
    if (!requester) {
      throw ideaNotFound();
    }
    const finalPrompt = prompt ?? withSuggestion(this.deps.coach, idea).suggested_prompt ?? idea.text;
    const approved = await ideas.transition(owner, ideaId, ['pending'], 'approved', {
      prompt: finalPrompt,
      moderation: { decided_by: decidedBy, decided_at: new Date(), reason: null },
    });
    if (!approved) {
      throw notPending(await this.find(owner, ideaId));
    }
    await votes.close(owner, ideaId);
    let jobId: string;
    try {
      ({ job_id: jobId } = await this.deps.generation.start(requester, {
        asset_type: approved.asset_type,
        prompt: finalPrompt,
        origin: {
          kind: 'idea',
          idea_id: approved.id,
          idea_number: approved.number,
          viewer_display_name: approved.viewer.display_name,
          source: approved.source,
        },
      }));
    } catch (error) {
      // back in the queue, as it was: the moderator sees why (quota) and may try again later
      const back = await ideas.transition(owner, ideaId, ['approved'], 'pending', { prompt: null, moderation: null });
      if (back) {
        await votes.open(owner, ideaId, back.number);
      }
      throw error;
    }
    // the job may already have ended (a fast worker): its hook then moved the idea on
    const generating =
      (await ideas.transition(owner, ideaId, ['approved'], 'generating', { job_id: jobId })) ??
      (await this.find(owner, ideaId));
    notifier.approved(generating);
    return generating;
  }

  /** Rejects a pending idea; `deleting` when the streamer deletes it (its outcome then carries its last state). */
  async reject(
    owner: UserId,
    ideaId: string,
    decidedBy: DecidedBy,
    reason: string | null,
    options: { deleting?: boolean } = {},
  ): Promise<Idea> {
    const rejected = await this.deps.ideas.transition(owner, ideaId, ['pending'], 'rejected', {
      moderation: { decided_by: decidedBy, decided_at: new Date(), reason: reason || null },
    });
    if (!rejected) {
      throw notPending(await this.find(owner, ideaId));
    }
    await this.deps.votes.close(owner, ideaId);
    await this.deps.notifier.decided(rejected, 'rejected', options);
    return rejected;
  }

  /** The end of the job making an idea (the generation hook and the sweep both come here). */
  async settle(owner: UserId, ideaId: string, job: EndedIdeaJob): Promise<Idea | null> {
    const from: IdeaStatus[] = ['approved', 'generating'];
    if (job.status === 'completed') {
      const assetIds = await this.deps.generation.assetIdsOf(owner, job.id);
      const ready = await this.deps.ideas.transition(owner, ideaId, from, 'ready', {
        job_id: job.id,
        asset_ids: assetIds,
        error_message: null,
      });
      if (ready) {
        await this.deps.notifier.decided(ready, 'ready');
      }
      return ready;
    }
    const failed = await this.deps.ideas.transition(owner, ideaId, from, 'failed', {
      job_id: job.id,
      error_message:
        job.status === 'cancelled' ? 'The generation was cancelled' : (job.error_message ?? 'The generation failed'),
    });
    if (failed) {
      await this.deps.notifier.decided(failed, 'failed');
    }
    return failed;
  }

  /** Expires a channel's pending ideas past their expiry; answers how many. */
  async expireDue(now = new Date()): Promise<number> {
    let expired = 0;
    for (;;) {
      const due = await this.deps.ideas.listExpiredForMaintenance(now, SWEEP_BATCH);
      for (const idea of due) {
        const changed = await this.deps.ideas.transition(idea.user_id, idea.id, ['pending'], 'expired');
        if (changed) {
          expired += 1;
          await this.deps.votes.close(idea.user_id, idea.id);
          await this.deps.notifier.decided(changed, 'expired');
        }
      }
      if (due.length < SWEEP_BATCH) {
        return expired;
      }
    }
  }

  /**
   * Settles ideas whose job ended without its hook settling them (a crash between), and returns to
   * the queue ideas approved long ago whose job was never queued. Answers how many it settled.
   */
  async sweepGenerating(now = new Date()): Promise<number> {
    let settled = 0;
    const stale = await this.deps.ideas.listStaleForMaintenance(
      ['approved', 'generating'],
      new Date(now.getTime() - SWEEP_AFTER_MS),
      SWEEP_BATCH,
    );
    for (const idea of stale) {
      try {
        settled += (await this.sweepOne(idea, now)) ? 1 : 0;
      } catch (error) {
        this.deps.logger.warn({ err: error, ideaId: idea.id }, 'could not sweep an idea');
      }
    }
    return settled;
  }

  private async sweepOne(idea: Idea, now: Date): Promise<boolean> {
    const owner = idea.user_id;
    if (!idea.job_id) {
      if (idea.status !== 'approved' || now.getTime() - idea.updated_at.getTime() < APPROVED_WITHOUT_JOB_MS) {
        return false;
      }
      const back = await this.deps.ideas.transition(owner, idea.id, ['approved'], 'pending', {
        prompt: null,
        moderation: null,
      });
      if (back) {
        await this.deps.votes.open(owner, idea.id, back.number);
      }
      return back !== null;
    }
    const outcome: IdeaJobOutcome | 'running' | 'missing' = await this.deps.generation.outcomeOf(owner, idea.job_id);
    if (outcome === 'running') {
      return false;
    }
    const ended: EndedIdeaJob =
      outcome === 'missing'
        ? { id: idea.job_id, user_id: owner, status: 'failed', error_message: 'The generation job is gone' }
        : { id: idea.job_id, user_id: owner, status: outcome.status, error_message: outcome.error_message };
    return (await this.settle(owner, idea.id, ended)) !== null;
  }

  private async find(owner: UserId, ideaId: string): Promise<Idea> {
    const idea = await this.deps.ideas.findById(owner, ideaId);
    if (!idea) {
      throw ideaNotFound();
    }
    return idea;
  }
}
