import type { Connection, Model } from 'mongoose';
import type { RewardDisconnectReason, RewardState } from '@aurastream/contract';
import { defineSchema, type StoredDocument } from '../db/model';

/**
 * `channel_point_rewards`: a streamer's channel-point reward ("Suggest an emote"): its settings,
 * whether it is on, the reward Twitch made for it (AuraStream created it, so AuraStream may change
 * it), and its state as the dashboard shows it.
 */
export interface ChannelPointRewardFields {
  user_id: string;
  /** The channel (Twitch user id) the reward lives on; set when it is created there. */
  twitch_broadcaster_id: string | null;
  enabled: boolean;
  title: string;
  cost: number;
  prompt: string;
  /** Always true: the viewer's words are the idea. */
  is_user_input_required: boolean;
  global_cooldown_seconds: number;
  max_per_stream: number | null;
  twitch_reward_id: string | null;
  state: RewardState;
  state_reason: RewardDisconnectReason | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

export type ChannelPointRewardDocument = StoredDocument<ChannelPointRewardFields>;

const rewardSchema = defineSchema<ChannelPointRewardFields>(
  {
    user_id: { type: String, required: true },
    twitch_broadcaster_id: { type: String, default: null },
    enabled: { type: Boolean, default: false },
    title: { type: String, required: true },
    cost: { type: Number, required: true },
    prompt: { type: String, default: '' },
    is_user_input_required: { type: Boolean, default: true },
    global_cooldown_seconds: { type: Number, default: 0 },
    max_per_stream: { type: Number, default: null },
    twitch_reward_id: { type: String, default: null },
    state: { type: String, enum: ['off', 'active', 'disconnected', 'not_eligible'], default: 'off' },
    state_reason: { type: String, default: null },
    last_error: { type: String, default: null },
  },
  { collection: 'channel_point_rewards' },
);

// one reward per streamer (their settings page)
rewardSchema.index({ user_id: 1 }, { unique: true });
// a redemption names the channel and Twitch's reward id (EventSub intake, revocations)
rewardSchema.index({ twitch_broadcaster_id: 1, twitch_reward_id: 1 });
// the subscriptions AuraStream wants: every enabled reward (reconciliation)
rewardSchema.index({ enabled: 1, state: 1 });

export type ChannelPointRewardModel = Model<ChannelPointRewardDocument>;

export function registerChannelPointRewardModel(connection: Connection): ChannelPointRewardModel {
  return connection.model<ChannelPointRewardDocument>('ChannelPointReward', rewardSchema);
}
