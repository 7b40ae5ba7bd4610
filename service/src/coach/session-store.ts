import type { Redis } from 'ioredis';
import { redisKeys } from '../db/redis-keys';
import type { UserId } from '../users/user.repository';
import { coachSessionRecordSchema, type CoachSessionRecord } from './session-record';

/** A session as loaded for its owner, with when it expires if left idle. */
export interface LoadedSession {
  record: CoachSessionRecord;
  expiresAt: Date;
}

export type OwnedSessionLookup = LoadedSession | 'expired' | 'not_found';

/** Index entries of sessions that expired this long ago are forgotten ("expired" turns into "not found"). */
const EXPIRED_MEMORY_MS = 24 * 3600 * 1000;

const RENEW_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Coach sessions in Redis: one JSON value per session under `coach:session:<id>` with the idle TTL
 * (every turn renews it), and per user a sorted set of their session ids scored by expiry, so an
 * owner asking for an expired session hears "expired" rather than "not found".
 */
export class CoachSessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
  ) {}

  async create(record: CoachSessionRecord): Promise<Date> {
    const now = Date.now();
    const expiresAt = now + this.ttlSeconds * 1000;
    const index = redisKeys.coachUserSessions(record.user_id);
    await this.redis
      .multi()
      .set(redisKeys.coachSession(record.id), JSON.stringify(record), 'EX', this.ttlSeconds)
      .zadd(index, expiresAt, record.id)
      .zremrangebyscore(index, '-inf', now - EXPIRED_MEMORY_MS)
      .pexpire(index, this.ttlSeconds * 1000 + EXPIRED_MEMORY_MS)
      .exec();
    return new Date(expiresAt);
  }

  /**
   * Writes a session back if it still exists. `touch` restarts the idle TTL (a turn happened);
   * otherwise the remaining TTL is kept. False when the session expired meanwhile.
   */
  async save(record: CoachSessionRecord, options: { touch: boolean }): Promise<boolean> {
    const key = redisKeys.coachSession(record.id);
    const value = JSON.stringify(record);
    if (!options.touch) {
      return (await this.redis.set(key, value, 'KEEPTTL', 'XX')) === 'OK';
    }
    const expiresAt = Date.now() + this.ttlSeconds * 1000;
    const index = redisKeys.coachUserSessions(record.user_id);
    const results = await this.redis
      .multi()
      .set(key, value, 'EX', this.ttlSeconds, 'XX')
      .zadd(index, 'XX', expiresAt, record.id)
      .pexpire(index, this.ttlSeconds * 1000 + EXPIRED_MEMORY_MS)
      .exec();
    return results?.[0]?.[1] === 'OK';
  }

  /** The session if `userId` owns it; another user's session is "not found", like a missing one. */
  async loadOwned(userId: UserId, sessionId: string): Promise<OwnedSessionLookup> {
    const key = redisKeys.coachSession(sessionId);
    const results = await this.redis.multi().get(key).pttl(key).exec();
    const raw = results?.[0]?.[1];
    const ttlMs = results?.[1]?.[1];
    if (typeof raw === 'string') {
      const record = coachSessionRecordSchema.parse(JSON.parse(raw));
      if (record.user_id !== userId) {
        return 'not_found';
      }
      return { record, expiresAt: new Date(Date.now() + (typeof ttlMs === 'number' && ttlMs > 0 ? ttlMs : 0)) };
    }
    const known = await this.redis.zscore(redisKeys.coachUserSessions(userId), sessionId);
    return known === null ? 'not_found' : 'expired';
  }

  /** Takes the session's turn lock (one streaming turn at a time); false when another turn holds it. */
  async lockTurn(sessionId: string, holder: string, leaseMs: number): Promise<boolean> {
    return (await this.redis.set(redisKeys.coachSessionTurn(sessionId), holder, 'PX', leaseMs, 'NX')) === 'OK';
  }

  async renewTurn(sessionId: string, holder: string, leaseMs: number): Promise<void> {
    await this.redis.eval(RENEW_LOCK, 1, redisKeys.coachSessionTurn(sessionId), holder, leaseMs);
  }

  async unlockTurn(sessionId: string, holder: string): Promise<void> {
    await this.redis.eval(RELEASE_LOCK, 1, redisKeys.coachSessionTurn(sessionId), holder);
  }

  /** Forgets every session of a user (account deletion). */
  async deleteAllForUser(userId: UserId): Promise<void> {
    const index = redisKeys.coachUserSessions(userId);
    const ids = await this.redis.zrange(index, 0, -1);
    const pipeline = this.redis.multi();
    for (const id of ids) {
      pipeline.del(redisKeys.coachSession(id), redisKeys.coachSessionTurn(id));
    }
    await pipeline.del(index, redisKeys.coachStreams(userId)).exec();
  }
}
