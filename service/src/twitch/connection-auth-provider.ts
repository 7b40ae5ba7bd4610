import type { AccessToken, AccessTokenMaybeWithUserId, AccessTokenWithUserId, AuthProvider } from '@twurple/auth';
import type { UserId } from '../users/user.repository';
import type { PlatformTokens } from './platform-connection.service';
import type { TwitchTokenRefresher } from './token-refresher';

/** Refreshed this long before Twitch's expiry, so a call never starts with a token about to die. */
const EXPIRY_MARGIN_MS = 60_000;

/** twurple's `UserIdResolvable`: an id, or an object with one. */
type UserIdResolvable = string | number | { id: string };

function extractUserId(user: UserIdResolvable): string {
  return typeof user === 'object' ? user.id : String(user);
}

function accessTokenOf(tokens: PlatformTokens): AccessTokenWithUserId {
  const now = Date.now();
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    scope: tokens.scopes,
    expiresIn: tokens.expiresAt ? Math.max(0, Math.floor((tokens.expiresAt.getTime() - now) / 1000)) : null,
    obtainmentTimestamp: now,
    userId: tokens.platformUserId,
  };
}

/**
 * twurple's AuthProvider for one streamer's stored Twitch connection: their token for calls as
 * them (refreshed through TwitchTokenRefresher: one refresh at a time per connection across
 * processes, a refused refresh marks the connection revoked), and the app's token for calls that
 * need it (EventSub webhooks).
 */
export class ConnectionAuthProvider implements AuthProvider {
  readonly authorizationType = 'Bearer';

  constructor(
    private readonly userId: UserId,
    private tokens: PlatformTokens,
    private readonly refresher: TwitchTokenRefresher,
    private readonly app: AuthProvider,
  ) {}

  get clientId(): string {
    return this.app.clientId;
  }

  getCurrentScopesForUser(user: UserIdResolvable): string[] {
    return extractUserId(user) === this.tokens.platformUserId ? this.tokens.scopes : [];
  }

  async getAccessTokenForUser(user: UserIdResolvable): Promise<AccessTokenWithUserId | null> {
    if (extractUserId(user) !== this.tokens.platformUserId) {
      return null;
    }
    const expiresAt = this.tokens.expiresAt?.getTime();
    if (expiresAt !== undefined && expiresAt - EXPIRY_MARGIN_MS < Date.now()) {
      this.tokens = await this.refresher.refresh(this.userId, this.tokens);
    }
    return accessTokenOf(this.tokens);
  }

  async getAnyAccessToken(user?: UserIdResolvable): Promise<AccessTokenMaybeWithUserId> {
    if (user === undefined || extractUserId(user) === this.tokens.platformUserId) {
      return (await this.getAccessTokenForUser(this.tokens.platformUserId)) ?? this.getAppAccessToken();
    }
    return this.getAppAccessToken();
  }

  async getAppAccessToken(forceNew = false): Promise<AccessToken> {
    if (!this.app.getAppAccessToken) {
      throw new Error('the app auth provider gives no app token');
    }
    return this.app.getAppAccessToken(forceNew);
  }

  /** twurple calls this after a 401 with the user's token. */
  async refreshAccessTokenForUser(user: UserIdResolvable): Promise<AccessTokenWithUserId> {
    if (extractUserId(user) !== this.tokens.platformUserId) {
      throw new Error(`no Twitch connection of user ${extractUserId(user)} here`);
    }
    this.tokens = await this.refresher.refresh(this.userId, this.tokens);
    return accessTokenOf(this.tokens);
  }
}
