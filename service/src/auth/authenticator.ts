import type { AccessTokenService } from './access-token';
import type { Actor } from './actor';
import type { UserId } from '../users/user.repository';
import type { AuthenticatedUser } from './user-lookup-cache';
import { UnauthorizedError } from '../shared/errors';

/** Tells whether a session ended before its access tokens expired (logout, a stolen refresh token). */
export interface RevokedSessionCheck {
  isRevoked(sessionId: string): Promise<boolean>;
}

/** Reads the account a token names; the service passes a cache that forgets accounts as they change. */
export interface AuthenticatedUserLookup {
  get(id: UserId): Promise<AuthenticatedUser | null>;
}

/**
 * Turns an `Authorization: Bearer` access token into an Actor. The account is checked on every
 * request (through a cache that drops an account the moment it changes), so a deleted user's tokens
 * stop working at once and tier or role changes apply on the next request; an ended session's
 * tokens are refused too.
 */
export class Authenticator {
  constructor(
    private readonly tokens: AccessTokenService,
    private readonly users: AuthenticatedUserLookup,
    private readonly revokedSessions: RevokedSessionCheck | null = null,
  ) {}

  async authenticate(authorizationHeader: string | undefined): Promise<Actor | null> {
    if (!authorizationHeader) {
      return null;
    }
    const match = /^Bearer\s+(\S+)$/i.exec(authorizationHeader);
    if (!match?.[1]) {
      throw new UnauthorizedError('The Authorization header must be "Bearer <access token>"', 'invalid_token');
    }
    const claims = await this.tokens.verify(match[1]);
    const [user, revoked] = await Promise.all([
      this.users.get(claims.userId),
      this.revokedSessions ? this.revokedSessions.isRevoked(claims.sessionId) : false,
    ]);
    if (!user) {
      throw new UnauthorizedError('This account no longer exists', 'invalid_token');
    }
    // second granularity: JWT iat has no milliseconds
    if (
      revoked ||
      (user.tokens_valid_after &&
        claims.issuedAt.getTime() < Math.floor(user.tokens_valid_after.getTime() / 1000) * 1000)
    ) {
      throw new UnauthorizedError('This session has ended; sign in again', 'session_revoked');
    }
    return {
      kind: 'user',
      id: user.id,
      email: user.email,
      role: user.role,
      tier: user.subscription_tier,
      sessionId: claims.sessionId,
      accessTokenExpiresAt: claims.expiresAt,
    };
  }
}
