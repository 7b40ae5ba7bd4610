import type { Agenda, Job } from 'agenda';
import type { Logger } from '../../shared/logger';
import { HelixRateLimitedError } from '../../twitch/helix-rate-limit';
import { helixAwareBackoff } from '../../twitch/helix-backoff';
import { TwitchConnectionRevokedError, TwitchNotConnectedError, TwitchScopesMissingError } from '../../twitch/errors';
import type { UserId } from '../../users/user.repository';
import { RewardGoneError, RewardNotOwnedError, type HelixRewards } from '../helix-rewards';
import type { Redemption, RedemptionRepository } from '../redemption.repository';

export const UPDATE_REDEMPTION_JOB = 'channel-points.update-redemption';

/** Ids only: what to set is read from the redemption record (`wanted_status`) when the job runs. */
export interface UpdateRedemptionPayload {
  user_id: string;
  redemption_id: string;
}

/**
 * Telling Twitch a redemption's fate: CANCELED (refused at intake, rejected, failed or expired:
 * Twitch refunds the points) or FULFILLED (the asset is ready). The wanted status is stored on the
 * redemption before the job is queued, so a Helix or MongoDB hiccup never loses a refund: the job
 * retries with back-off, and waits for `Ratelimit-Reset` when Helix's bucket is empty. A status
 * Twitch already has (the streamer acted on Twitch) ends the job quietly; a connection that can no
 * longer act (revoked, reward gone or not ours) ends it with the reason recorded.
 */
export class RedemptionStatusJobs {
  private scheduler: Agenda | null = null;

  constructor(
    private readonly deps: {
      redemptions: RedemptionRepository;
      helix: HelixRewards;
      retry: { maxRetries: number; retryBaseMs: number };
      logger: Logger;
      /** Told once Twitch has the status: the idea behind the redemption records it. */
      onSettled?: (redemption: Redemption, status: 'FULFILLED' | 'CANCELED') => Promise<unknown>;
    },
  ) {}

  register(scheduler: Agenda): void {
    this.scheduler = scheduler;
    scheduler.define<UpdateRedemptionPayload>(
      UPDATE_REDEMPTION_JOB,
      async (job: Job<UpdateRedemptionPayload>) =>
        this.perform(job.attrs.data.user_id as UserId, job.attrs.data.redemption_id),
      { backoff: helixAwareBackoff(this.deps.retry), removeOnComplete: true },
    );
  }

  /** Records the wanted status and queues the job; false when Twitch already has a final status. */
  async request(owner: UserId, redemptionId: string, status: 'FULFILLED' | 'CANCELED'): Promise<boolean> {
    if (!(await this.deps.redemptions.want(owner, redemptionId, status))) {
      return false;
    }
    await this.enqueue(owner, redemptionId);
    return true;
  }

  /** Queues the job for a redemption whose wanted status is already recorded. */
  async enqueue(owner: UserId, redemptionId: string): Promise<void> {
    if (!this.scheduler) {
      throw new Error('redemption status jobs are not registered with a scheduler');
    }
    await this.scheduler
      .create(UPDATE_REDEMPTION_JOB, { user_id: owner, redemption_id: redemptionId })
      .unique({ 'data.redemption_id': redemptionId }, { insertOnly: true })
      .save();
  }

  /** A failure here is logged, not retried: Twitch already has the status, only the echo is lost. */
  private async tellSettled(redemption: Redemption, status: 'FULFILLED' | 'CANCELED'): Promise<void> {
    try {
      await this.deps.onSettled?.(redemption, status);
    } catch (error) {
      this.deps.logger.warn(
        { err: error, redemptionId: redemption.twitch_redemption_id, ideaId: redemption.idea_id },
        'the idea could not record its redemption status',
      );
    }
  }

  async perform(owner: UserId, id: string): Promise<void> {
    const { redemptions, helix, logger } = this.deps;
    const redemption = await redemptions.startStatusAttempt(owner, id);
    if (!redemption?.wanted_status) {
      return;
    }
    const wanted = redemption.wanted_status;
    const context = {
      userId: owner,
      redemptionId: redemption.twitch_redemption_id,
      wanted,
      attempt: redemption.status_attempts,
    };
    try {
      const result = await helix.setRedemptionStatus(
        owner,
        redemption.twitch_reward_id,
        redemption.twitch_redemption_id,
        wanted,
      );
      // already final at Twitch: whatever it is, nothing is left to ask
      await redemptions.settleStatus(owner, id, wanted);
      logger.info({ ...context, result }, 'redemption status set at Twitch');
      await this.tellSettled(redemption, wanted);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await redemptions.recordStatusError(owner, id, message);
      if (
        error instanceof TwitchConnectionRevokedError ||
        error instanceof TwitchNotConnectedError ||
        error instanceof TwitchScopesMissingError ||
        error instanceof RewardGoneError ||
        error instanceof RewardNotOwnedError
      ) {
        logger.warn({ ...context, err: error }, 'the redemption status cannot be set at Twitch any more');
        return;
      }
      if (!(error instanceof HelixRateLimitedError) && redemption.status_attempts > this.deps.retry.maxRetries) {
        logger.error({ ...context, err: error }, 'setting the redemption status failed for good');
        return;
      }
      logger.warn({ ...context, err: error }, 'setting the redemption status failed; retried with back-off');
      throw error;
    }
  }
}
