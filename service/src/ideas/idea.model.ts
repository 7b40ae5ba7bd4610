import { Schema, type Connection, type Model } from 'mongoose';
import type { IdeaAssetType, IdeaSource, IdeaStatus, ViewerRole } from '@aurastream/contract';
import { defineSchema, type StoredDocument } from '../db/model';

/** The viewer behind an idea, as its source knew them. */
export interface StoredIdeaViewer {
  twitch_user_id: string | null;
  display_name: string | null;
  opaque_id: string | null;
  role: ViewerRole;
}

/** Who decided an idea's fate, and why. */
export interface StoredModeration {
  decided_by: { kind: 'streamer' | 'moderator' | 'system'; display_name: string | null; twitch_user_id: string | null };
  decided_at: Date;
  reason: string | null;
}

export interface StoredRedemption {
  reward_id: string;
  redemption_id: string;
  status: 'UNFULFILLED' | 'FULFILLED' | 'CANCELED';
}

/**
 * The `ideas` collection: one viewer's suggestion in one channel (`user_id` is the streamer) and
 * everything that became of it. `pending_key` is the viewer's key while the idea is pending in a
 * channel allowing one pending idea per viewer (null otherwise), so a unique index enforces the rule.
 */
export interface IdeaFields {
  user_id: string;
  number: number;
  text: string;
  source: IdeaSource;
  asset_type: IdeaAssetType;
  status: IdeaStatus;
  votes: number;
  viewer: StoredIdeaViewer;
  /** Twitch user id, else opaque id, prefixed (`u:…` / `o:…`): one vote, one pending idea, one cooldown. */
  viewer_key: string;
  pending_key: string | null;
  suggested_prompt: string | null;
  suggested_prompt_source: 'offline' | 'llm' | null;
  prompt: string | null;
  moderation: StoredModeration | null;
  job_id: string | null;
  asset_ids: string[];
  error_message: string | null;
  redemption: StoredRedemption | null;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type IdeaDocument = StoredDocument<IdeaFields>;

const ideaSchema = defineSchema<IdeaFields>(
  {
    user_id: { type: String, required: true },
    number: { type: Number, required: true, min: 1 },
    text: { type: String, required: true },
    source: { type: String, enum: ['chat', 'panel', 'channel_points'], required: true },
    asset_type: { type: String, required: true },
    status: {
      type: String,
      enum: ['pending', 'approved', 'generating', 'ready', 'failed', 'rejected', 'expired'],
      default: 'pending',
    },
    votes: { type: Number, default: 0, min: 0 },
    viewer: { type: Schema.Types.Mixed, required: true },
    viewer_key: { type: String, required: true },
    pending_key: { type: String, default: null },
    suggested_prompt: { type: String, default: null },
    suggested_prompt_source: { type: String, default: null },
    prompt: { type: String, default: null },
    moderation: { type: Schema.Types.Mixed, default: null },
    job_id: { type: String, default: null },
    asset_ids: { type: [String], default: [] },
    error_message: { type: String, default: null },
    redemption: { type: Schema.Types.Mixed, default: null },
    expires_at: { type: Date, default: null },
  },
  { collection: 'ideas' },
);

// `!aura vote 12`, the panel's and the bot's references: a channel's idea by its number (unique per channel)
ideaSchema.index({ user_id: 1, number: 1 }, { unique: true });
// the approval queue (GET /ideas?status=pending&order=queue): most votes, then oldest
ideaSchema.index({ user_id: 1, status: 1, votes: -1, created_at: 1, _id: 1 });
// GET /ideas newest first (the _id breaks ties for the cursor), with or without a status
ideaSchema.index({ user_id: 1, created_at: -1, _id: -1 });
// the panel's "your ideas": a viewer's ideas in a channel, newest first
ideaSchema.index({ user_id: 1, viewer_key: 1, created_at: -1 });
// one pending idea per viewer and channel, exact under concurrency: only pending ideas carry the key
ideaSchema.index(
  { user_id: 1, pending_key: 1 },
  { unique: true, partialFilterExpression: { pending_key: { $type: 'string' } } },
);
// one idea per channel-point redemption: a redemption handled again (a retried batch) finds its idea
ideaSchema.index(
  { 'redemption.redemption_id': 1 },
  { unique: true, partialFilterExpression: { 'redemption.redemption_id': { $type: 'string' } } },
);
// the expiry job: pending ideas past their expiry, across channels
ideaSchema.index({ status: 1, expires_at: 1 });
// the sweep: ideas left generating (or approved) whose job has ended, oldest first
ideaSchema.index({ status: 1, updated_at: 1 });

export type IdeaModel = Model<IdeaDocument>;

export function registerIdeaModel(connection: Connection): IdeaModel {
  return connection.model<IdeaDocument>('Idea', ideaSchema);
}
