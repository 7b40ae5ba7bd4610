import type { AccessTokenService } from './access-token';
import type { Actor } from './actor';
import type { UserRepository } from '../users/user.repository';
import { UnauthorizedError } from '../shared/errors';

/** Tells whether a session ended before its access tokens expired (logout, a stolen refresh token). */
export interface RevokedSessionCheck {
  isRevoked(sessionId: string): Promise<boolean>;
}

/**
 * Turns an `Authorization: Bearer` access token into an Actor. The user is read on every request
 * (an indexed lookup by id), so a deleted user's tokens stop working at once and tier or role
 * changes apply immediately; an ended session's tokens are refused too.
 */
export class Authenticator {
  constructor(
    private readonly tokens: AccessTokenService,
    private readonly users: UserRepository,
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
      this.users.findById(claims.userId),
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
      id: user.id,
      email: user.email,
      role: user.role,
      tier: user.subscription_tier,
      sessionId: claims.sessionId,
    };
  }
}
