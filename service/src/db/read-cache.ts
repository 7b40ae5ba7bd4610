import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RedisScript } from './redis-script';
import { redisKeys } from './redis-keys';
import { unavailableDependencyOf } from '../observability/dependency-errors';

/** An answer as it goes on the wire: its JSON text and a strong ETag of that text. */
export interface CachedAnswer {
  json: string;
  etag: string;
  /** The JSON text encoded once, for an answer this process keeps and sends again and again. */
  bytes?: Buffer;
}

/** What a scope's data is at: read before building an answer, so a change made meanwhile is never stored as current. */
export type ScopeVersion = string;

/** The version read while Redis was out of reach: an answer built at it is served but never stored. */
const UNKNOWN_VERSION: ScopeVersion = '';

/** Answers a process keeps per cache: the hottest channels, assets and lists. */
const DEFAULT_KEPT_ANSWERS = 1000;

const unreachable = Symbol('unreachable');

interface KeptAnswer {
  scope: string;
  version: ScopeVersion;
  answer: CachedAnswer;
  storedAt: number;
}

/**
 * The entry of `KEYS[1]` when it was built at the current version of the scope it names (with that
 * scope and version, for the process's copy); else nothing. One round trip for a hit. An entry names
 * its scope, so a reader who does not know the scope up front (a channel's panel, whose owner is
 * read while building it) still gets one call.
 */
const readEntry = new RedisScript(`
local entry = redis.call('HMGET', KEYS[1], 'scope', 'version', 'etag', 'json')
if not entry[1] then return nil end
local current = redis.call('GET', ARGV[1] .. entry[1]) or '0'
if entry[2] ~= current then return nil end
return {entry[3], entry[4], entry[1], entry[2]}
`);

/**
 * Answers read far more often than they change (a public asset, a channel's panel, a streamer's
 * list), kept in Redis so every service process shares them. Each entry records the version of
 * its scope (an owner, an asset) it was built from; `invalidate` bumps the scope's version, so
 * every entry built before the change stops answering at once, on every instance, while entries of
 * other scopes stay. Builders read the version before reading the data, so a build racing a change
 * is stored under the old version and never served. `ttlSeconds` bounds what a change made beside
 * the service (or one no code path announces) can leave behind; 0 turns the cache off.
 */
export class ReadCache {
  /**
   * The answers this process read or stored last, each with the scope version it was built at: while
   * that version stands, a read is one GET of the version instead of the entry's whole text.
   */
  private readonly kept = new Map<string, KeptAnswer>();

  constructor(
    private readonly redis: Redis,
    /** Part of the entries' keys: `cache:<name>:<key>`. */
    private readonly name: string,
    private readonly ttlSeconds: number,
    private readonly options: { keptAnswers?: number; now?: () => number } = {},
  ) {
    // a Redis that comes back may have lost the versions (restarted empty): keep nothing across it
    redis.on('close', () => this.kept.clear());
  }

  get enabled(): boolean {
    return this.ttlSeconds > 0;
  }

  /** The stored answer for `key`, if still current. */
  /**
   * The stored answer for `key`, if still current. While Redis is out of reach there is none: the
   * cache only saves work, so the reads it serves go on, built from the database.
   */
  async read(key: string): Promise<CachedAnswer | null> {
    if (!this.enabled || this.redis.status !== 'ready') {
      return null;
    }
    const kept = this.kept.get(key);
    if (kept && this.now() - kept.storedAt < this.ttlSeconds * 1000) {
      const current = await this.unlessUnreachable(this.redis.get(redisKeys.readCacheVersion(kept.scope)), unreachable);
      if (current === unreachable) {
        return null;
      }
      if ((current ?? '0') === kept.version) {
        return kept.answer;
      }
    }
    this.kept.delete(key);
    const found = (await this.unlessUnreachable(
      readEntry.run(
        this.redis,
        [redisKeys.readCacheEntry(this.name, key)],
        [(this.redis.options.keyPrefix ?? '') + redisKeys.readCacheVersion('')],
      ),
      null,
    )) as [string, string, string, string] | null;
    if (!found) {
      return null;
    }
    return this.keep(key, found[2], found[3], { etag: found[0], json: found[1] });
  }

