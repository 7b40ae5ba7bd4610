import type { Connection, Model } from 'mongoose';
import { defineSchema, type StoredDocument } from '../db/model';

/** What AuraStream made of a redemption. */
export type RedemptionStage = 'received' | 'submitted' | 'refused';
/** Twitch's redemption statuses. */
export type TwitchRedemptionStatus = 'UNFULFILLED' | 'FULFILLED' | 'CANCELED';

/**
 * `channel_point_redemptions`: each redemption of a streamer's AuraStream reward, kept so that what
 * must happen at Twitch is never lost: `wanted_status` is set first, then a job tells Twitch
 * (CANCELED refunds the viewer's points; FULFILLED when the asset is ready) and records
 * `twitch_status`. A redemption is stored once (Twitch's redemption id is unique).
 */
export interface RedemptionFields {
  user_id: string;
  twitch_broadcaster_id: string;
  twitch_reward_id: string;
  twitch_redemption_id: string;
  viewer_id: string;
  viewer_login: string;
  viewer_name: string;
  user_input: string;
  redeemed_at: Date;
  stage: RedemptionStage;
  /** The idea it became (the ideas feature's id). */
  idea_id: string | null;
  /** Why the idea was refused at intake (its error code). */
  refusal_reason: string | null;
  /** What AuraStream wants Twitch to set; null when nothing is pending. */
  wanted_status: Exclude<TwitchRedemptionStatus, 'UNFULFILLED'> | null;
  twitch_status: TwitchRedemptionStatus;
  /** Attempts at telling Twitch the wanted status. */
  status_attempts: number;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

export type RedemptionDocument = StoredDocument<RedemptionFields>;

const redemptionSchema = defineSchema<RedemptionFields>(
  {
    user_id: { type: String, required: true },
    twitch_broadcaster_id: { type: String, required: true },
    twitch_reward_id: { type: String, required: true },
    twitch_redemption_id: { type: String, required: true },
    viewer_id: { type: String, required: true },
    viewer_login: { type: String, default: '' },
    viewer_name: { type: String, default: '' },
    user_input: { type: String, default: '' },
    redeemed_at: { type: Date, required: true },
    stage: { type: String, enum: ['received', 'submitted', 'refused'], default: 'received' },
    idea_id: { type: String, default: null },
    refusal_reason: { type: String, default: null },
    wanted_status: { type: String, enum: ['FULFILLED', 'CANCELED', null], default: null },
    twitch_status: { type: String, enum: ['UNFULFILLED', 'FULFILLED', 'CANCELED'], default: 'UNFULFILLED' },
    status_attempts: { type: Number, default: 0 },
    last_error: { type: String, default: null },
  },
  { collection: 'channel_point_redemptions' },
);

// Twitch's id: one record per redemption however often it is delivered
redemptionSchema.index({ twitch_redemption_id: 1 }, { unique: true });
// a streamer's redemptions, newest first (dashboard, account deletion)
redemptionSchema.index({ user_id: 1, redeemed_at: -1 });

export type RedemptionModel = Model<RedemptionDocument>;

export function registerRedemptionModel(connection: Connection): RedemptionModel {
  return connection.model<RedemptionDocument>('ChannelPointRedemption', redemptionSchema);
}
