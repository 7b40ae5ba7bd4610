import type { Connection, Model } from 'mongoose';
import type { IdeaModerators, IdeaSource, IdeaSubmitters, ViewerRole } from '@aurastream/contract';
import { defineSchema, type StoredDocument } from '../db/model';

/** The `idea_settings` collection: one row per streamer who changed a default (`_id` is theirs). */
export interface IdeaSettingsFields {
  user_id: string;
  enabled: boolean;
  submitters: IdeaSubmitters;
  auto_approve_sources: IdeaSource[];
  auto_approve_roles: ViewerRole[];
  one_pending_per_viewer: boolean;
  cooldown_seconds: number;
  expiry_seconds: number;
  blocked_terms: string[];
  use_default_blocked_terms: boolean;
  panel_requires_identity: boolean;
  moderators: IdeaModerators;
  moderator_twitch_user_ids: string[];
  created_at: Date;
  updated_at: Date;
}

export type IdeaSettingsDocument = StoredDocument<IdeaSettingsFields>;

const ideaSettingsSchema = defineSchema<IdeaSettingsFields>(
  {
    user_id: { type: String, required: true },
    enabled: { type: Boolean, required: true },
    submitters: { type: String, enum: ['everyone', 'subscribers', 'vips', 'moderators'], required: true },
    auto_approve_sources: { type: [String], default: [] },
    auto_approve_roles: { type: [String], default: [] },
    one_pending_per_viewer: { type: Boolean, required: true },
    cooldown_seconds: { type: Number, required: true, min: 0 },
    expiry_seconds: { type: Number, required: true, min: 1 },
    blocked_terms: { type: [String], default: [] },
    use_default_blocked_terms: { type: Boolean, required: true },
    panel_requires_identity: { type: Boolean, required: true },
    moderators: { type: String, enum: ['none', 'all', 'listed'], required: true },
    moderator_twitch_user_ids: { type: [String], default: [] },
  },
  { collection: 'idea_settings' },
);

// every read and write: a streamer's settings
ideaSettingsSchema.index({ user_id: 1 }, { unique: true });

export type IdeaSettingsModel = Model<IdeaSettingsDocument>;

export function registerIdeaSettingsModel(connection: Connection): IdeaSettingsModel {
  return connection.model<IdeaSettingsDocument>('IdeaSettings', ideaSettingsSchema);
}
