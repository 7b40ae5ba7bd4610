import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisKeys } from '../db/redis-keys';
import type { UserId } from '../users/user.repository';

/** One open coach stream counted against its user's cap. */
export interface StreamSlot {
  readonly id: string;
  /** Extends the lease; called on every heartbeat while the stream is open. */
  renew(): Promise<void>;
  release(): Promise<void>;
}

/** How often a release that failed is tried again while Redis is out of reach. */
const RELEASE_RETRY_MS = 500;

// Drops expired leases (a crashed instance's streams), then admits the stream if under the cap.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/**
 * The per-user cap on open coach streams, kept in Redis so it holds across service instances. Each
 * stream is a member of `coach:streams:<user>` scored by its lease's expiry: a stream renews its
 * lease on every heartbeat and removes itself when it closes, and the lease of a stream whose
 * instance crashed simply runs out.
 */
export class CoachStreamSlots {
  constructor(
    private readonly redis: Redis,
    private readonly maxPerUser: number,
    private readonly leaseMs = 60_000,
  ) {}

  /** A slot for a new stream, or null when the user already has the maximum open. */
  async acquire(userId: UserId): Promise<StreamSlot | null> {
    const key = redisKeys.coachStreams(userId);
    const id = randomUUID();
    const now = Date.now();
    const admitted = await this.redis.eval(
      ACQUIRE,
      1,
      key,
      now,
      now + this.leaseMs,
      this.maxPerUser,
      id,
      this.leaseMs * 2,
    );
    if (admitted !== 1) {
      return null;
    }
    let released = false;
    return {
      id,
      renew: async () => {
        if (!released) {
          await this.redis
            .multi()
            .zadd(key, 'XX', Date.now() + this.leaseMs, id)
            .pexpire(key, this.leaseMs * 2)
            .exec();
        }
      },
      release: async () => {
        if (!released) {
          released = true;
          await this.remove(key, id, Date.now() + this.leaseMs);
        }
      },
    };
  }

  /**
   * Takes a stream's member out of the user's set. When Redis cannot be reached (down, restarting)
   * the removal is tried again in the background until the lease would have run out anyway, so a
   * stream that ended during an outage frees its slot as soon as Redis is back, not a minute later.
   */
  private async remove(key: string, id: string, leaseEnd: number): Promise<void> {
    try {
      await this.redis.zrem(key, id);
    } catch (error) {
      if (Date.now() < leaseEnd) {
        setTimeout(() => {
          this.remove(key, id, leaseEnd).catch(() => undefined);
        }, RELEASE_RETRY_MS).unref();
      }
      throw error;
    }
  }

  /** Streams the user has open now. */
  async count(userId: UserId): Promise<number> {
    return this.redis.zcount(redisKeys.coachStreams(userId), Date.now(), '+inf');
  }
}
