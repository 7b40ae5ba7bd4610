import { randomUUID } from 'node:crypto';
import type { AccessTokenService } from './access-token';
import type { CsrfTokens } from './csrf';
import type { RefreshTokenRepository } from './refresh-token.repository';
import type { SessionRevocations } from './session-revocations';
import { generateSecureToken, hashSecureToken } from './secure-token';
import type { User, UserId, UserRepository } from '../users/user.repository';
import { ForbiddenError, UnauthorizedError } from '../shared/errors';

/** Everything a client gets when a session starts or is refreshed. */
export interface SessionTokens {
  sessionId: string;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  /** The end of the session (refresh-token family); cookies live as long. */
  sessionExpiresAt: Date;
  csrfToken: string;
}

/** How a refresh token reached us: a cookie is sent by the browser on its own, so it needs CSRF proof. */
export interface PresentedRefreshToken {
  token: string;
  via: 'body' | 'cookie';
  csrfToken?: string;
}

/**
 * The first whole second after `now`. Access tokens carry whole seconds (`iat`), so ending every
 * session at this instant refuses every token issued up to now and none issued afterwards.
 */
export function nextWholeSecond(now: Date): Date {
  return new Date((Math.floor(now.getTime() / 1000) + 1) * 1000);
}

/**
 * Sessions: a refresh-token family per sign-in (its id is the access token's `sid`), rotated on
 * every refresh. A refresh token presented a second time means it was copied: the whole family
 * ends, and its access tokens stop working at once.
 */
export class SessionService {
  constructor(
    private readonly deps: {
      users: UserRepository;
      accessTokens: AccessTokenService;
      refreshTokens: RefreshTokenRepository;
      revocations: SessionRevocations;
      csrf: CsrfTokens;
      refreshTokenTtlDays: number;
    },
  ) {}

  /** Starts a new session (sign-in). */
  async start(user: User, now = new Date()): Promise<SessionTokens> {
    const sessionId = randomUUID();
    const sessionExpiresAt = new Date(now.getTime() + this.deps.refreshTokenTtlDays * 86_400_000);
    return this.issue(user, sessionId, sessionExpiresAt, now);
  }

  /** Finds the session of a presented refresh token, checking CSRF proof for cookies (403). */
  async identify(presented: PresentedRefreshToken): Promise<{ userId: UserId; sessionId: string } | null> {
    const record = await this.deps.refreshTokens.findByHashForAuthentication(hashSecureToken(presented.token));
    if (!record) {
      return null;
    }
    if (presented.via === 'cookie' && !this.deps.csrf.verify(record.family_id, presented.csrfToken)) {
      throw new ForbiddenError(
        'Requests authenticated by the session cookie must send the X-CSRF-Token header of this session',
        'csrf_failed',
      );
    }
    return { userId: record.user_id, sessionId: record.family_id };
  }

  /**
   * Uses a refresh token once: answers the session's new tokens. Call `identify` first (CSRF and
   * the per-account rate limit need the session's owner).
   */
  async rotate(token: string, now = new Date()): Promise<{ user: User; session: SessionTokens }> {
    const tokenHash = hashSecureToken(token);
    const consumed = await this.deps.refreshTokens.consumeForAuthentication(tokenHash, now);
    if (!consumed) {
      throw await this.refusal(tokenHash, now);
    }
    const user = await this.deps.users.findById(consumed.user_id);
    if (!user) {
      throw new UnauthorizedError('This account no longer exists', 'invalid_refresh_token');
    }
    return { user, session: await this.issue(user, consumed.family_id, consumed.expires_at, now) };
  }

  /** Ends one session of a user: its refresh tokens and, at once, its access tokens. */
  async end(userId: UserId, sessionId: string, now = new Date()): Promise<void> {
    await this.deps.refreshTokens.revokeFamily(userId, sessionId, now);
    await this.deps.revocations.revoke([sessionId]);
  }

  /**
   * Ends every session of a user (password change or reset): refresh tokens are revoked and every
   * access token issued up to now is refused from the next whole second on.
   */
  async endAll(userId: UserId, now = new Date()): Promise<void> {
    await this.deps.users.update(userId, { tokens_valid_after: nextWholeSecond(now) });
    const sessionIds = await this.deps.refreshTokens.revokeAllForUser(userId, now);
    await this.deps.revocations.revoke(sessionIds);
  }

  /** Removes every refresh token of a deleted user. */
  async deleteAllForUser(userId: UserId): Promise<void> {
    await this.deps.refreshTokens.deleteAllForUser(userId);
  }

  private async issue(user: User, sessionId: string, sessionExpiresAt: Date, now: Date): Promise<SessionTokens> {
    const refreshToken = generateSecureToken();
    await this.deps.refreshTokens.create(user.id, {
      family_id: sessionId,
      token_hash: hashSecureToken(refreshToken),
      expires_at: sessionExpiresAt,
    });
    // never issue a token that `tokens_valid_after` (set a moment ago, to the next second) refuses
    const issuedAt =
      user.tokens_valid_after && user.tokens_valid_after.getTime() > now.getTime() ? user.tokens_valid_after : now;
    const access = await this.deps.accessTokens.issue(user.id, sessionId, issuedAt);
    return {
      sessionId,
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      sessionExpiresAt,
      csrfToken: this.deps.csrf.issue(sessionId),
    };
  }

  /** Why a refresh token cannot be used; a reused one ends its whole session first. */
  private async refusal(tokenHash: string, now: Date): Promise<UnauthorizedError> {
    const record = await this.deps.refreshTokens.findByHashForAuthentication(tokenHash);
    if (!record) {
      return new UnauthorizedError('The refresh token is invalid', 'invalid_refresh_token');
    }
    if (record.revoked_at) {
      return new UnauthorizedError('This session has ended; sign in again', 'session_revoked');
    }
    if (record.expires_at.getTime() <= now.getTime()) {
      return new UnauthorizedError('This session has expired; sign in again', 'refresh_token_expired');
    }
    await this.end(record.user_id, record.family_id, now);
    return new UnauthorizedError(
      'This refresh token was already used, so it may have been copied: the session has ended for safety. Sign in again.',
      'refresh_token_reused',
    );
  }
}
