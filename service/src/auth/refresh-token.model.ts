import type { Connection, Model } from 'mongoose';
import { defineSchema, type StoredDocument } from '../db/model';

/**
 * The `refresh_tokens` collection: one row per refresh token ever issued. Tokens of one sign-in
 * form a family (`family_id`, the `sid` of its access tokens); each use marks the token used and
 * adds its successor, so a second use of any token is recognised as theft.
 */
export interface RefreshTokenFields {
  user_id: string;
  family_id: string;
  token_hash: string;
  /** End of the family's life (sign-in + REFRESH_TOKEN_TTL_DAYS); every token of it shares it. */
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}

export type RefreshTokenDocument = StoredDocument<RefreshTokenFields>;

const refreshTokenSchema = defineSchema<RefreshTokenFields>(
  {
    user_id: { type: String, required: true },
    family_id: { type: String, required: true },
    token_hash: { type: String, required: true },
    expires_at: { type: Date, required: true },
    used_at: { type: Date, default: null },
    revoked_at: { type: Date, default: null },
  },
  { collection: 'refresh_tokens', timestamps: 'created' },
);

// every refresh and logout finds its token by hash
refreshTokenSchema.index({ token_hash: 1 }, { unique: true });
// revoking a session or all of a user's sessions
refreshTokenSchema.index({ user_id: 1, family_id: 1 });
// MongoDB removes a family's rows once it has expired (queries also check expires_at)
refreshTokenSchema.index({ expires_at: 1 }, { expireAfterSeconds: 0 });

export type RefreshTokenModel = Model<RefreshTokenDocument>;

export function registerRefreshTokenModel(connection: Connection): RefreshTokenModel {
  return connection.model<RefreshTokenDocument>('RefreshToken', refreshTokenSchema);
}
