import type { Redis } from 'ioredis';
import { redisKeys } from '../db/redis-keys';
import { RedisScript } from '../db/redis-script';
import { encodeStoredEvent, hourStart, type StoredAnalyticsEvent } from './stored-event';

/** A session counts as active while it sent an event within this window. */
export const activeSessionWindowMs = 30 * 60_000;

/**
 * Stores events and updates the running totals atomically, in one round trip.
 * KEYS: live events, event counts, category counts, audience counts, hourly counts, sessions, trimmed.
 * ARGV: cap, session cutoff (ms), then six sections, each a pair count followed by its pairs —
 * events (score, member), names (name, n), categories (category, n), hours (hour start, n),
 * sessions (last seen, id), audiences (`signed_in` | `anonymous`, n).
 * Returns how many of the oldest events the cap trimmed.
 */
const ingestScript = new RedisScript(`
local maxEvents = tonumber(ARGV[1])
local position = 3
local function nextSection()
  local pairCount = tonumber(ARGV[position])
  local first = position + 1
  position = first + pairCount * 2
  return first, position - 1, pairCount
end

local first, last, count = nextSection()
if count > 0 then redis.call('ZADD', KEYS[1], unpack(ARGV, first, last)) end
first, last = nextSection()
for i = first, last, 2 do redis.call('HINCRBY', KEYS[2], ARGV[i], ARGV[i + 1]) end
first, last = nextSection()
for i = first, last, 2 do redis.call('HINCRBY', KEYS[3], ARGV[i], ARGV[i + 1]) end
first, last = nextSection()
for i = first, last, 2 do redis.call('HINCRBY', KEYS[5], ARGV[i], ARGV[i + 1]) end
first, last, count = nextSection()
if count > 0 then
  redis.call('ZADD', KEYS[6], 'GT', unpack(ARGV, first, last))
  redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', '(' .. ARGV[2])
end
first, last = nextSection()
for i = first, last, 2 do redis.call('HINCRBY', KEYS[4], ARGV[i], ARGV[i + 1]) end

local size = redis.call('ZCARD', KEYS[1])
if size <= maxEvents then return 0 end
local trimmed = redis.call('ZREMRANGEBYRANK', KEYS[1], 0, size - maxEvents - 1)
redis.call('INCRBY', KEYS[7], trimmed)
return trimmed
`);

/** The real-time numbers the admin summary shows. */
export interface RealtimeSnapshot {
  eventCounts: Map<string, number>;
  categoryCounts: Map<string, number>;
  signedInEvents: number;
  anonymousEvents: number;
  /** Event count per UTC hour start (ms) of the events' timestamps. */
  hourlyCounts: Map<number, number>;
  bufferedEvents: number;
  trimmedEvents: number;
  activeSessions: number;
}

function countMap(hash: Record<string, string>): Map<string, number> {
  return new Map(Object.entries(hash).map(([field, value]) => [field, Number(value)]));
}

function tally<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

type Pair = readonly [string | number, string | number];

/** A batch waiting for the next group write. */
interface PendingBatch {
  events: readonly StoredAnalyticsEvent[];
  receivedAt: number;
  signedIn: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

/** Most events one script call carries: Lua unpacks at most ~8,000 values, two per event. */
const maxEventsPerWrite = 2500;

/** Appends a script section: the number of pairs, then the pairs flattened. */
function pushSection(args: (string | number)[], pairs: Iterable<Pair>): void {
  const countIndex = args.push(0) - 1;
  let count = 0;
  for (const [first, second] of pairs) {
    args.push(first, second);
    count += 1;
  }
  args[countIndex] = count;
}

/**
 * The Redis side of analytics: the live set of raw events (scored by timestamp, capped, oldest
 * trimmed first), running totals per event name, category, audience and hour, and the sessions
 * seen lately. Totals keep counting events the cap trims; only raw events are ever dropped.
 */
export class AnalyticsEventStore {
  private readonly keys = [
    redisKeys.analyticsEvents(),
    redisKeys.analyticsEventCounts(),
    redisKeys.analyticsCategoryCounts(),
    redisKeys.analyticsAudienceCounts(),
    redisKeys.analyticsHourlyCounts(),
    redisKeys.analyticsSessions(),
    redisKeys.analyticsTrimmedCount(),
  ];

  private pending: PendingBatch[] = [];
  private writeScheduled = false;

  constructor(
    private readonly redis: Redis,
    private readonly options: { maxEvents: number },
  ) {}

  get maxEvents(): number {
    return this.options.maxEvents;
  }

