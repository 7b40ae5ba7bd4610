import type {
  AnalyticsEvent,
  AnalyticsFlushResult,
  AnalyticsFlushStatus,
  AnalyticsHealth,
  AnalyticsSummary,
  PopularAssets,
} from '@aurastream/contract';
import { assertAdministrator, type Actor, type Principal } from '../auth/principal';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import type { AnalyticsService } from './analytics.service';
import type { AnalyticsFlushService } from './flush.service';

/** Event ingestion for everyone, and the administrators' reports and flush controls. */
export interface AnalyticsApi {
  /** Stores a batch, attributed to the signed-in user when there is one (rate-limited per user). */
  ingest(principal: Actor | null, events: readonly AnalyticsEvent[]): Promise<{ accepted: number }>;
  health(): Promise<AnalyticsHealth>;
  summary(principal: Principal, top: number): Promise<AnalyticsSummary>;
  clear(principal: Principal): Promise<{ cleared_events: number }>;
  flush(principal: Principal): Promise<AnalyticsFlushResult>;
  flushStatus(principal: Principal): Promise<AnalyticsFlushStatus>;
  /** Which asset types streamers make and use most, for every signed-in streamer. */
  popularAssetTypes(principal: Actor, days: number, limit: number): Promise<PopularAssets>;
}

export function createAnalyticsApi(deps: {
  analytics: AnalyticsService;
  flush: AnalyticsFlushService;
  /** Batches per signed-in user. */
  userLimiter: RateLimiter;
}): AnalyticsApi {
  const { analytics, flush } = deps;
  return {
    async ingest(principal, events) {
      if (principal) {
        await deps.userLimiter.consume(principal.id);
      }
      return analytics.ingest(principal?.id ?? null, events);
    },
    health: () => analytics.health(),
    async summary(principal, top) {
      assertAdministrator(principal);
      return analytics.summary(top);
    },
    async clear(principal) {
      assertAdministrator(principal);
      return analytics.clear();
    },
    async flush(principal) {
      assertAdministrator(principal);
      return flush.flush();
    },
    async flushStatus(principal) {
      assertAdministrator(principal);
      return flush.status();
    },
    popularAssetTypes: (_principal, days, limit) => analytics.popularAssetTypes(days, limit),
  };
}
