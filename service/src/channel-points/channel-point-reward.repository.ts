import { toEntity } from '../db/model';
import type { UserId } from '../users/user.repository';
import type { ChannelPointRewardFields, ChannelPointRewardModel } from './channel-point-reward.model';

export interface ChannelPointReward extends Omit<ChannelPointRewardFields, 'user_id'> {
  id: string;
  user_id: UserId;
}

export type RewardChanges = Partial<Omit<ChannelPointRewardFields, 'user_id' | 'created_at' | 'updated_at'>>;

function present(document: (ChannelPointRewardFields & { _id: string }) | null): ChannelPointReward | null {
  return document ? (toEntity(document) as ChannelPointReward) : null;
}

/**
 * `channel_point_rewards`, scoped to the streamer; the lookups Twitch's events need (by channel
 * and reward id) and the reconciliation's list say so in their names.
 */
export class ChannelPointRewardRepository {
  constructor(private readonly model: ChannelPointRewardModel) {}

  async find(owner: UserId): Promise<ChannelPointReward | null> {
    return present(await this.model.findOne({ user_id: owner }).lean());
  }

  /** Creates the streamer's reward with `defaults` unless it exists; answers it either way. */
  async findOrCreate(
    owner: UserId,
    defaults: Pick<
      ChannelPointRewardFields,
      'title' | 'cost' | 'prompt' | 'global_cooldown_seconds' | 'max_per_stream'
    >,
  ): Promise<ChannelPointReward> {
    const document = await this.model
      .findOneAndUpdate(
        { user_id: owner },
        { $setOnInsert: { user_id: owner, ...defaults } },
        { upsert: true, returnDocument: 'after', runValidators: true },
      )
      .lean();
    return present(document) as ChannelPointReward;
  }

  async update(owner: UserId, changes: RewardChanges): Promise<ChannelPointReward | null> {
    return present(
      await this.model
        .findOneAndUpdate({ user_id: owner }, { $set: changes }, { returnDocument: 'after', runValidators: true })
        .lean(),
    );
  }

  /** Changes the reward only if it is still Twitch's `rewardId` (a revocation for an old reward changes nothing). */
  async updateIfReward(owner: UserId, rewardId: string, changes: RewardChanges): Promise<boolean> {
    const result = await this.model.updateOne({ user_id: owner, twitch_reward_id: rewardId }, { $set: changes });
    return result.modifiedCount === 1;
  }

  /** The reward a Twitch event names (channel and reward id), for EventSub's intake. */
  async findByTwitchRewardForEvent(broadcasterId: string, rewardId: string): Promise<ChannelPointReward | null> {
    return present(
      await this.model.findOne({ twitch_broadcaster_id: broadcasterId, twitch_reward_id: rewardId }).lean(),
    );
  }

  /** Every enabled reward with a Twitch reward id: the subscriptions AuraStream wants (deployment-wide). */
  async listEnabledForSubscriptions(): Promise<ChannelPointReward[]> {
    const documents = await this.model.find({ enabled: true, state: 'active', twitch_reward_id: { $ne: null } }).lean();
    return documents.map((document) => present(document) as ChannelPointReward);
  }

  async deleteAllForUser(owner: UserId): Promise<void> {
    await this.model.deleteMany({ user_id: owner });
  }
}
