import { toEntity } from '../db/model';
import type { UserId } from '../users/user.repository';
import type { AuthTokenFields, AuthTokenModel, AuthTokenType } from './auth-token.model';

export interface AuthTokenRecord extends Omit<AuthTokenFields, 'user_id'> {
  id: string;
  user_id: UserId;
}

function present(document: (AuthTokenFields & { _id: string }) | null): AuthTokenRecord | null {
  return document ? (toEntity(document) as AuthTokenRecord) : null;
}

/**
 * The `auth_tokens` collection (e-mail link tokens). Lookups by hash serve the link itself (the
 * token is the credential) and say so; everything else is scoped to the user.
 */
export class AuthTokenRepository {
  constructor(private readonly model: AuthTokenModel) {}

  /** Stores a new token and retires the user's earlier unused ones of the same type. */
  async replace(
    userId: UserId,
    token: { token_type: AuthTokenType; token_hash: string; expires_at: Date },
    now: Date,
  ): Promise<AuthTokenRecord> {
    await this.model.updateMany(
      { user_id: userId, token_type: token.token_type, used_at: null },
      { $set: { used_at: now } },
    );
    const created = await this.model.create({ user_id: userId, ...token });
    return present(created.toObject()) as AuthTokenRecord;
  }

  /** Marks the token used if it is of this type, unused and unexpired, atomically. */
  async consumeForAuthentication(
    tokenType: AuthTokenType,
    tokenHash: string,
    now: Date,
  ): Promise<AuthTokenRecord | null> {
    return present(
      await this.model
        .findOneAndUpdate(
          { token_hash: tokenHash, token_type: tokenType, used_at: null, expires_at: { $gt: now } },
          { $set: { used_at: now } },
          { returnDocument: 'after' },
        )
        .lean(),
    );
  }

  async findByHashForAuthentication(tokenType: AuthTokenType, tokenHash: string): Promise<AuthTokenRecord | null> {
    return present(await this.model.findOne({ token_hash: tokenHash, token_type: tokenType }).lean());
  }

  async deleteAllForUser(userId: UserId): Promise<void> {
    await this.model.deleteMany({ user_id: userId });
  }
}
