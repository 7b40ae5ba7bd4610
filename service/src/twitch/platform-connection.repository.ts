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
    fields: EncryptedTokenFields & { platform_user_id: string },
  ): Promise<StoredPlatformConnection> {
    const document = await this.model
      .findOneAndUpdate(
        { user_id: userId, platform },
        { $set: fields, $setOnInsert: { user_id: userId, platform } },
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

  async listForUser(userId: UserId): Promise<StoredPlatformConnection[]> {
    const documents = await this.model.find({ user_id: userId }).lean();
    return documents.map((document) => present(document) as StoredPlatformConnection);
  }

  async deleteAllForUser(userId: UserId): Promise<void> {
    await this.model.deleteMany({ user_id: userId });
  }
}
