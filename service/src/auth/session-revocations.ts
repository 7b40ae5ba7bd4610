import type { Redis } from 'ioredis';
import { redisKeys } from '../db/redis-keys';

/**
 * Sessions that ended before their access tokens expired (logout, a stolen refresh token). The
 * Authenticator refuses their access tokens; a marker lives only as long as such a token could.
 */
export class SessionRevocations {
  constructor(
    private readonly redis: Redis,
    private readonly accessTokenTtlSeconds: number,
  ) {}

  async revoke(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) {
      return;
    }
    const pipeline = this.redis.pipeline();
    for (const sessionId of sessionIds) {
      // a few seconds beyond the token lifetime: tokens may be issued up to a second ahead (nextWholeSecond)
      pipeline.set(redisKeys.revokedSession(sessionId), '1', 'EX', this.accessTokenTtlSeconds + 5);
    }
    await pipeline.exec();
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return (await this.redis.exists(redisKeys.revokedSession(sessionId))) === 1;
  }
}
