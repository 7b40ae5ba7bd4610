import { errorCodes } from '@aurastream/contract';
import type { Redis } from 'ioredis';
import { redisKeys } from '../db/redis-keys';
import { RateLimitError } from '../shared/errors';

export interface LoginLockoutRule {
  /** Failed sign-ins in a row (within the failure window) that lock the account's sign-in. */
  maxFailures: number;
  /** How long the sign-in stays locked. */
  lockSeconds: number;
  /** Failures older than this are forgotten. */
  failureWindowSeconds: number;
}

function describeWait(seconds: number): string {
  if (seconds < 90) {
    return `${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

/**
 * Locks an account's password sign-in briefly after repeated failures (kept in Redis, so every
 * instance sees it). Keyed by the e-mail as typed, so unknown addresses behave like known ones.
 */
export class LoginLockout {
  constructor(
    private readonly redis: Redis,
    private readonly rule: LoginLockoutRule,
  ) {}

  /** Throws 429 `login_locked`, saying when to retry, while the account is locked. */
  async assertNotLocked(email: string): Promise<void> {
    const remainingMs = await this.redis.pttl(redisKeys.loginLock(email));
    if (remainingMs > 0) {
      throw this.lockedError(Math.ceil(remainingMs / 1000));
    }
  }

  /** Counts a failure; the one that reaches the limit locks the account and is answered 429. */
  async recordFailure(email: string): Promise<void> {
    const failuresKey = redisKeys.loginFailures(email);
    // the window starts with the first failure: SET NX keeps its expiry, INCR counts
    const results = await this.redis
      .multi()
      .set(failuresKey, '0', 'EX', this.rule.failureWindowSeconds, 'NX')
      .incr(failuresKey)
      .exec();
    const failures = Number(results?.[1]?.[1] ?? 0);
    if (failures >= this.rule.maxFailures) {
      await this.redis
        .multi()
        .set(redisKeys.loginLock(email), '1', 'EX', this.rule.lockSeconds)
        .del(failuresKey)
        .exec();
      throw this.lockedError(this.rule.lockSeconds);
    }
  }

  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(redisKeys.loginFailures(email), redisKeys.loginLock(email));
  }

  private lockedError(retryAfterSeconds: number): RateLimitError {
    return new RateLimitError(
      retryAfterSeconds,
      `Too many failed sign-in attempts. Sign-in for this account is locked; try again in ${describeWait(retryAfterSeconds)}, or reset your password.`,
      errorCodes.loginLocked,
    );
  }
}
