import type { Redis } from 'ioredis';
import { redisKeys } from '../db/redis-keys';
import { RedisScript } from '../db/redis-script';
import { decodeStoredEvent, type StoredAnalyticsEvent } from './stored-event';

/**
 * Moves up to ARGV[3] of the oldest live events scored at most ARGV[2] into the batch list and
 * records the batch as pending, atomically: an event is either live or in exactly one batch.
 * KEYS: live events, batch list, pending batch ids. ARGV: batch id, cutoff (ms), limit.
 */
const moveScript = new RedisScript(`
local members = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[2], 'BYSCORE', 'LIMIT', 0, ARGV[3])
if #members == 0 then return 0 end
for first = 1, #members, 4000 do
  local last = math.min(first + 3999, #members)
  redis.call('RPUSH', KEYS[2], unpack(members, first, last))
  redis.call('ZREM', KEYS[1], unpack(members, first, last))
end
redis.call('SADD', KEYS[3], ARGV[1])
return #members
`);

/** Forgets a written batch. KEYS: batch list, pending batch ids. ARGV: batch id. */
const finishScript = new RedisScript(`
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return 1
`);

/** What the last flush left in Redis for `GET /analytics/flush-status`. */
export interface FlushRecord {
  lastFlushAt: Date | null;
  lastFlushEvents: number | null;
  lastFlushDurationMs: number | null;
  lastError: string | null;
  lastErrorAt: Date | null;
}

const readChunk = 5000;

/**
 * The Redis side of flushing: batches of raw events taken out of the live set, kept under their
 * own key until their counts are safely in MongoDB, and the record of the last flush.
 */
export class FlushBatchStore {
  constructor(private readonly redis: Redis) {}

  /** Takes up to `limit` of the oldest events with a timestamp ≤ `cutoff`; returns how many. */
  async moveBatch(batchId: string, cutoff: number, limit: number): Promise<number> {
    const moved = await moveScript.run(
      this.redis,
      [redisKeys.analyticsEvents(), redisKeys.analyticsFlushBatch(batchId), redisKeys.analyticsFlushPending()],
      [batchId, cutoff, limit],
    );
    return Number(moved);
  }

  /** A batch's events; members that are not events (never written by us) are counted, not returned. */
  async readBatch(batchId: string): Promise<{ events: StoredAnalyticsEvent[]; unreadable: number }> {
    const key = redisKeys.analyticsFlushBatch(batchId);
    const events: StoredAnalyticsEvent[] = [];
    let unreadable = 0;
    for (let start = 0; ; start += readChunk) {
      const members = await this.redis.lrange(key, start, start + readChunk - 1);
      for (const member of members) {
        const event = decodeStoredEvent(member);
        if (event) {
          events.push(event);
        } else {
          unreadable += 1;
        }
      }
      if (members.length < readChunk) {
        return { events, unreadable };
      }
    }
  }

  async finishBatch(batchId: string): Promise<void> {
    await finishScript.run(
      this.redis,
      [redisKeys.analyticsFlushBatch(batchId), redisKeys.analyticsFlushPending()],
      [batchId],
    );
  }

  /** Batches taken out by a flush that did not finish them (it crashed or lost its lock). */
  async pendingBatchIds(): Promise<string[]> {
    return (await this.redis.smembers(redisKeys.analyticsFlushPending())).sort();
  }

  async pendingCount(): Promise<number> {
    return this.redis.scard(redisKeys.analyticsFlushPending());
  }

  async recordSuccess(at: Date, events: number, durationMs: number): Promise<void> {
    await this.redis.hset(redisKeys.analyticsFlushStatus(), {
      last_flush_at: at.toISOString(),
      last_flush_events: events,
      last_flush_duration_ms: durationMs,
    });
  }

  async recordFailure(at: Date, message: string): Promise<void> {
    await this.redis.hset(redisKeys.analyticsFlushStatus(), {
      last_error: message,
      last_error_at: at.toISOString(),
    });
  }

  async readRecord(): Promise<FlushRecord> {
    const record = await this.redis.hgetall(redisKeys.analyticsFlushStatus());
    const date = (value: string | undefined) => (value ? new Date(value) : null);
    const number = (value: string | undefined) => (value === undefined ? null : Number(value));
    const lastFlushAt = date(record.last_flush_at);
    const lastErrorAt = date(record.last_error_at);
    // an error older than the last successful flush has been overcome
    const errorIsCurrent = lastErrorAt !== null && (lastFlushAt === null || lastErrorAt > lastFlushAt);
    return {
      lastFlushAt,
      lastFlushEvents: number(record.last_flush_events),
      lastFlushDurationMs: number(record.last_flush_duration_ms),
      lastError: errorIsCurrent ? (record.last_error ?? null) : null,
      lastErrorAt: errorIsCurrent ? lastErrorAt : null,
    };
  }
}
