import { AppError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { ChannelPointRewardRepository } from './channel-point-reward.repository';
import { IdeaRefusedAtIntake, type IdeaIntake, type IdeaLike, type IdeaOutcomeListener } from './idea-port';
import type { RedemptionStatusJobs } from './jobs/update-redemption.job';
import type { Redemption, RedemptionRepository } from './redemption.repository';

/** EventSub `channel.channel_points_custom_reward_redemption.add` v1, the fields read here. */
export const REDEMPTION_ADD_SUBSCRIPTION = {
  type: 'channel.channel_points_custom_reward_redemption.add',
  version: '1',
} as const;

type Handling = { outcome: 'processed' } | { outcome: 'ignored'; reason: string };
type BatchHandling = Handling | { outcome: 'retry'; error: unknown };

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
      redemptions: Pick<RedemptionRepository, 'recordMany' | 'markSubmittedMany' | 'markRefused'>;
      ideas: IdeaIntake;
      statusJobs: Pick<RedemptionStatusJobs, 'enqueue'>;
      logger: Pick<Logger, 'info'>;
    },
  ) {}

  /** One redemption: `handleBatch` of one; throws when it could not be decided (retried). */
  async handle(notification: { event: Record<string, unknown> }): Promise<Handling> {
    const [handling] = await this.handleBatch([notification]);
    if (!handling || handling.outcome === 'retry') {
      throw handling?.error instanceof Error ? handling.error : new Error('the redemption was not handled');
    }
    return handling;
  }

  /**
   * A batch of redemptions (oldest first), as `handle` would take them one by one but stored with
   * bulk writes: per reward, one lookup, one insert of the redemptions, one submission of their
   * ideas and one update marking them submitted. A reward whose redemptions could not be decided
   * (MongoDB unreachable) has them retried; the others stand.
   */
  async handleBatch(notifications: ReadonlyArray<{ event: Record<string, unknown> }>): Promise<BatchHandling[]> {
    const results: BatchHandling[] = notifications.map(() => ({
      outcome: 'ignored',
      reason: 'the redemption names no channel, reward or id',
    }));
    const byReward = new Map<string, number[]>();
    notifications.forEach(({ event }, index) => {
      const rewardId = text(((event.reward ?? {}) as Record<string, unknown>).id);
      if (text(event.broadcaster_user_id) && rewardId && text(event.id)) {
        const key = `${text(event.broadcaster_user_id)}|${rewardId}`;
        byReward.set(key, [...(byReward.get(key) ?? []), index]);
      }
    });
    await Promise.all(
      [...byReward.values()].map(async (indexes) => {
        const events = indexes.map((index) => notifications[index]!.event);
        try {
          const handled = await this.handleOfReward(events);
          indexes.forEach((index, offset) => (results[index] = handled[offset]!));
        } catch (error) {
          indexes.forEach((index) => (results[index] = { outcome: 'retry', error }));
        }
      }),
    );
    return results;
  }

  /** Redemptions of one reward of one channel, in order. */
  private async handleOfReward(events: ReadonlyArray<Record<string, unknown>>): Promise<BatchHandling[]> {
    const broadcasterId = text(events[0]!.broadcaster_user_id);
    const rewardId = text(((events[0]!.reward ?? {}) as Record<string, unknown>).id);
    const owned = await this.deps.rewards.findByTwitchRewardForEvent(broadcasterId, rewardId);
    if (!owned) {
      return events.map(() => ({ outcome: 'ignored', reason: 'unknown reward or channel' }));
    }
    const owner = owned.user_id;
    const records = await this.deps.redemptions.recordMany(
      owner,
      events.map((event) => ({
        twitch_broadcaster_id: broadcasterId,
        twitch_reward_id: rewardId,
        twitch_redemption_id: text(event.id),
        viewer_id: text(event.user_id),
        viewer_login: text(event.user_login),
        viewer_name: text(event.user_name),
        user_input: text(event.user_input),
        redeemed_at: new Date(text(event.redeemed_at) || Date.now()),
      })),
    );
    const results: BatchHandling[] = events.map(() => ({ outcome: 'processed' }));
    const toSubmit: Array<{ offset: number; record: Redemption; recordedNow: boolean }> = [];
    for (const [offset, recorded] of records.entries()) {
      const record = recorded?.redemption;
      if (!recorded || !record) {
        results[offset] = { outcome: 'ignored', reason: 'the redemption belongs to another channel' };
      } else if (record.stage === 'refused' && record.wanted_status) {
        // refused before, and its refund not yet told to Twitch: queue it again
        await this.deps.statusJobs.enqueue(owner, record.id);
      } else if (record.stage === 'received') {
        if (owned.enabled) {
          toSubmit.push({ offset, record, recordedNow: recorded.recordedNow });
        } else {
          results[offset] = await this.refuse(owner, record.id, 'reward_off', 'the reward was turned off');
        }
      }
    }
    if (toSubmit.length === 0) {
      return results;
    }
    const submitted = await this.deps.ideas.submitManyForChannel(
      broadcasterId,
      toSubmit.map(({ record, recordedNow }) => ({
        source: 'channel_points' as const,
        text: record.user_input,
        viewer: {
          twitchUserId: record.viewer_id || null,
          displayName: record.viewer_name || record.viewer_login || null,
          opaqueId: null,
          // EventSub's redemption carries no badges; the broadcaster is known by id
          badges: { broadcaster: record.viewer_id === broadcasterId, moderator: false, vip: false, subscriber: false },
        },
        // recorded by this very attempt: no earlier one can have made its idea
        redemption: { rewardId, redemptionId: record.twitch_redemption_id, firstAttempt: recordedNow },
      })),
    );
    const becameIdeas: Array<{ id: string; ideaId: string }> = [];
    for (const [position, { offset, record }] of toSubmit.entries()) {
      const outcome = submitted[position]!;
      if ('idea' in outcome) {
        becameIdeas.push({ id: record.id, ideaId: outcome.idea.id });
        continue;
      }
      const reason = refusalOf(outcome.error);
      results[offset] =
        reason === null
          ? { outcome: 'retry', error: outcome.error }
          : await this.refuse(
              owner,
              record.id,
              reason,
              outcome.error instanceof Error ? outcome.error.message : reason,
            );
    }
    await this.deps.redemptions.markSubmittedMany(owner, becameIdeas);
    this.deps.logger.info({ userId: owner, rewardId, ideas: becameIdeas.length }, 'redemptions became ideas');
    return results;
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
