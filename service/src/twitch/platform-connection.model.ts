import type { Connection, Model } from 'mongoose';
import { defineSchema, type StoredDocument } from '../db/model';

/**
 * The spec's `platform_connections` table: a user's account at a streaming platform, with its
 * tokens encrypted (TokenCipher). `scopes` is an AuraStream addition: what the tokens may do
 * (features such as the bot check it before relying on a scope).
 */
export interface PlatformConnectionFields {
  user_id: string;
  platform: string;
  platform_user_id: string;
  /** Encrypted. */
  access_token: string | null;
  /** Encrypted. */
  refresh_token: string | null;
  expires_at: Date | null;
  scopes: string[];
  /** The account's login and display name at the platform (a Twitch channel's name). */
  platform_login: string | null;
  platform_display_name: string | null;
  /** `revoked`: the platform no longer accepts the tokens (AuraStream addition; Twitch's rules). */
  status: 'active' | 'revoked';
  status_reason: string | null;
  status_changed_at: Date | null;
  /** When the platform last confirmed the access token (Twitch asks for an hourly check). */
  validated_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type PlatformConnectionDocument = StoredDocument<PlatformConnectionFields>;

const platformConnectionSchema = defineSchema<PlatformConnectionFields>(
  {
    user_id: { type: String, required: true },
    platform: { type: String, required: true },
    platform_user_id: { type: String, required: true },
    access_token: { type: String, default: null },
    refresh_token: { type: String, default: null },
    expires_at: { type: Date, default: null },
    scopes: { type: [String], default: [] },
    platform_login: { type: String, default: null },
    platform_display_name: { type: String, default: null },
    status: { type: String, enum: ['active', 'revoked'], default: 'active' },
    status_reason: { type: String, default: null },
    status_changed_at: { type: Date, default: null },
    validated_at: { type: Date, default: null },
  },
  { collection: 'platform_connections' },
);

// one connection per platform per user (reads of a user's tokens)
platformConnectionSchema.index({ user_id: 1, platform: 1 }, { unique: true });
// a platform account belongs to one AuraStream account (sign-in with the platform)
platformConnectionSchema.index({ platform: 1, platform_user_id: 1 }, { unique: true });
// the hourly token validation: a platform's active connections, least recently validated first
platformConnectionSchema.index({ platform: 1, status: 1, validated_at: 1 });

export type PlatformConnectionModel = Model<PlatformConnectionDocument>;

export function registerPlatformConnectionModel(connection: Connection): PlatformConnectionModel {
  return connection.model<PlatformConnectionDocument>('PlatformConnection', platformConnectionSchema);
}