  /** The scope's version now; read it before the data an answer is built from. */
  async version(scope: string): Promise<ScopeVersion> {
    if (this.redis.status !== 'ready') {
      return UNKNOWN_VERSION;
    }
    return (await this.unlessUnreachable(this.redis.get(redisKeys.readCacheVersion(scope)), UNKNOWN_VERSION)) ?? '0';
  }

  /** Serialises `value`, stores it as built at `version` of `scope`, and answers it. */
  async store(key: string, scope: string, version: ScopeVersion, value: unknown): Promise<CachedAnswer> {
    const answer = answerOf(value);
    if (this.enabled && version !== UNKNOWN_VERSION) {
      const entryKey = redisKeys.readCacheEntry(this.name, key);
      await this.unlessUnreachable(
        this.redis
          .multi()
          .del(entryKey)
          .hset(entryKey, { scope, version, etag: answer.etag, json: answer.json })
          .expire(entryKey, this.ttlSeconds)
          .exec(),
        null,
      );
      return this.keep(key, scope, version, answer);
    }
    return answer;
  }

  private keep(key: string, scope: string, version: ScopeVersion, answer: CachedAnswer): CachedAnswer {
    // re-inserted last, so the first key is the one stored longest ago
    this.kept.delete(key);
    const encoded = { ...answer, bytes: answer.bytes ?? Buffer.from(answer.json) };
    this.kept.set(key, { scope, version, answer: encoded, storedAt: this.now() });
    if (this.kept.size > (this.options.keptAnswers ?? DEFAULT_KEPT_ANSWERS)) {
      this.kept.delete(this.kept.keys().next().value as string);
    }
    return encoded;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** `operation`'s result, or `fallback` when Redis could not be reached for it. */
  private async unlessUnreachable<T, F>(operation: Promise<T>, fallback: F): Promise<T | F> {
    try {
      return await operation;
    } catch (error) {
      if (unavailableDependencyOf(error) === 'redis') {
        return fallback;
      }
      throw error;
    }
  }

  /** The cached answer for `key` in `scope`, or `load`'s, stored. */
  async getOrLoad(key: string, scope: string, load: () => Promise<unknown>): Promise<CachedAnswer> {
    const cached = await this.read(key);
    if (cached) {
      return cached;
    }
    if (!this.enabled) {
      return answerOf(await load());
    }
    const version = await this.version(scope);
    return this.store(key, scope, version, await load());
  }
}

/**
 * Bumps scopes' versions: every cached answer built from them (in any `ReadCache`) stops answering.
 * Versions outlive entries (a week against an entry's minutes), so a version that lapses can only
 * restart once no entry built at an old one is left.
 */
export class ReadCacheInvalidator {
  constructor(private readonly redis: Redis) {}

  async invalidate(...scopes: string[]): Promise<void> {
    if (scopes.length === 0) {
      return;
    }
    const pipeline = this.redis.pipeline();
    for (const scope of scopes) {
      pipeline.incr(redisKeys.readCacheVersion(scope));
      pipeline.expire(redisKeys.readCacheVersion(scope), VERSION_TTL_SECONDS);
    }
    await pipeline.exec();
  }
}

const VERSION_TTL_SECONDS = 7 * 24 * 3600;

/** Scopes' names, so writers and readers agree. */
export const cacheScopes = {
  /** Everything a user owns that is cached (their lists, their channel's panel). */
  owner: (userId: string) => `owner:${userId}`,
  /** One asset's public answer. */
  asset: (assetId: string) => `asset:${assetId}`,
  /**
   * A Twitch channel's ideas as its panel lists them: retired by every vote, so kept apart from the
   * owner's scope, which would otherwise retire the channel's showcase and lists with each vote.
   */
  channelIdeas: (channelId: string) => `channel-ideas:${channelId}`,
  /** What is known of an account at a platform (a Twitch channel): who connected it, its grant. */
  platformAccount: (platform: string, platformUserId: string) => `platform-account:${platform}:${platformUserId}`,
  /** A service credential as each process keeps it verified, by the SHA-256 of its text. */
  serviceCredential: (tokenHash: string) => `service-credential:${tokenHash}`,
};

function answerOf(value: unknown): CachedAnswer {
  const json = JSON.stringify(value);
  return { json, etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"` };
}
