import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import { isoDateTimeSchema } from '../core/common';
import { analyticsCategorySchema, analyticsIngestEndpoint } from './events';

export * from './events';

export const analyticsHealthResponseSchema = z
  .object({
    status: z.enum(['healthy', 'unhealthy']),
    redis: z.enum(['up', 'down']),
    buffered_events: z.number().int().nullable().describe('Events in Redis waiting for the next flush'),
    last_flush_at: isoDateTimeSchema.nullable(),
  })
  .meta({ id: 'AnalyticsHealth' });
export type AnalyticsHealth = z.infer<typeof analyticsHealthResponseSchema>;

export const analyticsSummaryQuerySchema = z.object({
  top: z.coerce.number().int().min(1).max(100).default(10).describe('How many top events to list'),
});

const eventCountSchema = z.object({ event_name: z.string(), count: z.number().int() });

export const analyticsSummarySchema = z
  .object({
    total_events: z.number().int().describe('Events accepted since the last clear, including trimmed ones'),
    signed_in_events: z.number().int(),
    anonymous_events: z.number().int(),
    buffered_events: z.number().int().describe('Raw events in Redis waiting for the next flush'),
    trimmed_events: z
      .number()
      .int()
      .describe('Raw events dropped by the cap before a flush: counted here, absent from the long-term store'),
    max_events: z.number().int().describe('Cap of buffered raw events'),
    events_by_category: z
      .array(z.object({ category: analyticsCategorySchema, count: z.number().int() }))
      .describe("All 7 categories, in the spec's order"),
    top_events: z.array(eventCountSchema),
    active_sessions: z.number().int().describe('Sessions that sent an event in the last 30 minutes'),
    hourly: z
      .array(z.object({ hour_start: isoDateTimeSchema, count: z.number().int() }))
      .describe('Events per hour of their timestamp over the last 24 hours, oldest first'),
    generated_at: isoDateTimeSchema,
  })
  .meta({ id: 'AnalyticsSummary' });
export type AnalyticsSummary = z.infer<typeof analyticsSummarySchema>;

export const analyticsClearResponseSchema = z
  .object({ cleared_events: z.number().int().describe('Buffered raw events removed') })
  .meta({ id: 'AnalyticsClearResponse' });

export const analyticsFlushResultSchema = z
  .object({
    events_flushed: z.number().int(),
    batches: z.number().int(),
    resumed_batches: z.number().int().describe('Batches left by an interrupted flush and finished by this one'),
    started_at: isoDateTimeSchema,
    completed_at: isoDateTimeSchema,
    duration_ms: z.number(),
  })
  .meta({ id: 'AnalyticsFlushResult' });
export type AnalyticsFlushResult = z.infer<typeof analyticsFlushResultSchema>;

export const analyticsFlushStatusSchema = z
  .object({
    in_progress: z.boolean(),
    last_flush_at: isoDateTimeSchema.nullable(),
    last_flush_events: z.number().int().nullable(),
    last_flush_duration_ms: z.number().nullable(),
    last_error: z.string().nullable(),
    last_error_at: isoDateTimeSchema.nullable(),
    pending_batches: z.number().int().describe('Batches taken out of the live set but not yet written'),
    buffered_events: z.number().int(),
    flush_interval: z.string(),
  })
  .meta({ id: 'AnalyticsFlushStatus' });
export type AnalyticsFlushStatus = z.infer<typeof analyticsFlushStatusSchema>;

export const popularAssetsQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30).describe('Period in days, ending now'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const popularAssetTypeSchema = z
  .object({
    asset_type: z.string(),
    generated_count: z.number().int().describe('`asset_generated` events'),
    viewed_count: z.number().int(),
    downloaded_count: z.number().int(),
    shared_count: z.number().int(),
    jobs: z.number().int().nullable().describe('Generation jobs of this type (null while unavailable)'),
    assets: z.number().int().nullable().describe('Assets generated of this type (null while unavailable)'),
  })
  .meta({ id: 'PopularAssetType' });
export type PopularAssetType = z.infer<typeof popularAssetTypeSchema>;

export const popularAssetsResponseSchema = z
  .object({
    days: z.number().int(),
    from: isoDateTimeSchema,
    to: isoDateTimeSchema,
    asset_types: z
      .array(popularAssetTypeSchema)
      .describe('Most assets made first, then most `asset_generated` events, downloads, shares and views'),
  })
  .meta({ id: 'PopularAssets' });
export type PopularAssets = z.infer<typeof popularAssetsResponseSchema>;

const tag = 'Analytics';

export const analyticsEndpoints = {
  ingest: analyticsIngestEndpoint,
  health: defineEndpoint({
    method: 'GET',
    path: '/api/v1/analytics/health',
    tag,
    summary: 'Whether the real-time store answers, its size and the last flush (503 when Redis is down)',
    auth: 'none',
    response: analyticsHealthResponseSchema,
    errors: [503],
  }),
  summary: defineEndpoint({
    method: 'GET',
    path: '/api/v1/analytics/summary',
    tag,
    summary: 'Real-time totals, categories, top events, active sessions and the last 24 hours',
    auth: 'admin',
    query: analyticsSummaryQuerySchema,
    response: analyticsSummarySchema,
  }),
  clear: defineEndpoint({
    method: 'DELETE',
    path: '/api/v1/analytics/clear',
    tag,
    summary: 'Reset the real-time store (the long-term store and flushes in progress are kept)',
    auth: 'admin',
    response: analyticsClearResponseSchema,
  }),
  flush: defineEndpoint({
    method: 'POST',
    path: '/api/v1/analytics/flush',
    tag,
    summary: 'Flush the buffered events to the long-term store now (409 while another flush runs)',
    auth: 'admin',
    response: analyticsFlushResultSchema,
    errors: [409],
  }),
  popularAssets: defineEndpoint({
    method: 'GET',
    path: '/api/v1/analytics/popular-assets',
    tag,
    summary: 'Most popular asset types over a period, from the long-term store',
    auth: 'user',
    query: popularAssetsQuerySchema,
    response: popularAssetsResponseSchema,
  }),
  flushStatus: defineEndpoint({
    method: 'GET',
    path: '/api/v1/analytics/flush-status',
    tag,
    summary: 'When the last flush ran, whether one runs now and what waits',
    auth: 'admin',
    response: analyticsFlushStatusSchema,
  }),
};
