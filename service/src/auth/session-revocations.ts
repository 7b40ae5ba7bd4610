import type { Redis } from 'ioredis';
import { redisKeys } from '../db/redis-keys';

/** Told about every session that ended (the realtime connections of it close). */
export interface SessionEndNotifier {
  ended(sessionId: string): void;
}

/**
 * Sessions that ended before their access tokens expired (logout, a stolen refresh token, a
 * password change or reset, account deletion). The Authenticator refuses their access tokens; a
 * marker lives only as long as such a token could. Each end is announced once marked.
 */
export class SessionRevocations {
  constructor(
    private readonly redis: Redis,
    private readonly accessTokenTtlSeconds: number,
    private readonly ends: SessionEndNotifier | null = null,
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
    for (const sessionId of sessionIds) {
      this.ends?.ended(sessionId);
    }
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return (await this.redis.exists(redisKeys.revokedSession(sessionId))) === 1;
  }
}