  /**
   * Stores a batch from one sender. Batches arriving in the same turn of the event loop are
   * written together in one script call (a group commit): under load this saves a round trip and
   * a socket write per request, and every caller still learns only once its events are stored.
   */
  ingest(events: readonly StoredAnalyticsEvent[], receivedAt: number, signedIn: boolean): Promise<void> {
    if (events.length === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ events, receivedAt, signedIn, resolve, reject });
      if (!this.writeScheduled) {
        this.writeScheduled = true;
        setImmediate(() => this.writePending());
      }
    });
  }

  private writePending(): void {
    this.writeScheduled = false;
    const pending = this.pending;
    this.pending = [];
    let group: PendingBatch[] = [];
    let groupEvents = 0;
    const send = (batches: PendingBatch[]) => {
      this.writeGroup(batches).then(
        () => batches.forEach((batch) => batch.resolve()),
        (error: unknown) => batches.forEach((batch) => batch.reject(error)),
      );
    };
    for (const batch of pending) {
      if (groupEvents + batch.events.length > maxEventsPerWrite && group.length > 0) {
        send(group);
        group = [];
        groupEvents = 0;
      }
      group.push(batch);
      groupEvents += batch.events.length;
    }
    if (group.length > 0) {
      send(group);
    }
  }

  private async writeGroup(batches: readonly PendingBatch[]): Promise<void> {
    const names = new Map<string, number>();
    const categories = new Map<string, number>();
    const hours = new Map<number, number>();
    const sessions = new Map<string, number>();
    const audiences = new Map<string, number>();
    const members: Pair[] = [];
    let latest = 0;
    for (const batch of batches) {
      latest = Math.max(latest, batch.receivedAt);
      const audience = batch.signedIn ? 'signed_in' : 'anonymous';
      audiences.set(audience, (audiences.get(audience) ?? 0) + batch.events.length);
      for (const event of batch.events) {
        members.push([event.timestamp, encodeStoredEvent(event)]);
        tally(names, event.event_name);
        tally(categories, event.category);
        tally(hours, hourStart(event.timestamp));
        sessions.set(event.session_id, Math.max(sessions.get(event.session_id) ?? 0, batch.receivedAt));
      }
    }
    const args: (string | number)[] = [this.options.maxEvents, latest - activeSessionWindowMs];
    pushSection(args, members);
    pushSection(args, names);
    pushSection(args, categories);
    pushSection(args, hours);
    pushSection(
      args,
      [...sessions].map(([sessionId, lastSeen]): Pair => [lastSeen, sessionId]),
    );
    pushSection(args, audiences);
    await ingestScript.run(this.redis, this.keys, args);
  }

  async bufferedCount(): Promise<number> {
    return this.redis.zcard(redisKeys.analyticsEvents());
  }

  async snapshot(now: number): Promise<RealtimeSnapshot> {
    const results = await this.redis
      .pipeline()
      .hgetall(redisKeys.analyticsEventCounts())
      .hgetall(redisKeys.analyticsCategoryCounts())
      .hgetall(redisKeys.analyticsAudienceCounts())
      .hgetall(redisKeys.analyticsHourlyCounts())
      .zcard(redisKeys.analyticsEvents())
      .get(redisKeys.analyticsTrimmedCount())
      .zcount(redisKeys.analyticsSessions(), now - activeSessionWindowMs, '+inf')
      .exec();
    const values = (results ?? []).map(([error, value]) => {
      if (error) {
        throw error;
      }
      return value;
    });
    const [eventCounts, categoryCounts, audience, hourly, buffered, trimmed, active] = values as [
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
      number,
      string | null,
      number,
    ];
    return {
      eventCounts: countMap(eventCounts),
      categoryCounts: countMap(categoryCounts),
      signedInEvents: Number(audience.signed_in ?? 0),
      anonymousEvents: Number(audience.anonymous ?? 0),
      hourlyCounts: new Map(Object.entries(hourly).map(([hour, count]) => [Number(hour), Number(count)])),
      bufferedEvents: buffered,
      trimmedEvents: Number(trimmed ?? 0),
      activeSessions: active,
    };
  }

  /** Forgets hourly totals of hours before `before` (ms); the summary shows only the last 24 hours. */
  async pruneHourlyCounts(before: number): Promise<void> {
    const hours = await this.redis.hkeys(redisKeys.analyticsHourlyCounts());
    const stale = hours.filter((hour) => Number(hour) < before);
    if (stale.length > 0) {
      await this.redis.hdel(redisKeys.analyticsHourlyCounts(), ...stale);
    }
  }

  /**
   * Empties the live set and every total, atomically; returns how many raw events were dropped.
   * Batches a flush already took out are not touched: they belong to the long-term store now.
   */
  async clear(): Promise<number> {
    const results = await this.redis
      .multi()
      .zcard(redisKeys.analyticsEvents())
      .del(...this.keys)
      .exec();
    const [error, cleared] = results?.[0] ?? [null, 0];
    if (error) {
      throw error;
    }
    return Number(cleared);
  }
}
