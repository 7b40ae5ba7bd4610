import type { HelixCustomReward } from '@twurple/api';
import { CHANNEL_MAX_CUSTOM_REWARDS, CHANNEL_POINTS_SCOPES, errorCodes } from '@aurastream/contract';
import { ConflictError, ForbiddenError, UpstreamError, ValidationError } from '../shared/errors';
import { TwitchScopesMissingError, twitchMessageOf, twitchStatusOf } from '../twitch/errors';
import type { StreamerApiClient, TwitchApiClients } from '../twitch/twitch-api-clients';
import type { UserId } from '../users/user.repository';

/** The reward as Helix takes it. */
export interface RewardDefinition {
  title: string;
  cost: number;
  prompt: string;
  global_cooldown_seconds: number;
  max_per_stream: number | null;
}

/** The reward AuraStream made is gone from Twitch (deleted on Twitch's page). */
export class RewardGoneError extends ConflictError {
  constructor() {
    super('channel_points_reward_gone', 'The reward was deleted on Twitch');
  }
}

/** The reward is not AuraStream's (Twitch lets an app change only the rewards it created). */
export class RewardNotOwnedError extends ConflictError {
  constructor() {
    super(
      'channel_points_reward_not_owned',
      'Twitch says this reward was not made by AuraStream, so AuraStream may not change it',
    );
  }
}

function helixDataOf(reward: RewardDefinition) {
  return {
    title: reward.title,
    cost: reward.cost,
    prompt: reward.prompt,
    isEnabled: true,
    userInputRequired: true,
    globalCooldown: reward.global_cooldown_seconds > 0 ? reward.global_cooldown_seconds : null,
    maxRedemptionsPerStream: reward.max_per_stream,
    // ideas wait in the approval queue: never skip Twitch's redemption queue
    autoFulfill: false,
  };
}

/**
 * Custom rewards and their redemptions through @twurple/api, as the streamer (Twitch requires
 * their user token with `channel:manage:redemptions`). Twitch's rules come back as the 4xx a
 * streamer can act on, never a 5xx: not an affiliate or partner (403 `channel_points_unavailable`),
 * 50 rewards (409), a duplicate title (409), a reward AuraStream did not make or that is gone
 * (RewardNotOwnedError, RewardGoneError). Before each call the shared Helix budget is checked
 * (HelixRateLimitedError while it is empty).
 */
export class HelixRewards {
  constructor(private readonly clients: TwitchApiClients) {}

  /** The streamer's client, with the scopes channel points need. */
  async client(userId: UserId): Promise<StreamerApiClient> {
    const client = await this.clients.forUser(userId);
    const missing = CHANNEL_POINTS_SCOPES.filter((scope) => !client.scopes.includes(scope));
    if (missing.length > 0) {
      throw new TwitchScopesMissingError(missing, 'channel_points');
    }
    await this.clients.budget.check(client.bucket);
    return client;
  }

  async create(userId: UserId, reward: RewardDefinition): Promise<{ rewardId: string; broadcasterId: string }> {
    const client = await this.client(userId);
    try {
      const created: HelixCustomReward = await client.api.channelPoints.createCustomReward(
        client.twitchUserId,
        helixDataOf(reward),
      );
      return { rewardId: created.id, broadcasterId: client.twitchUserId };
    } catch (error) {
      throw this.translate(error, 'create');
    }
  }

  async update(userId: UserId, rewardId: string, reward: RewardDefinition): Promise<void> {
    const client = await this.client(userId);
    try {
      await client.api.channelPoints.updateCustomReward(client.twitchUserId, rewardId, helixDataOf(reward));
    } catch (error) {
      throw this.translate(error, 'update');
    }
  }

  /** Deletes the reward; one already gone is fine. */
  async delete(userId: UserId, rewardId: string): Promise<void> {
    const client = await this.client(userId);
    try {
      await client.api.channelPoints.deleteCustomReward(client.twitchUserId, rewardId);
    } catch (error) {
      const translated = this.translate(error, 'delete');
      if (!(translated instanceof RewardGoneError)) {
        throw translated;
      }
    }
  }

  /** Sets redemptions FULFILLED or CANCELED (CANCELED refunds the points). */
  async setRedemptionStatus(
    userId: UserId,
    rewardId: string,
    redemptionId: string,
    status: 'FULFILLED' | 'CANCELED',
  ): Promise<'updated' | 'already_final'> {
    const client = await this.client(userId);
    try {
      await client.api.channelPoints.updateRedemptionStatusByIds(client.twitchUserId, rewardId, [redemptionId], status);
      return 'updated';
    } catch (error) {
      // 404: no UNFULFILLED redemption with this id (already fulfilled or canceled, e.g. on Twitch)
      if (twitchStatusOf(error) === 404) {
        return 'already_final';
      }
      throw this.translate(error, 'update');
    }
  }

  private translate(error: unknown, operation: 'create' | 'update' | 'delete'): unknown {
    const status = twitchStatusOf(error);
    const message = twitchMessageOf(error);
    if (status === null) {
      return error;
    }
    if (status === 403 && operation === 'create') {
      return new ForbiddenError(
        'Channel points exist only for Twitch affiliates and partners. Once your channel is an affiliate, turn the reward on again.',
        errorCodes.channelPointsUnavailable,
        { twitch_message: message },
      );
    }
    if (status === 403) {
      return new RewardNotOwnedError();
    }
    if (status === 404) {
      return new RewardGoneError();
    }
    if (status === 401) {
      return new TwitchScopesMissingError([...CHANNEL_POINTS_SCOPES], 'channel_points');
    }
    if (status === 400 && /DUPLICATE_REWARD/i.test(message)) {
      return new ConflictError(
        errorCodes.channelPointsDuplicateTitle,
        'Your channel already has a reward with this title; pick another title',
        { twitch_message: message },
      );
    }
    if (status === 400 && operation === 'create' && /maximum|too many/i.test(message)) {
      return new ConflictError(
        errorCodes.channelPointsRewardLimit,
        `Your channel already has Twitch's maximum of ${CHANNEL_MAX_CUSTOM_REWARDS} custom rewards. Delete one on Twitch's channel-points page, then turn this reward on again.`,
        { limit: CHANNEL_MAX_CUSTOM_REWARDS, twitch_message: message },
      );
    }
    if (status === 400) {
      return ValidationError.forField('body', `Twitch refused the reward: ${message}`, 'twitch_refused');
    }
    if (status === 429) {
      // twurple waits out 429s itself; one that still surfaces is an outage of sorts
      return new UpstreamError('twitch_error', 'Twitch is busy; try again in a minute');
    }
    return new UpstreamError('twitch_error', `Twitch could not ${operation} the reward: ${message}`, { status });
  }
}
