import {
  CHANNEL_POINTS_SCOPES,
  DEFAULT_REWARD_SETTINGS,
  errorCodes,
  type RewardDisconnectReason,
  type RewardSettings,
} from '@aurastream/contract';
import { AppError, ForbiddenError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { TwitchConnectionRevokedError, TwitchNotConnectedError, TwitchScopesMissingError } from '../twitch/errors';
import type { PlatformConnectionView } from '../twitch/platform-connection.service';
import type { UserId } from '../users/user.repository';
import type {
  ChannelPointReward,
  ChannelPointRewardRepository,
  RewardChanges,
} from './channel-point-reward.repository';
import { RewardGoneError, RewardNotOwnedError, type HelixRewards } from './helix-rewards';
import { REDEMPTION_ADD_SUBSCRIPTION } from './redemption-intake';

/** The subscriptions manager, as channel points uses it (`eventsub/eventsub-subscriptions.ts`). */
export interface RewardSubscriptions {
  ensure(wanted: { type: string; version: string; condition: Record<string, string> }): Promise<void>;
  remove(type: string, match: Record<string, string>): Promise<number>;
}

/** What the streamer is told when the reward's state changes outside their request (a realtime notice). */
export type RewardStateNotifier = (owner: UserId, reward: ChannelPointReward) => Promise<void>;

function settingsOf(reward: ChannelPointReward): RewardSettings {
  return {
    title: reward.title,
    cost: reward.cost,
    prompt: reward.prompt,
    global_cooldown_seconds: reward.global_cooldown_seconds,
    max_per_stream: reward.max_per_stream,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The streamer's channel-point reward: its settings, turning it on (the reward created on Twitch
 * as the streamer, its redemptions subscribed) and off (both deleted), and its state when Twitch
 * or the connection changes underneath it.
 */
export class ChannelPointsService {
  constructor(
    private readonly deps: {
      rewards: ChannelPointRewardRepository;
      helix: HelixRewards;
      subscriptions: RewardSubscriptions;
      connection: (owner: UserId) => Promise<PlatformConnectionView | null>;
      notify: RewardStateNotifier;
      logger: Logger;
    },
  ) {}

  get(owner: UserId): Promise<ChannelPointReward> {
    return this.deps.rewards.findOrCreate(owner, DEFAULT_REWARD_SETTINGS);
  }

  /**
   * Applies the streamer's changes. Turning on (or editing while on) talks to Twitch first and
   * stores the outcome; Twitch's refusals are 4xx with what to do, and are kept as `last_error`.
   */
  async update(owner: UserId, changes: Partial<RewardSettings> & { enabled?: boolean }): Promise<ChannelPointReward> {
    const current = await this.get(owner);
    const { enabled = current.enabled, ...settingChanges } = changes;
    const settings = { ...settingsOf(current), ...settingChanges };
    if (!enabled) {
      if (current.twitch_reward_id) {
        await this.takeDown(owner, current);
      }
      return this.save(owner, { ...settings, enabled: false, state: 'off', state_reason: null, last_error: null });
    }
    await this.assertConnected(owner);
    return this.putUp(owner, current, settings);
  }

  /** Reconnected with Twitch: a reward that was on comes back (best effort, the state says how it went). */
  async restore(owner: UserId): Promise<void> {
    const current = await this.deps.rewards.find(owner);
    if (!current?.enabled || current.state === 'active') {
      return;
    }
    try {
      await this.putUp(owner, current, settingsOf(current));
    } catch (error) {
      this.deps.logger.warn({ err: error, userId: owner }, 'the reward could not be restored after reconnecting');
    }
    const restored = await this.deps.rewards.find(owner);
    if (restored) {
      await this.deps.notify(owner, restored);
    }
  }

  /** The connection is gone or refused: the reward shows disconnected and its subscriptions go. */
  async disconnect(owner: UserId, reason: RewardDisconnectReason, deleteAtTwitch: boolean): Promise<void> {
    const current = await this.deps.rewards.find(owner);
    if (!current?.enabled || !current.twitch_reward_id) {
      return;
    }
    await this.removeSubscription(current);
    if (deleteAtTwitch) {
      await this.deps.helix
        .delete(owner, current.twitch_reward_id)
        .catch((error: unknown) =>
          this.deps.logger.warn({ err: error, userId: owner }, 'deleting the reward on Twitch failed'),
        );
    }
    const updated = await this.save(owner, {
      state: 'disconnected',
      state_reason: reason,
      ...(deleteAtTwitch ? { twitch_reward_id: null } : {}),
    });
    await this.deps.notify(owner, updated);
  }

  /** Twitch revoked the reward's subscription (`reason` is Twitch's); false when the reward is not ours any more. */
  async subscriptionRevoked(owner: UserId, rewardId: string, reason: string): Promise<boolean> {
    const known: RewardDisconnectReason[] = [
      'authorization_revoked',
      'user_removed',
      'notification_failures_exceeded',
      'version_removed',
    ];
    const stateReason = known.includes(reason as RewardDisconnectReason)
      ? (reason as RewardDisconnectReason)
      : 'subscription_failed';
    const changed = await this.deps.rewards.updateIfReward(owner, rewardId, {
      state: 'disconnected',
      state_reason: stateReason,
      last_error: `Twitch revoked the redemption subscription: ${reason}`,
    });
    const reward = changed ? await this.deps.rewards.find(owner) : null;
    if (reward) {
      await this.deps.notify(owner, reward);
    }
    return changed;
  }

  private async assertConnected(owner: UserId): Promise<void> {
    const connection = await this.deps.connection(owner);
    if (!connection) {
      throw new TwitchNotConnectedError();
    }
    if (connection.status === 'revoked') {
      throw new TwitchConnectionRevokedError();
    }
    const missing = CHANNEL_POINTS_SCOPES.filter((scope) => !connection.scopes.includes(scope));
    if (missing.length > 0) {
      throw new TwitchScopesMissingError(missing, 'channel_points');
    }
  }

  /** The reward on Twitch with these settings, and its redemptions subscribed. */
  private async putUp(
    owner: UserId,
    current: ChannelPointReward,
    settings: RewardSettings,
  ): Promise<ChannelPointReward> {
    let rewardId = current.twitch_reward_id;
    let broadcasterId = current.twitch_broadcaster_id;
    try {
      if (rewardId) {
        try {
          await this.deps.helix.update(owner, rewardId, settings);
        } catch (error) {
          if (!(error instanceof RewardGoneError)) {
            throw error;
          }
          rewardId = null;
        }
      }
      if (!rewardId) {
        ({ rewardId, broadcasterId } = await this.deps.helix.create(owner, settings));
      }
    } catch (error) {
      await this.recordRefusal(owner, settings, error);
      throw error;
    }
    let state: Pick<ChannelPointReward, 'state' | 'state_reason' | 'last_error'> = {
      state: 'active',
      state_reason: null,
      last_error: null,
    };
    try {
      await this.deps.subscriptions.ensure({
        ...REDEMPTION_ADD_SUBSCRIPTION,
        condition: { broadcaster_user_id: broadcasterId ?? '', reward_id: rewardId },
      });
    } catch (error) {
      this.deps.logger.warn({ err: error, userId: owner }, 'subscribing to the reward’s redemptions failed');
      state = { state: 'disconnected', state_reason: 'subscription_failed', last_error: messageOf(error) };
    }
    return this.save(owner, {
      ...settings,
      ...state,
      enabled: true,
      twitch_reward_id: rewardId,
      twitch_broadcaster_id: broadcasterId,
    });
  }

  /** Twitch's refusal, kept on the reward so the dashboard shows it after a reload too. */
  private async recordRefusal(owner: UserId, settings: RewardSettings, error: unknown): Promise<void> {
    if (error instanceof ForbiddenError && error.code === errorCodes.channelPointsUnavailable) {
      await this.save(owner, {
        ...settings,
        enabled: false,
        state: 'not_eligible',
        state_reason: null,
        last_error: error.message,
      });
    } else if (error instanceof RewardNotOwnedError) {
      await this.save(owner, {
        ...settings,
        state: 'disconnected',
        state_reason: 'reward_not_owned',
        last_error: error.message,
      });
    } else if (error instanceof AppError) {
      await this.save(owner, { last_error: error.message });
    }
  }

  /** Turning off: subscriptions and the reward deleted (a connection that cannot act any more just forgets). */
  private async takeDown(owner: UserId, current: ChannelPointReward): Promise<void> {
    await this.removeSubscription(current);
    if (!current.twitch_reward_id || current.state === 'not_eligible') {
      return;
    }
    try {
      await this.deps.helix.delete(owner, current.twitch_reward_id);
    } catch (error) {
      if (
        !(error instanceof TwitchConnectionRevokedError) &&
        !(error instanceof TwitchNotConnectedError) &&
        !(error instanceof TwitchScopesMissingError) &&
        !(error instanceof RewardNotOwnedError)
      ) {
        throw error;
      }
      this.deps.logger.info(
        { userId: owner, reason: error.message },
        'the reward could not be deleted on Twitch; forgotten',
      );
    }
    await this.save(owner, { twitch_reward_id: null });
  }

  private async removeSubscription(reward: ChannelPointReward): Promise<void> {
    if (!reward.twitch_reward_id) {
      return;
    }
    await this.deps.subscriptions
      .remove(REDEMPTION_ADD_SUBSCRIPTION.type, { reward_id: reward.twitch_reward_id })
      .catch((error: unknown) =>
        // reconciliation deletes what is left over
        this.deps.logger.warn({ err: error, userId: reward.user_id }, 'deleting the redemption subscription failed'),
      );
  }

  private async save(owner: UserId, changes: RewardChanges): Promise<ChannelPointReward> {
    const saved = await this.deps.rewards.update(owner, changes);
    if (!saved) {
      throw new Error('the channel-point reward disappeared while it was saved');
    }
    return saved;
  }
}
