/**
 * Analytics events as clients send them: categories, limits, the event and batch schemas and the
 * ingest endpoint. The tracker needs only this file, not the administrators' reports.
 */
import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import { isoDateTimeSchema } from '../core/common';
import { anyAssetTypeSchema } from '../assets/asset-enums';
import { ANALYTICS_INGEST_PATH, maxEventsPerBatch } from './ingest';

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

export { maxEventsPerBatch } from './ingest';
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

/** `POST /api/v1/analytics`: a batch of events from the dashboard, the panel or a visitor. */
export const analyticsIngestEndpoint = defineEndpoint({
  method: 'POST',
  path: ANALYTICS_INGEST_PATH,
  tag: 'Analytics',
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
});
