import { toEntity } from '../db/model';
import type { UserId } from '../users/user.repository';
import type { RefreshTokenFields, RefreshTokenModel } from './refresh-token.model';

export interface RefreshTokenRecord extends Omit<RefreshTokenFields, 'user_id'> {
  id: string;
  user_id: UserId;
}

function present(document: (RefreshTokenFields & { _id: string }) | null): RefreshTokenRecord | null {
  return document ? (toEntity(document) as RefreshTokenRecord) : null;
}

/**
 * The `refresh_tokens` collection. Lookups by token hash serve authentication (the token is the
 * credential, the owner is not known yet) and say so; everything else is scoped to the user.
 */
export class RefreshTokenRepository {
  constructor(private readonly model: RefreshTokenModel) {}

  async create(
    userId: UserId,
    token: { family_id: string; token_hash: string; expires_at: Date },
  ): Promise<RefreshTokenRecord> {
    const created = await this.model.create({ user_id: userId, ...token });
    return present(created.toObject()) as RefreshTokenRecord;
  }

  /** Marks the token used if it is still usable, atomically: of two concurrent uses one wins. */
  async consumeForAuthentication(tokenHash: string, now: Date): Promise<RefreshTokenRecord | null> {
    return present(
      await this.model
        .findOneAndUpdate(
          { token_hash: tokenHash, used_at: null, revoked_at: null, expires_at: { $gt: now } },
          { $set: { used_at: now } },
          { returnDocument: 'after' },
        )
        .lean(),
    );
  }

  async findByHashForAuthentication(tokenHash: string): Promise<RefreshTokenRecord | null> {
    return present(await this.model.findOne({ token_hash: tokenHash }).lean());
  }

  async revokeFamily(userId: UserId, familyId: string, now: Date): Promise<void> {
    await this.model.updateMany(
      { user_id: userId, family_id: familyId, revoked_at: null },
      { $set: { revoked_at: now } },
    );
  }

  /** Revokes every session of the user; returns the ids of the sessions that were still live. */
  async revokeAllForUser(userId: UserId, now: Date): Promise<string[]> {
    const live = await this.model.distinct('family_id', {
      user_id: userId,
      revoked_at: null,
      expires_at: { $gt: now },
    });
    await this.model.updateMany({ user_id: userId, revoked_at: null }, { $set: { revoked_at: now } });
    return live.map(String);
  }

  async deleteAllForUser(userId: UserId): Promise<void> {
    await this.model.deleteMany({ user_id: userId });
  }
}
