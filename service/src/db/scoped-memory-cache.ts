import type { Redis } from 'ioredis';
import { redisKeys } from './redis-keys';

interface Entry<V> {
  versions: string[];
  value: V;
  storedAt: number;
}

/**
 * Values kept in this process's memory, each valid while the scopes it was built from keep the
 * versions they had (the versions `ReadCacheInvalidator` bumps, shared by every process). A read is
 * one `MGET` of those versions instead of the loads behind the value; the versions are read before
 * loading, so a value built while its data changed is stored under the old versions and never
 * served. When Redis cannot answer, values are loaded and not kept. `maxAgeMs` bounds what a change
 * nobody announced (made beside the service, or while Redis was away) can leave behind.
 */
export class ScopedMemoryCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly redis: Redis,
    private readonly options: { maxAgeMs: number; maxEntries: number; now?: () => number },
  ) {}

  async get(key: string, scopes: readonly string[], load: () => Promise<V>): Promise<V> {
    const versions = await this.versionsOf(scopes);
    const now = this.now();
    const entry = this.entries.get(key);
    if (
      versions &&
      entry &&
      now - entry.storedAt < this.options.maxAgeMs &&
      entry.versions.every((version, index) => version === versions[index])
    ) {
      return entry.value;
    }
    const value = await load();
    if (versions) {
      // re-inserted last, so the first key is the least recently stored
      this.entries.delete(key);
      this.entries.set(key, { versions, value, storedAt: now });
      if (this.entries.size > this.options.maxEntries) {
        this.entries.delete(this.entries.keys().next().value as string);
      }
    }
    return value;
  }

  /** Forgets one value in this process (a change this process made and knows of). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  private async versionsOf(scopes: readonly string[]): Promise<string[] | null> {
    try {
      const values = await this.redis.mget(scopes.map((scope) => redisKeys.readCacheVersion(scope)));
      return values.map((value) => value ?? '0');
    } catch {
      return null;
    }
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
