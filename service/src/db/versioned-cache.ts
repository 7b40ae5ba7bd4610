import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisKeys } from './redis-keys';

/** A read as served: its JSON text and a strong ETag over it. */
export interface CachedRead {
  json: string;
  etag: string;
}

export interface VersionedCacheOptions {
  /** Part of the Redis keys (`cache:<name>:<key>`). */
  name: string;
  /** How long an entry lives without a change (a safety net; changes drop it at once). 0: no caching. */
  ttlSeconds: number;
}

/** The quoted ETag of a body (a hash of its bytes, so equal bodies share it across processes). */
export function etagOf(json: string): string {
  return `"${createHash('sha1').update(json).digest('base64url')}"`;
}

/**
 * A JSON read cached in Redis per key, dropped when what it shows changes: `invalidate` raises the
 * key's version, and an entry counts only when it was built at the current version. A build racing
 * a change therefore never serves stale data past the change, whichever process built it. One
 * round trip on a hit (MGET of version and entry); simultaneous misses in a process share one build.
 */
export class VersionedCache {
  private readonly building = new Map<string, Promise<CachedRead>>();

  constructor(
    private readonly redis: Redis,
    private readonly options: VersionedCacheOptions,
  ) {}

  /** The cached read of `key`, or `build()`'s answer, stored for the next readers. */
  async read(key: string, build: () => Promise<unknown>): Promise<CachedRead> {
    const { name } = this.options;
    const [version, stored] = await this.redis.mget(
      redisKeys.cachedReadVersion(name, key),
      redisKeys.cachedRead(name, key),
    );
    const current = version ?? '0';
    if (stored) {
      const separator = stored.indexOf('\n');
      const header = stored.slice(0, separator).split(' ');
      if (header[0] === current && header[1]) {
        return { etag: header[1], json: stored.slice(separator + 1) };
      }
    }
    const flightKey = `${key}@${current}`;
    const pending = this.building.get(flightKey);
    if (pending) {
      return pending;
    }
    const flight = this.build(key, current, build).finally(() => this.building.delete(flightKey));
    this.building.set(flightKey, flight);
    return flight;
  }

  /** What `key` shows changed: every process's next read builds it anew. */
  async invalidate(key: string): Promise<void> {
    const { name } = this.options;
    await this.redis.multi().incr(redisKeys.cachedReadVersion(name, key)).del(redisKeys.cachedRead(name, key)).exec();
  }

  private async build(key: string, version: string, build: () => Promise<unknown>): Promise<CachedRead> {
    const json = JSON.stringify(await build());
    const read = { json, etag: etagOf(json) };
    if (this.options.ttlSeconds > 0) {
      // stored with the version it was built at: a change meanwhile makes it a miss, never a stale hit
      await this.redis.set(
        redisKeys.cachedRead(this.options.name, key),
        `${version} ${read.etag}\n${json}`,
        'EX',
        this.options.ttlSeconds,
      );
    }
    return read;
  }
}
