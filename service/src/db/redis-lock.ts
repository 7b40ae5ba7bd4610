import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RedisScript } from './redis-script';

/** Deletes the lock only if it still holds our token (it may have expired and been taken). */
const releaseScript = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/** Extends the lock only if it still holds our token. */
const extendScript = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

/** A held lock: extend it while working, release it when done. */
export interface HeldLock {
  /** False once the lock expired and may belong to someone else: stop working. */
  extend(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * A lock in Redis shared by every service instance: a random token under one key with a time to
 * live, so a crashed holder's lock expires on its own.
 */
export class RedisLock {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly ttlMs: number,
  ) {}

  /** The lock, or null when another holder has it. */
  async acquire(): Promise<HeldLock | null> {
    const token = randomUUID();
    const acquired = await this.redis.set(this.key, token, 'PX', this.ttlMs, 'NX');
    if (acquired !== 'OK') {
      return null;
    }
    return {
      extend: async () => Number(await extendScript.run(this.redis, [this.key], [token, this.ttlMs])) === 1,
      release: async () => {
        await releaseScript.run(this.redis, [this.key], [token]);
      },
    };
  }

  async isHeld(): Promise<boolean> {
    return (await this.redis.exists(this.key)) === 1;
  }
}
