import type { UserId } from '../users/user.repository';
import { ConflictError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { OAuthTokenSet } from '../auth/oauth/oauth-provider';
import type { EncryptedTokenFields, PlatformConnectionRepository } from './platform-connection.repository';
import type { TokenCipher } from './token-cipher';

/** A user's decrypted tokens at a platform, for server-side calls only (never sent to clients). */
export interface PlatformTokens extends OAuthTokenSet {
  platformUserId: string;
}

/** Revokes an access token at the platform (so a deleted account leaves no working grant behind). */
export type TokenRevoker = (accessToken: string) => Promise<void>;

function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * Users' connections to streaming platforms, with their tokens encrypted at rest (AES-256-GCM, the
 * owner and field authenticated with each value).
 */
export class PlatformConnectionService {
  constructor(
    private readonly deps: {
      repository: PlatformConnectionRepository;
      cipher: TokenCipher;
      revokers: Readonly<Record<string, TokenRevoker>>;
      logger: Logger;
    },
  ) {}

  /** Connects the platform account to the user, replacing an earlier connection of theirs. */
  async link(userId: UserId, platform: string, platformUserId: string, tokens: OAuthTokenSet): Promise<void> {
    const owner = await this.ownerOf(platform, platformUserId);
    if (owner && owner !== userId) {
      throw this.linkedElsewhere(platform);
    }
    try {
      await this.deps.repository.upsert(userId, platform, {
        platform_user_id: platformUserId,
        ...this.encrypt(userId, platform, tokens),
      });
    } catch (error) {
      throw isDuplicateKeyError(error) ? this.linkedElsewhere(platform) : error;
    }
  }

  /** Sign-in with a platform: the AuraStream user this platform account belongs to. */
  ownerOf(platform: string, platformUserId: string): Promise<UserId | null> {
    return this.deps.repository.findOwnerForAuthentication(platform, platformUserId);
  }

  /** The user's account id at the platform (a Twitch channel id); null when not connected. */
  async platformUserIdOf(userId: UserId, platform: string): Promise<string | null> {
    return (await this.deps.repository.find(userId, platform))?.platform_user_id ?? null;
  }

  /** The user's tokens at the platform; null when not connected or the stored value is unreadable. */
  async getTokens(userId: UserId, platform: string): Promise<PlatformTokens | null> {
    const stored = await this.deps.repository.find(userId, platform);
    if (!stored?.access_token) {
      return null;
    }
    try {
      return {
        platformUserId: stored.platform_user_id,
        accessToken: this.deps.cipher.decrypt(stored.access_token, this.context(userId, platform, 'access_token')),
        refreshToken: stored.refresh_token
          ? this.deps.cipher.decrypt(stored.refresh_token, this.context(userId, platform, 'refresh_token'))
          : null,
        expiresAt: stored.expires_at,
        scopes: stored.scopes,
      };
    } catch (error) {
      // a rotated ENCRYPTION_KEY makes old tokens unreadable: the user reconnects
      this.deps.logger.warn({ err: error, userId, platform }, 'stored platform tokens cannot be decrypted');
      return null;
    }
  }

  async saveRefreshedTokens(
    userId: UserId,
    platform: string,
    platformUserId: string,
    tokens: OAuthTokenSet,
  ): Promise<void> {
    await this.deps.repository.updateTokens(userId, platform, platformUserId, this.encrypt(userId, platform, tokens));
  }

  /** Revokes the user's grants at the platforms (best effort) and forgets the connections. */
  async deleteAllForUser(userId: UserId): Promise<void> {
    for (const connection of await this.deps.repository.listForUser(userId)) {
      const revoke = this.deps.revokers[connection.platform];
      const tokens = revoke ? await this.getTokens(userId, connection.platform) : null;
      if (revoke && tokens) {
        await revoke(tokens.accessToken).catch((error: unknown) =>
          this.deps.logger.warn(
            { err: error, userId, platform: connection.platform },
            'revoking platform token failed',
          ),
        );
      }
    }
    await this.deps.repository.deleteAllForUser(userId);
  }

  private encrypt(userId: UserId, platform: string, tokens: OAuthTokenSet): EncryptedTokenFields {
    return {
      access_token: this.deps.cipher.encrypt(tokens.accessToken, this.context(userId, platform, 'access_token')),
      refresh_token: tokens.refreshToken
        ? this.deps.cipher.encrypt(tokens.refreshToken, this.context(userId, platform, 'refresh_token'))
        : null,
      expires_at: tokens.expiresAt,
      scopes: tokens.scopes,
    };
  }

  private context(userId: UserId, platform: string, field: 'access_token' | 'refresh_token'): string {
    return `platform_connections:${userId}:${platform}:${field}`;
  }

  private linkedElsewhere(platform: string): ConflictError {
    return new ConflictError(
      'platform_account_linked',
      `This ${platform} account is already connected to another AuraStream account`,
      { platform },
    );
  }
}
