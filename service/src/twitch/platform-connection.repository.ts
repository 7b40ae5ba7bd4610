import { toEntity } from '../db/model';
import type { UserId } from '../users/user.repository';
import type { PlatformConnectionFields, PlatformConnectionModel } from './platform-connection.model';

/** A stored connection; token fields are still encrypted. */
export interface StoredPlatformConnection extends Omit<PlatformConnectionFields, 'user_id'> {
  id: string;
  user_id: UserId;
}

export interface EncryptedTokenFields {
  access_token: string | null;
  refresh_token: string | null;
  expires_at: Date | null;
  scopes: string[];
}

function present(document: (PlatformConnectionFields & { _id: string }) | null): StoredPlatformConnection | null {
  return document ? (toEntity(document) as StoredPlatformConnection) : null;
}

/**
 * The `platform_connections` collection. Every method is scoped to the user, except the sign-in
 * lookup by platform account, which says so in its name.
 */
export class PlatformConnectionRepository {
  constructor(private readonly model: PlatformConnectionModel) {}

  /** Creates or replaces the user's connection to the platform. */
  async upsert(
    userId: UserId,
    platform: string,
    fields: EncryptedTokenFields & {
      platform_user_id: string;
      platform_login: string | null;
      platform_display_name: string | null;
    },
  ): Promise<StoredPlatformConnection> {
    const now = new Date();
    const document = await this.model
      .findOneAndUpdate(
        { user_id: userId, platform },
        {
          // a new grant: the platform accepts these tokens
          $set: { ...fields, status: 'active', status_reason: null, status_changed_at: now, validated_at: now },
          $setOnInsert: { user_id: userId, platform },
        },
        { upsert: true, returnDocument: 'after', runValidators: true },
      )
      .lean();
    return present(document) as StoredPlatformConnection;
  }

  async find(userId: UserId, platform: string): Promise<StoredPlatformConnection | null> {
    return present(await this.model.findOne({ user_id: userId, platform }).lean());
  }

  /** Sign-in with a platform: which user this platform account belongs to. */
  async findOwnerForAuthentication(platform: string, platformUserId: string): Promise<UserId | null> {
    const document = await this.model.findOne({ platform, platform_user_id: platformUserId }, { user_id: 1 }).lean();
    return document ? (document.user_id as UserId) : null;
  }

  /** Stores refreshed tokens, unless the connection was replaced (another account linked) meanwhile. */
  async updateTokens(
    userId: UserId,
    platform: string,
    platformUserId: string,
    fields: EncryptedTokenFields,
  ): Promise<void> {
    await this.model.updateOne({ user_id: userId, platform, platform_user_id: platformUserId }, { $set: fields });
  }

  /**
   * Stores refreshed tokens only if the stored access token is still `previousAccessToken`
   * (encrypted): false when another process refreshed (or the user reconnected) meanwhile.
   */
  async replaceTokens(
    userId: UserId,
    platform: string,
    previousAccessToken: string,
    fields: EncryptedTokenFields,
  ): Promise<boolean> {
    const result = await this.model.updateOne(
      { user_id: userId, platform, access_token: previousAccessToken },
      { $set: { ...fields, validated_at: new Date() } },
    );
    return result.modifiedCount === 1;
  }

  /** Marks the connection revoked, unless the tokens changed since they were judged (a reconnect). */
  async markRevoked(
    userId: UserId,
    platform: string,
    judgedAccessToken: string | null,
    reason: string,
  ): Promise<boolean> {
    const filter: Record<string, unknown> = { user_id: userId, platform, status: 'active' };
    if (judgedAccessToken !== null) {
      filter.access_token = judgedAccessToken;
    }
    const result = await this.model.updateOne(filter, {
      $set: { status: 'revoked', status_reason: reason, status_changed_at: new Date() },
    });
    return result.modifiedCount === 1;
  }

  /** Records what the platform's validation said of the token. */
  async recordValidation(userId: UserId, platform: string, accessToken: string, scopes: string[]): Promise<void> {
    await this.model.updateOne(
      { user_id: userId, platform, access_token: accessToken },
      { $set: { validated_at: new Date(), scopes } },
    );
  }

  /**
   * The hourly validation's work list: the active connections of a platform, least recently
   * validated first (deployment-wide, so no owner; `ForValidation` says so).
   */
  async listActiveForValidation(platform: string, limit: number): Promise<StoredPlatformConnection[]> {
    const documents = await this.model
      .find({ platform, status: 'active' })
      .sort({ validated_at: 1 })
      .limit(limit)
      .lean();
    return documents.map((document) => present(document) as StoredPlatformConnection);
  }

  /** The user of a platform account, for events the platform sends about the account. */
  async findByPlatformUserForTwitchEvent(
    platform: string,
    platformUserId: string,
  ): Promise<StoredPlatformConnection | null> {
    return present(await this.model.findOne({ platform, platform_user_id: platformUserId }).lean());
  }

  async delete(userId: UserId, platform: string): Promise<boolean> {
    const result = await this.model.deleteOne({ user_id: userId, platform });
    return result.deletedCount === 1;
  }

  async listForUser(userId: UserId): Promise<StoredPlatformConnection[]> {
    const documents = await this.model.find({ user_id: userId }).lean();
    return documents.map((document) => present(document) as StoredPlatformConnection);
  }

  async deleteAllForUser(userId: UserId): Promise<void> {
    await this.model.deleteMany({ user_id: userId });
  }
}
