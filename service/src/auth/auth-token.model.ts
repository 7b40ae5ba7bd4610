import type { Connection, Model } from 'mongoose';
import { defineSchema, type StoredDocument } from '../db/model';

export type AuthTokenType = 'password_reset' | 'email_verification' | 'login_unlock';

/**
 * The spec's `auth_tokens` table: one-time tokens of e-mail links, stored only as hashes (the spec's
 * two types, and AuraStream's `login_unlock`, the link that lifts sign-in locks).
 */
export interface AuthTokenFields {
  user_id: string;
  token_type: AuthTokenType;
  token_hash: string;
  expires_at: Date;
  used_at: Date | null;
  created_at: Date;
}

export type AuthTokenDocument = StoredDocument<AuthTokenFields>;

const authTokenSchema = defineSchema<AuthTokenFields>(
  {
    user_id: { type: String, required: true },
    token_type: { type: String, required: true, enum: ['password_reset', 'email_verification', 'login_unlock'] },
    token_hash: { type: String, required: true },
    expires_at: { type: Date, required: true },
    used_at: { type: Date, default: null },
  },
  { collection: 'auth_tokens', timestamps: 'created' },
);

// a link is looked up by the hash of its token
authTokenSchema.index({ token_hash: 1 }, { unique: true });
// a new link invalidates the user's earlier ones of the same type
authTokenSchema.index({ user_id: 1, token_type: 1 });
// expired links are kept a day (so "expired" can be told from "unknown"), then removed
authTokenSchema.index({ expires_at: 1 }, { expireAfterSeconds: 86_400 });

export type AuthTokenModel = Model<AuthTokenDocument>;

export function registerAuthTokenModel(connection: Connection): AuthTokenModel {
  return connection.model<AuthTokenDocument>('AuthToken', authTokenSchema);
}
