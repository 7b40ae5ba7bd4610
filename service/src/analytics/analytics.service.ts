import { randomBytes } from 'node:crypto';
import type { Logger } from '../shared/logger';
import type { UserId } from '../users/user.repository';
import type { AnalyticsAggregateRepository } from './analytics-aggregate.repository';
import type { AnalyticsEventStore } from './event-store';
import type { FlushBatchStore } from './flush-batches';
import type { GenerationCountsSource } from './generation-counts';
import { rankPopularAssetTypes } from './popular-assets';
import {
  analyticsCategories,
  type AnalyticsEvent,
  type AnalyticsHealth,
  type AnalyticsSummary,
  type PopularAssets,
} from '@aurastream/contract';
import { durations, hourStart, toStoredEvent } from './stored-event';

export interface AnalyticsServiceDependencies {
  events: AnalyticsEventStore;
  batches: FlushBatchStore;
  aggregates: AnalyticsAggregateRepository;
  /** Real generation counts; null until the generation feature provides them. */
  generationCounts: GenerationCountsSource | null;
  logger: Logger;
}

const healthProbeTimeoutMs = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_resolve, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref(),
    ),
  ]);
}

/**
 * Analytics as the product uses it: taking in tracked events, the admin's real-time picture, and
 * the most popular asset types from the long-term store.
 */
export class AnalyticsService {
  /** Event ids: random per process, counted per batch; unique across instances and restarts. */
  private readonly batchIdPrefix = randomBytes(12).toString('base64url');
  private batchCount = 0;

  constructor(private readonly deps: AnalyticsServiceDependencies) {}

  /** Stores a validated batch, attributed to `userId` when the sender is signed in. */
  async ingest(userId: UserId | null, events: readonly AnalyticsEvent[]): Promise<{ accepted: number }> {
    const receivedAt = Date.now();
    // the index keeps each event's member unique within its batch
    const batchId = `${this.batchIdPrefix}${(this.batchCount++).toString(36)}`;
    const stored = events.map((event, index) => toStoredEvent(event, `${batchId}:${index}`, userId, receivedAt));
    await this.deps.events.ingest(stored, receivedAt, userId !== null);
    return { accepted: stored.length };
  }

  /** Whether Redis answers; never throws. */
  async health(): Promise<AnalyticsHealth> {
    try {
      const [bufferedEvents, record] = await withTimeout(
        Promise.all([this.deps.events.bufferedCount(), this.deps.batches.readRecord()]),
        healthProbeTimeoutMs,
      );
      return {
        status: 'healthy',
        redis: 'up',
        buffered_events: bufferedEvents,
        last_flush_at: record.lastFlushAt?.toISOString() ?? null,
      };
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'analytics health check: Redis did not answer');
      return { status: 'unhealthy', redis: 'down', buffered_events: null, last_flush_at: null };
    }
  }

  async summary(topCount: number): Promise<AnalyticsSummary> {
    const now = Date.now();
    const snapshot = await this.deps.events.snapshot(now);
    const byCategory = analyticsCategories.map((category) => ({
      category,
      count: snapshot.categoryCounts.get(category) ?? 0,
    }));
    const topEvents = [...snapshot.eventCounts]
      .sort(([nameA, countA], [nameB, countB]) => countB - countA || nameA.localeCompare(nameB))
      .slice(0, topCount)
      .map(([event_name, count]) => ({ event_name, count }));
    const currentHour = hourStart(now);
    const hourly = Array.from({ length: 24 }, (_unused, index) => {
      const hour = currentHour - (23 - index) * durations.hourMs;
      return { hour_start: new Date(hour).toISOString(), count: snapshot.hourlyCounts.get(hour) ?? 0 };
    });
    return {
      total_events: byCategory.reduce((sum, { count }) => sum + count, 0),
      signed_in_events: snapshot.signedInEvents,
      anonymous_events: snapshot.anonymousEvents,
      buffered_events: snapshot.bufferedEvents,
      trimmed_events: snapshot.trimmedEvents,
      max_events: this.deps.events.maxEvents,
      events_by_category: byCategory,
      top_events: topEvents,
      active_sessions: snapshot.activeSessions,
      hourly,
      generated_at: new Date(now).toISOString(),
    };
  }

  async clear(): Promise<{ cleared_events: number }> {
    const cleared = await this.deps.events.clear();
    this.deps.logger.info({ cleared }, 'analytics real-time store cleared');
    return { cleared_events: cleared };
  }

  /**
   * The most popular asset types over the last `days` days (whole UTC days, today included), from
   * the long-term store and the generation feature's real counts. Flushed hourly, so the last hour
   * may be missing. The Prompt Coach uses this for grounding.
   */
  async popularAssetTypes(days: number, limit = 10): Promise<PopularAssets> {
    const to = new Date();
    const from = new Date(Math.floor(to.getTime() / durations.dayMs) * durations.dayMs - (days - 1) * durations.dayMs);
    const [totals, generation] = await Promise.all([
      this.deps.aggregates.sumAssetPopularity(from, to),
      this.deps.generationCounts?.countByAssetType(from, to) ?? Promise.resolve(null),
    ]);
    return {
      days,
      from: from.toISOString(),
      to: to.toISOString(),
      asset_types: rankPopularAssetTypes(totals, generation, limit),
    };
  }
}
