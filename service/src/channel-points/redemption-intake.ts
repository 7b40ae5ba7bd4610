import { AppError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { ChannelPointRewardRepository } from './channel-point-reward.repository';
import { IdeaRefusedAtIntake, type IdeaIntake, type IdeaLike, type IdeaOutcomeListener } from './idea-port';
import type { RedemptionStatusJobs } from './jobs/update-redemption.job';
import type { RedemptionRepository } from './redemption.repository';

/** EventSub `channel.channel_points_custom_reward_redemption.add` v1, the fields read here. */
export const REDEMPTION_ADD_SUBSCRIPTION = {
  type: 'channel.channel_points_custom_reward_redemption.add',
  version: '1',
} as const;

type Handling = { outcome: 'processed' } | { outcome: 'ignored'; reason: string };

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A refusal of the idea (its reason code), or null when the intake could not decide (retry). */
function refusalOf(error: unknown): string | null {
  if (error instanceof IdeaRefusedAtIntake) {
    return error.code;
  }
  if (error instanceof AppError && error.status >= 400 && error.status < 500) {
    return error.code;
  }
  return null;
}

/**
 * Redemptions of a streamer's AuraStream reward becoming ideas. The redemption is recorded first
 * (once: Twitch's id is unique), then submitted through the ideas feature's `submitForChannel`; a
 * refusal there (blocked term, cooldown, ideas off, …) cancels the redemption at once, which
 * refunds the viewer, and the reason is logged. A redemption for a reward or channel AuraStream
 * does not know is acknowledged and ignored.
 */
export class RedemptionIntake {
  constructor(
    private readonly deps: {
      rewards: Pick<ChannelPointRewardRepository, 'findByTwitchRewardForEvent'>;
      redemptions: Pick<RedemptionRepository, 'record' | 'markSubmitted' | 'markRefused'>;
      ideas: IdeaIntake;
      statusJobs: Pick<RedemptionStatusJobs, 'enqueue'>;
      logger: Pick<Logger, 'info'>;
    },
  ) {}

  async handle(notification: { event: Record<string, unknown> }): Promise<Handling> {
    const { event } = notification;
    const broadcasterId = text(event.broadcaster_user_id);
    const reward = (event.reward ?? {}) as Record<string, unknown>;
    const rewardId = text(reward.id);
    const redemptionId = text(event.id);
    if (!broadcasterId || !rewardId || !redemptionId) {
      return { outcome: 'ignored', reason: 'the redemption names no channel, reward or id' };
    }
    const owned = await this.deps.rewards.findByTwitchRewardForEvent(broadcasterId, rewardId);
    if (!owned) {
      return { outcome: 'ignored', reason: 'unknown reward or channel' };
    }
    const owner = owned.user_id;
    const viewerId = text(event.user_id);
    const record = await this.deps.redemptions.record(owner, {
      twitch_broadcaster_id: broadcasterId,
      twitch_reward_id: rewardId,
      twitch_redemption_id: redemptionId,
      viewer_id: viewerId,
      viewer_login: text(event.user_login),
      viewer_name: text(event.user_name),
      user_input: text(event.user_input),
      redeemed_at: new Date(text(event.redeemed_at) || Date.now()),
    });
    if (record.stage === 'refused' && record.wanted_status) {
      // refused before, and its refund not yet told to Twitch: queue it again
      await this.deps.statusJobs.enqueue(owner, record.id);
      return { outcome: 'processed' };
    }
    if (record.stage !== 'received') {
      return { outcome: 'processed' };
    }
    if (!owned.enabled) {
      return this.refuse(owner, record.id, 'reward_off', 'the reward was turned off');
    }
    let idea: IdeaLike;
    try {
      idea = await this.deps.ideas.submitForChannel(broadcasterId, {
        source: 'channel_points',
        text: record.user_input,
        viewer: {
          twitchUserId: viewerId || null,
          displayName: record.viewer_name || record.viewer_login || null,
          opaqueId: null,
          // EventSub's redemption carries no badges; the broadcaster is known by id
          badges: { broadcaster: viewerId === broadcasterId, moderator: false, vip: false, subscriber: false },
        },
        redemption: { rewardId, redemptionId },
      });
    } catch (error) {
      const reason = refusalOf(error);
      if (reason === null) {
        throw error;
      }
      return this.refuse(owner, record.id, reason, error instanceof Error ? error.message : reason);
    }
    await this.deps.redemptions.markSubmitted(owner, record.id, idea.id);
    this.deps.logger.info({ userId: owner, redemptionId, ideaId: idea.id }, 'redemption became an idea');
    return { outcome: 'processed' };
  }

  private async refuse(owner: UserId, recordId: string, reason: string, message: string): Promise<Handling> {
    await this.deps.redemptions.markRefused(owner, recordId, reason);
    this.deps.logger.info({ userId: owner, recordId, reason, message }, 'redemption refused at intake: refunded');
    await this.deps.statusJobs.enqueue(owner, recordId);
    return { outcome: 'processed' };
  }
}

/**
 * The ideas feature's outcomes for ideas that came from a redemption: rejected, failed or expired →
 * CANCELED (Twitch refunds); ready → FULFILLED. Each is a recorded wish and a job, never a direct
 * Helix call, so a hiccup loses nothing.
 */
export function redemptionOutcomes(deps: {
  redemptions: Pick<RedemptionRepository, 'findByTwitchIdForIdeaOutcome'>;
  statusJobs: Pick<RedemptionStatusJobs, 'request'>;
}): IdeaOutcomeListener {
  const settle = async (idea: IdeaLike, status: 'FULFILLED' | 'CANCELED') => {
    if (!idea.redemption) {
      return;
    }
    const record = await deps.redemptions.findByTwitchIdForIdeaOutcome(idea.redemption.redemption_id);
    if (record) {
      await deps.statusJobs.request(record.user_id, record.id, status);
    }
  };
  return {
    onRejected: (idea) => settle(idea, 'CANCELED'),
    onFailed: (idea) => settle(idea, 'CANCELED'),
    onExpired: (idea) => settle(idea, 'CANCELED'),
    onReady: (idea) => settle(idea, 'FULFILLED'),
  };
}
