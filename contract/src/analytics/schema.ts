import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import { isoDateTimeSchema } from '../core/common';
import { anyAssetTypeSchema } from '../assets/asset-enums';

/** The 7 categories of analytics events. */
export const analyticsCategorySchema = z
  .enum(['page', 'modal', 'wizard', 'user_action', 'feature', 'performance', 'error'])
  .meta({ id: 'AnalyticsCategory' });
export type AnalyticsCategory = z.infer<typeof analyticsCategorySchema>;
export const analyticsCategories = analyticsCategorySchema.options;

/**
 * Event names that feed the daily asset popularity table (`analytics_asset_popularity`), and the
 * counter each one increments. These events must carry `asset_type`.
 */
export const assetEventCounters = {
  asset_generated: 'generated_count',
  asset_viewed: 'viewed_count',
  asset_downloaded: 'downloaded_count',
  asset_shared: 'shared_count',
} as const;
export type AssetEventName = keyof typeof assetEventCounters;

export function isAssetEventName(name: string): name is AssetEventName {
  return Object.hasOwn(assetEventCounters, name);
}

/** Most events one request may carry (the tracker sends at most this many per batch). */
export const maxEventsPerBatch = 50;
/** How far in the past an event's timestamp may be (a tab that was offline for a while). */
export const maxEventAgeMs = 7 * 24 * 3_600_000;
/** How far ahead of the server's clock an event's timestamp may be (client clock skew). */
export const maxEventClockSkewMs = 3_600_000;

const eventNamePattern = /^[a-z][a-z0-9_.:-]{0,63}$/;
const propertyKeyPattern = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const maxPropertyCount = 25;

const propertyValueSchema = z.union([z.string().max(500), z.number().finite(), z.boolean(), z.null()]);

export const analyticsEventSchema = z
  .object({
    event_name: z
      .string()
      .regex(eventNamePattern, 'must be 1–64 characters: lower-case letters, digits, _ . : - and start with a letter')
      .describe('What happened, e.g. `page_view`, `wizard_step_completed`, `asset_downloaded`'),
    category: analyticsCategorySchema,
    properties: z
      .record(
        z.string().regex(propertyKeyPattern, 'property names are 1–64 letters, digits, _ . -'),
        propertyValueSchema,
      )
      .refine((properties) => Object.keys(properties).length <= maxPropertyCount, {
        message: `at most ${maxPropertyCount} properties`,
      })
      .default({})
      .describe('Flat details of the event: strings (≤ 500 characters), numbers, booleans or null'),
    timestamp: isoDateTimeSchema
      .superRefine((value, ctx) => {
        const age = Date.now() - Date.parse(value);
        if (age < -maxEventClockSkewMs) {
          ctx.addIssue({ code: 'custom', message: 'must not be more than an hour in the future' });
        } else if (age > maxEventAgeMs) {
          ctx.addIssue({ code: 'custom', message: 'must not be more than 7 days old' });
        }
      })
      .describe('When the event happened on the client'),
    session_id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,128}$/, 'must be 8–128 letters, digits, _ or -')
      .describe('The browser tab session the event belongs to'),
    asset_type: anyAssetTypeSchema
      .nullable()
      .optional()
      .describe('The asset type the event is about; required for `asset_generated|viewed|downloaded|shared`'),
  })
  .superRefine((event, ctx) => {
    if (isAssetEventName(event.event_name) && !event.asset_type) {
      ctx.addIssue({ code: 'custom', path: ['asset_type'], message: `required for ${event.event_name} events` });
    }
  })
  .meta({ id: 'AnalyticsEvent' });

/** An event as a client sends it. */
export type AnalyticsEventInput = z.input<typeof analyticsEventSchema>;
/** An event after validation. */
export type AnalyticsEvent = z.output<typeof analyticsEventSchema>;

export const analyticsBatchSchema = z
  .object({ events: z.array(analyticsEventSchema).min(1).max(maxEventsPerBatch) })
  .meta({ id: 'AnalyticsBatch' });
export type AnalyticsBatch = z.output<typeof analyticsBatchSchema>;

export const analyticsIngestResponseSchema = z
  .object({ accepted: z.number().int().describe('Events stored') })
  .meta({ id: 'AnalyticsIngestResponse' });

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
  ingest: defineEndpoint({
    method: 'POST',
    path: '/api/v1/analytics',
    tag,
    summary: 'Record a batch of up to 50 events',
    description:
      'Open to everyone: events are attributed to the signed-in user when a token is sent. Visitors without a ' +
      'token are rate-limited per IP, signed-in users per account. A bad event rejects the whole batch (422, ' +
      'details name `events.<index>.<field>`).',
    auth: 'optional',
    body: analyticsBatchSchema,
    response: analyticsIngestResponseSchema,
    status: 202,
    errors: [422, 429],
  }),
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
