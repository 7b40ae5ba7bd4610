import type { Redis } from 'ioredis';
import { errorCodes } from '@aurastream/contract';
import { redisKeys } from '../db/redis-keys';
import { RateLimitError } from '../shared/errors';
import type { UserId } from '../users/user.repository';

/** A viewer's wait between two ideas in a channel, kept in Redis so every process shares it. */
export class IdeaCooldown {
  constructor(private readonly redis: Redis) {}

  /** Starts the viewer's cooldown, or throws 429 `idea_cooldown` with the seconds left. */
  async claim(owner: UserId, viewerKey: string, seconds: number): Promise<void> {
    if (seconds <= 0) {
      return;
    }
    const key = redisKeys.ideaCooldown(owner, viewerKey);
    if ((await this.redis.set(key, '1', 'EX', seconds, 'NX')) === 'OK') {
      return;
    }
    const remaining = Math.max(1, await this.redis.ttl(key));
    throw new RateLimitError(
      remaining,
      `You can suggest another idea in ${remaining} s (this channel asks viewers to wait ${seconds} s between ideas)`,
      errorCodes.ideaCooldown,
    );
  }

  /** Gives the cooldown back when the idea was not stored after all. */
  async release(owner: UserId, viewerKey: string): Promise<void> {
    await this.redis.del(redisKeys.ideaCooldown(owner, viewerKey));
  }
}
