import type { Redis } from 'ioredis';
import type { Config } from '../config';
import { RateLimiter } from '../rate-limit/rate-limiter';

export type AuthAction = 'login' | 'signup' | 'refresh' | 'password_reset' | 'password_reset_confirm' | 'verification';

const messages: Record<AuthAction, string> = {
  login: 'Too many sign-in attempts; try again later',
  signup: 'Too many sign-ups; try again later',
  refresh: 'Too many session refreshes; try again later',
  password_reset: 'Too many password reset requests; try again later',
  password_reset_confirm: 'Too many password reset attempts; try again later',
  verification: 'Too many verification requests; try again later',
};

/** Refreshes are routine (every few minutes per open dashboard), so accounts get more of them. */
const refreshAccountFactor = 6;

/**
 * The rate limits of the auth endpoints, per client IP and per account (an e-mail address as typed
 * for sign-up and reset, with the client for sign-in; the user id for refresh and verification),
 * kept in Redis.
 */
export class AuthRateLimits {
  private readonly perIp: Record<AuthAction, RateLimiter>;
  private readonly perAccount: Record<AuthAction, RateLimiter>;

  constructor(redis: Redis, limits: Config['auth']['rateLimits']) {
    const build = (scope: 'ip' | 'account', action: AuthAction): RateLimiter => {
      const limit = scope === 'ip' ? limits.perIp : limits.perAccount;
      const factor = scope === 'account' && action === 'refresh' ? refreshAccountFactor : 1;
      return new RateLimiter(redis, {
        name: `auth-${action}-${scope}`,
        points: limit.points * factor,
        durationSeconds: limit.durationSeconds,
        message: messages[action],
        // fail closed: while the counts are out of reach, sign-in would be open to password guessing
        whenUnavailable: 'refuse',
      });
    };
    const actions: AuthAction[] = [
      'login',
      'signup',
      'refresh',
      'password_reset',
      'password_reset_confirm',
      'verification',
    ];
    this.perIp = Object.fromEntries(actions.map((action) => [action, build('ip', action)])) as Record<
      AuthAction,
      RateLimiter
    >;
    this.perAccount = Object.fromEntries(actions.map((action) => [action, build('account', action)])) as Record<
      AuthAction,
      RateLimiter
    >;
  }

  ip(action: AuthAction): RateLimiter {
    return this.perIp[action];
  }

  /**
   * Counts one request against the account; throws 429 once it is over its limit. With a `client`
   * (sign-in), the count is per account and client, so a stranger cannot use up an account's
   * sign-ins and lock its owner out.
   */
  async consumeAccount(action: AuthAction, account: string, client?: string): Promise<void> {
    const subject = account.trim().toLowerCase();
    await this.perAccount[action].consume(client === undefined ? subject : `${subject}|${client}`);
  }
}
