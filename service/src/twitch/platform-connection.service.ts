import type { UserId } from '../users/user.repository';
import { ConflictError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { OAuthTokenSet } from '../auth/oauth/oauth-provider';
import type { EncryptedTokenFields, PlatformConnectionRepository } from './platform-connection.repository';
import type { TokenCipher } from './token-cipher';

/** A user's decrypted tokens at a platform, for server-side calls only (never sent to clients). */
export interface PlatformTokens extends OAuthTokenSet {
  platformUserId: string;
  /**
   * Which stored tokens these are (opaque): a refresh or a revocation applies only if the stored
   * tokens are still these, so two processes never overwrite each other's newer tokens.
   */
  version: string;
}

/** The account at the platform, as the OAuth flow learned it. */
export interface PlatformAccount {
  platformUserId: string;
  login: string | null;
  displayName: string | null;
}

/** A connection as the user sees it: no tokens. */
export interface PlatformConnectionView {
  platformUserId: string;
  login: string | null;
  displayName: string | null;
  status: 'active' | 'revoked';
  statusReason: string | null;
  scopes: string[];
  validatedAt: Date | null;
  connectedAt: Date;
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
      /** Told after a platform account is (re)connected with new tokens. */
      onLinked?: (userId: UserId, platform: string, platformUserId: string) => Promise<void>;
      /**
       * Told after anything stored about a connection changed (linked, tokens replaced, revoked,
       * validated, disconnected, deleted), so caches of what depends on it are dropped.
       */
      onChanged?: (userId: UserId, platform: string, platformUserId: string | null) => Promise<void>;
    },
  ) {}

  /** Connects the platform account to the user, replacing an earlier connection of theirs. */
  async link(userId: UserId, platform: string, account: PlatformAccount, tokens: OAuthTokenSet): Promise<void> {
    const { platformUserId } = account;
    const owner = await this.ownerOf(platform, platformUserId);
    if (owner && owner !== userId) {
      throw this.linkedElsewhere(platform);
    }
    const previous = await this.platformUserIdOf(userId, platform);
    try {
      await this.deps.repository.upsert(userId, platform, {
        platform_user_id: platformUserId,
        platform_login: account.login,
        platform_display_name: account.displayName,
        ...this.encrypt(userId, platform, tokens),
      });
    } catch (error) {
      throw isDuplicateKeyError(error) ? this.linkedElsewhere(platform) : error;
    }
    if (previous && previous !== platformUserId) {
      // the account connected before is no longer this user's
      await this.changed(userId, platform, previous);
    }
    await this.changed(userId, platform, platformUserId);
    await this.deps.onLinked?.(userId, platform, platformUserId);
  }

  /** Sign-in with a platform: the AuraStream user this platform account belongs to. */
  ownerOf(platform: string, platformUserId: string): Promise<UserId | null> {
    return this.deps.repository.findOwnerForAuthentication(platform, platformUserId);
  }

  /** The user's account id at the platform (a Twitch channel id); null when not connected. */
  async platformUserIdOf(userId: UserId, platform: string): Promise<string | null> {
    return (await this.deps.repository.find(userId, platform))?.platform_user_id ?? null;
  }

  /** The connection without its tokens; null when not connected. */
  async view(userId: UserId, platform: string): Promise<PlatformConnectionView | null> {
    const stored = await this.deps.repository.find(userId, platform);
    return stored
      ? {
          platformUserId: stored.platform_user_id,
          login: stored.platform_login ?? null,
          displayName: stored.platform_display_name ?? null,
          status: stored.status ?? 'active',
          statusReason: stored.status_reason ?? null,
          scopes: stored.scopes,
          validatedAt: stored.validated_at ?? null,
          connectedAt: stored.created_at,
        }
      : null;
  }

  /**
   * The user's tokens at the platform; null when not connected, revoked (the platform no longer
   * accepts them) or the stored value is unreadable.
   */
  async getTokens(userId: UserId, platform: string): Promise<PlatformTokens | null> {
    const stored = await this.deps.repository.find(userId, platform);
    if (!stored?.access_token || stored.status === 'revoked') {
      return null;
    }
    try {
      return {
        platformUserId: stored.platform_user_id,
        version: stored.access_token,
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

  /**
   * Stores refreshed tokens in place of `previous`; null when the stored tokens changed meanwhile
   * (another process refreshed, or the user reconnected): the caller reads them again.
   */
  async replaceTokens(
    userId: UserId,
    platform: string,
    previous: PlatformTokens,
    tokens: OAuthTokenSet,
  ): Promise<PlatformTokens | null> {
    const encrypted = this.encrypt(userId, platform, tokens);
    const replaced = await this.deps.repository.replaceTokens(userId, platform, previous.version, encrypted);
    if (replaced) {
      await this.changed(userId, platform, previous.platformUserId);
    }
    return replaced && encrypted.access_token
      ? { ...tokens, platformUserId: previous.platformUserId, version: encrypted.access_token }
      : null;
  }

  /** Marks the connection revoked (unless its tokens changed since `judged`); whether it changed. */
  async markRevoked(userId: UserId, platform: string, judged: PlatformTokens | null, reason: string): Promise<boolean> {
    const marked = await this.deps.repository.markRevoked(userId, platform, judged?.version ?? null, reason);
    if (marked) {
      await this.changed(userId, platform, judged?.platformUserId ?? (await this.platformUserIdOf(userId, platform)));
    }
    return marked;
  }

  /** What the platform's validation said: the token works and carries these scopes. */
  async recordValidation(userId: UserId, platform: string, tokens: PlatformTokens, scopes: string[]): Promise<void> {
    await this.deps.repository.recordValidation(userId, platform, tokens.version, scopes);
    await this.changed(userId, platform, tokens.platformUserId);
  }

  /** Active connections of a platform to validate, least recently validated first. */
  async listForValidation(platform: string, limit: number): Promise<Array<{ userId: UserId }>> {
    const connections = await this.deps.repository.listActiveForValidation(platform, limit);
    return connections.map((connection) => ({ userId: connection.user_id }));
  }

  /** The AuraStream user connected to a platform account (events the platform sends about it). */
  async userOfPlatformAccount(platform: string, platformUserId: string): Promise<UserId | null> {
    return (await this.deps.repository.findByPlatformUserForTwitchEvent(platform, platformUserId))?.user_id ?? null;
  }

  /** Revokes the grant at the platform (best effort) and forgets the connection; whether there was one. */
  async disconnect(userId: UserId, platform: string): Promise<boolean> {
    const platformUserId = await this.platformUserIdOf(userId, platform);
    await this.revokeAtPlatform(userId, platform);
    const deleted = await this.deps.repository.delete(userId, platform);
    await this.changed(userId, platform, platformUserId);
    return deleted;
  }

  /** Revokes the user's grants at the platforms (best effort) and forgets the connections. */
  async deleteAllForUser(userId: UserId): Promise<void> {
    const connections = await this.deps.repository.listForUser(userId);
    for (const connection of connections) {
      await this.revokeAtPlatform(userId, connection.platform);
    }
    await this.deps.repository.deleteAllForUser(userId);
    for (const connection of connections) {
      await this.changed(userId, connection.platform, connection.platform_user_id);
    }
  }

  private async changed(userId: UserId, platform: string, platformUserId: string | null): Promise<void> {
    await this.deps.onChanged?.(userId, platform, platformUserId);
  }

  private async revokeAtPlatform(userId: UserId, platform: string): Promise<void> {
    const revoke = this.deps.revokers[platform];
    const tokens = revoke ? await this.getTokens(userId, platform) : null;
    if (revoke && tokens) {
      await revoke(tokens.accessToken).catch((error: unknown) =>
        this.deps.logger.warn({ err: error, userId, platform }, 'revoking platform token failed'),
      );
    }
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
