import { errorCodes } from '@aurastream/contract';
import type { Redis } from 'ioredis';
import { redisKeys } from '../db/redis-keys';
import { RateLimitError } from '../shared/errors';

export interface LoginLockoutRule {
  /** Failed sign-ins in a row (within the failure window) from one client that lock it out. */
  maxFailures: number;
  /** How long that client's sign-in to the account stays locked. */
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
 * Locks an account's password sign-in briefly after repeated failures, for the client that failed
 * only (kept in Redis, so every instance sees it): a stranger guessing a streamer's password locks
 * out themselves, never the streamer signing in from elsewhere. Keyed by the e-mail as typed, so
 * unknown addresses behave like known ones. `onLocked` hears of each new lock (the owner is
 * e-mailed a link that lifts it).
 */
export class LoginLockout {
  constructor(
    private readonly redis: Redis,
    private readonly rule: LoginLockoutRule,
    private readonly onLocked: (account: string, client: string) => Promise<void> = () => Promise.resolve(),
  ) {}

  /** Throws 429 `login_locked`, saying when to retry, while the account is locked for this client. */
  async assertNotLocked(account: string, client: string): Promise<void> {
    const remainingMs = await this.redis.pttl(redisKeys.loginLock(account, client));
    if (remainingMs > 0) {
      throw this.lockedError(Math.ceil(remainingMs / 1000));
    }
  }

  /** Counts a failure; the one that reaches the limit locks the client out and is answered 429. */
  async recordFailure(account: string, client: string): Promise<void> {
    const failuresKey = redisKeys.loginFailures(account, client);
    const clientsKey = redisKeys.loginClients(account);
    // the window starts with the first failure: SET NX keeps its expiry, INCR counts
    const results = await this.redis
      .multi()
      .set(failuresKey, '0', 'EX', this.rule.failureWindowSeconds, 'NX')
      .incr(failuresKey)
      .sadd(clientsKey, client)
      .expire(clientsKey, Math.max(this.rule.failureWindowSeconds, this.rule.lockSeconds))
      .exec();
    const failures = Number(results?.[1]?.[1] ?? 0);
    if (failures >= this.rule.maxFailures) {
      await this.redis
        .multi()
        .set(redisKeys.loginLock(account, client), '1', 'EX', this.rule.lockSeconds)
        .del(failuresKey)
        .exec();
      await this.onLocked(account, client);
      throw this.lockedError(this.rule.lockSeconds);
    }
  }

  /** The client proved the password: its failures are forgotten. */
  async recordSuccess(account: string, client: string): Promise<void> {
    await this.redis.del(redisKeys.loginFailures(account, client), redisKeys.loginLock(account, client));
  }

  /** Lifts every lock of the account and forgets every failure (unlock link, password reset, deletion). */
  async clearAccount(account: string): Promise<void> {
    const clientsKey = redisKeys.loginClients(account);
    const clients = await this.redis.smembers(clientsKey);
    await this.redis.del(
      clientsKey,
      ...clients.flatMap((client) => [redisKeys.loginFailures(account, client), redisKeys.loginLock(account, client)]),
    );
  }

  private lockedError(retryAfterSeconds: number): RateLimitError {
    return new RateLimitError(
      retryAfterSeconds,
      `Too many failed sign-in attempts from here. Sign-in to this account is locked on this network; try again in ${describeWait(retryAfterSeconds)}, use the unlock link we e-mailed to the account, or reset your password.`,
      errorCodes.loginLocked,
    );
  }
}
