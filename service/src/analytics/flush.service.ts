import { randomBytes } from 'node:crypto';
import { ConflictError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { AnalyticsAggregateRepository } from './analytics-aggregate.repository';
import type { AnalyticsEventStore } from './event-store';
import type { FlushBatchStore } from './flush-batches';
import type { RedisLock } from '../db/redis-lock';
import { aggregateEvents } from './flush-aggregation';
import { durations } from './stored-event';
import type { AnalyticsFlushResult, AnalyticsFlushStatus } from '@aurastream/contract';

export class FlushInProgressError extends ConflictError {
  constructor() {
    super('flush_in_progress', 'Another analytics flush is running; try again when it is done');
  }
}

/**
 * Points where a test makes a flush fail on purpose, to prove that running it again finishes the
 * work exactly. Production passes none.
 */
export interface FlushInterruptions {
  /** After a batch left the live set, before any of its rows is written. */
  afterBatchMoved?(batchId: string): void | Promise<void>;
  /** After each chunk of a batch's rows is written. */
  afterRowsWritten?(progress: { batchId: string; written: number; total: number }): void | Promise<void>;
}

export interface AnalyticsFlushOptions {
  /** Events taken out of the live set per batch. */
  batchSize: number;
  /** Rows per MongoDB bulk write. */
  writeChunkSize: number;
  /** Lifetime of the flush lock; extended after every batch. */
  lockTtlMs: number;
  /** ANALYTICS_FLUSH_INTERVAL, shown by the status. */
  flushInterval: string;
  interruptions?: FlushInterruptions;
}

export const defaultFlushOptions = {
  batchSize: 10_000,
  writeChunkSize: 1000,
  lockTtlMs: 5 * 60_000,
} as const;

export interface AnalyticsFlushDependencies {
  events: AnalyticsEventStore;
  batches: FlushBatchStore;
  aggregates: AnalyticsAggregateRepository;
  lock: RedisLock;
  logger: Logger;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}

/** Sortable, unique batch id: the moment it was taken, then randomness. */
function newBatchId(): string {
  return `${Date.now()}-${randomBytes(6).toString('hex')}`;
}

/**
 * Moves raw events from Redis into the long-term store, exactly once:
 * 1. one flush at a time across instances (a Redis lock with a token and a TTL);
 * 2. batches left by an interrupted flush are finished first;
 * 3. a Lua script moves a batch of the oldest events out of the live set into the batch's own key
 *    and marks it pending, atomically, so ingestion never races the flush and no event is in two
 *    batches;
 * 4. the batch's aggregates are upserted, each row remembering the batch id, so writing a batch
 *    again after a crash adds nothing twice;
 * 5. only then is the batch key deleted.
 * Events the cap trims before a flush never reach MongoDB; the real-time totals still count them.
 */
export class AnalyticsFlushService {
  private readonly options: AnalyticsFlushOptions;

  constructor(
    private readonly deps: AnalyticsFlushDependencies,
    options: Partial<AnalyticsFlushOptions> & Pick<AnalyticsFlushOptions, 'flushInterval'>,
  ) {
    this.options = { ...defaultFlushOptions, ...options };
  }

  /** The same flush with other options (tests make it fail on purpose this way). */
  withOptions(options: Partial<AnalyticsFlushOptions>): AnalyticsFlushService {
    return new AnalyticsFlushService(this.deps, { ...this.options, ...options });
  }

  /** Flushes everything received until now; throws FlushInProgressError if another flush runs. */
  async flush(): Promise<AnalyticsFlushResult> {
    const lock = await this.deps.lock.acquire();
    if (!lock) {
      throw new FlushInProgressError();
    }
    const startedAt = new Date();
    const started = performance.now();
    try {
      let eventsFlushed = 0;
      let batches = 0;
      let resumedBatches = 0;
      for (const batchId of await this.deps.batches.pendingBatchIds()) {
        eventsFlushed += await this.writeBatch(batchId);
        resumedBatches += 1;
        await this.keep(lock);
      }
      // events arriving from now on wait for the next flush, so a busy stream cannot keep this one going
      const cutoff = startedAt.getTime();
      for (;;) {
        const batchId = newBatchId();
        const moved = await this.deps.batches.moveBatch(batchId, cutoff, this.options.batchSize);
        if (moved === 0) {
          break;
        }
        await this.options.interruptions?.afterBatchMoved?.(batchId);
        eventsFlushed += await this.writeBatch(batchId);
        batches += 1;
        await this.keep(lock);
        if (moved < this.options.batchSize) {
          break;
        }
      }
      await this.deps.events.pruneHourlyCounts(cutoff - 2 * durations.dayMs);
      const completedAt = new Date();
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      await this.deps.batches.recordSuccess(completedAt, eventsFlushed, durationMs);
      this.deps.logger.info({ eventsFlushed, batches, resumedBatches, durationMs }, 'analytics flushed');
      return {
        events_flushed: eventsFlushed,
        batches,
        resumed_batches: resumedBatches,
        started_at: startedAt.toISOString(),
        completed_at: completedAt.toISOString(),
        duration_ms: durationMs,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.deps.batches.recordFailure(new Date(), message).catch(() => undefined);
      throw error;
    } finally {
      await lock
        .release()
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'analytics flush lock release failed'));
    }
  }

  async status(): Promise<AnalyticsFlushStatus> {
    const [record, inProgress, pendingBatches, bufferedEvents] = await Promise.all([
      this.deps.batches.readRecord(),
      this.deps.lock.isHeld(),
      this.deps.batches.pendingCount(),
      this.deps.events.bufferedCount(),
    ]);
    return {
      in_progress: inProgress,
      last_flush_at: record.lastFlushAt?.toISOString() ?? null,
      last_flush_events: record.lastFlushEvents,
      last_flush_duration_ms: record.lastFlushDurationMs,
      last_error: record.lastError,
      last_error_at: record.lastErrorAt?.toISOString() ?? null,
      pending_batches: pendingBatches,
      buffered_events: bufferedEvents,
      flush_interval: this.options.flushInterval,
    };
  }

  /** Writes one moved batch's aggregates, then forgets the batch; returns its event count. */
  private async writeBatch(batchId: string): Promise<number> {
    const { events, unreadable } = await this.deps.batches.readBatch(batchId);
    if (unreadable > 0) {
      this.deps.logger.warn({ batchId, unreadable }, 'analytics batch held members that are not events; skipped them');
    }
    const { hourly, assetPopularity } = aggregateEvents(events);
    const total = hourly.length + assetPopularity.length;
    let written = 0;
    const report = async (count: number) => {
      written += count;
      await this.options.interruptions?.afterRowsWritten?.({ batchId, written, total });
    };
    for (const chunk of chunks(hourly, this.options.writeChunkSize)) {
      await this.deps.aggregates.addHourlyCounts(batchId, chunk);
      await report(chunk.length);
    }
    for (const chunk of chunks(assetPopularity, this.options.writeChunkSize)) {
      await this.deps.aggregates.addAssetPopularity(batchId, chunk);
      await report(chunk.length);
    }
    await this.deps.batches.finishBatch(batchId);
    return events.length;
  }

  /** Stops the flush if the lock expired: another instance may be flushing now. */
  private async keep(lock: { extend(): Promise<boolean> }): Promise<void> {
    if (!(await lock.extend())) {
      throw new Error('the analytics flush lock expired; the remaining events wait for the next flush');
    }
  }
}
